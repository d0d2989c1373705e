import { addDays, addYears, format, parseISO, subWeeks, subYears } from 'date-fns';
import { remembered } from '../remembered.js';

// Calendar arithmetic on ISO dates (YYYY-MM-DD) for the date-dependent tiering rules. date-fns works on local
// Date objects; only the calendar date survives the round trip, so the host time zone does not matter.

const ISO = 'yyyy-MM-dd';

// Every person of a recalculation shares the calculation date, so these are remembered by date and count.
const yearsBack = remembered((key: string) => {
  const [isoDate, years] = key.split('|');
  return format(subYears(parseISO(isoDate!), Number(years)), ISO);
});
const weeksBack = remembered((key: string) => {
  const [isoDate, weeks] = key.split('|');
  return format(subWeeks(parseISO(isoDate!), Number(weeks)), ISO);
});

/** Calendar years back: 29 February minus a year is 28 February (tiering.md §3.2 R4, calculation-api.md §2.3). */
export function subtractCalendarYears(isoDate: string, years: number): string {
  return yearsBack(`${isoDate}|${years}`);
}

export function subtractWeeks(isoDate: string, weeks: number): string {
  return weeksBack(`${isoDate}|${weeks}`);
}

/**
 * The first date from which `date` is earlier than (that day − `years` calendar years): the day a rule that
 * holds "on or after today − N years" stops holding. Because 28 and 29 February of a leap year both map to
 * 28 February a year earlier, it cannot be found by adding years to `date`; it is searched for from there.
 */
export function firstDayMoreThanYearsAfter(isoDate: string, years: number): string {
  let candidate = format(addYears(parseISO(isoDate), years), ISO);
  while (subtractCalendarYears(candidate, years) <= isoDate) {
    candidate = format(addDays(parseISO(candidate), 1), ISO);
  }
  return candidate;
}
