import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholePercent } from './whole-percent.js';

// risk-predictors.md P1 and §2.4: whole percents round half-up on the decimal value and clamp to [1, 99].

describe('wholePercent', () => {
  it('rounds an exact tie up: a probability of 0.49500 is 50 %', () => {
    expect(wholePercent('0.49500')).toBe(50);
    expect(wholePercent('0.745')).toBe(75);
    expect(wholePercent('0.895')).toBe(90);
  });

  it('rounds just below a tie down', () => {
    expect(wholePercent('0.4949999')).toBe(49);
  });

  it('reports 1 for anything that rounds to 0 or less', () => {
    expect(wholePercent(0)).toBe(1);
    expect(wholePercent('0.004999')).toBe(1);
  });

  it('reports 99 for anything that rounds above 99', () => {
    expect(wholePercent('0.995')).toBe(99);
    expect(wholePercent(1)).toBe(99);
    expect(wholePercent('0.9949')).toBe(99);
  });

  it('always gives a whole number from 1 to 99', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
        const percent = wholePercent(p);
        expect(Number.isInteger(percent)).toBe(true);
        expect(percent).toBeGreaterThanOrEqual(1);
        expect(percent).toBeLessThanOrEqual(99);
      }),
    );
  });
});
