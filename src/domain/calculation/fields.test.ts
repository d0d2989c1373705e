import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateParts, isIsoDate } from './fields.js';

// The hand-written date readers must agree with the regular expression and split they replaced, for any text.

function isIsoDateByRegex(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
}

function datePartsBySplit(iso: string) {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Date-like text: real and impossible dates, odd digits, dashes in odd places, other lengths. */
const dateLike = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
  fc.stringMatching(/^[0-9a-z\- ٣]{8,11}$/),
  fc.string({ maxLength: 12 }),
);

describe('isIsoDate', () => {
  it('agrees with the regular expression it replaced', () => {
    fc.assert(
      fc.property(dateLike, (s) => {
        expect(isIsoDate(s)).toBe(isIsoDateByRegex(s));
      }),
      { numRuns: 20000 },
    );
    for (const s of [
      '2024-02-29',
      '2023-02-29',
      '2000-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-00-10',
      '2026-11-03\n',
      0,
      null,
    ])
      expect(isIsoDate(s)).toBe(isIsoDateByRegex(s));
  });
});

describe('dateParts', () => {
  it('agrees with splitting at the dashes', () => {
    fc.assert(
      fc.property(dateLike, (s) => {
        expect(dateParts(s)).toEqual(datePartsBySplit(s));
      }),
      { numRuns: 20000 },
    );
    for (const s of ['2026-11-03', '2026--1-03', '-026-11-03', '2026-11--3', '2026-1-3'])
      expect(dateParts(s)).toEqual(datePartsBySplit(s));
  });
});
