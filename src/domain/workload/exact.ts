import { addDays, addMonths, differenceInCalendarDays, format, parseISO } from 'date-fns';
import { Decimal } from 'decimal.js';

// Workload arithmetic is exact decimal (workload.md §5, §13 #10): hours such as 37 − 1.8 are not exact in binary
// floating point, and a floor taken on 35.199999… would lose a point. A private clone keeps these settings from
// leaking into other users of decimal.js.
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Exact = Decimal;

/** Sum of numbers without binary rounding drift. */
export function exactSum(values: Iterable<Decimal.Value>): Exact {
  let total = new Exact(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * The exact sum as a number. Values with at most 2 decimal places (points, hours such as 22.5) are added as
 * whole hundredths while the total stays a safe integer, which is exact and needs no decimal objects
 * (national roll-ups add some 8,000 members per figure); anything else is summed in decimal.
 */
export function exactSumToNumber(values: readonly number[]): number {
  let hundredths = 0;
  for (const v of values) {
    const h = Number.isSafeInteger(v) ? v * 100 : wholeHundredths(v);
    if (h === null) return toNumber(exactSum(values));
    hundredths += h;
    if (!Number.isSafeInteger(hundredths)) return toNumber(exactSum(values));
  }
  return hundredths === 0 ? 0 : hundredths / 100;
}

// Whole-number fast paths. The figures are exact decimals, but most inputs are whole numbers or whole
// hundredths (hours such as 37.5 or 22.2), and a national recalculation makes tens of thousands of figures:
// worked out as integers they need no decimal objects. Each helper returns null when its inputs do not fit,
// and the caller then takes the decimal route; property tests hold the two equal.

/** `value` in whole hundredths when it has at most 2 decimal places (37.5 → 3750), else null. */
export function wholeHundredths(value: number): number | null {
  const h = Math.round(value * 100);
  return Number.isSafeInteger(h) && h / 100 === value ? h : null;
}

/** floor(a ÷ b) for safe integers with b > 0, exact even where the float quotient rounds up to a whole. */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

/** a ÷ b rounded half away from zero (decimal's ROUND_HALF_UP) for safe integers with b > 0; null past 2^53. */
export function halfUpDiv(a: number, b: number): number | null {
  const twice = 2 * Math.abs(a) + b;
  if (!Number.isSafeInteger(twice) || !Number.isSafeInteger(2 * b)) return null;
  const q = floorDiv(twice, 2 * b);
  return a < 0 && q !== 0 ? -q : q;
}

/** A decimal as a JSON number, never −0. */
export function toNumber(value: Decimal): number {
  const n = value.toNumber();
  return n === 0 ? 0 : n;
}

/** Half-up on the decimal value; halves round away from zero, as calculation-api.md §8.2 requires of totals. */
export function roundHalfUp(value: Decimal.Value, decimalPlaces = 0): number {
  return toNumber(new Exact(value).toDecimalPlaces(decimalPlaces, Decimal.ROUND_HALF_UP));
}

// date-fns works on local Date objects; only the calendar date survives each round trip, so the host time
// zone does not matter.
const ISO = 'yyyy-MM-dd';

export function plusDays(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), ISO);
}

/** Calendar months forward; 31 January + 1 month is the last day of February. */
export function plusMonths(isoDate: string, months: number): string {
  return format(addMonths(parseISO(isoDate), months), ISO);
}

export function daysBetween(earlier: string, later: string): number {
  return differenceInCalendarDays(parseISO(later), parseISO(earlier));
}
