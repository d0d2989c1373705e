import { describe, expect, it } from 'vitest';
import { parseStoredFingerprints } from './risk-fingerprints.js';

describe('parseStoredFingerprints', () => {
  it('splits each person’s fingerprints into predictors and tier models, keeping a missing fingerprint as null', () => {
    const stored = parseStoredFingerprints(
      JSON.stringify({ '12': { arp: 'a', ogrs3: null, 'tier:PROTECT_CHANGE': 'p', 'tier:SINGLE_AXIS': null } }),
    );
    expect([...stored.keys()]).toEqual([12]);
    expect(stored.get(12)).toEqual({
      predictors: new Map([
        ['arp', 'a'],
        ['ogrs3', null],
      ]),
      tiers: new Map([
        ['PROTECT_CHANGE', 'p'],
        ['SINGLE_AXIS', null],
      ]),
    });
    expect(parseStoredFingerprints('{}').size).toBe(0);
  });
});
