import type { Kysely, Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit.js';
import type { DB } from '../schema.js';
import { ensureThresholdReferenceData } from './thresholds.js';
import { ValidationError } from '../../domain/validation.js';
import { versionStartProblems } from '../../domain/workload/versions.js';
import {
  DEFAULT_REDUCTION_REASONS,
  DEFAULT_WEIGHTING_CONFIG,
  weightingConfigOn,
  weightingConfigProblems,
  type StandardWeights,
  type T2aWeights,
  type WeightingConfig,
} from '../../domain/workload/index.js';

// Weighting configuration versions and reduction reasons in the database (workload.md §3, §7.1).

export type Queryable = Kysely<DB> | Transaction<DB>;

/**
 * Inserts the seed weighting versions and reduction reasons where missing. Runs with the reference data on
 * every migrate; it never overwrites what an administrator has changed.
 */
export async function ensureWorkloadReferenceData(db: Queryable): Promise<void> {
  for (const set of [DEFAULT_WEIGHTING_CONFIG.standard, DEFAULT_WEIGHTING_CONFIG.t2a]) {
    const existing = await db
      .selectFrom('workload_weighting_version')
      .select('version')
      .where('cohort', '=', set.cohort)
      .executeTakeFirst();
    if (existing) continue;
    await db
      .insertInto('workload_weighting_version')
      .values({
        cohort: set.cohort,
        version: set.version,
        effective_from: set.effectiveFrom,
        effective_to: null,
        weights: JSON.stringify(set),
        created_by: set.createdBy,
      })
      .execute();
  }
  await ensureThresholdReferenceData(db);
  await db
    .insertInto('workload_reduction_reason')
    .values(
      DEFAULT_REDUCTION_REASONS.map((r) => ({
        name: r.name,
        short_name: r.shortName,
        category: r.category,
        allowance_pct: r.allowancePct,
        max_pct: r.maxPct,
        months_to_expiry: r.monthsToExpiry,
        protected_characteristic: r.protectedCharacteristic,
        enabled: r.enabled,
      })),
    )
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

interface VersionRow {
  cohort: 'STANDARD' | 'T2A';
  version: number;
  effective_from: string;
  effective_to: string | null;
  weights: unknown;
  created_by: string;
  created_at: Date;
}

// The columns are the record of when a version applied; the JSON body holds only the values.
function standardFrom(row: VersionRow): StandardWeights {
  return {
    ...(row.weights as StandardWeights),
    cohort: 'STANDARD',
    version: row.version,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    createdBy: row.created_by,
  };
}
function t2aFrom(row: VersionRow): T2aWeights {
  return {
    ...(row.weights as T2aWeights),
    cohort: 'T2A',
    version: row.version,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    createdBy: row.created_by,
  };
}

async function versionRows(db: Queryable): Promise<VersionRow[]> {
  return db
    .selectFrom('workload_weighting_version')
    .selectAll()
    .orderBy('cohort')
    .orderBy('version')
    .execute() as Promise<VersionRow[]>;
}

/** The configuration in force on `date`. */
export async function weightingConfigForDate(db: Queryable, date: string): Promise<WeightingConfig> {
  const rows = await versionRows(db);
  return weightingConfigOn(
    rows.filter((r) => r.cohort === 'STANDARD').map(standardFrom),
    rows.filter((r) => r.cohort === 'T2A').map(t2aFrom),
    date,
  );
}

export interface WeightingVersionSummary {
  cohort: 'STANDARD' | 'T2A';
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  createdBy: string;
  createdAt: Date;
}

/** Every version, newest first: which weights applied when, and who set them. */
export async function weightingHistory(db: Queryable): Promise<WeightingVersionSummary[]> {
  const rows = await versionRows(db);
  return rows
    .map((r) => ({
      cohort: r.cohort,
      version: r.version,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      createdBy: r.created_by,
      createdAt: r.created_at,
    }))
    .sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom
        ? b.version - a.version
        : a.effectiveFrom < b.effectiveFrom
          ? 1
          : -1,
    );
}

function valuesOf(set: StandardWeights | T2aWeights): string {
  const { version: _v, effectiveFrom: _f, effectiveTo: _t, createdBy: _c, ...values } = set;
  return JSON.stringify(values);
}

export interface WeightingEdit {
  effectiveFrom: string;
  config: WeightingConfig;
}

/**
 * Saves an administrator's edit as new versions (only for the cohorts whose values changed), closing the
 * open ones on the new effective date, with an audit event holding both. The caller recalculates everyone
 * in the same transaction (workload.md §3, §13 #9). Returns the cohorts that got a new version.
 */
export async function saveWeightingVersion(
  trx: Transaction<DB>,
  actor: Actor,
  edit: WeightingEdit,
  today: string,
): Promise<('STANDARD' | 'T2A')[]> {
  const problems = [
    ...weightingConfigProblems(edit.config),
    ...versionStartProblems(edit.effectiveFrom, today, 'weights'),
  ];
  if (problems.length > 0) throw new ValidationError(problems);

  const rows = await versionRows(trx);
  const changed: ('STANDARD' | 'T2A')[] = [];
  for (const next of [edit.config.standard, edit.config.t2a]) {
    const open = rows.find((r) => r.cohort === next.cohort && r.effective_to === null);
    if (!open) throw new Error(`No open ${next.cohort} weighting version`);
    const current = next.cohort === 'STANDARD' ? standardFrom(open) : t2aFrom(open);
    if (valuesOf(current) === valuesOf(next)) continue;
    if (edit.effectiveFrom <= open.effective_from) {
      throw new ValidationError([
        {
          field: 'effectiveFrom',
          problem: `The date must be after ${open.effective_from}, when the current ${next.cohort} weights started`,
        },
      ]);
    }
    await trx
      .updateTable('workload_weighting_version')
      .set({ effective_to: edit.effectiveFrom })
      .where('cohort', '=', next.cohort)
      .where('version', '=', open.version)
      .execute();
    const version = Math.max(...rows.filter((r) => r.cohort === next.cohort).map((r) => r.version)) + 1;
    const saved = {
      ...next,
      version,
      effectiveFrom: edit.effectiveFrom,
      effectiveTo: null,
      createdBy: actor.name,
    };
    await trx
      .insertInto('workload_weighting_version')
      .values({
        cohort: next.cohort,
        version,
        effective_from: edit.effectiveFrom,
        effective_to: null,
        weights: JSON.stringify(saved),
        created_by: actor.name,
      })
      .execute();
    await recordAudit(trx, actor, {
      entity: 'workload_weighting_version',
      entityId: `${next.cohort}-${version}`,
      action: 'CREATE',
      before: current,
      after: saved,
    });
    changed.push(next.cohort);
  }
  return changed;
}
