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
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    const words = FIELD_WORDS[key] ?? key;
    const simple = (v: unknown) => v === null || v === undefined || typeof v !== 'object';
    changes.push(simple(a) && simple(b) ? `${words}: ${show(a)} → ${show(b)}` : `${words} changed`);
  }
  return changes;
}
