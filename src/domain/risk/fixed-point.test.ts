import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal.js';
import {
  digitCount,
  FIXED_PLACES,
  fixedSum,
  fixedToNumber,
  fixedUnits,
  roundSignificant,
} from './fixed-point.js';

// The fixed-point sum must be the decimal a Dec reduce gives, step for step, or the stored scores would change.

/**
 * Decimals like log-odds terms, with a fixed-point form: up to 34 significant digits, at most 40 decimal places,
 * below 100 in size.
 */
const terms = fc
  .tuple(
    fc.boolean(),
    fc.bigInt({ min: 1n, max: 10n ** 34n - 1n }),
    fc.nat(33),
    fc.integer({ min: -40, max: 2 }),
  )
  .map(([negative, digits, shorter, exponent]) => {
    const m = digits / 10n ** BigInt(shorter) || 1n;
    const e = Math.max(-40, Math.min(exponent, 2 - m.toString().length));
    return new Dec(`${negative ? '-' : ''}${m}e${e}`);
  });

const asDec = (units: bigint) => new Dec(`${units}e-${FIXED_PLACES}`);

describe('fixedSum', () => {
  it('is the decimal Dec gives when it adds the same terms left to right', () => {
    fc.assert(
      fc.property(fc.array(terms, { minLength: 1, maxLength: 30 }), (ts) => {
        const expected = ts.reduce((s, t) => s.plus(t), new Dec(0));
        const units = fixedSum(ts);
        expect(units).not.toBeNull();
        expect(asDec(units!).toString()).toBe(expected.toString());
        expect(fixedToNumber(units!)).toBe(expected.toNumber() === 0 ? 0 : expected.toNumber());
      }),
      { numRuns: 3000 },
    );
  });

  it('rounds ties to even and carries into a new digit', () => {
    const tie = [new Dec('1'), new Dec('5e-34')]; // 1.000…0005 has 35 digits: the tie goes to the even 1
    expect(asDec(fixedSum(tie)!).toString()).toBe(tie[0]!.plus(tie[1]!).toString());
    const carry = [new Dec('9.999999999999999999999999999999999'), new Dec('9.9e-33')];
    expect(asDec(fixedSum(carry)!).toString()).toBe(carry[0]!.plus(carry[1]!).toString());
  });

  it('has no fixed-point form for terms too fine or too large, so callers use Dec', () => {
    expect(fixedUnits(new Dec('1e-41'))).toBeNull();
    expect(fixedUnits(new Dec('100'))).toBeNull();
    expect(fixedSum([new Dec('1'), new Dec('-250')])).toBeNull();
  });
});

describe('digitCount and roundSignificant', () => {
  it('count digits exactly around powers of ten', () => {
    for (let n = 1; n < 80; n++) {
      const p = 10n ** BigInt(n);
      expect(digitCount(p - 1n)).toBe(n);
      expect(digitCount(p)).toBe(n + 1);
      expect(digitCount(-p)).toBe(n + 1);
    }
    expect(digitCount(0n)).toBe(0);
  });

  it('round half-even like Dec', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 45n), max: 10n ** 45n }), (v) => {
        const expected = new Dec(v.toString()).toSignificantDigits(34, Dec.ROUND_HALF_EVEN);
        expect(new Dec(roundSignificant(v).toString()).eq(expected)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
