import type { CalcRequest } from '../calculation/contract.js';
import type {
  NeedsAssessment,
  ProtectChangeInput,
  Registration,
  SentencedEvent,
  SingleAxisInput,
} from '../tiering/index.js';
import { riskFieldSchemas, type RiskField } from './risk-inputs.js';

// Case facts → model inputs (risk-predictors.md P2, tiering.md §2). Pure: the database layer gathers the facts
// (src/db/risk-record.ts), this decides what each model is given and where each value came from.

export type FollowUpStartRule =
  'SENTENCE_DATE' | 'EXPECTED_RELEASE_DATE' | 'RELEASE_DATE' | 'CONVICTION_DATE';
export type InputSource = 'PERSON' | 'OFFENCE' | 'SENTENCE' | 'ASSESSMENT';

export interface SentenceFacts {
  eventId: number;
  sentenceDate: string;
  /** Disposal type's sentence type: SP community, SC/NC custodial. */
  sentenceTypeCode: 'SP' | 'SC' | 'NC';
  terminationDate: string | null;
  custodialStatus: 'IN_CUSTODY' | 'RELEASED_ON_LICENCE' | 'POST_SENTENCE_SUPERVISION' | 'RECALLED' | null;
  expectedReleaseDate: string | null;
  actualReleaseDate: string | null;
  requirements: { mainCategoryCode: string; restrictive: boolean }[];
}

export interface OffenceFacts {
  eventId: number;
  offenceCode: string;
  offenceDate: string | null;
  main: boolean;
  /** The event's conviction date. */
  convictionDate: string | null;
}

export interface AssessmentFacts {
  id: number;
  completedDate: string;
  status: 'COMPLETE' | 'LOCKED_INCOMPLETE';
  /** Offending history and OASys items, keyed by the contract's field names (calculation-api.md §6.1). */
  answers: Record<string, unknown>;
}

/** Everything about one person the predictors and tiers read, as held in the case record. */
export interface CaseFacts {
  personId: number;
  sex: 'MALE' | 'FEMALE' | 'NOT_KNOWN';
  dateOfBirth: string;
  offences: OffenceFacts[];
  sentences: SentenceFacts[];
  /** Active registrations (not deregistered, not deleted), newest first. */
  registrations: Registration[];
  /** The latest complete or locked-incomplete assessment. */
  assessment: AssessmentFacts | null;
  /** A qualifying breach or recall in the last 365 days (tiering.md §2.1). */
  previousEnforcementActivity: boolean;
}

export interface PredictorRequest {
  /** Every risk field known for the person; each calculator is given the ones it reads. */
  request: CalcRequest;
  /** Where each field came from, for the explanation. */
  sources: Partial<Record<RiskField, InputSource>>;
  followUpStartRule: FollowUpStartRule | null;
}

/** Fields the case record holds itself; the assessment's copy is used only when the record has none. */
const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'sex',
  'dateOfBirth',
  'convictionDate',
  'offenceCode',
  'followUpStartDate',
  'supervisionStatus',
  'assessmentDate',
  'mostRecentOffenceDate',
]);
const ASSESSMENT_FIELDS = (Object.keys(riskFieldSchemas) as RiskField[]).filter(
  (f) => !RECORD_FIELDS.has(f) && f !== 'forceScoreType' && f !== 'ogrs3TwoYearPercent',
);

/** A sentence is current until its termination date has passed (tiering.md §5.4: a future date still counts). */
export function isCurrentSentence(s: SentenceFacts, today: string): boolean {
  return s.terminationDate === null || s.terminationDate > today;
}

function latest<T>(items: readonly T[], key: (t: T) => string | null): T | undefined {
  let best: T | undefined;
  let bestKey = '';
  for (const item of items) {
    const k = key(item) ?? '';
    if (best === undefined || k > bestKey) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

/** The sentence the current assessment is about: the latest current one, or else the latest of all. */
export function indexSentence(facts: CaseFacts, today: string): SentenceFacts | undefined {
  const current = facts.sentences.filter((s) => isCurrentSentence(s, today));
  return latest(current.length > 0 ? current : facts.sentences, (s) => s.sentenceDate);
}

/** P2: sentence date in the community; release date (expected, then actual) for custody; else conviction. */
export function followUpStart(
  sentence: SentenceFacts | undefined,
  convictionDate: string | null,
): { date: string; rule: FollowUpStartRule } | null {
  if (sentence && sentence.sentenceTypeCode === 'SP')
    return { date: sentence.sentenceDate, rule: 'SENTENCE_DATE' };
  if (sentence?.actualReleaseDate) return { date: sentence.actualReleaseDate, rule: 'RELEASE_DATE' };
  if (sentence?.expectedReleaseDate)
    return { date: sentence.expectedReleaseDate, rule: 'EXPECTED_RELEASE_DATE' };
  return convictionDate ? { date: convictionDate, rule: 'CONVICTION_DATE' } : null;
}

function supervisionStatus(sentence: SentenceFacts | undefined): 'CUSTODY' | 'COMMUNITY' | undefined {
  if (!sentence) return undefined;
  if (sentence.sentenceTypeCode === 'SP') return 'COMMUNITY';
  return sentence.custodialStatus === 'IN_CUSTODY' || sentence.custodialStatus === 'RECALLED'
    ? 'CUSTODY'
    : 'COMMUNITY';
}

/**
 * The predictors' request from the case record: the person, the index offence and sentence from the record;
 * criminal history and assessment items from the latest assessment. A value the record lacks is simply
 * absent, so the predictor refuses naming it; nothing is imputed (risk-predictors.md §2.6).
 */
export function predictorRequest(facts: CaseFacts, today: string): PredictorRequest {
  const out: PredictorRequest = { request: {}, sources: {}, followUpStartRule: null };
  const { request } = out;
  const answers = facts.assessment?.answers ?? {};

  if (facts.sex !== 'NOT_KNOWN') set(out, 'sex', facts.sex, 'PERSON');
  set(out, 'dateOfBirth', facts.dateOfBirth, 'PERSON');

  const sentence = indexSentence(facts, today);
  const eventOffences = sentence
    ? facts.offences.filter((o) => o.eventId === sentence.eventId)
    : facts.offences;
  const mainOffence = latest(
    eventOffences.filter((o) => o.main),
    (o) => o.convictionDate,
  );
  if (mainOffence) {
    set(out, 'offenceCode', mainOffence.offenceCode, 'OFFENCE');
    set(out, 'convictionDate', mainOffence.convictionDate, 'OFFENCE');
  }
  if (request.offenceCode === undefined) fromAssessment(out, answers, 'offenceCode');
  if (request.convictionDate === undefined) fromAssessment(out, answers, 'convictionDate');

  const start = followUpStart(sentence, (request.convictionDate as string | undefined) ?? null);
  if (start)
    set(
      out,
      'followUpStartDate',
      start.date,
      sentence && start.rule !== 'CONVICTION_DATE' ? 'SENTENCE' : 'OFFENCE',
    );
  else fromAssessment(out, answers, 'followUpStartDate');
  set(out, 'supervisionStatus', supervisionStatus(sentence), 'SENTENCE');
  if (request.supervisionStatus === undefined) fromAssessment(out, answers, 'supervisionStatus');

  const offenceDates = facts.offences.map((o) => o.offenceDate).filter((d): d is string => d !== null);
  set(
    out,
    'mostRecentOffenceDate',
    offenceDates.length > 0 ? offenceDates.sort().at(-1) : undefined,
    'OFFENCE',
  );
  if (request.mostRecentOffenceDate === undefined) fromAssessment(out, answers, 'mostRecentOffenceDate');

  if (facts.assessment) {
    set(out, 'assessmentDate', facts.assessment.completedDate, 'ASSESSMENT');
    for (const field of ASSESSMENT_FIELDS) fromAssessment(out, answers, field);
  }
  out.followUpStartRule = start?.rule ?? null;
  return out;
}

/** Records a known value and where it came from; absent and null values are left out. */
function set(out: PredictorRequest, field: RiskField, value: unknown, source: InputSource): void {
  if (value === undefined || value === null) return;
  out.request[field] = value;
  out.sources[field] = source;
}

function fromAssessment(out: PredictorRequest, answers: Record<string, unknown>, field: RiskField): void {
  set(out, field, answers[field], 'ASSESSMENT');
}

/** The request a calculator reads: only its known fields, so nothing is reported as unknown. */
export function requestFor(knownFields: readonly string[], request: CalcRequest): CalcRequest {
  const out: CalcRequest = {};
  for (const f of knownFields) if (request[f] !== undefined) out[f] = request[f];
  return out;
}

function needsAssessment(assessment: AssessmentFacts | null): NeedsAssessment | null {
  if (!assessment) return null;
  const a = assessment.answers;
  return {
    completedDate: assessment.completedDate,
    status: assessment.status,
    sanIndicator: a.sanIndicator === true,
    sections: (a.needsSections ?? null) as NeedsAssessment['sections'],
    sectionSeverities: (a.sectionSeverities ?? null) as NeedsAssessment['sectionSeverities'],
    womenFactors: (a.womenFactors ?? null) as NeedsAssessment['womenFactors'],
  };
}

/** Scores the tier models read from this recalculation's predictors (tiering.md §2.1, §2.3). */
export interface TierPredictorScores {
  rsrPercent: number | null;
  csrp: { percent: number; scoreType: 'STATIC' | 'DYNAMIC' } | null;
  ogrs3TwoYearPercent: number | null;
  arp: { percent: number; scoreType: 'STATIC' | 'DYNAMIC' } | null;
  dcSrp: { percent: number; band: 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'NOT_APPLICABLE' } | null;
}

/** The protect/change (V2) input: the Casework rule uses CSRP when there is no RSR (tiering.md §2.1). */
export function protectChangeInput(
  facts: CaseFacts,
  scores: TierPredictorScores,
  today: string,
): ProtectChangeInput {
  const events: SentencedEvent[] = facts.sentences.map((s) => ({
    sentenceTypeCode: s.sentenceTypeCode,
    terminationDate: s.terminationDate,
    requirements: s.requirements,
  }));
  return {
    calculationDate: today,
    sex: facts.sex,
    registrations: facts.registrations,
    events,
    rsrScore: scores.rsrPercent ?? scores.csrp?.percent ?? null,
    ogrsScore: scores.ogrs3TwoYearPercent,
    previousEnforcementActivity: facts.previousEnforcementActivity,
    needsAssessment: needsAssessment(facts.assessment),
  };
}

/** The single-axis (V3) input. */
export function singleAxisInput(
  facts: CaseFacts,
  scores: TierPredictorScores,
  today: string,
): SingleAxisInput {
  const releases = facts.sentences.map((s) => s.actualReleaseDate).filter((d): d is string => d !== null);
  const answers = facts.assessment?.answers ?? {};
  const sexual = answers.everCommittedSexualOffence ?? answers.sexualOffenceHistory;
  const hasPredictors = scores.arp !== null || scores.csrp !== null || scores.dcSrp !== null;
  return {
    calculationDate: today,
    hasActiveEvent: facts.sentences.some((s) => isCurrentSentence(s, today)),
    registrations: facts.registrations,
    latestReleaseDate: releases.length > 0 ? releases.sort().at(-1)! : null,
    oasysPredictors: hasPredictors
      ? {
          arp: scores.arp && { score: scores.arp.percent, staticOrDynamic: scores.arp.scoreType },
          csrp: scores.csrp && { score: scores.csrp.percent, staticOrDynamic: scores.csrp.scoreType },
          dcSrp: scores.dcSrp && { score: scores.dcSrp.percent, band: scores.dcSrp.band },
        }
      : null,
    everCommittedSexualOffence: sexual === true,
  };
}
