import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Exact,
  exactSum,
  exactSumToNumber,
  floorDiv,
  halfUpDiv,
  toNumber,
  wholeHundredths,
} from './exact.js';

describe('exactSumToNumber', () => {
  it('equals the decimal sum for whole numbers, decimals and totals past 2^53', () => {
    const value = fc.oneof(
      fc.integer({ min: -1000, max: 100_000 }),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10),
      fc.integer({ min: -10_000, max: 100_000 }).map((n) => n / 100),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000),
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

describe('whole-number helpers', () => {
  it('reads hours with at most 2 decimal places as whole hundredths, and nothing else', () => {
    expect(wholeHundredths(37.5)).toBe(3750);
    expect(wholeHundredths(7.4)).toBe(740);
    expect(wholeHundredths(0.29)).toBe(29);
    expect(wholeHundredths(1.005)).toBeNull();
    expect(wholeHundredths(0.1 + 0.2)).toBeNull();
    expect(wholeHundredths(Number.MAX_SAFE_INTEGER)).toBeNull();
  });

  it('divides exactly: floor and half-up equal the decimal results', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 })),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 2 ** 40 })),
        (a, b) => {
          expect(floorDiv(a, b)).toBe(toNumber(new Exact(a).div(b).floor()));
          const half = halfUpDiv(a, b);
          if (half !== null)
            expect(half).toBe(toNumber(new Exact(a).div(b).toDecimalPlaces(0, Exact.ROUND_HALF_UP)));
        },
      ),
      { numRuns: 5000 },
    );
    // A quotient just under a whole number that floating point rounds up to it.
    const b = 2 ** 40 + 1;
    expect(floorDiv(3 * b - 1, b)).toBe(2);
    expect(halfUpDiv(5, 2)).toBe(3);
    expect(halfUpDiv(-5, 2)).toBe(-3);
    expect(halfUpDiv(Number.MAX_SAFE_INTEGER, 3)).toBeNull();
  });
});
