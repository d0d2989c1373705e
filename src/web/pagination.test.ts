import { describe, expect, it } from 'vitest';
import { paginationFor, readPage, withQuery } from './pagination.js';

const href = (p: number) => `/cases?page=${p}`;

describe('readPage', () => {
  it('reads whole page numbers and falls back to page 1 for anything else', () => {
    expect(readPage('3')).toBe(3);
    for (const bad of [undefined, '', '0', '-1', '2.5', 'abc', '99999999', ['2']])
      expect(readPage(bad)).toBe(1);
  });
});

describe('paginationFor', () => {
  it('shows the first and last pages, two either side of the current one, and dots between', () => {
    const p = paginationFor(10, 25, 500, href);
    expect(p.items.map((i) => i.type ?? i.number)).toEqual([1, 'dots', 8, 9, 10, 11, 12, 'dots', 20]);
    expect(p.items.find((i) => i.selected)?.number).toBe(10);
    expect(p.previous?.href).toBe('/cases?page=9');
    expect(p.next?.href).toBe('/cases?page=11');
    expect(p.results).toEqual({ from: 226, to: 250, count: 500 });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(paginationFor(1, 25, 60, href).previous).toBeUndefined();
    const last = paginationFor(3, 25, 60, href);
    expect(last.next).toBeUndefined();
    expect(last.results).toEqual({ from: 51, to: 60, count: 60 });
  });

  it('reports an empty result as 0 to 0 of 0, on one page', () => {
    const p = paginationFor(1, 25, 0, href);
    expect(p.results).toEqual({ from: 0, to: 0, count: 0 });
    expect(p.items).toHaveLength(1);
  });
});

describe('withQuery', () => {
  it('keeps other parameters, replaces the changed ones and drops empty ones', () => {
    expect(withQuery('/cases', { q: 'smith', tier: 'A', page: '2' }, { page: 3, tier: '' })).toBe(
      '/cases?q=smith&page=3',
    );
  });
});
