import { Dec } from './decimal.js';

// The log-odds sums of the logistic predictors in BigInt fixed point, giving exactly the decimals Dec gives.
// A sum of twenty-odd terms is the hottest arithmetic of a recalculation, and decimal.js allocates digit arrays
// for every addition; a BigInt addition allocates one small integer.
//
// Exactness: Dec rounds every addition to 34 significant digits, half-even, and its additions are correctly
// rounded. Here each term is held exactly as an integer number of 10⁻⁴⁰ and each partial sum is rounded the
// same way, so each partial sum, and so the total, is the same decimal. A term that does not fit (more than 40
// decimal places, or 100 or more in size) has no fixed-point form, and the caller uses Dec instead.

/** Decimal places of the fixed point: the smallest digit any term has is far above 10⁻⁴⁰. */
export const FIXED_PLACES = 40;
const SIGNIFICANT_DIGITS = 34; // Dec's precision
/** Terms are log-odds contributions, all well below this; bigger ones take the Dec path. */
const LARGEST_TERM = 100;

const POW10: readonly bigint[] = Array.from({ length: 2 * FIXED_PLACES + 40 }, (_, i) => 10n ** BigInt(i));

/** 10ⁿ as a BigInt. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/** How many decimal digits |v| has (0 for 0). */
export function digitCount(v: bigint): number {
  const a = v < 0n ? -v : v;
  if (a === 0n) return 0;
  // Number(a) is within a few ulps of a, so its log10 is off by at most one digit either way.
  let n = Math.floor(Math.log10(Number(a))) + 1;
  if (a >= pow10(n)) n += 1;
  else if (a < pow10(n - 1)) n -= 1;
  return n;
}

/** v rounded to `digits` significant digits, half-even, keeping its scale (the dropped digits become zeros). */
export function roundSignificant(v: bigint, digits: number = SIGNIFICANT_DIGITS): bigint {
  const drop = digitCount(v) - digits;
  if (drop <= 0) return v;
  const unit = pow10(drop);
  let q = v / unit; // truncates towards zero
  const r = v - q * unit;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice > unit || (twice === unit && q % 2n !== 0n)) q += v < 0n ? -1n : 1n;
  return q * unit;
}

const unitsByDecimal = new WeakMap<Dec, bigint | null>();

/**
 * A decimal as a whole number of 10⁻⁴⁰, or null when it has no exact form there. Remembered per decimal: the
 * terms are shared decimals (coefficients and remembered products), so each is converted once.
 */
export function fixedUnits(d: Dec): bigint | null {
  let units = unitsByDecimal.get(d);
  if (units === undefined) {
    units =
      d.isFinite() && d.abs().lt(LARGEST_TERM) && d.decimalPlaces() <= FIXED_PLACES
        ? BigInt(d.toFixed(FIXED_PLACES).replace('.', ''))
        : null;
    unitsByDecimal.set(d, units);
  }
  return units;
}

/**
 * Σ terms, left to right from 0, each partial sum rounded to 34 significant digits half-even: exactly
 * `terms.reduce((s, t) => s.plus(t), new Dec(0))`, in units of 10⁻⁴⁰. Null when a term has no fixed-point form.
 */
export function fixedSum(terms: readonly Dec[]): bigint | null {
  let sum = 0n;
  for (const t of terms) {
    const units = fixedUnits(t);
    if (units === null) return null;
    sum = roundSignificant(sum + units);
  }
  return sum;
}

/** A fixed-point value as the JSON number Dec's toNumber gives (both are the double nearest the decimal). */
export function fixedToNumber(units: bigint): number {
  return units === 0n ? 0 : Number(`${units}e-${FIXED_PLACES}`);
}
