import type { Kysely } from 'kysely';
import type { Actor } from '../audit.js';
import type { DB } from '../schema.js';
import type { WeightingConfig } from '../../domain/workload/index.js';
import { saveWeightingVersion, weightingConfigForDate } from './config.js';
import { recalculateWorkload } from './recalculate.js';

/**
 * An administrator's weighting change in one transaction: the new versions, their audit events and, when the
 * change applies from today, everyone's figures recalculated (workload.md §3, §13 #9). A change dated later
 * is picked up on its first day, when the store is next brought up to date. Returns the cohorts changed.
 */
export async function changeWeightingConfig(
  db: Kysely<DB>,
  actor: Actor,
  effectiveFrom: string,
  edit: (current: WeightingConfig) => WeightingConfig,
  today: string,
): Promise<('STANDARD' | 'T2A')[]> {
  return db.transaction().execute(async (trx) => {
    const current = await weightingConfigForDate(trx, today);
    const changed = await saveWeightingVersion(trx, actor, { effectiveFrom, config: edit(current) }, today);
    if (changed.length > 0 && effectiveFrom <= today) await recalculateWorkload(trx, 'ALL', today);
    return changed;
  });
}
