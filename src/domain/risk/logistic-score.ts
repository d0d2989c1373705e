import { Dec, EXP_SCALE_DIGITS, EXP_SCALED_LIMIT, exp34Scaled, logistic, toJsonNumber } from './decimal.js';
import { digitCount, FIXED_PLACES, fixedSum, fixedToNumber, pow10, roundSignificant } from './fixed-point.js';
import { percent2dp } from './rounding.js';

// The score of a logistic predictor from its log-odds terms (SNSV, ARP, VRP, SVRP): the linear predictor
// y = Σ terms, the probability eʸ ÷ (1 + eʸ) and its 2-dp percentage (risk-predictors.md P1, §2.4), as JSON
// numbers. logisticScoreByDec is the definition, in Dec; logisticScore gives the same numbers from fixed-point
// BigInt arithmetic, which rounds every step exactly as Dec does, and falls back to Dec for what it cannot
// settle (a term without a fixed-point form, an exponential too close to a rounding boundary).

export interface LogisticScore {
  linearPredictor: number;
  probability: number;
  percent2dp: number;
}

const SIGNIFICANT_DIGITS = 34; // Dec's precision
/** Hundredths of a percent: 100 % is 10⁴ of them, and a probability is 10⁻⁴ of that. */
const HUNDREDTHS_OF_PERCENT_DIGITS = 4;
const LARGEST_HUNDREDTHS = 10_000n;
const MAX_PERCENT_2DP = 99.99;

/** The definition: Dec throughout, as every predictor computed it before the fixed-point path. */
export function logisticScoreByDec(terms: readonly Dec[]): LogisticScore {
  const linearPredictor = terms.reduce((sum, t) => sum.plus(t), new Dec(0));
  const probability = logistic(linearPredictor);
  return {
    linearPredictor: toJsonNumber(linearPredictor),
    probability: toJsonNumber(probability),
    percent2dp: percent2dp(probability),
  };
}

/** The same numbers as logisticScoreByDec, mostly without decimal.js. */
export function logisticScore(terms: readonly Dec[]): LogisticScore {
  const y = fixedSum(terms);
  const fast = y === null ? null : logisticOfFixed(y);
  return fast ?? logisticScoreByDec(terms);
}

/** A decimal m × 10^e. */
export interface Scaled {
  m: bigint;
  e: number;
}

/** x + 1 rounded to 34 significant digits half-even, as Dec's plus rounds it. */
function plusOne({ m, e }: Scaled): Scaled {
  return e >= 0
    ? { m: roundSignificant(m * pow10(e) + 1n), e: 0 }
    : { m: roundSignificant(m + pow10(-e)), e };
}

/** a ÷ b for positive a and b, correctly rounded to 34 significant digits half-even, as Dec's div rounds it. */
function divide(a: Scaled, b: Scaled): Scaled | null {
  // Scale the numerator so the integer quotient has at least 35 digits; the remainder decides a tie.
  const k = SIGNIFICANT_DIGITS + 2 - (digitCount(a.m) - digitCount(b.m));
  if (k < 0) return null;
  const numerator = a.m * pow10(k);
  const q = numerator / b.m;
  const exact = q * b.m === numerator;
  const drop = digitCount(q) - SIGNIFICANT_DIGITS;
  const unit = pow10(drop);
  let kept = q / unit;
  const twice = 2n * (q - kept * unit);
  if (twice > unit || (twice === unit && (!exact || kept % 2n !== 0n))) kept += 1n;
  return { m: kept, e: drop - k + a.e - b.e };
}

/** A positive probability m × 10^e as percent2dp reports it: × 100, half-up to 2 dp, at most 99.99. */
function percentOf(probability: Scaled): number {
  const hundredths = roundHalfUpScaled(probability, HUNDREDTHS_OF_PERCENT_DIGITS);
  if (hundredths <= 0n) return 0;
  if (hundredths >= LARGEST_HUNDREDTHS) return MAX_PERCENT_2DP;
  // Both integers are exact doubles, so the quotient is the double nearest the 2-dp decimal, as Dec gives.
  return Number(hundredths) / 100;
}

/**
 * logistic(y) = eʸ ÷ (1 + eʸ) at 34 digits, as Dec's logistic gives it, for y in units of 10⁻⁴⁰; null when
 * decimal.js must settle it.
 */
export function probabilityOfFixed(y: bigint): Scaled | null {
  const X = y * pow10(EXP_SCALE_DIGITS - FIXED_PLACES);
  if (X > EXP_SCALED_LIMIT || X < -EXP_SCALED_LIMIT) return null;
  const ex = exp34Scaled(X);
  if (ex === null) return null;
  const exp: Scaled = { m: ex.digits, e: ex.exponent };
  return divide(exp, plusOne(exp));
}

/** A positive decimal m × 10^e rounded half-up to `places` decimal places, as a whole number of 10^−places. */
export function roundHalfUpScaled({ m, e }: Scaled, places: number): bigint {
  const shift = e + places;
  if (shift >= 0) return m * pow10(shift);
  const unit = pow10(-shift);
  const q = m / unit;
  return 2n * (m - q * unit) >= unit ? q + 1n : q;
}

/** The score from y in units of 10⁻⁴⁰, or null when decimal.js must settle it. */
export function logisticOfFixed(y: bigint): LogisticScore | null {
  const probability = probabilityOfFixed(y);
  if (probability === null) return null;
  return {
    linearPredictor: fixedToNumber(y),
    probability: Number(`${probability.m}e${probability.e}`),
    percent2dp: percentOf(probability),
  };
}
