import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSum, exactSumToNumber, toNumber } from './exact.js';

describe('exactSumToNumber', () => {
  it('equals the decimal sum for whole numbers, decimals and totals past 2^53', () => {
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 100_000 }),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.1, 0.2),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), (values) => {
        expect(exactSumToNumber(values)).toBe(toNumber(exactSum(values)));
      }),
    );
  });

  it('adds 0.1 and 0.2 as decimals, not binary fractions', () => {
    expect(exactSumToNumber([0.1, 0.2])).toBe(0.3);
    expect(exactSumToNumber([])).toBe(0);
  });
});
