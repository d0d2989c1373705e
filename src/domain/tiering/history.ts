import type { Registration } from './registrations.js';

// What changed between two tier calculations, in words a practitioner reads in the tier history
// (tiering.md §6). Pure: the case record compares the stored input with the new one.

/** JSON with object keys sorted, so values read back from jsonb (which reorders keys) compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** What JSON.stringify writes for a value, one level deep: toJSON applied, non-finite numbers as null. */
function asJson(value: unknown): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return (value as { toJSON: () => unknown }).toJSON();
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** Whether an array item or property is left out of JSON (undefined, functions, symbols). */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * canonicalJson(a) === canonicalJson(b), without writing either out: a recalculation compares every stored
 * score and tier with the new one, and sorting and serialising both was a quarter of a bulk run.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const x = asJson(a);
  const y = asJson(b);
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    // JSON writes an omitted array item as null.
    return x.every((v, i) => sameJson(omitted(v) ? null : v, omitted(y[i]) ? null : y[i]));
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const keys = Object.keys(xo).filter((k) => !omitted(xo[k]));
  if (keys.length !== Object.keys(yo).filter((k) => !omitted(yo[k])).length) return false;
  return keys.every((k) => Object.hasOwn(yo, k) && !omitted(yo[k]) && sameJson(xo[k], yo[k]));
}

function registrationText(r: Registration): string {
  const extra = [r.level && `level ${r.level}`, r.category && `category ${r.category}`]
    .filter(Boolean)
    .join(', ');
  return extra ? `${r.code} (${extra})` : r.code;
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  rsrScore: 'Serious reoffending score (RSR or CSRP)',
  ogrsScore: 'OGRS3 2-year score',
  previousEnforcementActivity: 'Breach or recall in the last year',
  events: 'Sentences and requirements',
  needsAssessment: 'Needs assessment',
  hasActiveEvent: 'Under supervision',
  latestReleaseDate: 'Latest release date',
  oasysPredictors: 'ARP, CSRP and DC-SRP scores',
  everCommittedSexualOffence: 'Ever committed a sexual offence',
  sex: 'Sex',
};

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return 'changed';
}

/**
 * The differences between two tier inputs (either model), ignoring the calculation date itself: each
 * registration added or removed, then each other input that changed. Empty for the first calculation.
 */
export function describeInputChanges(
  previous: Readonly<Record<string, unknown>> | null,
  next: Readonly<Record<string, unknown>>,
): string[] {
  if (!previous) return [];
  const changes: string[] = [];
  const regs = (input: Readonly<Record<string, unknown>>) =>
    new Map(
      ((input.registrations ?? []) as Registration[]).map((r) => [
        canonicalJson({ ...r, registrationDate: null }),
        r,
      ]),
    );
  const before = regs(previous);
  const after = regs(next);
  for (const [key, r] of after)
    if (!before.has(key)) changes.push(`Registration added: ${registrationText(r)}`);
  for (const [key, r] of before)
    if (!after.has(key)) changes.push(`Registration removed: ${registrationText(r)}`);
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  for (const key of keys) {
    if (key === 'calculationDate' || key === 'registrations') continue;
    const a = previous[key];
    const b = next[key];
    if (sameJson(a ?? null, b ?? null)) continue;
    const words = FIELD_WORDS[key] ?? key;
    const simple = (v: unknown) => v === null || v === undefined || typeof v !== 'object';
    changes.push(simple(a) && simple(b) ? `${words}: ${show(a)} → ${show(b)}` : `${words} changed`);
  }
  return changes;
}
