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
 * The exact sum as a number. Whole numbers are added as they are while the total stays a safe integer, which
 * is exact and needs no decimal objects (national roll-ups add some 8,000 members per figure); anything else
 * is summed in decimal.
 */
export function exactSumToNumber(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    total += v;
    if (!Number.isInteger(v) || !Number.isSafeInteger(total)) return toNumber(exactSum(values));
  }
  return total === 0 ? 0 : total;
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
