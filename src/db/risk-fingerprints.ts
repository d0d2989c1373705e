import type { StoredFingerprints, TierModel } from '../domain/risk/recalculation.js';

// The stored fingerprints of a selection of people as one text (risk-record.ts storedFingerprintsText), and
// turned back into what the first pass of a recalculation compares with. Apart from the database code so that
// a calculation thread can parse the text without loading it.

/** Marks a tier model's name among a person's fingerprints, apart from the predictors' names. */
export const TIER_KEY_PREFIX = 'tier:';

/**
 * One line per current score or tier, "<person id>\t<predictor | tier:model>\t<fingerprint>", the fingerprint
 * empty for a row stored without one, as maps per person. Plain lines rather than JSON objects: PostgreSQL
 * joins them as fast as it reads them, where grouping them into objects per person took longer than the read.
 */
export function parseStoredFingerprints(text: string): Map<number, StoredFingerprints> {
  const stored = new Map<
    number,
    { predictors: Map<string, string | null>; tiers: Map<TierModel, string | null> }
  >();
  if (text === '') return stored;
  for (const line of text.split('\n')) {
    const [id, name, fingerprint] = line.split('\t') as [string, string, string];
    const personId = Number(id);
    let s = stored.get(personId);
    if (!s) stored.set(personId, (s = { predictors: new Map(), tiers: new Map() }));
    const value = fingerprint === '' ? null : fingerprint;
    if (name.startsWith(TIER_KEY_PREFIX)) s.tiers.set(name.slice(TIER_KEY_PREFIX.length) as TierModel, value);
    else s.predictors.set(name, value);
  }
  return stored;
}
