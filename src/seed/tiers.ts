import type { Database } from '../db/connection.js';

export interface SeedTierResult {
  /** Tier rows written per model. */
  written: Record<string, number>;
  /** Why no tiers were written, when none were. */
  skipped: string | null;
}

/**
 * Computes every seeded person's current tier by running the tiering rules (src/domain/tiering) on the
 * synthetic inputs, as context.md §1.2 asks: tiers are calculated, never sampled.
 *
 * The tiering core is not in this checkout yet, and the V3 rules also need 2026-model predictor scores
 * (ARP, CSRP, DC-SRP) that only the risk predictor core can produce from the assessment answers. Until both
 * exist this writes nothing rather than store tiers that no rule produced; people then show tier "pending",
 * which the allocation queue already handles (domain.md §10.2).
 */
export async function computeSeedTiers(
  _database: Pick<Database, 'db'>,
  _today: string,
): Promise<SeedTierResult> {
  return {
    written: {},
    skipped: 'The tiering and risk predictor cores are not available yet; no tiers were written.',
  };
}
