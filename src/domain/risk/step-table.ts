/**
 * A table of the form "0–2 → 0, 3–4 → 2, 5–10 → 3, …": each row gives the value from its lower bound up to the
 * next row's lower bound, and the last row applies to everything above. Rows are in ascending order.
 */
export type StepTable<T> = readonly (readonly [from: number, value: T])[];

export function stepValue<T>(table: StepTable<T>, x: number): T {
  let found: T | undefined;
  for (const [from, value] of table) {
    if (x < from) break;
    found = value;
  }
  if (found === undefined) throw new RangeError(`${x} is below the first row of the table`);
  return found;
}
