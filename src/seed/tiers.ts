import type { Database } from '../db/connection.js';
import { storeFirstCalculations } from '../db/risk-record.js';
import { withConstraintsDeferred } from './bulk-load.js';

export interface SeedTierResult {
  /** Rows written: current tiers per model and predictor scores (scored or refused). */
  written: Record<string, number>;
  /** Tier calculations the rules refused (the person keeps no tier for that model). */
  refused: number;
  /** Seconds spent, for the seed report. */
  seconds: number;
}

/**
 * Calculates every seeded person's predictor scores and both tiers with the same core and row values as the
 * case record (src/db/risk-record.ts), as context.md §1.2 asks: scores and tiers are calculated, never
 * sampled. The rows are copied with the score and tier tables' foreign keys and secondary indexes set aside
 * and put back afterwards (which checks every row), as for the contacts. The calculation time is the seed's
 * "today" at 06:00 so that reseeding gives identical rows.
 */
export async function computeSeedTiers(
  database: Pick<Database, 'db' | 'copyText'>,
  today: string,
  onProgress?: (done: number, total: number) => void,
): Promise<SeedTierResult> {
  const started = performance.now();
  const result = await withConstraintsDeferred(database.db, 'predictor_score', () =>
    withConstraintsDeferred(database.db, 'tier_calculation', () =>
      storeFirstCalculations(database, {
        trigger: 'SEED',
        reason: 'Calculated when the database was seeded',
        actorUserId: null,
        today,
        now: new Date(`${today}T06:00:00Z`),
        onProgress,
      }),
    ),
  );
  const counts = await database.db
    .selectFrom('tier_calculation')
    .select(['model', (eb) => eb.fn.countAll<number>().as('n')])
    .where('superseded_at', 'is', null)
    .groupBy('model')
    .execute();
  const written: Record<string, number> = { PROTECT_CHANGE: 0, SINGLE_AXIS: 0 };
  for (const c of counts) written[c.model] = Number(c.n);
  written.predictor_score = result.predictorRowsWritten;
  return {
    written,
    refused: result.tierRefusals,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
