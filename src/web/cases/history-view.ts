/**
 * The audit history page shows each event's before and after as field-by-field rows, so a reader sees what
 * changed without reading JSON.
 */

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

const ACTION_LABELS: Record<string, string> = {
  VIEW: 'Viewed',
  ACCESS_DENIED: 'Access denied',
  CREATE: 'Created',
  UPDATE: 'Updated',
  DELETE: 'Deleted',
};

/** "VIEW" → "Viewed"; unknown actions are shown in sentence case ("TIER_CALCULATED" → "Tier calculated"). */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return '(empty)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One row per field of either side, in the order fields first appear (before's, then after's new ones);
 * fields that are equal on both sides are left out unless there is only one side (a creation or a view).
 */
export function changeRows(before: unknown, after: unknown): ChangeRow[] {
  if (before == null && after == null) return [];
  if (!isRecord(before) && !isRecord(after))
    return [{ field: '', before: show(before ?? undefined), after: show(after ?? undefined) }];
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const bothSides = isRecord(before) && isRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => !bothSides || JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((f) => ({ field: f, before: show(b[f]), after: show(a[f]) }));
}
