import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, describeInputChanges, sameJson } from './history.js';

/** The same JSON value with every object's keys in reverse order and an undefined property added. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries([...entries.map(([k, v]) => [k, reordered(v)]), ['absent', undefined]]);
}

describe('tier history wording', () => {
  it('compares JSON regardless of key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('sameJson agrees with comparing canonical JSON, for reordered copies and for different values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, reordered(a))).toBe(true);
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(reordered(a), b)).toBe(canonicalJson(a) === canonicalJson(b));
      }),
      { numRuns: 2000 },
    );
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson(0, -0)).toBe(true);
  });

  it('names each registration added or removed and each other input that changed, ignoring the calculation date', () => {
    const before = {
      calculationDate: '2026-01-01',
      registrations: [{ code: 'RMRH', level: null, category: null, registrationDate: '2025-01-01' }],
      rsrScore: 2.1,
    };
    const after = {
      calculationDate: '2026-01-02',
      registrations: [{ code: 'MAPP', level: 'M2', category: 'M2', registrationDate: '2026-01-02' }],
      rsrScore: 7.2,
    };
    expect(describeInputChanges(before, after)).toEqual([
      'Registration added: MAPP (level M2, category M2)',
      'Registration removed: RMRH',
      'Serious reoffending score (RSR or CSRP): 2.1 → 7.2',
    ]);
    expect(describeInputChanges(before, { ...before, calculationDate: '2027-01-01' })).toEqual([]);
    expect(describeInputChanges(null, after)).toEqual([]);
  });
});
