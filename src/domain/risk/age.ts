import { addMonths as addCalendarMonths, format, parseISO } from 'date-fns';
import { remembered } from '../remembered.js';
import { dateParts } from '../calculation/fields.js';

// Ages and periods between ISO calendar dates (YYYY-MM-DD), exactly as risk-predictors.md §2.1 defines them.
// Counting is done on the date parts, so no time zone or clock is involved.

/**
 * Whole years completed at `date`. The birthday counts on the day itself; a 29 February birthday is reached
 * on 1 March in a non-leap year, which comparing (month, day) pairs gives without a special case.
 */
export function ageAt(dateOfBirth: string, date: string): number {
  const born = dateParts(dateOfBirth);
  const on = dateParts(date);
  const birthdayReached = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (birthdayReached ? 0 : 1);
}

/**
 * Whole months from `start` to `end`: a month is complete only when the end day-of-month is at or after the
 * start day-of-month, with no end-of-month clamping (31 January → 29 February is 0). Negative when `end`
 * comes first; callers decide what an earlier end date means for their rule.
 */
export function wholeMonthsBetween(start: string, end: string): number {
  const s = dateParts(start);
  const e = dateParts(end);
  return (e.year - s.year) * 12 + (e.month - s.month) - (e.day < s.day ? 1 : 0);
}

/** Whole years as the sexual-predictor rules count them: whole months ÷ 12, truncated. */
export function wholeYearsBetween(start: string, end: string): number {
  return Math.trunc(wholeMonthsBetween(start, end) / 12);
}

/** Remembered because date-fns formatting is slow and the same assessment dates recur across a caseload. */
const monthsOn = remembered((key: string) => {
  const [date, months] = key.split('|');
  return format(addCalendarMonths(parseISO(date!), Number(months)), 'yyyy-MM-dd');
});

/**
 * `months` calendar months after `date`, clamped to the last day of a shorter month (30 November + 3 months
 * = 28 or 29 February): the reading used for "more than 3 months after the assessment date".
 */
export function addMonths(date: string, months: number): string {
  return monthsOn(`${date}|${months}`);
}

/**
 * Offence-free months m (risk-predictors.md §8.2, §11.1): whole months from the follow-up start to the
 * assessment, 0 when the assessment comes first, and at most 36 because later months no longer lower the score.
 */
export function offenceFreeMonths(followUpStartDate: string, assessmentDate: string): number {
  return Math.min(36, Math.max(0, wholeMonthsBetween(followUpStartDate, assessmentDate)));
}
