import Holidays from 'date-holidays';
import { addDays, format, getISODay, parseISO } from 'date-fns';

// Working days in England and Wales: Monday to Friday, less the bank holidays. The holidays come from the
// date-holidays package (region GB-ENG; Wales shares England's bank holidays), which is maintained upstream
// and carries the one-off days (jubilees, state funerals, coronations) and the substitute days when a
// holiday falls at a weekend, so updating the package is how a newly announced bank holiday reaches Casework.

const ISO = 'yyyy-MM-dd';
const holidays = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, ReadonlySet<string>>();

/** The bank holidays of one year as ISO dates. Observances such as Mother's Day are not days off. */
export function bankHolidays(year: number): ReadonlySet<string> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

export function isBankHoliday(isoDate: string): boolean {
  return bankHolidays(Number(isoDate.slice(0, 4))).has(isoDate);
}

export function isWorkingDay(isoDate: string): boolean {
  // date-fns reads the ISO date as a local calendar date, so the host time zone does not matter.
  return getISODay(parseISO(isoDate)) <= 5 && !isBankHoliday(isoDate);
}

function step(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), ISO);
}

/**
 * The date `count` working days after `isoDate` (before it when `count` is negative). The start day itself
 * is not counted, so 3 working days after a Friday is the Wednesday, and 0 returns `isoDate` unchanged.
 */
export function addWorkingDays(isoDate: string, count: number): string {
  const direction = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let day = isoDate;
  while (remaining > 0) {
    day = step(day, direction);
    if (isWorkingDay(day)) remaining--;
  }
  return day;
}

/**
 * Working days from `from` to `to`: the working days after `from` up to and including `to`. A case that
 * entered the queue on a Friday has waited 1 working day on the Monday. Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = step(from, 1); day <= to; day = step(day, 1)) {
    if (isWorkingDay(day)) count++;
  }
  return count;
}

const londonDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in England and Wales of an instant: a case queued at 00:30 BST belongs to that day. */
export function londonDate(instant: Date): string {
  return londonDateFormat.format(instant);
}
