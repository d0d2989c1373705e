import { describe, expect, it } from 'vitest';
import { canonicalJson, describeInputChanges } from './history.js';

describe('tier history wording', () => {
  it('compares JSON regardless of key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
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
