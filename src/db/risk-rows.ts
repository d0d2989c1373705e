import type { CaseFacts } from '../domain/risk/case-inputs.js';
import {
  planWithRecords,
  type PredictorRow,
  type RecalculationPlan,
  type TierRow,
} from '../domain/risk/recalculation.js';
import type { RecalculationTrigger } from './schema.js';
import { TextRows, type Cell } from './csv-rows.js';
import { textArrayLiteral, type Column } from './unnest-rows.js';

// The database rows a recalculation plan stores, column by column, in one place: the set-based INSERT of the
// live path (risk-record.ts storePlans) and the COPY of the seed's first calculation (firstCalculationRows,
// run on the calculation threads) write exactly the same values. No I/O here.

export const RECALCULATION_COLUMNS: readonly Column[] = [
  ['person_id', 'bigint'],
  ['calculated_at', 'timestamptz'],
  ['calculation_date', 'date'],
  ['trigger', 'text'],
  ['reason', 'text'],
  ['assessment_id', 'bigint'],
  ['actor_user_id', 'bigint'],
  ['changed', 'text[]'],
  ['tier_errors', 'json'],
];

export const PREDICTOR_SCORE_COLUMNS: readonly Column[] = [
  ['person_id', 'bigint'],
  ['assessment_id', 'bigint'],
  ['predictor', 'text'],
  ['model_version', 'text'],
  ['score', 'numeric'],
  ['band', 'text'],
  ['result', 'json'],
  ['inputs', 'json'],
  ['calculated_at', 'timestamptz'],
  ['recalculation_id', 'bigint'],
  ['status', 'text'],
  ['errors', 'json'],
  ['warnings', 'json'],
  ['thresholds_version', 'text'],
  ['calculation_date', 'date'],
  ['follow_up_start_rule', 'text'],
  ['fingerprint', 'text'],
];

export const TIER_CALCULATION_COLUMNS: readonly Column[] = [
  ['person_id', 'bigint'],
  ['model', 'text'],
  ['model_version', 'text'],
  ['tier', 'text'],
  ['provisional', 'boolean'],
  ['rules', 'json'],
  ['inputs', 'json'],
  ['reason', 'text'],
  ['calculated_at', 'timestamptz'],
  ['recalculation_id', 'bigint'],
  ['calculation_date', 'date'],
  ['previous_tier', 'text'],
  ['changes', 'json'],
  ['fingerprint', 'text'],
];

export interface RowContext {
  trigger: RecalculationTrigger;
  reason: string;
  actorUserId: number | null;
  /** ISO timestamp stamped on every row of the recalculation. */
  calculatedAt: string;
}

const json = (v: unknown): string => JSON.stringify(v);

export function recalculationCells(plan: RecalculationPlan, context: RowContext): Cell[] {
  return [
    plan.personId,
    context.calculatedAt,
    plan.calculationDate,
    context.trigger,
    context.reason,
    plan.assessmentId,
    context.actorUserId,
    textArrayLiteral(plan.changed),
    plan.tierErrors.length > 0 ? json(plan.tierErrors) : null,
  ];
}

export function predictorScoreCells(
  plan: RecalculationPlan,
  row: PredictorRow,
  recalculationId: number,
  context: RowContext,
): Cell[] {
  return [
    plan.personId,
    plan.assessmentId,
    row.predictor,
    row.modelVersion,
    row.score,
    row.band,
    row.result ? row.json.result : null,
    row.json.inputs,
    context.calculatedAt,
    recalculationId,
    row.status,
    row.errors ? row.json.errors : null,
    json(row.warnings),
    row.thresholdsVersion,
    plan.calculationDate,
    row.followUpStartRule,
    row.fingerprint,
  ];
}

export function tierCalculationCells(
  plan: RecalculationPlan,
  row: TierRow,
  recalculationId: number,
  context: RowContext,
): Cell[] {
  return [
    plan.personId,
    row.model,
    row.modelVersion,
    row.tier,
    row.provisional,
    json(row.rules),
    json(row.inputs),
    context.reason,
    context.calculatedAt,
    recalculationId,
    plan.calculationDate,
    row.previousTier,
    json(row.changes),
    row.fingerprint,
  ];
}

export interface FirstCalculationRows {
  /** COPY text format, UTF-8 (csv-rows.ts TextRows); null when there are no rows. */
  recalculations: Uint8Array<ArrayBuffer>[] | null;
  scores: Uint8Array<ArrayBuffer>[] | null;
  tiers: Uint8Array<ArrayBuffer>[] | null;
  people: number;
  scoreRows: number;
  tierRows: number;
  tierRefusals: number;
  /** Milliseconds in the pure core (planWithRecords), making the rows excluded. */
  coreMs: number;
}

/**
 * The rows of a batch of people's first calculation, ready to copy, for a store that holds nothing for them yet (the seed):
 * every score and tier is new, and each person's one recalculation row takes the person's id as its own id,
 * so the child rows can name it without a round trip.
 */
export function firstCalculationRows(
  facts: readonly CaseFacts[],
  today: string,
  context: RowContext,
): FirstCalculationRows {
  const started = performance.now();
  const plans = planWithRecords(facts, new Map(), today);
  const coreMs = performance.now() - started;
  const recalculations = new TextRows();
  const scores = new TextRows();
  const tiers = new TextRows();
  let tierRefusals = 0;
  for (const plan of plans) {
    recalculations.add([plan.personId, ...recalculationCells(plan, context)]);
    for (const row of plan.predictorRows) scores.add(predictorScoreCells(plan, row, plan.personId, context));
    for (const row of plan.tierRows) tiers.add(tierCalculationCells(plan, row, plan.personId, context));
    tierRefusals += plan.tierErrors.length;
  }
  return {
    people: plans.length,
    scoreRows: scores.count,
    tierRows: tiers.count,
    tierRefusals,
    coreMs,
    recalculations: recalculations.take(),
    scores: scores.take(),
    tiers: tiers.take(),
  };
}
