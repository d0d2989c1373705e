import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logistic } from './decimal.js';
import { percent2dp, percent2dpOfSum, percent2dpOfSumByDec, roundHalfUp } from './rounding.js';

describe('roundHalfUp (risk-predictors.md P1)', () => {
  it('rounds an exact decimal tie up, where binary floating point would round 1.005 down', () => {
    expect(roundHalfUp('1.005', 2).toString()).toBe('1.01');
    expect(roundHalfUp('0.49500', 2).toString()).toBe('0.5');
    expect(roundHalfUp('0.494999', 2).toString()).toBe('0.49');
  });
});

describe('percent2dp (calculation-api.md §2.3)', () => {
  it('is the probability × 100, rounded half-up to 2 dp', () => {
    expect(percent2dp('0.042725610822796425')).toBe(4.27);
    expect(percent2dp('0.00005')).toBe(0.01);
    expect(percent2dp('0.0000499')).toBe(0);
  });

  it('clamps to [0.00, 99.99], rounding first', () => {
    expect(percent2dp('0.99995')).toBe(99.99);
    expect(percent2dp('0.999949')).toBe(99.99);
    expect(percent2dp(1)).toBe(99.99);
    expect(percent2dp(0)).toBe(0);
  });

  it('always lies in [0, 99.99] with at most two decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const v = percent2dp(p);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(99.99);
        expect(Math.round(v * 100) / 100).toBe(v);
      }),
    );
  });
});

describe('logistic', () => {
  it('is eˣ ÷ (1 + eˣ)', () => {
    expect(logistic(0).toString()).toBe('0.5');
    expect(logistic('-3.1092915428980931').toNumber()).toBe(0.042725610822796425);
  });

  it('stays strictly between 0 and 1 over the range a linear predictor can take', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 60, noNaN: true }), (x) => {
        const p = logistic(x);
        expect(p.gt(0) && p.lt(1)).toBe(true);
      }),
    );
  });
});

describe('percent2dpOfSum (RSR and CSRP)', () => {
  it('is percent2dp of the Dec sum of the addends, for 2-dp percentages and any other numbers', () => {
    const twoDp = fc.integer({ min: 0, max: 9999 }).map((h) => h / 100);
    const anyNumber = fc.oneof(
      twoDp,
      fc.double({ min: -5, max: 120, noNaN: true }),
      fc.constant(0.383141762),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(twoDp, twoDp, anyNumber), { minLength: 1, maxLength: 4 }), (ps) => {
        expect(percent2dpOfSum(ps)).toBe(percent2dpOfSumByDec(ps));
      }),
      { numRuns: 10000 },
    );
  });
});
