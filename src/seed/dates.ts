// Calendar-date helpers on ISO strings via UTC day numbers: no time zone can shift a date.

const DAY_MS = 86_400_000;

// The generator converts dates millions of times; both directions are cached (days 1900–2100).
const FIRST_DAY = -25_567;
const LAST_DAY = 47_482;
const isoByDay: (string | undefined)[] = [];
const dayByIso = new Map<string, number>();

export function toDayNumber(iso: string): number {
  let day = dayByIso.get(iso);
  if (day === undefined) {
    day = Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    if (dayByIso.size < 100_000) dayByIso.set(iso, day);
  }
  return day;
}

export function fromDayNumber(day: number): string {
  if (day < FIRST_DAY || day > LAST_DAY) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return (isoByDay[day - FIRST_DAY] ??= new Date(day * DAY_MS).toISOString().slice(0, 10));
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** Adds calendar months; a day that does not exist in the target month falls back to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole years completed from `from` to `to`. */
export function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7;
}

/** Today's date in Europe/London. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
