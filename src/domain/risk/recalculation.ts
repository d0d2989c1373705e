import { hash } from 'node:crypto';
import type { CalcIssue, CalcRequest } from '../calculation/contract.js';
import { describeInputChanges, sameJson } from '../tiering/history.js';
import { assessPerson, headlineScore, type RiskAssessment } from './assess-person.js';
import type { CaseFacts, FollowUpStartRule } from './case-inputs.js';

// What a recalculation stores, given what is stored now (tiering.md §6, risk-predictors.md P3). A score or
// tier gets a new row only when its value, version or inputs changed; the recalculation itself is always
// recorded. Pure, so the single-person and the bulk paths write exactly the same rows.
//
// Two passes, so that a recalculation of everyone does not read back every stored score in full (some 13 KB a
// person) only to find nearly all of them unchanged:
// 1. planCandidates compares each new score and tier with the fingerprint stored beside the current one. An
//    equal fingerprint means the same JSON was stored, so the row is unchanged; anything else is a candidate.
// 2. settlePlan compares each candidate with the stored row in full, as the definition of "changed" says,
//    and words the tier history. A fingerprint can differ for an unchanged value (a row stored before
//    fingerprints, or the same JSON with its keys in another order), so this pass is what decides.

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

/** The stored rows the second pass compares candidates with, by predictor and by tier model. */
export interface CurrentRecord {
  predictors: ReadonlyMap<string, StoredPredictor>;
  tiers: ReadonlyMap<TierModel, StoredTier>;
}

export const EMPTY_RECORD: CurrentRecord = { predictors: new Map(), tiers: new Map() };

/**
 * What the first pass compares with: the fingerprint of each current score (by predictor) and tier (by model),
 * null for a row stored before fingerprints were. A name that is absent has no current row.
 */
export interface StoredFingerprints {
  predictors: ReadonlyMap<string, string | null>;
  tiers: ReadonlyMap<TierModel, string | null>;
}

const NO_FINGERPRINTS: StoredFingerprints = { predictors: new Map(), tiers: new Map() };

/**
 * The SHA-256 of a JSON array's text, in base64: equal JSON, equal fingerprint. Migration 014 works out the
 * same digest in SQL for rows stored before it, from the JSON text they were stored as.
 */
function fingerprintOfJson(arrayText: string): string {
  // The one-shot hash (Node 20.12): a Hash object per digest cost more than hashing the text itself.
  return hash('sha256', arrayText, 'base64');
}

/** The fingerprint of values as JSON writes them. */
function fingerprintOf(values: readonly unknown[]): string {
  return fingerprintOfJson(JSON.stringify(values));
}

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
  /** Of the model version, result, errors and inputs: what decides whether the score changed. */
  fingerprint: string;
  /** result, errors and inputs as JSON text, written once for the fingerprint and again stored as they are. */
  json: { result: string; errors: string; inputs: string };
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
  /** Of the model version, tier, provisional flag and inputs without the calculation date. */
  fingerprint: string;
}

/** A tier row before the second pass has compared it with the stored tier and worded what changed. */
export type TierCandidate = Omit<TierRow, 'previousTier' | 'changes'>;

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

/** The first pass's plan: the scores and tiers whose fingerprint differs from the stored one. */
export interface CandidatePlan {
  personId: number;
  assessmentId: number | null;
  calculationDate: string;
  predictorRows: PredictorRow[];
  tierRows: TierCandidate[];
  tierErrors: RecalculationPlan['tierErrors'];
  /** Whether the second pass needs the stored rows: a candidate has a current row (it is not a first). */
  compareInFull: boolean;
}

function predictorRow(
  p: RiskAssessment['predictors'][number],
  followUpStartRule: FollowUpStartRule | null,
): PredictorRow {
  const scored = 'result' in p.outcome ? p.outcome.result : null;
  const band = scored?.band;
  const errors = 'errors' in p.outcome ? p.outcome.errors : null;
  // Each part written out once: the fingerprint is of [modelVersion, result, errors, inputs], which JSON
  // writes as these texts joined by commas in brackets, and the same texts are what is stored.
  const json = {
    result: JSON.stringify(scored),
    errors: JSON.stringify(errors),
    inputs: JSON.stringify(p.inputs),
  };
  return {
    predictor: p.predictor,
    modelVersion: p.modelVersion,
    thresholdsVersion: typeof scored?.thresholdsVersion === 'string' ? scored.thresholdsVersion : null,
    status: scored ? 'SCORED' : 'REFUSED',
    score: scored ? headlineScore(p.predictor, scored) : null,
    band: typeof band === 'string' ? band : null,
    result: scored,
    errors,
    warnings: p.outcome.warnings,
    inputs: p.inputs,
    // Only the predictors that read the follow-up start date carry the rule that supplied it.
    followUpStartRule: 'followUpStartDate' in p.inputs ? followUpStartRule : null,
    fingerprint: fingerprintOfJson(
      `[${JSON.stringify(p.modelVersion)},${json.result},${json.errors},${json.inputs}]`,
    ),
    json,
  };
}

function withoutDate(input: object): Record<string, unknown> {
  const { calculationDate: _ignored, ...rest } = input as Record<string, unknown>;
  return rest;
}

function tierCandidate(
  model: TierModel,
  modelVersion: string,
  tier: string,
  provisional: boolean,
  rules: Record<string, unknown>,
  input: object,
): TierCandidate {
  const inputs = input as Record<string, unknown>;
  return {
    model,
    modelVersion,
    tier,
    provisional,
    rules,
    inputs,
    fingerprint: fingerprintOf([modelVersion, tier, provisional, withoutDate(inputs)]),
  };
}

/** The candidate's tier row with what changed in words, or null when it is the stored tier. */
function settleTier(candidate: TierCandidate, stored: StoredTier | undefined): TierRow | null {
  const { modelVersion, tier, provisional, inputs } = candidate;
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
  return { ...candidate, previousTier: stored?.tier ?? null, changes };
}

/** The first pass for one person: every score and tier whose fingerprint is not the stored one. */
export function planCandidates(
  personId: number,
  assessment: RiskAssessment,
  stored: StoredFingerprints,
): CandidatePlan {
  const predictorRows: PredictorRow[] = [];
  for (const p of assessment.predictors) {
    const row = predictorRow(p, assessment.followUpStartRule);
    if (stored.predictors.get(p.predictor) !== row.fingerprint) predictorRows.push(row);
  }

  const tiers: TierCandidate[] = [];
  const tierErrors: RecalculationPlan['tierErrors'] = [];
  const v2 = assessment.protectChange;
  if (v2.outcome.ok) {
    const r = v2.outcome.result;
    tiers.push(
      tierCandidate(
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
      ),
    );
  } else tierErrors.push({ model: 'PROTECT_CHANGE', errors: v2.outcome.errors });
  const v3 = assessment.singleAxis;
  if (v3.outcome.ok) {
    const r = v3.outcome.result;
    tiers.push(
      tierCandidate(
        'SINGLE_AXIS',
        r.modelVersion,
        r.tier,
        r.provisional,
        { ruleResults: r.ruleResults, derived: r.derived, explanation: r.explanation },
        v3.input,
      ),
    );
  } else tierErrors.push({ model: 'SINGLE_AXIS', errors: v3.outcome.errors });

  const tierRows = tiers.filter((t) => stored.tiers.get(t.model) !== t.fingerprint);
  return {
    personId,
    assessmentId: assessment.assessmentId,
    calculationDate: assessment.calculationDate,
    predictorRows,
    tierRows,
    tierErrors,
    compareInFull:
      predictorRows.some((r) => stored.predictors.has(r.predictor)) ||
      tierRows.some((t) => stored.tiers.has(t.model)),
  };
}

/** The second pass: each candidate compared in full with the stored row, and the tier history worded. */
export function settlePlan(plan: CandidatePlan, current: CurrentRecord): RecalculationPlan {
  const predictorRows = plan.predictorRows.filter((row) => {
    const stored = current.predictors.get(row.predictor);
    return !(
      stored !== undefined &&
      stored.modelVersion === row.modelVersion &&
      sameJson(stored.result ?? null, row.result) &&
      sameJson(stored.errors ?? null, row.errors) &&
      sameJson(stored.inputs, row.inputs)
    );
  });
  const tierRows = plan.tierRows.flatMap((t) => settleTier(t, current.tiers.get(t.model)) ?? []);
  const { compareInFull: _done, ...rest } = plan;
  return {
    ...rest,
    predictorRows,
    tierRows,
    changed: [...predictorRows.map((r) => r.predictor), ...tierRows.map((t) => t.model)],
  };
}

/** The first pass for a batch: each person assessed and compared with their stored fingerprints. */
export function planPeople(
  facts: readonly CaseFacts[],
  stored: ReadonlyMap<number, StoredFingerprints>,
  today: string,
): CandidatePlan[] {
  return facts.map((f) =>
    planCandidates(f.personId, assessPerson(f, today), stored.get(f.personId) ?? NO_FINGERPRINTS),
  );
}

/** Both passes in memory, given everything stored now in full (the fingerprints are not needed then). */
export function planWithRecords(
  facts: readonly CaseFacts[],
  current: ReadonlyMap<number, CurrentRecord>,
  today: string,
): RecalculationPlan[] {
  return planPeople(facts, new Map(), today).map((c) =>
    settlePlan(c, current.get(c.personId) ?? EMPTY_RECORD),
  );
}
