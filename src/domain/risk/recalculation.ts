import type { CalcIssue, CalcRequest } from '../calculation/contract.js';
import { describeInputChanges, sameJson } from '../tiering/history.js';
import { assessPerson, headlineScore, type RiskAssessment } from './assess-person.js';
import type { CaseFacts, FollowUpStartRule } from './case-inputs.js';

// What a recalculation stores, given what is stored now (tiering.md §6, risk-predictors.md P3). A score or
// tier gets a new row only when its value, version or inputs changed; the recalculation itself is always
// recorded. Pure, so the single-person and the bulk paths write exactly the same rows.

export type TierModel = 'PROTECT_CHANGE' | 'SINGLE_AXIS';

export interface StoredPredictor {
  modelVersion: string;
  result: unknown;
  errors: unknown;
  inputs: unknown;
}

export interface StoredTier {
  modelVersion: string;
  tier: string;
  provisional: boolean;
  inputs: Record<string, unknown>;
}

export interface CurrentRecord {
  predictors: ReadonlyMap<string, StoredPredictor>;
  tiers: ReadonlyMap<TierModel, StoredTier>;
}

export const EMPTY_RECORD: CurrentRecord = { predictors: new Map(), tiers: new Map() };

export interface PredictorRow {
  predictor: string;
  modelVersion: string;
  thresholdsVersion: string | null;
  status: 'SCORED' | 'REFUSED';
  score: number | null;
  band: string | null;
  result: Record<string, unknown> | null;
  errors: CalcIssue[] | null;
  warnings: CalcIssue[];
  inputs: CalcRequest;
  followUpStartRule: FollowUpStartRule | null;
}

export interface TierRow {
  model: TierModel;
  modelVersion: string;
  tier: string;
  provisional: boolean;
  rules: Record<string, unknown>;
  inputs: Record<string, unknown>;
  previousTier: string | null;
  /** "Tier B2 → A2", "Registration added: MAPP (level M2)", … */
  changes: string[];
}

export interface RecalculationPlan {
  personId: number;
  assessmentId: number | null;
  calculationDate: string;
  predictorRows: PredictorRow[];
  tierRows: TierRow[];
  /** Predictors and tier models whose stored value changes. */
  changed: string[];
  /** A refused tier model keeps its previous tier (tiering.md §5.7); its errors are recorded. */
  tierErrors: { model: TierModel; errors: CalcIssue[] }[];
}

function predictorRow(
  p: RiskAssessment['predictors'][number],
  followUpStartRule: FollowUpStartRule | null,
): PredictorRow {
  const scored = 'result' in p.outcome ? p.outcome.result : null;
  const band = scored?.band;
  return {
    predictor: p.predictor,
    modelVersion: p.modelVersion,
    thresholdsVersion: typeof scored?.thresholdsVersion === 'string' ? scored.thresholdsVersion : null,
    status: scored ? 'SCORED' : 'REFUSED',
    score: scored ? headlineScore(p.predictor, scored) : null,
    band: typeof band === 'string' ? band : null,
    result: scored,
    errors: 'errors' in p.outcome ? p.outcome.errors : null,
    warnings: p.outcome.warnings,
    inputs: p.inputs,
    // Only the predictors that read the follow-up start date carry the rule that supplied it.
    followUpStartRule: 'followUpStartDate' in p.inputs ? followUpStartRule : null,
  };
}

function withoutDate(input: object): Record<string, unknown> {
  const { calculationDate: _ignored, ...rest } = input as Record<string, unknown>;
  return rest;
}

function tierRow(
  model: TierModel,
  modelVersion: string,
  tier: string,
  provisional: boolean,
  rules: Record<string, unknown>,
  input: object,
  stored: StoredTier | undefined,
): TierRow | null {
  const inputs = input as Record<string, unknown>;
  const same =
    stored !== undefined &&
    stored.modelVersion === modelVersion &&
    stored.tier === tier &&
    stored.provisional === provisional &&
    sameJson(withoutDate(stored.inputs), withoutDate(inputs));
  if (same) return null;
  const changes: string[] = [];
  if (stored && (stored.tier !== tier || stored.provisional !== provisional)) {
    const label = (t: string, p: boolean) => (p ? `${t} (provisional)` : t);
    changes.push(`Tier ${label(stored.tier, stored.provisional)} → ${label(tier, provisional)}`);
  }
  if (stored && stored.modelVersion !== modelVersion)
    changes.push(`Model ${stored.modelVersion} → ${modelVersion}`);
  changes.push(...describeInputChanges(stored?.inputs ?? null, inputs));
  return {
    model,
    modelVersion,
    tier,
    provisional,
    rules,
    inputs,
    previousTier: stored?.tier ?? null,
    changes,
  };
}

export function planRecalculation(
  personId: number,
  assessment: RiskAssessment,
  current: CurrentRecord,
): RecalculationPlan {
  const predictorRows: PredictorRow[] = [];
  const changed: string[] = [];
  for (const p of assessment.predictors) {
    const row = predictorRow(p, assessment.followUpStartRule);
    const stored = current.predictors.get(p.predictor);
    const same =
      stored !== undefined &&
      stored.modelVersion === row.modelVersion &&
      sameJson(stored.result ?? null, row.result) &&
      sameJson(stored.errors ?? null, row.errors) &&
      sameJson(stored.inputs, row.inputs);
    if (same) continue;
    predictorRows.push(row);
    changed.push(p.predictor);
  }

  const tierRows: TierRow[] = [];
  const tierErrors: RecalculationPlan['tierErrors'] = [];
  const v2 = assessment.protectChange;
  if (v2.outcome.ok) {
    const r = v2.outcome.result;
    const row = tierRow(
      'PROTECT_CHANGE',
      r.modelVersion,
      r.tier,
      false,
      {
        protect: r.protect,
        change: r.change,
        unsupervised: r.unsupervised,
        explanation: r.explanation,
        warnings: r.warnings,
      },
      v2.input,
      current.tiers.get('PROTECT_CHANGE'),
    );
    if (row) tierRows.push(row);
  } else tierErrors.push({ model: 'PROTECT_CHANGE', errors: v2.outcome.errors });
  const v3 = assessment.singleAxis;
  if (v3.outcome.ok) {
    const r = v3.outcome.result;
    const row = tierRow(
      'SINGLE_AXIS',
      r.modelVersion,
      r.tier,
      r.provisional,
      { ruleResults: r.ruleResults, derived: r.derived, explanation: r.explanation },
      v3.input,
      current.tiers.get('SINGLE_AXIS'),
    );
    if (row) tierRows.push(row);
  } else tierErrors.push({ model: 'SINGLE_AXIS', errors: v3.outcome.errors });
  changed.push(...tierRows.map((t) => t.model));

  return {
    personId,
    assessmentId: assessment.assessmentId,
    calculationDate: assessment.calculationDate,
    predictorRows,
    tierRows,
    changed,
    tierErrors,
  };
}

/** Assesses each person and plans what to store against what is stored now: the whole pure core of a batch. */
export function planPeople(
  facts: readonly CaseFacts[],
  current: ReadonlyMap<number, CurrentRecord>,
  today: string,
): RecalculationPlan[] {
  return facts.map((f) =>
    planRecalculation(f.personId, assessPerson(f, today), current.get(f.personId) ?? EMPTY_RECORD),
  );
}
