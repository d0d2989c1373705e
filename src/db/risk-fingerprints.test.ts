import { describe, expect, it } from 'vitest';
import { parseStoredFingerprints } from './risk-fingerprints.js';

describe('parseStoredFingerprints', () => {
  it('splits each person’s fingerprints into predictors and tier models, keeping a missing fingerprint as null', () => {
    const stored = parseStoredFingerprints(
      [
        '12\tarp\ta+/=',
        '12\togrs3\t',
        '12\ttier:PROTECT_CHANGE\tp',
        '12\ttier:SINGLE_AXIS\t',
        '13\tarp\tb',
      ].join('\n'),
    );
    expect([...stored.keys()]).toEqual([12, 13]);
    expect(stored.get(12)).toEqual({
      predictors: new Map([
        ['arp', 'a+/='],
        ['ogrs3', null],
      ]),
      tiers: new Map([
        ['PROTECT_CHANGE', 'p'],
        ['SINGLE_AXIS', null],
      ]),
    });
    expect(stored.get(13)!.predictors.get('arp')).toBe('b');
    expect(parseStoredFingerprints('').size).toBe(0);
  });
});
