// The GOV.UK date input posts a date as three fields, `<name>-day`, `<name>-month` and `<name>-year`.

type Body = Record<string, string | undefined>;

/**
 * The ISO date the three fields spell, unchecked, so that the service can say "must be a real date" about
 * 31 February; null when any part is blank or not digits, which the service reads as "enter the date".
 */
export function dateFromFields(body: Body, name: string): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => (body[`${name}-${p}`] ?? '').trim());
  if (!d || !m || !y || !/^\d+$/.test(d + m + y)) return null;
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The three fields of an ISO date, for filling in a date input. */
export function fieldsOfDate(iso: string | null | undefined): { day: string; month: string; year: string } {
  if (!iso) return { day: '', month: '', year: '' };
  const [year, month, day] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}
