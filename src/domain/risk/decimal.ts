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

// Most decimals a predictor reports are shared between people (coefficients and remembered products), so their
// JSON numbers are remembered with them; decimal.js converts through a string every time.
const jsonNumbers = new WeakMap<Decimal, number>();

/** A decimal as a JSON number, never −0 (which decimal.js produces for 0 × a negative). */
export function toJsonNumber(value: Decimal): number {
  let n = jsonNumbers.get(value);
  if (n === undefined) {
    n = value.toNumber();
    if (n === 0) n = 0;
    jsonNumbers.set(value, n);
  }
  return n;
}

/** A coefficient as a decimal, parsed once however many people it is applied to. */
export const decimalOf = remembered((value: string): Dec => new Dec(value));

/** Zero, shared by every term that does not apply. */
export const ZERO: Dec = decimalOf('0');

/** Products by coefficient, then by n: two lookups on values already hashed, where a joined key is a new string. */
const products = new Map<string, Map<number, Dec>>();

/**
 * coefficient × n for a whole number n (an item score, a count, years): each coefficient meets only a few
 * values of n across a caseload, so the product is worked out once for each.
 */
export function times(coefficient: string, n: number): Dec {
  let byN = products.get(coefficient);
  if (!byN) products.set(coefficient, (byN = new Map()));
  let product = byN.get(n);
  if (product === undefined) {
    product = new Dec(coefficient).times(n);
    byN.set(n, product);
  }
  return product;
}

const lnOfRatioByKey = remembered((key: string): Dec => {
  const [numerator, denominator] = key.split('/');
  return new Dec(numerator!).div(denominator!).ln();
});

/** ln(numerator ÷ denominator) for whole-number counts and years, such as the Copas rate ln(S ÷ (years + 26)). */
export function lnOfRatio(numerator: number, denominator: number): Dec {
  return lnOfRatioByKey(`${numerator}/${denominator}`);
}

/** ln terms by coefficient, then by power, numerator and denominator packed into one number. */
const lnTerms = new Map<string, Map<number, Dec>>();

function lnTerm(numerator: number, denominator: number, power: 1 | 2, coefficient: string): Dec {
  let byRatio = lnTerms.get(coefficient);
  if (!byRatio) lnTerms.set(coefficient, (byRatio = new Map()));
  // Counts and years are whole numbers well below 2²⁰, so this key is one per (power, numerator, denominator).
  const key = (power * 2 ** 20 + numerator) * 2 ** 20 + denominator;
  let term = byRatio.get(key);
  if (term === undefined) {
    const ln = lnOfRatio(numerator, denominator);
    term = (power === 2 ? ln.pow(2) : ln).times(coefficient);
    byRatio.set(key, term);
  }
  return term;
}

/** ln(numerator ÷ denominator) × coefficient, remembered like lnOfRatio. */
export function lnOfRatioTimes(numerator: number, denominator: number, coefficient: string): Dec {
  return lnTerm(numerator, denominator, 1, coefficient);
}

/** ln(numerator ÷ denominator)² × coefficient, remembered like lnOfRatio. */
export function lnOfRatioSquaredTimes(numerator: number, denominator: number, coefficient: string): Dec {
  return lnTerm(numerator, denominator, 2, coefficient);
}

// eˣ correctly rounded to 34 significant digits, half-even: exactly the decimal that decimal.js's exp() gives
// at that precision (its results are correctly rounded), in a fraction of the time. The predictors spend most
// of their time in exp, once per logistic curve per person.
//
// How: eˣ = eⁿ · eᶠ with n = ⌊x⌋ and 0 ≤ f < 1. eᶠ is a Taylor series in binary BigInt fixed point on f ÷ 2⁸,
// squared eight times; eⁿ comes from decimal.js at 80 digits, once per n. The product carries far more digits than
// 34 and a bounded error, so its rounding is certain unless its digits after the 34th lie within that error of
// the half-way point; then, and for arguments outside the table, decimal.js itself answers.

const SIGNIFICANT_DIGITS = 34; // Dec's precision
/** Decimal places of the argument as exp34Scaled takes it. */
const W = 64;
const ONE = 10n ** BigInt(W);
const HALVINGS = 8;
/** The product's relative error stays far below 10⁻⁵⁴ (see fractionExp), so its first 54 digits are trusted. */
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

/** Bits of the binary fixed point eᶠ is summed in: 2⁻²²⁴ is about 3.7 × 10⁻⁶⁸. */
const BITS = 224n;
const BINARY_ONE = 1n << BITS;

/**
 * e^(f ÷ 10^W) × 2²²⁴ for 0 ≤ f < 10^W. Binary fixed point, so each step rescales by a shift rather than a
 * division by 10^W. Each truncation loses under 2⁻²²⁴; about 40 of them, then the eight squarings' 2⁸-fold
 * growth, keep the relative error below 10⁻⁶³, far inside the 10⁻⁵⁴ that TRUSTED_DIGITS allows.
 */
function fractionExp(f: bigint): bigint {
  const g = (f << (BITS - BigInt(HALVINGS))) / ONE;
  let sum = BINARY_ONE;
  let term = BINARY_ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = ((term * g) >> BITS) / k;
    sum += term;
  }
  for (let i = 0; i < HALVINGS; i++) sum = (sum * sum) >> BITS;
  return sum;
}

/** eˣ at 34 significant digits, half-even: the same decimal as `new Dec(x).exp()`. */
export function exp34(value: Decimal.Value): Dec {
  const x = new Dec(value);
  const X = x.abs().lte(LARGEST_N) ? scaled(x) : null;
  const e = X === null ? null : exp34Scaled(X);
  if (e === null) return x.exp();
  return new Dec(`${e.digits}e${e.exponent}`);
}

/** The most an argument of exp34Scaled may have, as an integer scaled by 10^W. */
export const EXP_SCALED_LIMIT = BigInt(LARGEST_N) * ONE;
/** The fixed-point scale of exp34Scaled's argument. */
export const EXP_SCALE_DIGITS = W;

/**
 * eˣ for x = X ÷ 10^W with |X| ≤ EXP_SCALED_LIMIT, correctly rounded to 34 significant digits half-even, as the
 * integer `digits` times 10^`exponent`; null when the rounding cannot be settled without decimal.js.
 */
export function exp34Scaled(X: bigint): { digits: bigint; exponent: number } | null {
  // Floor division: BigInt division truncates towards zero.
  let n = X / ONE;
  if (X < 0n && n * ONE !== X) n -= 1n;
  const f = X - n * ONE;
  const en = powerOfE(Number(n));
  const product = (fractionExp(f) * en.digits) >> BITS;
  const digits = product.toString();
  const rest = digits.length - SIGNIFICANT_DIGITS;
  const half = 5n * 10n ** BigInt(rest - 1);
  const tolerance = 10n ** BigInt(Math.max(0, digits.length - TRUSTED_DIGITS));
  const beyond = BigInt(digits.slice(SIGNIFICANT_DIGITS));
  const distance = beyond > half ? beyond - half : half - beyond;
  if (distance <= tolerance) return null;
  // Half-even with no tie (a tie is within the tolerance): up exactly when the dropped digits exceed half.
  const kept = BigInt(digits.slice(0, SIGNIFICANT_DIGITS)) + (beyond > half ? 1n : 0n);
  return { digits: kept, exponent: en.exponent + rest };
}
