import { Decimal } from 'decimal.js';
import { remembered } from '../remembered.js';

// risk-predictors.md P1: all predictor arithmetic, ln and exp included, is decimal at 34 significant digits
// (decimal128), with intermediate results rounded half-even. Only the published rounding steps round half-up
// (rounding.ts). A separate clone keeps these settings from leaking into any other use of decimal.js.
export const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

/** logistic(x) = eˣ ÷ (1 + eˣ) (risk-predictors.md §2.4), in the form the specification writes it. */
export function logistic(x: Decimal.Value): Dec {
  const ex = exp34(x);
  return ex.div(ex.plus(1));
}

/** A decimal as a JSON number, never −0 (which decimal.js produces for 0 × a negative). */
export function toJsonNumber(value: Decimal): number {
  const n = value.toNumber();
  return n === 0 ? 0 : n;
}

/** A coefficient as a decimal, parsed once however many people it is applied to. */
export const decimalOf = remembered((value: string): Dec => new Dec(value));

const lnOfRatioByKey = remembered((key: string): Dec => {
  const [numerator, denominator] = key.split('/');
  return new Dec(numerator!).div(denominator!).ln();
});

/** ln(numerator ÷ denominator) for whole-number counts and years, such as the Copas rate ln(S ÷ (years + 26)). */
export function lnOfRatio(numerator: number, denominator: number): Dec {
  return lnOfRatioByKey(`${numerator}/${denominator}`);
}

// eˣ correctly rounded to 34 significant digits, half-even: exactly the decimal that decimal.js's exp() gives
// at that precision (its results are correctly rounded), in a fraction of the time. The predictors spend most
// of their time in exp, once per logistic curve per person.
//
// How: eˣ = eⁿ · eᶠ with n = ⌊x⌋ and 0 ≤ f < 1. eᶠ is a Taylor series in BigInt fixed point on f ÷ 2⁸, squared
// eight times; eⁿ comes from decimal.js at 80 digits, once per n. The product carries far more digits than
// 34 and a bounded error, so its rounding is certain unless its digits after the 34th lie within that error of
// the half-way point; then, and for arguments outside the table, decimal.js itself answers.

const SIGNIFICANT_DIGITS = 34; // Dec's precision
/** Fixed-point digits of the series. */
const W = 64;
const ONE = 10n ** BigInt(W);
const HALVINGS = 8;
/**
 * About 30 series terms and the halving each lose at most one unit in the last place, and the eight squarings
 * multiply the relative error by 2⁸: it stays far below 10⁻⁵⁴.
 */
const TRUSTED_DIGITS = 54;
const LARGEST_N = 200;

const EXACT_DIGITS = 80;
const Exact = Decimal.clone({ precision: EXACT_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });

/** eⁿ as an integer of EXACT_DIGITS significant digits and its power of ten. */
const powerOfE = remembered((n: number): { digits: bigint; exponent: number } => {
  const [mantissa, exponent] = Exact.exp(n)
    .toExponential(EXACT_DIGITS - 1)
    .split('e');
  return { digits: BigInt(mantissa!.replace('.', '')), exponent: Number(exponent) - (EXACT_DIGITS - 1) };
});

/** x as an integer scaled by 10^W, or null when it has more decimal places than W. */
function scaled(x: Decimal): bigint | null {
  if (x.decimalPlaces() > W) return null;
  const [whole, fraction = ''] = x.toFixed().split('.');
  return BigInt(whole! + fraction.padEnd(W, '0'));
}

function fractionExp(f: bigint): bigint {
  const g = f >> BigInt(HALVINGS);
  let sum = ONE;
  let term = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * g) / (k * ONE);
    sum += term;
  }
  for (let i = 0; i < HALVINGS; i++) sum = (sum * sum) / ONE;
  return sum;
}

/** eˣ at 34 significant digits, half-even: the same decimal as `new Dec(x).exp()`. */
export function exp34(value: Decimal.Value): Dec {
  const x = new Dec(value);
  const X = x.abs().lte(LARGEST_N) ? scaled(x) : null;
  if (X === null) return x.exp();
  // Floor division: BigInt division truncates towards zero.
  let n = X / ONE;
  if (X < 0n && n * ONE !== X) n -= 1n;
  const f = X - n * ONE;
  const en = powerOfE(Number(n));
  const product = fractionExp(f) * en.digits;
  const digits = product.toString();
  const rest = digits.length - SIGNIFICANT_DIGITS;
  const half = 5n * 10n ** BigInt(rest - 1);
  const tolerance = 10n ** BigInt(Math.max(0, digits.length - TRUSTED_DIGITS));
  const beyond = BigInt(digits.slice(SIGNIFICANT_DIGITS));
  const distance = beyond > half ? beyond - half : half - beyond;
  if (distance <= tolerance) return x.exp();
  return new Dec(`${digits}e${en.exponent - W}`).toSignificantDigits(SIGNIFICANT_DIGITS);
}
