import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { offenceFreeMonths } from './age.js';
import { remembered } from '../remembered.js';
import { Dec, decimalOf, lnOfRatioTimes, times, toJsonNumber, ZERO } from './decimal.js';
import {
  addOffenceLookupError,
  checkedAgeAtConviction,
  checkedAgeAtFollowUpStart,
  checkFirstSanctionNotAfterConviction,
  LEGACY_MINIMUM_AGE,
  readAgeAtFirstSanction,
  readTotalSanctions,
  readViolentSanctions,
} from './legacy-checks.js';
import type { Outcome } from './outcome.js';
import {
  type LegacyOffenceWeights,
  lookupLegacyOffence,
  offenceCodeMappingVersion,
} from './offence-code-mapping.js';
import { polynomial } from './polynomial.js';
import {
  type Item02,
  type RiskField,
  type RiskInput,
  readEnumList,
  riskRequestSchema,
  SCORE_TYPE_CHOICES,
  SERIOUS_CONVICTION_KINDS,
  type SeriousConvictionKind,
  SEXES,
  type Sex,
  SUPERVISION_STATUSES,
} from './risk-inputs.js';
import { logisticScore } from './logistic-score.js';

// SNSV, the Serious Non-Sexual Violence predictor (risk-predictors.md §8; calculation-api.md §6.8): a static
// or dynamic logistic model with no bands of its own. It feeds RSR.

export const SNSV_MODEL_VERSION = 'SNSV-OASYS-1';
export const SNSV_THRESHOLDS_VERSION = 'NONE';

type BySex = Readonly<Record<Sex, string>>;

/** One column of the §8.2 table. */
interface SnsvCoefficients {
  intercept: string;
  female: string;
  /** c0…c3 of a·(c0 + c1·a + c2·a² + c3·a³), by sex. */
  age: Readonly<Record<Sex, readonly string[]>>;
  offence: (w: LegacyOffenceWeights) => string;
  secondSanctionGap: BySex;
  /** d0…d3 of m·(d0 + d1·m + d2·m² + d3·m³). */
  offenceFreeMonths: readonly string[];
  threePlus: BySex;
  neverViolent: BySex;
  onceViolent: string;
  perViolentSanction: string;
  violenceRate: string;
  vatp: (w: LegacyOffenceWeights) => string;
  perSanction: string;
  firstSanction: string;
  secondSanction: string;
}

const STATIC: SnsvCoefficients = {
  intercept: '3.60407707356772',
  female: '-16.6220270089011',
  age: {
    MALE: ['-0.546062410902905', '0.0170043887737295', '-0.000232716989498981', '0.000001094922933981'],
    FEMALE: ['1.09365106131567', '-0.042733609488121', '0.000697583963826421', '-4.04895085233227e-6'],
  },
  offence: (w) => w.snsvStatic,
  secondSanctionGap: { MALE: '-0.0292205730647305', FEMALE: '-0.0841673003341906' },
  offenceFreeMonths: [
    '-0.038382727965819',
    '0.000548515180678996',
    '0.0000662558757635182',
    '-1.59636460181398e-6',
  ],
  threePlus: { MALE: '0.769213898314811', FEMALE: '0.793186572461819' },
  neverViolent: { MALE: '-0.942816163300621', FEMALE: '-2.32321324569237' },
  onceViolent: '-0.0633592949212861',
  perViolentSanction: '0.0188685880078656',
  violenceRate: '0.207442427665471',
  vatp: (w) => w.vatpStatic,
  perSanction: '-0.0147495874606046',
  firstSanction: '-2.09447596484765',
  secondSanction: '-1.67613460779912',
};

const DYNAMIC: SnsvCoefficients = {
  intercept: '2.39022796091603',
  female: '-16.6927292697847',
  age: {
    MALE: ['-0.508802063507919', '0.0153890192629454', '-0.000208800171123703', '9.83824143383739e-7'],
    FEMALE: ['1.1436499550056', '-0.0448159815299769', '0.000731812620052307', '-4.24504210770651e-6'],
  },
  offence: (w) => w.snsvDynamic,
  secondSanctionGap: { MALE: '-0.0271828619470523', FEMALE: '-0.0960719132524968' },
  offenceFreeMonths: [
    '-0.0368447371150021',
    '0.000557887384281899',
    '0.0000615531052486415',
    '-1.49652694510477e-6',
  ],
  threePlus: { MALE: '0.689153313085879', FEMALE: '0.76704149890481' },
  neverViolent: { MALE: '-0.35940007303088', FEMALE: '-1.7513536371131' },
  onceViolent: '-0.101514048705338',
  perViolentSanction: '0.021160895925655',
  violenceRate: '0.0549319831836878',
  vatp: (w) => w.vatpDynamic,
  perSanction: '-0.0182592921752245',
  firstSanction: '-1.89458617745666',
  secondSanction: '-1.51763151836726',
};

const ITEM_WEIGHTS = {
  weapon: '0.15071282416667',
  accommodation: '0.0619710049121293',
  /** OASys records unemployment (S4Q2) as 2, so the weight counts twice (§2.2). */
  unemployed: '0.0389109699626767',
  partner: '0.0259107268767618',
  chronicDrink: '0.0935672441515258',
  binge: '0.0567127896345591',
  impulsivity: '0.077212834605957',
  temper: '0.0482892034688302',
  procrim: '0.130830533773332',
  dv: '0.0847839330659903',
} as const;
const UNEMPLOYED_SCORE = 2;

/** Presence flags: each kind adds its weight once, however many convictions of that kind (§8.2, §12). */
const PREVIOUS_SERIOUS_CONVICTION_WEIGHTS: Readonly<Record<SeriousConvictionKind, string>> = {
  HOMICIDE: '0.399463399258737',
  WOUNDING_GBH: '0.451029720739399',
  KIDNAPPING: '0.0749101406070305',
  FIREARMS: '0.218055028351022',
  ROBBERY: '0.163248217650296',
  AGGRAVATED_BURGLARY: '0.506616685297771',
  WEAPON: '0.184104582611966',
  CRIMINAL_DAMAGE: '0.357345708081477',
  ARSON: '0.12261588608151',
};

/** The Copas denominator adds 12 years to the criminal career length; the violence rate adds 30. */
const COPAS_CAREER_BOOST = 12;
const VIOLENCE_RATE_CAREER_BOOST = 30;

/** The terms in the order calculation-api.md §6.8 lists them, which is the order they are reported. */
const STATIC_TERMS = [
  'intercept',
  'gender',
  'agePoly',
  'offence',
  'secondSanctionGap',
  'ofm',
  'threePlus',
  'violentHistory',
  'violentSanctions',
  'violenceRate',
  'vatp',
  'totalSanctions',
  'numberOfSanctions',
] as const;
const DYNAMIC_TERMS = [
  'weapon',
  'accommodation',
  'unemployed',
  'partner',
  'chronicDrink',
  'binge',
  'impulsivity',
  'temper',
  'procrim',
  'dv',
  'prevConv',
] as const;
export type SnsvStaticTerm = (typeof STATIC_TERMS)[number];
export type SnsvDynamicTerm = (typeof DYNAMIC_TERMS)[number];

/** The dynamic items in the order the contract lists them (and a MISSING_DYNAMIC_INPUT lists them). */
const DYNAMIC_ITEMS = [
  'weaponInCurrentOffence',
  'accommodationSuitability',
  'unemployed',
  'partnerRelationship',
  'alcoholCurrentUse',
  'alcoholBingeDrinking',
  'impulsivity',
  'temperControl',
  'proCriminalAttitudes',
  'previousSeriousConvictions',
  'evidenceOfDomesticAbuse',
  'domesticAbuseAgainstPartner',
] as const satisfies readonly RiskField[];

interface HistoryFacts {
  sex: Sex;
  /** a */
  ageAtFollowUpStart: number;
  /** ac */
  ageAtConviction: number;
  /** af */
  ageAtFirstSanction: number;
  /** S */
  totalSanctions: number;
  /** V */
  violentSanctions: number;
  /** m = min(36, whole months from follow-up start to assessment), 0 when the assessment is not later. */
  offenceFreeMonths: number;
  offence: LegacyOffenceWeights;
}

interface DynamicAnswers {
  weaponInCurrentOffence: boolean;
  accommodationSuitability: Item02;
  unemployed: boolean;
  partnerRelationship: Item02;
  alcoholCurrentUse: Item02;
  alcoholBingeDrinking: Item02;
  impulsivity: Item02;
  temperControl: Item02;
  proCriminalAttitudes: Item02;
  previousSeriousConvictions: SeriousConvictionKind[];
  /** Derived: false without evidence of domestic abuse, otherwise the "against partner" answer (§8.1). */
  domesticViolencePerpetrator: boolean;
}

function historyTerms(c: SnsvCoefficients, f: HistoryFacts): Record<SnsvStaticTerm, Dec> {
  const S = f.totalSanctions;
  const V = f.violentSanctions;
  const career = f.ageAtConviction - f.ageAtFirstSanction;
  // Every term is a shared decimal (a coefficient or a remembered product), so the sum converts each only once.
  const zero = ZERO;
  return {
    intercept: decimalOf(c.intercept),
    gender: f.sex === 'FEMALE' ? decimalOf(c.female) : zero,
    agePoly: polynomial(c.age[f.sex], f.ageAtFollowUpStart),
    offence: decimalOf(c.offence(f.offence)),
    secondSanctionGap: S === 2 ? times(c.secondSanctionGap[f.sex], career) : zero,
    ofm: polynomial(c.offenceFreeMonths, f.offenceFreeMonths),
    threePlus: S >= 3 ? lnOfRatioTimes(S, career + COPAS_CAREER_BOOST, c.threePlus[f.sex]) : zero,
    violentHistory: V === 0 ? decimalOf(c.neverViolent[f.sex]) : V === 1 ? decimalOf(c.onceViolent) : zero,
    violentSanctions: times(c.perViolentSanction, V),
    violenceRate: V > 0 ? lnOfRatioTimes(V, career + VIOLENCE_RATE_CAREER_BOOST, c.violenceRate) : zero,
    vatp: decimalOf(c.vatp(f.offence)),
    totalSanctions: times(c.perSanction, S),
    numberOfSanctions: S === 1 ? decimalOf(c.firstSanction) : S === 2 ? decimalOf(c.secondSanction) : zero,
  };
}

/** The previous-convictions weight of the distinct kinds, in the order given (the order of the additions). */
const previousConvictionsTerm = remembered((kinds: string): Dec =>
  (kinds === '' ? [] : (kinds.split(',') as SeriousConvictionKind[])).reduce(
    (sum, kind) => sum.plus(PREVIOUS_SERIOUS_CONVICTION_WEIGHTS[kind]),
    new Dec(0),
  ),
);

function dynamicTerms(d: DynamicAnswers): Record<SnsvDynamicTerm, Dec> {
  const w = ITEM_WEIGHTS;
  const scored = times;
  return {
    weapon: d.weaponInCurrentOffence ? decimalOf(w.weapon) : ZERO,
    accommodation: scored(w.accommodation, d.accommodationSuitability),
    unemployed: scored(w.unemployed, d.unemployed ? UNEMPLOYED_SCORE : 0),
    partner: scored(w.partner, d.partnerRelationship),
    chronicDrink: scored(w.chronicDrink, d.alcoholCurrentUse),
    binge: scored(w.binge, d.alcoholBingeDrinking),
    impulsivity: scored(w.impulsivity, d.impulsivity),
    temper: scored(w.temper, d.temperControl),
    procrim: scored(w.procrim, d.proCriminalAttitudes),
    dv: d.domesticViolencePerpetrator ? decimalOf(w.dv) : ZERO,
    prevConv: previousConvictionsTerm([...new Set(d.previousSeriousConvictions)].join(',')),
  };
}

/** Reads the static inputs and their checks (§8.1). Returns the facts only when all are present and valid. */
function readHistory(r: RequestReader, calculationDate: string): HistoryFacts | undefined {
  const sex = r.enumValue('sex', SEXES);
  const dob = r.date('dateOfBirth');
  const conviction = r.date('convictionDate');
  const followUp = r.date('followUpStartDate');
  const S = readTotalSanctions(r);
  const V = readViolentSanctions(r, S);
  const firstSanction = readAgeAtFirstSanction(r, dob);
  if (!r.has('offenceCode')) r.addMissing('offenceCode');
  const offence = r.has('offenceCode') ? lookupLegacyOffence(r.raw('offenceCode')) : undefined;
  // Required, but not used by the formula (§8.1).
  r.enumValue('supervisionStatus', SUPERVISION_STATUSES);
  const assessment = r.date('assessmentDate', { required: false }) ?? calculationDate;

  const ac = checkedAgeAtConviction(r, dob, conviction, LEGACY_MINIMUM_AGE);
  const a = checkedAgeAtFollowUpStart(r, dob, followUp, LEGACY_MINIMUM_AGE);
  if (conviction !== undefined && followUp !== undefined && followUp < conviction) {
    r.addError(
      'FOLLOW_UP_DATE_BEFORE_CONVICTION_DATE',
      'followUpStartDate must not be before convictionDate',
      ['followUpStartDate', 'convictionDate'],
    );
  }
  checkFirstSanctionNotAfterConviction(r, firstSanction, ac);
  if (offence && 'error' in offence) addOffenceLookupError(r, offence.error);

  const af = firstSanction.age;
  if (
    r.issues().length > 0 ||
    sex === undefined ||
    a === undefined ||
    ac === undefined ||
    af === undefined ||
    S === undefined ||
    V === undefined ||
    followUp === undefined ||
    !offence ||
    'error' in offence
  ) {
    return undefined;
  }
  return {
    sex,
    ageAtFollowUpStart: a,
    ageAtConviction: ac,
    ageAtFirstSanction: af,
    totalSanctions: S,
    violentSanctions: V,
    offenceFreeMonths: offenceFreeMonths(followUp, assessment),
    offence: offence.weights,
  };
}

/** Reads the dynamic items; `missing` lists those absent, in contract order. */
function readDynamic(r: RequestReader): { answers: DynamicAnswers | undefined; missing: string[] } {
  const optional = { required: false };
  const values = {
    weaponInCurrentOffence: r.boolean('weaponInCurrentOffence', optional),
    accommodationSuitability: r.item02('accommodationSuitability', optional),
    unemployed: r.boolean('unemployed', optional),
    partnerRelationship: r.item02('partnerRelationship', optional),
    alcoholCurrentUse: r.item02('alcoholCurrentUse', optional),
    alcoholBingeDrinking: r.item02('alcoholBingeDrinking', optional),
    impulsivity: r.item02('impulsivity', optional),
    temperControl: r.item02('temperControl', optional),
    proCriminalAttitudes: r.item02('proCriminalAttitudes', optional),
    previousSeriousConvictions: readEnumList(
      r,
      'previousSeriousConvictions',
      SERIOUS_CONVICTION_KINDS,
      optional,
    ),
    evidenceOfDomesticAbuse: r.boolean('evidenceOfDomesticAbuse', optional),
    domesticAbuseAgainstPartner: r.boolean('domesticAbuseAgainstPartner', optional),
  };
  // "Against partner" is an item only when there is evidence of domestic abuse; without evidence the
  // perpetrator flag is false whatever it says.
  const needed = DYNAMIC_ITEMS.filter(
    (f) => f !== 'domesticAbuseAgainstPartner' || values.evidenceOfDomesticAbuse === true,
  );
  const missing = needed.filter((f) => !r.has(f));
  const { evidenceOfDomesticAbuse, domesticAbuseAgainstPartner, ...items } = values;
  const domesticViolencePerpetrator = evidenceOfDomesticAbuse === false ? false : domesticAbuseAgainstPartner;
  if (Object.values(items).some((v) => v === undefined) || domesticViolencePerpetrator === undefined)
    return { answers: undefined, missing };
  return {
    answers: {
      ...(items as Omit<DynamicAnswers, 'domesticViolencePerpetrator'>),
      domesticViolencePerpetrator,
    },
    missing,
  };
}

export type SnsvScoreType = 'STATIC' | 'DYNAMIC' | 'STATIC_WITH_VALIDATION_ERRORS';

export type SnsvResult = {
  modelVersion: string;
  thresholdsVersion: string;
  offenceDataVersion: string;
  scoreType: SnsvScoreType;
  probability: number;
  percent2dp: number;
  linearPredictor: number;
  /** Every term of the log-odds sum; the dynamic terms only in a dynamic score. */
  components: Record<SnsvStaticTerm, number> & Partial<Record<SnsvDynamicTerm, number>>;
};

export type SnsvInput = RiskInput<
  | 'sex'
  | 'dateOfBirth'
  | 'convictionDate'
  | 'followUpStartDate'
  | 'totalSanctions'
  | 'violentSanctions'
  | 'offenceCode'
  | 'supervisionStatus',
  | 'ageAtFirstSanction'
  | 'firstSanctionDate'
  | 'assessmentDate'
  | 'forceScoreType'
  | (typeof DYNAMIC_ITEMS)[number]
>;

/** Validates a request and computes SNSV, or refuses with every problem found. */
export function evaluateSnsv(request: CalcRequest, calculationDate: string): Outcome<SnsvResult> {
  const r = new RequestReader(request);
  const warnings: CalcIssue[] = [];
  const history = readHistory(r, calculationDate);
  const force = r.enumValue('forceScoreType', SCORE_TYPE_CHOICES, { required: false });
  const dynamic = readDynamic(r);
  const errors = r.issues();
  if (errors.length > 0 || history === undefined) return { errors, warnings };

  let scoreType: SnsvScoreType;
  if (force === 'STATIC') {
    scoreType = 'STATIC';
  } else if (dynamic.answers !== undefined) {
    scoreType = 'DYNAMIC';
  } else if (force === 'DYNAMIC') {
    const message = `forceScoreType DYNAMIC needs every dynamic item; missing: ${dynamic.missing.join(', ')}`;
    return { errors: [{ type: 'MISSING_DYNAMIC_INPUT', message, fields: dynamic.missing }], warnings };
  } else {
    scoreType = 'STATIC_WITH_VALIDATION_ERRORS';
    warnings.push({
      type: 'MISSING_DYNAMIC_INPUT',
      message: 'Dynamic items missing, so the static model was used',
      fields: dynamic.missing,
    });
  }

  const historyByName = historyTerms(scoreType === 'DYNAMIC' ? DYNAMIC : STATIC, history);
  const terms: [string, Dec][] = STATIC_TERMS.map((name) => [name, historyByName[name]]);
  if (scoreType === 'DYNAMIC' && dynamic.answers !== undefined) {
    const itemsByName = dynamicTerms(dynamic.answers);
    terms.push(...DYNAMIC_TERMS.map((name): [string, Dec] => [name, itemsByName[name]]));
  }
  const score = logisticScore(terms.map(([, v]) => v));
  return {
    result: {
      modelVersion: SNSV_MODEL_VERSION,
      thresholdsVersion: SNSV_THRESHOLDS_VERSION,
      offenceDataVersion: offenceCodeMappingVersion,
      scoreType,
      probability: score.probability,
      percent2dp: score.percent2dp,
      linearPredictor: score.linearPredictor,
      components: Object.fromEntries(terms.map(([k, v]) => [k, toJsonNumber(v)])) as SnsvResult['components'],
    },
    warnings,
  };
}

/** SNSV for application code: the same validation and arithmetic as the `snsv` calculator. */
export function calculateSnsv(input: SnsvInput, calculationDate: string): Outcome<SnsvResult> {
  return evaluateSnsv({ ...input }, calculationDate);
}

export const SNSV_FIELDS = [
  'sex',
  'dateOfBirth',
  'convictionDate',
  'followUpStartDate',
  'totalSanctions',
  'violentSanctions',
  'ageAtFirstSanction',
  'firstSanctionDate',
  'offenceCode',
  'supervisionStatus',
  'assessmentDate',
  'forceScoreType',
  ...DYNAMIC_ITEMS,
] as const satisfies readonly RiskField[];

export const snsvCalculator: Calculator = {
  name: 'snsv',
  modelVersion: SNSV_MODEL_VERSION,
  knownFields: SNSV_FIELDS,
  requestSchema: riskRequestSchema(SNSV_FIELDS, [
    'sex',
    'dateOfBirth',
    'convictionDate',
    'followUpStartDate',
    'totalSanctions',
    'violentSanctions',
    'offenceCode',
    'supervisionStatus',
  ]),
  calculate: (request, calculationDate) => evaluateSnsv(request, calculationDate),
};
