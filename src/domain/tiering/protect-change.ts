import type { CalcIssue } from '../calculation/contract.js';
import { subtractWeeks } from './calendar.js';
import { formatPercent, invalidDateIssue, isInvalidDate, issue, ROSH_WORDS } from './explanation.js';
import {
  deriveRegistrationFlags,
  type MappaLevel,
  type Registration,
  type RoshLevel,
} from './registrations.js';

// The protect/change tier (V2): tiering.md §2.4 and §4, calculation-api.md §7.3.

export const V2_MODEL_VERSION = 'V2';

export type ProtectLevel = 'A' | 'B' | 'C' | 'D';
export type ChangeLevel = 0 | 1 | 2 | 3;
/** `A3` … `D0`, with an `S` suffix for unsupervised (`PRC`) cases. */
export type V2TierCode = `${ProtectLevel}${ChangeLevel}` | `${ProtectLevel}${ChangeLevel}S`;

export type Sex = 'MALE' | 'FEMALE' | 'NOT_KNOWN';
export const SEXES: readonly Sex[] = ['MALE', 'FEMALE', 'NOT_KNOWN'];

export interface Requirement {
  mainCategoryCode: string;
  /** The requirement type is marked restrictive in reference data (curfew, exclusion, …). */
  restrictive: boolean;
}

export interface SentencedEvent {
  sentenceTypeCode: string;
  /** Any termination date, even a future one, takes the event out of the mandate for change. */
  terminationDate?: string | null;
  requirements?: readonly Requirement[];
}

export const NEED_SECTIONS = [
  'ACCOMMODATION',
  'EDUCATION_TRAINING_AND_EMPLOYABILITY',
  'RELATIONSHIPS',
  'LIFESTYLE_AND_ASSOCIATES',
  'DRUG_MISUSE',
  'ALCOHOL_MISUSE',
  'THINKING_AND_BEHAVIOUR',
  'ATTITUDES',
  'FINANCIAL_MANAGEMENT_AND_INCOME',
  'EMOTIONAL_WELL_BEING',
] as const;
export type NeedSection = (typeof NEED_SECTIONS)[number];
export type ScoredNeedSection = Exclude<
  NeedSection,
  'FINANCIAL_MANAGEMENT_AND_INCOME' | 'EMOTIONAL_WELL_BEING'
>;

export type NeedSeverity = 'NO_NEED' | 'STANDARD' | 'SEVERE';
export const NEED_SEVERITIES: readonly NeedSeverity[] = ['NO_NEED', 'STANDARD', 'SEVERE'];

/** Yes/No, problem-scale and frequency answers, with the values tiering.md §2.4 gives them. */
export const ANSWER_VALUES = {
  YES: 2,
  NO: 0,
  UNKNOWN: 0,
  NONE: 0,
  SOME: 1,
  SIGNIFICANT: 2,
  MISSING: 0,
  NEVER: 0,
  PREVIOUS: 1,
  CURRENTLY: 2,
} as const;
export type AnswerValue = keyof typeof ANSWER_VALUES;
export const ANSWERS = Object.keys(ANSWER_VALUES) as AnswerValue[];
const NO_ANSWER: readonly AnswerValue[] = ['MISSING', 'UNKNOWN'];

export type ProblemScale = 'NONE' | 'SOME' | 'SIGNIFICANT' | 'MISSING';
export const PROBLEM_SCALE: readonly ProblemScale[] = ['NONE', 'SOME', 'SIGNIFICANT', 'MISSING'];
export type YesNoUnknown = 'YES' | 'NO' | 'UNKNOWN';
export const YES_NO_UNKNOWN: readonly YesNoUnknown[] = ['YES', 'NO', 'UNKNOWN'];

export type AssessmentStatus = 'COMPLETE' | 'LOCKED_INCOMPLETE' | 'OPEN';
export const ASSESSMENT_STATUSES: readonly AssessmentStatus[] = ['COMPLETE', 'LOCKED_INCOMPLETE', 'OPEN'];

export interface WomenFactors {
  /** 6.9 parental responsibilities. */
  parentingResponsibilities?: YesNoUnknown | null;
  /** 11.2 impulsivity. */
  impulsivity?: ProblemScale | null;
  /** 11.4 temper control. */
  temperControl?: ProblemScale | null;
}

/** The latest full (Layer 3) needs assessment. */
export interface NeedsAssessment {
  /** More than 55 weeks before the calculation date makes the assessment invalid; exactly 55 is valid. */
  completedDate?: string | null;
  /** Absent counts as complete. */
  status?: AssessmentStatus | null;
  /** Strengths and Needs assessment, with its own thresholds. */
  sanIndicator?: boolean | null;
  /** Answers by section: question key → answer. */
  sections?: Partial<Record<NeedSection, Readonly<Record<string, AnswerValue>>>> | null;
  /** Sections whose severity is already known. A section may not appear here and in `sections`. */
  sectionSeverities?: Partial<Record<NeedSection, NeedSeverity>> | null;
  womenFactors?: WomenFactors | null;
}

export interface ProtectChangeInput {
  calculationDate: string;
  sex: Sex;
  registrations?: readonly Registration[];
  /** Events that have a sentence (disposal). */
  events: readonly SentencedEvent[];
  /** RSR, or CSRP where the latest assessment has no RSR. Absent counts as 0. */
  rsrScore?: number | null;
  /** OGRS3 2-year percentage, whole number 0–100. Absent counts as 0. */
  ogrsScore?: number | null;
  /** A qualifying breach or recall referred in the last 365 days. */
  previousEnforcementActivity?: boolean | null;
  /** Absent or null: no valid assessment. */
  needsAssessment?: NeedsAssessment | null;
}

export interface NeedBreakdown {
  /** Null for a section given by severity, or whose answers are all Missing or Unknown. */
  score: number | null;
  /** Null for a section with no score. */
  severity: NeedSeverity | null;
  weight: number;
  points: number;
}

export type ProtectRule =
  'RSR' | 'ROSH' | 'MAPPA' | 'COMPLEXITY' | 'ADDITIONAL_FACTORS_FOR_WOMEN' | 'RSR_ROSH_OVERLAP';
export type ChangeRule = 'NEEDS' | 'OGRS' | 'IOM' | 'NO_MANDATE_FOR_CHANGE' | 'NO_VALID_ASSESSMENT';

/** One line of the points breakdown; the lines of each axis add up to its points. */
export interface PointsLine<Rule extends string> {
  rule: Rule;
  points: number;
  /** Plain English, e.g. "RSR 4.20% (3.00% to below 7.00%): 10 points". */
  text: string;
}

export interface ProtectChangeResult {
  modelVersion: typeof V2_MODEL_VERSION;
  calculationDate: string;
  tier: V2TierCode;
  unsupervised: boolean;
  protect: {
    level: ProtectLevel;
    points: number;
    components: {
      rsr: number;
      rosh: number;
      mappa: number;
      complexity: number;
      additionalFactorsForWomen: number;
    };
  };
  change: {
    level: ChangeLevel;
    points: number;
    reason: 'NO_MANDATE_FOR_CHANGE' | 'NO_VALID_ASSESSMENT' | null;
    components: { needs: number; ogrs: number; iom: number };
    /** Weighted sections only; empty when needs are not scored. */
    needs: Partial<Record<ScoredNeedSection, NeedBreakdown>>;
  };
  explanation: {
    summary: string;
    protect: PointsLine<ProtectRule>[];
    change: PointsLine<ChangeRule>[];
    /** Points more needed for the next protect level up; null at A. */
    protectPointsToNextLevel: number | null;
    /** Change points more needed for the next change level up; null at 3 or when the level is fixed by a reason. */
    changePointsToNextLevel: number | null;
  };
  /** `RSR_SCORE_OUT_OF_RANGE` when the RSR is above 99.99. */
  warnings: CalcIssue[];
}

export type ProtectChangeOutcome =
  { ok: true; result: ProtectChangeResult } | { ok: false; errors: CalcIssue[] };

// ---- Reference values --------------------------------------------------------------------------------

const RSR_MAXIMUM = 99.99;
const ROSH_POINTS: Readonly<Record<RoshLevel, number>> = { VERY_HIGH: 150, HIGH: 20, MEDIUM: 10, LOW: 0 };
const MAPPA_POINTS: Readonly<Record<MappaLevel, number>> = { M3: 150, M2: 150, M1: 5 };
const COMPLEXITY_POINTS = 2;
const BREACH_OR_RECALL_POINTS = 2;
const IOM_POINTS = 2;
const PROTECT_LEVELS: readonly { level: ProtectLevel; atLeast: number }[] = [
  { level: 'A', atLeast: 150 },
  { level: 'B', atLeast: 20 },
  { level: 'C', atLeast: 10 },
  { level: 'D', atLeast: 0 },
];
const CHANGE_LEVELS: readonly { level: ChangeLevel; atLeast: number }[] = [
  { level: 3, atLeast: 20 },
  { level: 2, atLeast: 10 },
  { level: 1, atLeast: 0 },
];
const CUSTODIAL_SENTENCE_CODES = ['NC', 'SC'];
const NOT_A_MANDATE_CATEGORIES = ['W', 'W1'];
const NEEDS_WINDOW_WEEKS = 55;
const VALID_STATUSES: readonly AssessmentStatus[] = ['COMPLETE', 'LOCKED_INCOMPLETE'];

interface Thresholds {
  standard: number;
  severe: number;
}
export const NEED_SECTION_RULES: Readonly<
  Record<ScoredNeedSection, { weight: number; standard: Thresholds; san: Thresholds }>
> = {
  ACCOMMODATION: { weight: 1, standard: { standard: 2, severe: 7 }, san: { standard: 3, severe: 5 } },
  EDUCATION_TRAINING_AND_EMPLOYABILITY: {
    weight: 1,
    standard: { standard: 3, severe: 7 },
    san: { standard: 3, severe: 7 },
  },
  RELATIONSHIPS: { weight: 1, standard: { standard: 2, severe: 5 }, san: { standard: 2, severe: 5 } },
  LIFESTYLE_AND_ASSOCIATES: {
    weight: 1,
    standard: { standard: 2, severe: 5 },
    san: { standard: 2, severe: 5 },
  },
  DRUG_MISUSE: { weight: 1, standard: { standard: 2, severe: 8 }, san: { standard: 2, severe: 6 } },
  ALCOHOL_MISUSE: { weight: 1, standard: { standard: 4, severe: 7 }, san: { standard: 2, severe: 4 } },
  THINKING_AND_BEHAVIOUR: {
    weight: 2,
    standard: { standard: 4, severe: 7 },
    san: { standard: 3, severe: 5 },
  },
  ATTITUDES: { weight: 2, standard: { standard: 2, severe: 7 }, san: { standard: 1, severe: 5 } },
};
const SEVERITY_SCORE: Readonly<Record<NeedSeverity, number>> = { NO_NEED: 0, STANDARD: 1, SEVERE: 2 };
const SECTION_WORDS: Readonly<Record<ScoredNeedSection, string>> = {
  ACCOMMODATION: 'accommodation',
  EDUCATION_TRAINING_AND_EMPLOYABILITY: 'education, training and employability',
  RELATIONSHIPS: 'relationships',
  LIFESTYLE_AND_ASSOCIATES: 'lifestyle and associates',
  DRUG_MISUSE: 'drug misuse',
  ALCOHOL_MISUSE: 'alcohol misuse',
  THINKING_AND_BEHAVIOUR: 'thinking and behaviour',
  ATTITUDES: 'attitudes',
};
const isScoredSection = (s: NeedSection): s is ScoredNeedSection => s in NEED_SECTION_RULES;

// ---- Validation --------------------------------------------------------------------------------------

/** The problems that refuse a V2 calculation (calculation-api.md §7.3), with the contract's field paths. */
export function protectChangeInputIssues(input: Partial<ProtectChangeInput>): CalcIssue[] {
  const issues: CalcIssue[] = [];
  if (isInvalidDate(input.calculationDate)) issues.push(invalidDateIssue('calculationDate'));
  (input.registrations ?? []).forEach((r, i) => {
    if (isInvalidDate(r.registrationDate))
      issues.push(invalidDateIssue(`registrations[${i}].registrationDate`));
  });
  (input.events ?? []).forEach((e, i) => {
    if (isInvalidDate(e.terminationDate)) issues.push(invalidDateIssue(`events[${i}].terminationDate`));
  });
  const rsr = input.rsrScore;
  if (rsr !== undefined && rsr !== null && !(Number.isFinite(rsr) && rsr >= 0)) {
    issues.push(issue('INVALID_VALUE', 'rsrScore must be a number of at least 0', ['rsrScore']));
  }
  const ogrs = input.ogrsScore;
  if (ogrs !== undefined && ogrs !== null && !(Number.isInteger(ogrs) && ogrs >= 0 && ogrs <= 100)) {
    issues.push(issue('INVALID_VALUE', 'ogrsScore must be a whole number from 0 to 100', ['ogrsScore']));
  }
  const assessment = input.needsAssessment;
  if (assessment) {
    if (isInvalidDate(assessment.completedDate))
      issues.push(invalidDateIssue('needsAssessment.completedDate'));
    const bySeverity = assessment.sectionSeverities ?? {};
    for (const section of Object.keys(assessment.sections ?? {}) as NeedSection[]) {
      if (bySeverity[section] !== undefined && bySeverity[section] !== null) {
        issues.push(
          issue('CONFLICTING_INPUT', `${section} is given both as answers and as a severity; give one`, [
            `needsAssessment.sections.${section}`,
            `needsAssessment.sectionSeverities.${section}`,
          ]),
        );
      }
    }
  }
  return issues;
}

// ---- Protect -----------------------------------------------------------------------------------------

function problemAbove0(v: ProblemScale | null | undefined): boolean {
  return v !== undefined && v !== null && ANSWER_VALUES[v] > 0;
}

function rsrPoints(rsr: number): number {
  if (rsr >= 7 && rsr <= RSR_MAXIMUM) return 20;
  if (rsr >= 3 && rsr < 7) return 10;
  return 0;
}

function rsrText(rsr: number | null, points: number): string {
  if (rsr === null) return 'No RSR score: 0 points';
  if (rsr > RSR_MAXIMUM) return `RSR ${formatPercent(rsr)} is above ${RSR_MAXIMUM}%, out of range: 0 points`;
  const band = points === 20 ? '7.00% or more' : points === 10 ? '3.00% to below 7.00%' : 'below 3.00%';
  return `RSR ${formatPercent(rsr)} (${band}): ${points} points`;
}

// ---- Needs -------------------------------------------------------------------------------------------

/** Whether the needs assessment may be used on `today` (tiering.md §2.4). */
export function isValidNeedsAssessment(
  assessment: NeedsAssessment | null | undefined,
  today: string,
): boolean {
  if (!assessment) return false;
  if (!VALID_STATUSES.includes(assessment.status ?? 'COMPLETE')) return false;
  const completed = assessment.completedDate ?? null;
  return completed === null || completed >= subtractWeeks(today, NEEDS_WINDOW_WEEKS);
}

function severityFor(score: number, t: Thresholds): NeedSeverity {
  if (score >= t.severe) return 'SEVERE';
  if (score >= t.standard) return 'STANDARD';
  return 'NO_NEED';
}

/** The weighted needs breakdown, in section order; weight-0 sections are not used and are left out. */
export function scoreNeeds(assessment: NeedsAssessment): Partial<Record<ScoredNeedSection, NeedBreakdown>> {
  const needs: Partial<Record<ScoredNeedSection, NeedBreakdown>> = {};
  for (const section of NEED_SECTIONS) {
    if (!isScoredSection(section)) continue;
    const rule = NEED_SECTION_RULES[section];
    const answers = assessment.sections?.[section];
    const given = assessment.sectionSeverities?.[section];
    if (answers) {
      const values = Object.values(answers);
      const scored = values.some((a) => !NO_ANSWER.includes(a));
      const score = scored ? values.reduce((sum, a) => sum + ANSWER_VALUES[a], 0) : null;
      const severity =
        score === null ? null : severityFor(score, assessment.sanIndicator ? rule.san : rule.standard);
      needs[section] = {
        score,
        severity,
        weight: rule.weight,
        points: severity ? rule.weight * SEVERITY_SCORE[severity] : 0,
      };
    } else if (given) {
      needs[section] = {
        score: null,
        severity: given,
        weight: rule.weight,
        points: rule.weight * SEVERITY_SCORE[given],
      };
    }
  }
  return needs;
}

/** At least one unterminated event is custodial or has a non-restrictive requirement other than unpaid work. */
export function hasMandateForChange(events: readonly SentencedEvent[]): boolean {
  return events.some(
    (e) =>
      (e.terminationDate ?? null) === null &&
      (CUSTODIAL_SENTENCE_CODES.includes(e.sentenceTypeCode) ||
        (e.requirements ?? []).some(
          (r) => !r.restrictive && !NOT_A_MANDATE_CATEGORIES.includes(r.mainCategoryCode),
        )),
  );
}

// ---- The calculation ---------------------------------------------------------------------------------

export function calculateProtectChangeTier(input: ProtectChangeInput): ProtectChangeOutcome {
  const errors = protectChangeInputIssues(input);
  if (errors.length > 0) return { ok: false, errors };

  const warnings: CalcIssue[] = [];
  const flags = deriveRegistrationFlags(input.registrations ?? []);
  const female = input.sex === 'FEMALE';
  const assessment = input.needsAssessment ?? null;
  const validAssessment = isValidNeedsAssessment(assessment, input.calculationDate);

  // Protect.
  const rsr = input.rsrScore ?? null;
  if (rsr !== null && rsr > RSR_MAXIMUM) {
    warnings.push(
      issue('RSR_SCORE_OUT_OF_RANGE', `rsrScore ${rsr} is above ${RSR_MAXIMUM}; it scores 0 protect points`, [
        'rsrScore',
      ]),
    );
  }
  const rsrComponent = rsrPoints(rsr ?? 0);
  const roshComponent = flags.rosh ? ROSH_POINTS[flags.rosh] : 0;
  const mappaComponent = flags.mappaLevel ? MAPPA_POINTS[flags.mappaLevel] : 0;
  const complexityComponent = COMPLEXITY_POINTS * flags.complexityFactors.length;
  const women = female && validAssessment && assessment?.womenFactors ? assessment.womenFactors : null;
  const parenting = women?.parentingResponsibilities === 'YES' ? 1 : 0;
  const temperament =
    women && (problemAbove0(women.impulsivity) || problemAbove0(women.temperControl)) ? 1 : 0;
  const assessmentFactors = 2 * (parenting + temperament);
  const breachOrRecall = female && input.previousEnforcementActivity === true ? BREACH_OR_RECALL_POINTS : 0;
  const womenComponent = assessmentFactors + breachOrRecall;
  const overlap = Math.min(rsrComponent, roshComponent);
  const protectPoints =
    rsrComponent + roshComponent + mappaComponent + complexityComponent + womenComponent - overlap;
  const protectLevel = PROTECT_LEVELS.find((l) => protectPoints >= l.atLeast)!.level;

  const protectLines: PointsLine<ProtectRule>[] = [
    { rule: 'RSR', points: rsrComponent, text: rsrText(rsr, rsrComponent) },
    {
      rule: 'ROSH',
      points: roshComponent,
      text: flags.rosh
        ? `RoSH ${ROSH_WORDS[flags.rosh]}: ${roshComponent} points`
        : 'No RoSH recorded: 0 points',
    },
  ];
  if (overlap > 0) {
    protectLines.push({
      rule: 'RSR_ROSH_OVERLAP',
      points: -overlap,
      text: `Only the larger of RSR (${rsrComponent}) and RoSH (${roshComponent}) counts: −${overlap} points`,
    });
  }
  protectLines.push(
    {
      rule: 'MAPPA',
      points: mappaComponent,
      text: flags.mappaLevel
        ? `MAPPA level ${flags.mappaLevel.slice(1)}: ${mappaComponent} points`
        : 'No MAPPA level: 0 points',
    },
    {
      rule: 'COMPLEXITY',
      points: complexityComponent,
      text:
        flags.complexityFactors.length > 0
          ? `${flags.complexityFactors.length} complexity factor${flags.complexityFactors.length === 1 ? '' : 's'} (${flags.complexityFactors.join(', ')}): ${complexityComponent} points`
          : 'No complexity factors: 0 points',
    },
  );
  if (female) {
    const parts: string[] = [];
    if (parenting) parts.push('parental responsibilities (2)');
    if (temperament) parts.push('impulsivity or temper control (2)');
    if (breachOrRecall) parts.push('breach or recall in the last year (2)');
    protectLines.push({
      rule: 'ADDITIONAL_FACTORS_FOR_WOMEN',
      points: womenComponent,
      text:
        parts.length > 0
          ? `Additional factors for women: ${parts.join(', ')}: ${womenComponent} points`
          : 'No additional factors for women: 0 points',
    });
  }

  // Change.
  let changeLevel: ChangeLevel;
  let reason: ProtectChangeResult['change']['reason'] = null;
  let needs: Partial<Record<ScoredNeedSection, NeedBreakdown>> = {};
  let components = { needs: 0, ogrs: 0, iom: 0 };
  const changeLines: PointsLine<ChangeRule>[] = [];
  if (!hasMandateForChange(input.events)) {
    changeLevel = 0;
    reason = 'NO_MANDATE_FOR_CHANGE';
    changeLines.push({
      rule: 'NO_MANDATE_FOR_CHANGE',
      points: 0,
      text: 'No current custodial sentence or rehabilitative requirement: change level 0',
    });
  } else if (!validAssessment) {
    changeLevel = 2;
    reason = 'NO_VALID_ASSESSMENT';
    changeLines.push({
      rule: 'NO_VALID_ASSESSMENT',
      points: 0,
      text: `No complete needs assessment from the last ${NEEDS_WINDOW_WEEKS} weeks: change level 2`,
    });
  } else {
    needs = scoreNeeds(assessment!);
    const ogrs = input.ogrsScore ?? 0;
    components = {
      needs: Object.values(needs).reduce((sum, n) => sum + n.points, 0),
      ogrs: Math.floor(ogrs / 10),
      iom: flags.iomNominal ? IOM_POINTS : 0,
    };
    const needParts = (Object.entries(needs) as [ScoredNeedSection, NeedBreakdown][])
      .filter(([, n]) => n.points > 0)
      .map(
        ([s, n]) => `${SECTION_WORDS[s]} ${n.severity === 'SEVERE' ? 'severe' : 'standard'} (${n.points})`,
      );
    changeLines.push(
      {
        rule: 'NEEDS',
        points: components.needs,
        text:
          needParts.length > 0
            ? `Needs: ${needParts.join(', ')}: ${components.needs} points`
            : 'No needs: 0 points',
      },
      { rule: 'OGRS', points: components.ogrs, text: `OGRS ${ogrs}%: ${components.ogrs} points` },
      {
        rule: 'IOM',
        points: components.iom,
        text: flags.iomNominal ? `IOM nominal: ${IOM_POINTS} points` : 'Not an IOM nominal: 0 points',
      },
    );
    const total = components.needs + components.ogrs + components.iom;
    changeLevel = CHANGE_LEVELS.find((l) => total >= l.atLeast)!.level;
  }
  const changePoints = components.needs + components.ogrs + components.iom;

  const tier = `${protectLevel}${changeLevel}${flags.unsupervised ? 'S' : ''}` as V2TierCode;
  const protectIndex = PROTECT_LEVELS.findIndex((l) => l.level === protectLevel);
  const changeIndex = CHANGE_LEVELS.findIndex((l) => l.level === changeLevel);
  return {
    ok: true,
    result: {
      modelVersion: V2_MODEL_VERSION,
      calculationDate: input.calculationDate,
      tier,
      unsupervised: flags.unsupervised,
      protect: {
        level: protectLevel,
        points: protectPoints,
        components: {
          rsr: rsrComponent,
          rosh: roshComponent,
          mappa: mappaComponent,
          complexity: complexityComponent,
          additionalFactorsForWomen: womenComponent,
        },
      },
      change: { level: changeLevel, points: changePoints, reason, components, needs },
      explanation: {
        summary:
          `Tier ${tier}: protect ${protectLevel} from ${protectPoints} points, change ${changeLevel}` +
          (reason
            ? ` (${reason === 'NO_MANDATE_FOR_CHANGE' ? 'no mandate for change' : 'no valid assessment'})`
            : ` from ${changePoints} points`) +
          (flags.unsupervised ? ', unsupervised final third (PRC)' : ''),
        protect: protectLines,
        change: changeLines,
        protectPointsToNextLevel:
          protectIndex === 0 ? null : PROTECT_LEVELS[protectIndex - 1]!.atLeast - protectPoints,
        changePointsToNextLevel:
          reason !== null || changeIndex === 0
            ? null
            : CHANGE_LEVELS[changeIndex - 1]!.atLeast - changePoints,
      },
      warnings,
    },
  };
}
