import { addDays, addMonths, addWeeks, addYears, format, parseISO } from 'date-fns';

// The notional end date of a sentence (domain.md §4.2: "the entered or notional end date"): the sentence date
// plus its length. The case type and the current sentence are chosen by end date, so a sentence recorded
// without an end date would otherwise outlast every other as if it were indeterminate.

export type LengthUnit = 'DAYS' | 'WEEKS' | 'MONTHS' | 'YEARS';

const ADD: Record<LengthUnit, (date: Date, amount: number) => Date> = {
  DAYS: addDays,
  WEEKS: addWeeks,
  MONTHS: addMonths,
  YEARS: addYears,
};

/** The sentence date plus the length: 12 months from 2026-01-31 is 2027-01-31; 1 month is 2026-02-28. */
export function notionalEndDate(sentenceDate: string, length: number, unit: LengthUnit): string {
  return format(ADD[unit](parseISO(sentenceDate), length), 'yyyy-MM-dd');
}
