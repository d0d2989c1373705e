import type { StoredFingerprints, TierModel } from '../domain/risk/recalculation.js';

// The stored fingerprints of a selection of people as one JSON text (risk-record.ts storedFingerprintsJson),
// and turned back into what the first pass of a recalculation compares with. Apart from the database code so
// that a calculation thread can parse the text without loading it.

/** Marks a tier model's name among a person's fingerprints, apart from the predictors' names. */
export const TIER_KEY_PREFIX = 'tier:';

/** {"<person id>": {"<predictor>" | "tier:<model>": fingerprint or null}} as maps per person. */
export function parseStoredFingerprints(json: string): Map<number, StoredFingerprints> {
  const people = JSON.parse(json) as Record<string, Record<string, string | null>>;
  const stored = new Map<number, StoredFingerprints>();
  for (const [personId, names] of Object.entries(people)) {
    const predictors = new Map<string, string | null>();
    const tiers = new Map<TierModel, string | null>();
    for (const [name, fingerprint] of Object.entries(names)) {
      if (name.startsWith(TIER_KEY_PREFIX))
        tiers.set(name.slice(TIER_KEY_PREFIX.length) as TierModel, fingerprint);
      else predictors.set(name, fingerprint);
    }
    stored.set(Number(personId), { predictors, tiers });
  }
  return stored;
}
