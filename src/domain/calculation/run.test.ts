import { describe, expect, it } from 'vitest';
import type { Calculator } from './contract.js';
import { RequestReader } from './fields.js';
import { runCalculator, todayInLondon } from './run.js';

const doubler: Calculator = {
  name: 'doubler',
  modelVersion: 'DOUBLER-1',
  knownFields: ['n', 'when'],
  requestSchema: {},
  calculate(request) {
    const r = new RequestReader(request);
    const n = r.integer('n', { min: 0 });
    r.date('when');
    const errors = r.issues();
    if (errors.length > 0 || n === undefined) return { errors, warnings: [] };
    return { result: { doubled: n * 2 }, warnings: [] };
  },
};

describe('runCalculator', () => {
  it('echoes the calculation date and warns once about every unknown field', () => {
    const res = runCalculator(doubler, {
      n: 2,
      when: '2024-02-29',
      colour: 'red',
      size: 3,
      calculationDate: '2026-03-02',
    });
    expect(res).toMatchObject({
      calculator: 'doubler',
      modelVersion: 'DOUBLER-1',
      calculationDate: '2026-03-02',
      doubled: 4,
    });
    expect(res.warnings).toEqual([
      {
        type: 'UNKNOWN_FIELD',
        message: 'Ignored unknown field(s): colour, size',
        fields: ['colour', 'size'],
      },
    ]);
  });

  it('reports every missing field in one error and treats null as missing', () => {
    const res = runCalculator(doubler, { n: null }, '2026-01-01');
    expect(res.errors).toEqual([
      { type: 'MISSING_MANDATORY_INPUT', message: 'Missing: n, when', fields: ['n', 'when'] },
    ]);
    expect(res).not.toHaveProperty('doubled');
  });

  it('refuses impossible dates and non-integers, naming the field', () => {
    const res = runCalculator(doubler, { n: 1.5, when: '2025-02-29' }, '2026-01-01');
    expect(res.errors?.map((e) => e.fields[0])).toEqual(['n', 'when']);
    expect(res.errors?.every((e) => e.type === 'INVALID_VALUE')).toBe(true);
  });

  it('defaults the calculation date to today in London', () => {
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
