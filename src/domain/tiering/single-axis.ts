import type { CalcIssue } from '../calculation/contract.js';
import { firstDayMoreThanYearsAfter, subtractCalendarYears } from './calendar.js';
import {
  formatPercent,
  invalidDateIssue,
  isInvalidDate,
  issue,
  mappaCategoryPhrase,
  roshPhrase,
  ROSH_WORDS,
} from './explanation.js';
import {
  deriveRegistrationFlags,
  type MappaCategory,
  type Registration,
  type RoshLevel,
} from './registrations.js';

// The 2026 single-axis tier (V3): tiering.md §3, calculation-api.md §7.2.

export const V3_MODEL_VERSION = 'V3';

export type V3Tier = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';
export type V3TierStatus = V3Tier | 'MISSING' | 'NOT_SUPERVISED';
/** Lowest first: use this order wherever stored tiers are compared or sorted (tiering.md §3.1). */
export const V3_TIER_ORDER: readonly V3TierStatus[] = [
  'NOT_SUPERVISED',
  'MISSING',
  'G',
  'F',
  'E',
  'D',
  'C',
  'B',
  'A',
];

/** Negative when `a` is the lower tier, 0 when equal, positive when `a` is higher. */
export function compareV3Tiers(a: V3TierStatus, b: V3TierStatus): number {
  return TIER_RANK[a] - TIER_RANK[b];
}

const TIER_RANK = Object.fromEntries(V3_TIER_ORDER.map((t, i) => [t, i])) as Readonly<
  Record<V3TierStatus, number>
>;

export type ScoreType = 'STATIC' | 'DYNAMIC';
export type DcSrpBand = 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'NOT_APPLICABLE';
export const SCORE_TYPES: readonly ScoreType[] = ['STATIC', 'DYNAMIC'];
export const DC_SRP_BANDS: readonly DcSrpBand[] = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH', 'NOT_APPLICABLE'];

export interface ScoredPredictor {
  /** Percentage, at least 0. */
  score: number;
  /** Null: neither static nor dynamic (tiering.md §5.10). */
  staticOrDynamic?: ScoreType | null;
}

export interface DcSrpPredictor {
  score: number;
  /** The final band, after any one-step reduction. */
  band?: DcSrpBand | null;
}

/** The latest 2026 predictor record (tiering.md §2.3). No age limit applies. */
export interface V3Predictors {
  arp?: ScoredPredictor | null;
  csrp?: ScoredPredictor | null;
  dcSrp?: DcSrpPredictor | null;
}

export interface SingleAxisInput {
  /** The date treated as today (Europe/London). */
  calculationDate: string;
  /** At least one event whose sentence has no termination date or one after today. */
  hasActiveEvent: boolean;
  /** Active registrations; `HREG` and deregistered ones are ignored. */
  registrations?: readonly Registration[];
  /** The latest actual release date across custodial events; absent if never released. */
  latestReleaseDate?: string | null;
  /** Absent or null: no predictor record, which gives `MISSING`. */
  oasysPredictors?: V3Predictors | null;
  everCommittedSexualOffence?: boolean | null;
}

export type V3RuleId =
  | 'reoffending'
  | 'sexualReoffending'
  | 'mappaRosh'
  | 'liferIpp'
  | 'domesticAbuse'
  | 'stalking'
  | 'childProtection'
  | 'sexualOffences';

export const V3_RULES: readonly { id: V3RuleId; ref: string; title: string }[] = [
  { id: 'reoffending', ref: 'R1', title: 'Reoffending (ARP and CSRP)' },
  { id: 'sexualReoffending', ref: 'R2', title: 'Sexual reoffending (DC-SRP)' },
  { id: 'mappaRosh', ref: 'R3', title: 'MAPPA and RoSH' },
  { id: 'liferIpp', ref: 'R4', title: 'Lifer or IPP' },
  { id: 'domesticAbuse', ref: 'R5', title: 'Domestic abuse' },
  { id: 'stalking', ref: 'R6', title: 'Stalking' },
  { id: 'childProtection', ref: 'R7', title: 'Child protection' },
  { id: 'sexualOffences', ref: 'R8', title: 'People convicted of sexual offences' },
];

export type V3RuleResults = Record<V3RuleId, V3Tier | null>;

export interface V3Derived {
  rosh: RoshLevel | null;
  mappaCategory: MappaCategory | null;
  liferIpp: boolean;
  domesticAbuse: boolean;
  stalking: boolean;
  childProtection: boolean;
}

/** A change to one input and the tier this rule would then yield (null: the rule would yield nothing). */
export type V3Alternative = { tier: V3Tier | null; text: string } & (
  | { kind: 'SCORE'; predictor: 'ARP' | 'CSRP'; direction: 'AT_LEAST' | 'BELOW'; threshold: number }
  | { kind: 'ROSH'; rosh: RoshLevel | null }
  | { kind: 'MAPPA'; present: boolean }
  | { kind: 'DATE'; from: string }
  | { kind: 'FLAG'; present: boolean }
);

export interface V3RuleExplanation {
  rule: V3RuleId;
  ref: string;
  title: string;
  tier: V3Tier | null;
  /** Plain English, e.g. "MAPPA category 2 with High RoSH → C". */
  text: string;
  /** What would change this rule's outcome, all else equal. */
  alternatives: V3Alternative[];
}

export interface ProvisionalReason {
  test: 'STATIC_PREDICTORS' | 'MISSING_ROSH';
  /** The highest tier from the rules this test looks at. */
  otherRulesReach: V3Tier;
  /** Those rules must reach this tier for the test to confirm the tier. */
  needed: V3Tier;
  text: string;
}

export interface V3Explanation {
  summary: string;
  /** R1–R8 in order; empty for `MISSING` and `NOT_SUPERVISED`. */
  rules: V3RuleExplanation[];
  /** The rules that yielded the final tier; empty when no rule yielded one (tier G) or none was evaluated. */
  decidedBy: V3RuleId[];
  provisionalReasons: ProvisionalReason[];
}

export interface SingleAxisResult {
  modelVersion: typeof V3_MODEL_VERSION;
  calculationDate: string;
  tier: V3TierStatus;
  /** Always false for `MISSING` and `NOT_SUPERVISED`. */
  provisional: boolean;
  /** Null for `MISSING` and `NOT_SUPERVISED`. */
  ruleResults: V3RuleResults | null;
  derived: V3Derived;
  explanation: V3Explanation;
}

export type SingleAxisOutcome = { ok: true; result: SingleAxisResult } | { ok: false; errors: CalcIssue[] };

// ---- Table 1 (R1) ------------------------------------------------------------------------------------

export const CSRP_ROWS = [6.9, 3.0, 1.0, 0.5, 0.0] as const;
export const ARP_COLUMNS = [90, 75, 50, 25, 15, 0] as const;
export const REOFFENDING_TABLE: readonly (readonly V3Tier[])[] = [
  ['A', 'A', 'B', 'B', 'B', 'B'],
  ['A', 'B', 'C', 'C', 'C', 'C'],
  ['B', 'C', 'D', 'E', 'E', 'E'],
  ['C', 'D', 'E', 'E', 'F', 'F'],
  ['D', 'D', 'E', 'F', 'F', 'G'],
];

// Scores arrive as JSON numbers; two-decimal percentages and these thresholds order the same as doubles as
// they do as exact decimals, so plain comparison is the exact-decimal comparison the spec asks for.
const firstAtOrBelow = (thresholds: readonly number[], score: number): number =>
  thresholds.findIndex((t) => t <= score);

// ---- MEDIUM DC-SRP (R2) ------------------------------------------------------------------------------

const DC_SRP_MEDIUM_MINIMUM = 0.6;
const DC_SRP_MEDIUM: readonly { atLeast: number; tier: V3Tier; origin: string }[] = [
  { atLeast: 3.36, tier: 'C', origin: 'a High band reduced by one step, 33–35 points' },
  { atLeast: 2.11, tier: 'D', origin: 'a High band reduced by one step, 30–32 points' },
  { atLeast: 1.12, tier: 'C', origin: 'an unreduced Medium band, 26–29 points' },
  { atLeast: DC_SRP_MEDIUM_MINIMUM, tier: 'D', origin: 'an unreduced Medium band, 22–25 points' },
];

// ---- Validation --------------------------------------------------------------------------------------

const SCORED_PREDICTORS = ['arp', 'csrp', 'dcSrp'] as const;

/**
 * The problems that refuse a V3 calculation: impossible dates, negative or non-finite scores, and a MEDIUM
 * DC-SRP whose score cannot produce that band. They are checked whatever the rest of the input says, so an
 * inconsistent assessment is reported even for a person who is not currently supervised.
 */
export function singleAxisInputIssues(input: Partial<SingleAxisInput>): CalcIssue[] {
  const issues: CalcIssue[] = [];
  if (isInvalidDate(input.calculationDate)) issues.push(invalidDateIssue('calculationDate'));
  (input.registrations ?? []).forEach((r, i) => {
    if (isInvalidDate(r.registrationDate))
      issues.push(invalidDateIssue(`registrations[${i}].registrationDate`));
  });
  if (isInvalidDate(input.latestReleaseDate)) issues.push(invalidDateIssue('latestReleaseDate'));
  const predictors = input.oasysPredictors;
  for (const name of SCORED_PREDICTORS) {
    const score = predictors?.[name]?.score;
    if (score !== undefined && !(Number.isFinite(score) && score >= 0)) {
      const field = `oasysPredictors.${name}.score`;
      issues.push(issue('INVALID_VALUE', `${field} must be a number of at least 0`, [field]));
    }
  }
  const dcSrp = predictors?.dcSrp;
  if (dcSrp && dcSrp.band === 'MEDIUM' && dcSrp.score > 0 && dcSrp.score < DC_SRP_MEDIUM_MINIMUM) {
    issues.push(
      issue(
        'DC_SRP_SCORE_INCONSISTENT_WITH_BAND',
        `oasysPredictors.dcSrp.score ${dcSrp.score} is below ${DC_SRP_MEDIUM_MINIMUM}, the lowest score a MEDIUM band can have`,
        ['oasysPredictors.dcSrp.score', 'oasysPredictors.dcSrp.band'],
      ),
    );
  }
  return issues;
}

// ---- Rules -------------------------------------------------------------------------------------------

const highest = (tiers: readonly (V3Tier | null)[]): V3Tier =>
  tiers.reduce<V3Tier>((best, t) => (t !== null && compareV3Tiers(t, best) > 0 ? t : best), 'G');

function scoreAlternative(
  predictor: 'ARP' | 'CSRP',
  direction: 'AT_LEAST' | 'BELOW',
  threshold: number,
  to: V3Tier,
): V3Alternative {
  return {
    kind: 'SCORE',
    predictor,
    direction,
    threshold,
    tier: to,
    text: `${predictor} ${direction === 'AT_LEAST' ? 'at or above' : 'below'} ${threshold}% would give ${to}`,
  };
}

function reoffendingRule(
  arp: ScoredPredictor,
  csrp: ScoredPredictor,
): V3RuleExplanation & { row: number; column: number } {
  const row = firstAtOrBelow(CSRP_ROWS, csrp.score);
  const column = firstAtOrBelow(ARP_COLUMNS, arp.score);
  const cells = REOFFENDING_TABLE[row]!;
  const tier = cells[column]!;
  const alternatives: V3Alternative[] = [];
  for (let c = column - 1; c >= 0; c--) {
    if (compareV3Tiers(cells[c]!, tier) > 0) {
      alternatives.push(scoreAlternative('ARP', 'AT_LEAST', ARP_COLUMNS[c]!, cells[c]!));
      break;
    }
  }
  for (let r = row - 1; r >= 0; r--) {
    if (compareV3Tiers(REOFFENDING_TABLE[r]![column]!, tier) > 0) {
      alternatives.push(scoreAlternative('CSRP', 'AT_LEAST', CSRP_ROWS[r]!, REOFFENDING_TABLE[r]![column]!));
      break;
    }
  }
  for (let c = column + 1; c < ARP_COLUMNS.length; c++) {
    if (compareV3Tiers(cells[c]!, tier) < 0) {
      alternatives.push(scoreAlternative('ARP', 'BELOW', ARP_COLUMNS[c - 1]!, cells[c]!));
      break;
    }
  }
  for (let r = row + 1; r < CSRP_ROWS.length; r++) {
    if (compareV3Tiers(REOFFENDING_TABLE[r]![column]!, tier) < 0) {
      alternatives.push(scoreAlternative('CSRP', 'BELOW', CSRP_ROWS[r - 1]!, REOFFENDING_TABLE[r]![column]!));
      break;
    }
  }
  return {
    ...ruleHead('reoffending'),
    tier,
    text: `ARP ${formatPercent(arp.score)} (${ARP_COLUMNS[column]}% or more) with CSRP ${formatPercent(csrp.score)} (${CSRP_ROWS[row]!.toFixed(1)}% or more) → ${tier}`,
    alternatives,
    row,
    column,
  };
}

function sexualReoffendingRule(dcSrp: DcSrpPredictor | null | undefined): V3RuleExplanation {
  const head = ruleHead('sexualReoffending');
  if (!dcSrp) return { ...head, tier: null, text: 'No DC-SRP score → no tier', alternatives: [] };
  const band = dcSrp.band ?? null;
  if (!(dcSrp.score > 0) || band === null || band === 'NOT_APPLICABLE') {
    return { ...head, tier: null, text: 'DC-SRP not applicable → no tier', alternatives: [] };
  }
  const score = formatPercent(dcSrp.score);
  switch (band) {
    case 'VERY_HIGH':
      return { ...head, tier: 'A', text: `DC-SRP band Very High (${score}) → A`, alternatives: [] };
    case 'HIGH':
      return { ...head, tier: 'B', text: `DC-SRP band High (${score}) → B`, alternatives: [] };
    case 'LOW':
      return { ...head, tier: 'E', text: `DC-SRP band Low (${score}) → E`, alternatives: [] };
    case 'MEDIUM': {
      // Validation has already refused scores below the lowest row.
      const row = DC_SRP_MEDIUM.find((r) => dcSrp.score >= r.atLeast)!;
      return {
        ...head,
        tier: row.tier,
        text: `DC-SRP band Medium with score ${score} (${row.origin}) → ${row.tier}`,
        alternatives: [],
      };
    }
  }
}

const MAPPA_ROSH: Readonly<
  Record<'VERY_HIGH' | 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE', { mappa: V3Tier; noMappa: V3Tier | null }>
> = {
  VERY_HIGH: { mappa: 'A', noMappa: 'C' },
  HIGH: { mappa: 'C', noMappa: 'D' },
  MEDIUM: { mappa: 'D', noMappa: null },
  LOW: { mappa: 'E', noMappa: null },
  NONE: { mappa: 'E', noMappa: null },
};

const mappaRoshTier = (rosh: RoshLevel | null, mappa: boolean): V3Tier | null => {
  const cell = MAPPA_ROSH[rosh ?? 'NONE'];
  return mappa ? cell.mappa : cell.noMappa;
};

function mappaRoshRule(rosh: RoshLevel | null, category: MappaCategory | null): V3RuleExplanation {
  const mappa = category !== null;
  const tier = mappaRoshTier(rosh, mappa);
  const outcome = `→ ${tier ?? 'no tier'}`;
  let text: string;
  if (category !== null) text = `${mappaCategoryPhrase(category)} with ${roshPhrase(rosh)} ${outcome}`;
  else if (rosh !== null) text = `${ROSH_WORDS[rosh]} RoSH without MAPPA ${outcome}`;
  else text = `No MAPPA and no RoSH recorded ${outcome}`;
  const alternatives: V3Alternative[] = [];
  for (const other of ['VERY_HIGH', 'HIGH', 'MEDIUM', 'LOW', null] as const) {
    const otherTier = mappaRoshTier(other, mappa);
    if (other !== rosh && otherTier !== tier) {
      alternatives.push({
        kind: 'ROSH',
        rosh: other,
        tier: otherTier,
        text: `${other === null ? 'No RoSH recorded' : `${ROSH_WORDS[other]} RoSH`} would give ${otherTier ?? 'no tier'}`,
      });
    }
  }
  const flipped = mappaRoshTier(rosh, !mappa);
  if (flipped !== tier) {
    alternatives.push({
      kind: 'MAPPA',
      present: !mappa,
      tier: flipped,
      text: `${mappa ? 'Without' : 'With'} MAPPA this would give ${flipped ?? 'no tier'}`,
    });
  }
  return { ...ruleHead('mappaRosh'), tier, text, alternatives };
}

function liferIppRule(liferIpp: boolean, releaseDate: string | null, today: string): V3RuleExplanation {
  const head = ruleHead('liferIpp');
  if (!liferIpp)
    return { ...head, tier: null, text: 'No lifer or IPP registration → no tier', alternatives: [] };
  if (releaseDate === null)
    return { ...head, tier: null, text: 'Lifer or IPP not released → no tier', alternatives: [] };
  const oneYearAgo = subtractCalendarYears(today, 1);
  const fiveYearsAgo = subtractCalendarYears(today, 5);
  const dToE: V3Alternative = {
    kind: 'DATE',
    from: firstDayMoreThanYearsAfter(releaseDate, 5),
    tier: 'E',
    text: `From ${firstDayMoreThanYearsAfter(releaseDate, 5)}, more than 5 years after release, this gives E`,
  };
  if (releaseDate >= oneYearAgo) {
    const from = firstDayMoreThanYearsAfter(releaseDate, 1);
    return {
      ...head,
      tier: 'B',
      text: `Lifer or IPP released on ${releaseDate}, within the last year → B`,
      alternatives: [
        { kind: 'DATE', from, tier: 'D', text: `From ${from}, more than 1 year after release, this gives D` },
        dToE,
      ],
    };
  }
  if (releaseDate >= fiveYearsAgo) {
    return {
      ...head,
      tier: 'D',
      text: `Lifer or IPP released on ${releaseDate}, within the last 5 years → D`,
      alternatives: [dToE],
    };
  }
  return {
    ...head,
    tier: 'E',
    text: `Lifer or IPP released on ${releaseDate}, more than 5 years ago → E`,
    alternatives: [],
  };
}

function flagRule(
  id: V3RuleId,
  present: boolean,
  tier: V3Tier,
  presentText: string,
  absentText: string,
): V3RuleExplanation {
  return {
    ...ruleHead(id),
    tier: present ? tier : null,
    text: present ? `${presentText} → ${tier}` : `${absentText} → no tier`,
    alternatives: [
      {
        kind: 'FLAG',
        present: !present,
        tier: present ? null : tier,
        text: present ? `Without it this rule gives no tier` : `With it this rule would give ${tier}`,
      },
    ],
  };
}

function ruleHead(id: V3RuleId): { rule: V3RuleId; ref: string; title: string } {
  const rule = RULES_BY_ID[id];
  return { rule: id, ref: rule.ref, title: rule.title };
}

const RULES_BY_ID = Object.fromEntries(V3_RULES.map((r) => [r.id, r])) as Readonly<
  Record<V3RuleId, (typeof V3_RULES)[number]>
>;

// ---- Provisional (§3.4) ------------------------------------------------------------------------------

function highestExcept(results: V3RuleResults, ...excluded: V3RuleId[]): V3Tier {
  return highest(
    (Object.keys(results) as V3RuleId[]).filter((id) => !excluded.includes(id)).map((id) => results[id]),
  );
}

function provisionalReasons(
  results: V3RuleResults,
  arp: ScoredPredictor,
  csrp: ScoredPredictor,
  r1: { row: number; column: number },
  rosh: RoshLevel | null,
  mappa: boolean,
): ProvisionalReason[] {
  const reasons: ProvisionalReason[] = [];

  const arpStatic = arp.staticOrDynamic === 'STATIC';
  const csrpStatic = csrp.staticOrDynamic === 'STATIC';
  if (arpStatic || csrpStatic) {
    const needed: V3Tier =
      arpStatic && csrpStatic
        ? 'A'
        : arpStatic
          ? REOFFENDING_TABLE[r1.row]![0]!
          : REOFFENDING_TABLE[0]![r1.column]!;
    const reach = highestExcept(results, 'reoffending');
    if (compareV3Tiers(reach, needed) < 0) {
      const which =
        arpStatic && csrpStatic
          ? 'ARP and CSRP are static scores'
          : arpStatic
            ? 'ARP is a static score'
            : 'CSRP is a static score';
      reasons.push({
        test: 'STATIC_PREDICTORS',
        otherRulesReach: reach,
        needed,
        text: `${which} and the other rules reach only ${reach}, below ${needed}: a full (dynamic) assessment would confirm the tier`,
      });
    }
  }

  if (rosh === null) {
    const bothDynamic = arp.staticOrDynamic === 'DYNAMIC' && csrp.staticOrDynamic === 'DYNAMIC';
    const reach = bothDynamic
      ? highestExcept(results, 'mappaRosh')
      : highestExcept(results, 'mappaRosh', 'reoffending');
    const needed: V3Tier = mappa ? 'A' : 'C';
    if (compareV3Tiers(reach, needed) < 0) {
      reasons.push({
        test: 'MISSING_ROSH',
        otherRulesReach: reach,
        needed,
        text: `No RoSH is recorded${mappa ? ' for a MAPPA case' : ''} and the ${bothDynamic ? 'other rules' : 'rules other than static or untyped ARP and CSRP'} reach only ${reach}, below ${needed}: a RoSH assessment would confirm the tier`,
      });
    }
  }
  return reasons;
}

// ---- The calculation ---------------------------------------------------------------------------------

/** The outcome for a person no rule is evaluated for. */
function statusOnly(
  base: Pick<SingleAxisResult, 'modelVersion' | 'calculationDate' | 'derived'>,
  tier: 'MISSING' | 'NOT_SUPERVISED',
  summary: string,
): SingleAxisOutcome {
  return {
    ok: true,
    result: {
      ...base,
      tier,
      provisional: false,
      ruleResults: null,
      explanation: { summary, rules: [], decidedBy: [], provisionalReasons: [] },
    },
  };
}

export function calculateSingleAxisTier(input: SingleAxisInput): SingleAxisOutcome {
  const errors = singleAxisInputIssues(input);
  if (errors.length > 0) return { ok: false, errors };

  const flags = deriveRegistrationFlags(input.registrations ?? []);
  const derived: V3Derived = {
    rosh: flags.rosh,
    mappaCategory: flags.mappaCategory,
    liferIpp: flags.liferIpp,
    domesticAbuse: flags.domesticAbuse,
    stalking: flags.stalking,
    childProtection: flags.childProtection,
  };
  const base = { modelVersion: V3_MODEL_VERSION, calculationDate: input.calculationDate, derived } as const;

  if (!input.hasActiveEvent)
    return statusOnly(base, 'NOT_SUPERVISED', 'No active event: the person is not currently supervised');
  const arp = input.oasysPredictors?.arp;
  const csrp = input.oasysPredictors?.csrp;
  if (!arp || !csrp) {
    return statusOnly(
      base,
      'MISSING',
      'No 2026 ARP and CSRP scores: a risk assessment is needed before a tier can be given',
    );
  }

  const r1 = reoffendingRule(arp, csrp);
  const rules: V3RuleExplanation[] = [
    {
      rule: r1.rule,
      ref: r1.ref,
      title: r1.title,
      tier: r1.tier,
      text: r1.text,
      alternatives: r1.alternatives,
    },
    sexualReoffendingRule(input.oasysPredictors?.dcSrp),
    mappaRoshRule(flags.rosh, flags.mappaCategory),
    liferIppRule(flags.liferIpp, input.latestReleaseDate ?? null, input.calculationDate),
    flagRule(
      'domesticAbuse',
      flags.domesticAbuse,
      'E',
      'Domestic abuse registration (ADVP or REG30)',
      'No domestic abuse registration',
    ),
    flagRule(
      'stalking',
      flags.stalking,
      'F',
      'Stalking protection order registration (SPO)',
      'No stalking registration',
    ),
    flagRule(
      'childProtection',
      flags.childProtection,
      'F',
      'Child protection registration (RCPR)',
      'No child protection registration',
    ),
    flagRule(
      'sexualOffences',
      input.everCommittedSexualOffence === true,
      'E',
      'Has committed a sexual or sexually motivated offence',
      'No sexual or sexually motivated offence recorded',
    ),
  ];
  const ruleResults = Object.fromEntries(rules.map((r) => [r.rule, r.tier])) as V3RuleResults;
  const tier = highest(rules.map((r) => r.tier));
  const decidedBy = rules.filter((r) => r.tier === tier).map((r) => r.rule);
  const reasons = provisionalReasons(ruleResults, arp, csrp, r1, flags.rosh, flags.mappaCategory !== null);
  const provisional = reasons.length > 0;
  const because =
    decidedBy.length === 0
      ? 'no rule gives a tier'
      : rules
          .filter((r) => r.tier === tier)
          .map((r) => r.text)
          .join('; ');
  return {
    ok: true,
    result: {
      ...base,
      tier,
      provisional,
      ruleResults,
      explanation: {
        summary: `Tier ${tier}${provisional ? ' (provisional)' : ''}: ${because}`,
        rules,
        decidedBy,
        provisionalReasons: reasons,
      },
    },
  };
}
