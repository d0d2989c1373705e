import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit.js';
import type { DB } from '../schema.js';
import { ValidationError } from '../../domain/validation.js';
import { versionStartProblems } from '../../domain/workload/versions.js';
import {
  DEFAULT_CAPACITY_THRESHOLDS,
  thresholdValueProblems,
  thresholdsOn,
  type CapacityThresholds,
  type ThresholdValues,
} from '../../domain/workload/index.js';
import type { Queryable } from './config.js';

// Capacity thresholds in the database: versions with effective dates, like the weights (workload.md §8).
// Thresholds decide only how figures are banded and flagged, never the figures, so changing them
// recalculates nothing: every page bands the stored figures with the version in force that day.

/** Inserts the first version (the published defaults) when there is none; never overwrites an edit. */
export async function ensureThresholdReferenceData(db: Queryable): Promise<void> {
  const d = DEFAULT_CAPACITY_THRESHOLDS;
  await db
    .insertInto('workload_threshold_version')
    .values({
      version: d.version,
      effective_from: d.effectiveFrom,
      effective_to: d.effectiveTo,
      highlight_above_pct: d.highlightAbovePct,
      over_capacity_above_pct: d.overCapacityAbovePct,
      excessive_above_pct: d.excessiveAbovePct,
      excessive_consecutive_weeks: d.excessiveConsecutiveWeeks,
      created_by: 'system:reference-data',
    })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}

export interface ThresholdVersion extends CapacityThresholds {
  createdBy: string;
  createdAt: Date;
}

/** Every version, newest first. */
export async function thresholdHistory(db: Queryable): Promise<ThresholdVersion[]> {
  const rows = await db
    .selectFrom('workload_threshold_version')
    .selectAll()
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    highlightAbovePct: Number(r.highlight_above_pct),
    overCapacityAbovePct: Number(r.over_capacity_above_pct),
    excessiveAbovePct: Number(r.excessive_above_pct),
    excessiveConsecutiveWeeks: r.excessive_consecutive_weeks,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}

/** The thresholds in force on `date`. */
export async function capacityThresholdsForDate(db: Queryable, date: string): Promise<CapacityThresholds> {
  return thresholdsOn(await thresholdHistory(db), date);
}

/**
 * Saves an administrator's thresholds as a new version from `effectiveFrom` (today or later; history is not
 * rewritten), closing the open one on that date, with an audit event holding both. Returns the new version,
 * or null when nothing changed.
 */
export async function saveThresholdVersion(
  trx: Transaction<DB>,
  actor: Actor,
  edit: { effectiveFrom: string; values: ThresholdValues },
  today: string,
): Promise<number | null> {
  const problems = [
    ...thresholdValueProblems(edit.values),
    ...versionStartProblems(edit.effectiveFrom, today, 'thresholds'),
  ];
  if (problems.length > 0) throw new ValidationError(problems);

  const versions = await thresholdHistory(trx);
  const open = versions.find((v) => v.effectiveTo === null);
  if (!open) throw new Error('No open capacity threshold version');
  const v = edit.values;
  if (
    v.highlightAbovePct === open.highlightAbovePct &&
    v.overCapacityAbovePct === open.overCapacityAbovePct &&
    v.excessiveAbovePct === open.excessiveAbovePct &&
    v.excessiveConsecutiveWeeks === open.excessiveConsecutiveWeeks
  )
    return null;
  if (edit.effectiveFrom <= open.effectiveFrom)
    throw new ValidationError([
      {
        field: 'effectiveFrom',
        problem: `The date must be after ${open.effectiveFrom}, when the current thresholds started`,
      },
    ]);
  const version = Math.max(...versions.map((x) => x.version)) + 1;
  await trx
    .updateTable('workload_threshold_version')
    .set({ effective_to: edit.effectiveFrom })
    .where('version', '=', open.version)
    .execute();
  await trx
    .insertInto('workload_threshold_version')
    .values({
      version,
      effective_from: edit.effectiveFrom,
      effective_to: null,
      highlight_above_pct: v.highlightAbovePct,
      over_capacity_above_pct: v.overCapacityAbovePct,
      excessive_above_pct: v.excessiveAbovePct,
      excessive_consecutive_weeks: v.excessiveConsecutiveWeeks,
      created_by: actor.name,
    })
    .execute();
  const { createdAt: _at, ...before } = open;
  await recordAudit(trx, actor, {
    entity: 'workload_threshold_version',
    entityId: String(version),
    action: 'CREATE',
    before,
    after: { version, effectiveFrom: edit.effectiveFrom, effectiveTo: null, ...v, createdBy: actor.name },
  });
  return version;
}
