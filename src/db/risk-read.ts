import type { Kysely } from 'kysely';
import { completedAssessmentsLatestFirst, roshByGroup } from './case-record.js';
import type { DB, RoshLevel, TierModel } from './schema.js';

// What the Risk tab shows, read in one place. Callers have already passed the access check.

export interface RiskRecordData {
  person: { crn: string; forename: string; surname: string };
  assessment: {
    id: number;
    completedDate: string;
    rosh: Record<'children' | 'public' | 'knownAdult' | 'staff' | 'prisoners' | 'overall', RoshLevel | null>;
    riskToSelf: Record<string, string> | null;
  } | null;
  /** Assessments started and not yet completed, newest first: the ones the practitioner can complete. */
  assessmentsInProgress: { id: number; assessmentType: string; initiatedDate: string }[];
  registrations: {
    id: number;
    code: string;
    description: string;
    flagLevel: string;
    level: string | null;
    category: string | null;
    registrationDate: string;
    nextReviewDate: string | null;
  }[];
  scores: {
    predictor: string;
    modelVersion: string;
    thresholdsVersion: string | null;
    status: 'SCORED' | 'REFUSED';
    score: number | null;
    band: string | null;
    result: Record<string, unknown> | null;
    errors: { type: string; message: string; fields: string[] }[] | null;
    warnings: { type: string; message: string; fields: string[] }[];
    inputs: Record<string, unknown>;
    calculationDate: string | null;
    calculatedAt: Date;
    followUpStartRule: string | null;
    assessmentDate: string | null;
  }[];
  history: { predictor: string; calculationDate: string; score: number }[];
  tiers: {
    model: TierModel;
    modelVersion: string;
    tier: string;
    provisional: boolean;
    rules: Record<string, unknown>;
    calculationDate: string | null;
    calculatedAt: Date;
    previousTier: string | null;
    changes: string[];
    reason: string;
    current: boolean;
  }[];
  overrides: {
    id: number;
    kind: 'ROSH' | 'TIER';
    model: TierModel | null;
    calculatedValue: string | null;
    proposedValue: string;
    reason: string;
    status: 'PROPOSED' | 'APPROVED' | 'REJECTED';
    proposedBy: string;
    proposedByUserId: number;
    proposedAt: Date;
    decidedBy: string | null;
    decidedAt: Date | null;
    decisionReason: string | null;
  }[];
  tierModelOfRecord: TierModel;
  staleAfterWeeks: number;
}

export async function loadRiskRecord(db: Kysely<DB>, personId: number): Promise<RiskRecordData> {
  const person = await db
    .selectFrom('person')
    .select(['crn', 'forename', 'surname'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const a = await completedAssessmentsLatestFirst(db, personId).selectAll().executeTakeFirst();
  const assessmentsInProgress = await db
    .selectFrom('assessment')
    .select(['id', 'assessment_type as assessmentType', 'initiated_date as initiatedDate'])
    .where('person_id', '=', personId)
    .where('status', '=', 'IN_PROGRESS')
    .where('soft_deleted', '=', false)
    .orderBy('initiated_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const registrations = await db
    .selectFrom('registration as r')
    .innerJoin('register_type as t', 't.code', 'r.register_type_code')
    .select([
      'r.id',
      'r.register_type_code as code',
      't.description',
      't.flag_level as flagLevel',
      'r.level',
      'r.category',
      'r.registration_date as registrationDate',
      'r.next_review_date as nextReviewDate',
    ])
    .where('r.person_id', '=', personId)
    .where('r.deregistration_date', 'is', null)
    .where('r.soft_deleted', '=', false)
    .orderBy('r.registration_date', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  const scores = await db
    .selectFrom('predictor_score as s')
    .leftJoin('assessment as a', (j) =>
      j.onRef('a.person_id', '=', 's.person_id').onRef('a.id', '=', 's.assessment_id'),
    )
    .select([
      's.predictor',
      's.model_version as modelVersion',
      's.thresholds_version as thresholdsVersion',
      's.status',
      's.score',
      's.band',
      's.result',
      's.errors',
      's.warnings',
      's.inputs',
      's.calculation_date as calculationDate',
      's.calculated_at as calculatedAt',
      's.follow_up_start_rule as followUpStartRule',
      'a.completed_date as assessmentDate',
    ])
    .where('s.person_id', '=', personId)
    .where('s.superseded_at', 'is', null)
    .execute();
  const history = await db
    .selectFrom('predictor_score')
    .select(['predictor', 'calculation_date', 'score'])
    .where('person_id', '=', personId)
    .where('status', '=', 'SCORED')
    .where('calculation_date', 'is not', null)
    .orderBy('calculation_date')
    .orderBy('id')
    .execute();
  const tiers = await db
    .selectFrom('tier_calculation')
    .select([
      'model',
      'model_version',
      'tier',
      'provisional',
      'rules',
      'calculation_date',
      'calculated_at',
      'previous_tier',
      'changes',
      'reason',
      'superseded_at',
    ])
    .where('person_id', '=', personId)
    .orderBy('calculated_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const overrides = await db
    .selectFrom('risk_override as o')
    .innerJoin('app_user as p', 'p.id', 'o.proposed_by_user_id')
    .leftJoin('app_user as d', 'd.id', 'o.decided_by_user_id')
    .select([
      'o.id',
      'o.kind',
      'o.model',
      'o.calculated_value as calculatedValue',
      'o.proposed_value as proposedValue',
      'o.reason',
      'o.status',
      'p.display_name as proposedBy',
      'o.proposed_by_user_id as proposedByUserId',
      'o.proposed_at as proposedAt',
      'd.display_name as decidedBy',
      'o.decided_at as decidedAt',
      'o.decision_reason as decisionReason',
    ])
    .where('o.person_id', '=', personId)
    .orderBy('o.proposed_at', 'desc')
    .orderBy('o.id', 'desc')
    .execute();
  const settings = await db
    .selectFrom('setting')
    .select(['key', 'value'])
    .where('key', 'in', ['tier.modelOfRecord', 'assessment.staleAfterWeeks'])
    .execute();
  const setting = (key: string) => settings.find((s) => s.key === key)?.value;
  const model = setting('tier.modelOfRecord');
  const stale = setting('assessment.staleAfterWeeks');
  return {
    person,
    assessment: a
      ? {
          id: a.id,
          completedDate: a.completed_date!,
          rosh: { ...roshByGroup(a), overall: a.rosh_overall },
          riskToSelf: (a.risk_to_self as Record<string, string> | null) ?? null,
        }
      : null,
    assessmentsInProgress,
    registrations,
    scores: scores.map((s) => ({
      ...s,
      score: s.score === null ? null : Number(s.score),
      result: s.result as Record<string, unknown> | null,
      errors: s.errors as RiskRecordData['scores'][number]['errors'],
      warnings: s.warnings as RiskRecordData['scores'][number]['warnings'],
      inputs: s.inputs as Record<string, unknown>,
    })),
    history: history.map((h) => ({
      predictor: h.predictor,
      calculationDate: h.calculation_date!,
      score: Number(h.score),
    })),
    tiers: tiers.map((t) => ({
      model: t.model,
      modelVersion: t.model_version,
      tier: t.tier,
      provisional: t.provisional,
      rules: t.rules as Record<string, unknown>,
      calculationDate: t.calculation_date,
      calculatedAt: t.calculated_at,
      previousTier: t.previous_tier,
      changes: t.changes,
      reason: t.reason,
      current: t.superseded_at === null,
    })),
    overrides,
    tierModelOfRecord: model === 'SINGLE_AXIS' ? 'SINGLE_AXIS' : 'PROTECT_CHANGE',
    staleAfterWeeks: typeof stale === 'number' ? stale : 55,
  };
}

/** The register types a flag can be added from, in the order a practitioner reads them. */
export async function loadRegisterTypes(db: Kysely<DB>) {
  return db
    .selectFrom('register_type')
    .select(['code', 'description', 'review_period_months as reviewPeriodMonths'])
    .orderBy('description')
    .execute();
}
