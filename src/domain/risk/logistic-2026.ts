import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { addMonths, ageAt, offenceFreeMonths } from './age.js';
import {
  type AgeAtFirstSanctionSource,
  checkedAgeAtConviction,
  checkedAgeAtFollowUpStart,
  checkFirstSanctionNotAfterConviction,
} from './legacy-checks.js';
import { bandFromCutOffs, type RiskBand } from './bands.js';
import {
  Dec,
  decimalOf,
  lnOfRatioSquaredTimes,
  lnOfRatioTimes,
  times,
  toJsonNumber,
  ZERO,
} from './decimal.js';
import { logisticScore } from './logistic-score.js';
import { remembered } from '../remembered.js';
import { type ActuarialCategory, lookupActuarialCategory, offenceCategoriesVersion } from './offence-data.js';
import type { Outcome } from './outcome.js';
import { polynomial } from './polynomial.js';
import {
  DRUGS,
  type Drug,
  type Item02,
  RELATIONSHIP_STATUSES,
  type RelationshipStatus,
  type RiskField,
  riskRequestSchema,
  SCORE_TYPE_CHOICES,
  SERIOUS_CONVICTION_KINDS,
  type ScoreTypeChoice,
  type SeriousConvictionKind,
  SEXES,
  type Sex,
  readEnumList,
} from './risk-inputs.js';

// The engine shared by ARP, VRP and SVRP (risk-predictors.md §11.1–11.6, calculation-api.md §6.10): the
// criminal-history terms built from one coefficient set, the dynamic items each model adds, and the choice
// between the static and the dynamic model. Each model file supplies only its coefficients and its items.

export type BySex<T = string> = Readonly<Record<Sex, T>>;

/** One column of risk-predictors.md §11.2–11.3. Coefficients are decimal strings so no digit is lost. */
export interface HistoryCoefficients {
  intercept: string;
  /** k1, k2, …: the age polynomial Σ kᵢ·aⁱ. */
  age: BySex<readonly string[]>;
  female: string;
  firstSanction: string;
  secondSanction: string;
  perSanction: string;
  /** (ac − af) × this, when S = 2. */
  gap: BySex;
  /** j1, j2, …: Σ jᵢ·mⁱ over offence-free months. */
  offenceFreeMonths: readonly string[];
  /** ln(S ÷ (ac − af + copasBoost)) × this, when S ≥ 3. */
  copas: BySex;
  /** ARP only: the square of the same logarithm × this. */
  copasSquared?: BySex;
  /** VRP and SVRP only. */
  violence?: { never: BySex; once: string; perViolent: string; rate: string };
  offence: Readonly<Record<ActuarialCategory, string>>;
  /** SVRP only: the violence add-on of the "x + y" category cells, reported as `vatp`. */
  violenceAddOn?: Readonly<Partial<Record<ActuarialCategory, string>>>;
}

/** The violence-rate denominator adds 30 to the years between first sanction and conviction (§11.1). */
const VIOLENCE_RATE_BOOST = 30;

/** The criminal-history facts every 2026 logistic model starts from. */
export interface HistoryFacts {
  sex: Sex;
  /** a: age at the follow-up start. */
  ageAtFollowUpStart: number;
  /** ac */
  ageAtConviction: number;
  /** af */
  ageAtFirstSanction: number;
  /** S */
  totalSanctions: number;
  /** V; read only by models with violence terms. */
  violentSanctions: number;
  /** m: whole months from follow-up start to assessment, 0 if the assessment comes first, at most 36. */
  offenceFreeMonths: number;
  category: ActuarialCategory;
}

type Terms = [name: string, value: Dec][];

function historyTerms(c: HistoryCoefficients, f: HistoryFacts, copasBoost: number): Terms {
  // Every term is a shared decimal (a coefficient or a remembered product), so the sum converts each only once.
  const S = f.totalSanctions;
  const years = f.ageAtConviction - f.ageAtFirstSanction;
  const zero = ZERO;
  const copas = S >= 3;
  const terms: Terms = [
    ['intercept', decimalOf(c.intercept)],
    ['gender', f.sex === 'FEMALE' ? decimalOf(c.female) : zero],
    ['agePoly', polynomial(c.age[f.sex], f.ageAtFollowUpStart)],
    ['offence', decimalOf(c.offence[f.category])],
    [
      'numberOfSanctions',
      S === 1 ? decimalOf(c.firstSanction) : S === 2 ? decimalOf(c.secondSanction) : zero,
    ],
    ['totalSanctions', times(c.perSanction, S)],
    ['secondSanctionGap', S === 2 ? times(c.gap[f.sex], years) : zero],
    ['ofm', polynomial(c.offenceFreeMonths, f.offenceFreeMonths)],
    ['threePlus', copas ? lnOfRatioTimes(S, years + copasBoost, c.copas[f.sex]) : zero],
  ];
  if (c.copasSquared) {
    terms.push([
      'threePlusSquared',
      copas ? lnOfRatioSquaredTimes(S, years + copasBoost, c.copasSquared[f.sex]) : zero,
    ]);
  }
  if (c.violence) {
    const V = f.violentSanctions;
    const v = c.violence;
    terms.push(
      ['violentHistory', V === 0 ? decimalOf(v.never[f.sex]) : V === 1 ? decimalOf(v.once) : zero],
      ['violentSanctions', times(v.perViolent, V)],
      ['violenceRate', V > 0 ? lnOfRatioTimes(V, years + VIOLENCE_RATE_BOOST, v.rate) : zero],
    );
  }
  if (c.violenceAddOn) terms.push(['vatp', decimalOf(c.violenceAddOn[f.category] ?? '0')]);
  return terms;
}

/** Every dynamic answer any of the three models reads (calculation-api.md §6.1). */
export interface DynamicAnswers {
  accommodationSuitability?: Item02;
  unemployed?: boolean;
  partnerRelationship?: Item02;
  evidenceOfDomesticAbuse?: boolean;
  relationshipStatus?: RelationshipStatus;
  regularActivitiesEncourageOffending?: Item02;
  motivationToTackleDrugMisuse?: Item02;
  drugsUsed?: Drug[];
  alcoholCurrentUse?: Item02;
  alcoholBingeDrinking?: Item02;
  impulsivity?: Item02;
  temperControl?: Item02;
  proCriminalAttitudes?: Item02;
  weaponInCurrentOffence?: boolean;
  previousSeriousConvictions?: SeriousConvictionKind[];
}
export type DynamicField = keyof DynamicAnswers;

const dynamicReaders: { [K in DynamicField]: (r: RequestReader, name: K) => DynamicAnswers[K] } = {
  accommodationSuitability: (r, n) => r.item02(n, { required: false }),
  unemployed: (r, n) => r.boolean(n, { required: false }),
  partnerRelationship: (r, n) => r.item02(n, { required: false }),
  evidenceOfDomesticAbuse: (r, n) => r.boolean(n, { required: false }),
  relationshipStatus: (r, n) => r.enumValue(n, RELATIONSHIP_STATUSES, { required: false }),
  regularActivitiesEncourageOffending: (r, n) => r.item02(n, { required: false }),
  motivationToTackleDrugMisuse: (r, n) => r.item02(n, { required: false }),
  drugsUsed: (r, n) => readEnumList(r, n, DRUGS, { required: false }),
  alcoholCurrentUse: (r, n) => r.item02(n, { required: false }),
  alcoholBingeDrinking: (r, n) => r.item02(n, { required: false }),
  impulsivity: (r, n) => r.item02(n, { required: false }),
  temperControl: (r, n) => r.item02(n, { required: false }),
  proCriminalAttitudes: (r, n) => r.item02(n, { required: false }),
  weaponInCurrentOffence: (r, n) => r.boolean(n, { required: false }),
  previousSeriousConvictions: (r, n) => readEnumList(r, n, SERIOUS_CONVICTION_KINDS, { required: false }),
};

/** The answers a dynamic model may rely on: its required items are all present. */
export type CompleteAnswers<F extends DynamicField> = DynamicAnswers & {
  [K in F]-?: NonNullable<DynamicAnswers[K]>;
};

/** A model: S names its static terms, D its required dynamic items and T its dynamic terms. */
export interface Logistic2026Model<S extends string, D extends DynamicField, T extends string> {
  name: string;
  modelVersion: string;
  thresholdsVersion: string;
  /** MEDIUM, HIGH and VERY_HIGH cut-offs on percent2dp (§11.5). */
  cutOffs: readonly [number, number, number];
  /** Added to (ac − af) in the Copas denominator: 26 for ARP, 12 for VRP and SVRP. */
  copasBoost: number;
  usesViolentSanctions: boolean;
  /** ARP and VRP refuse a score that rounds to 0.00 % (SCORE_BELOW_REPORTABLE_RANGE). */
  refusesZeroScore: boolean;
  static: HistoryCoefficients;
  dynamic: HistoryCoefficients;
  /** The static terms in the order calculation-api.md §6.10 lists them, which is the order they are reported. */
  staticTerms: readonly S[];
  /** Items a dynamic score needs, in the order the contract lists them (and the warning reports them). */
  dynamicItems: readonly D[];
  /** Items read when present but not needed (drug flags, and ARP's drug motivation). */
  optionalItems: readonly DynamicField[];
  /** Drug motivation must be given when any drug is listed (§11.6), for ARP and VRP. */
  checksDrugMotivation: boolean;
  dynamicTerms(answers: CompleteAnswers<D>): Record<T, Dec>;
}

export type ScoreType = 'STATIC' | 'DYNAMIC';

export type Logistic2026Result<S extends string, T extends string> = {
  modelVersion: string;
  thresholdsVersion: string;
  offenceDataVersion: string;
  offenceCategory: ActuarialCategory;
  scoreType: ScoreType;
  probability: number;
  percent2dp: number;
  band: RiskBand;
  linearPredictor: number;
  /** Every term of the log-odds sum; the dynamic terms only in a dynamic score. */
  components: Record<S, number> & Partial<Record<T, number>>;
};

/** The static request fields of the three models, in the order missing ones are reported. */
const HISTORY_FIELDS = [
  'sex',
  'dateOfBirth',
  'convictionDate',
  'ageAtFirstSanction',
  'firstSanctionDate',
  'offenceCode',
  'totalSanctions',
  'violentSanctions',
  'followUpStartDate',
  'assessmentDate',
  'forceScoreType',
] as const satisfies readonly RiskField[];

const MAX_TOTAL_SANCTIONS = 999;
const MAX_AGE_AT_FIRST_SANCTION = 109;
const FOLLOW_UP_AGE_LIMIT = 110;
const CONVICTION_AFTER_ASSESSMENT_MONTHS = 3;

/**
 * Reads and checks the criminal-history inputs (§11.6 "static checks"). Returns the facts only when every
 * one is present and valid; otherwise the problems are on the reader.
 */
function readHistory(
  r: RequestReader,
  usesViolentSanctions: boolean,
  calculationDate: string,
): HistoryFacts | undefined {
  const sex = r.enumValue('sex', SEXES);
  const dob = r.date('dateOfBirth');
  const conviction = r.date('convictionDate');
  const firstSanction = readAgeAtFirstSanction2026(r, dob);

  let lookup: ReturnType<typeof lookupActuarialCategory> | undefined;
  if (r.has('offenceCode')) lookup = lookupActuarialCategory(r.raw('offenceCode'));
  else r.addMissing('offenceCode');

  const S = r.integer('totalSanctions');
  const V = usesViolentSanctions ? r.integer('violentSanctions') : 0;
  const followUpSource = r.has('followUpStartDate') ? 'followUpStartDate' : 'convictionDate';
  const followUp = followUpSource === 'followUpStartDate' ? r.date('followUpStartDate') : conviction;
  const assessment = r.has('assessmentDate') ? r.date('assessmentDate') : calculationDate;

  const sanctionsOk = S !== undefined && S >= 1 && S <= MAX_TOTAL_SANCTIONS;
  if (S !== undefined && !sanctionsOk) {
    r.addError(
      'TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE',
      `totalSanctions must be between 1 and ${MAX_TOTAL_SANCTIONS}`,
      ['totalSanctions'],
    );
  }
  if (usesViolentSanctions && V !== undefined) {
    if (V < 0) {
      r.addError('VIOLENT_SANCTION_OUT_OF_RANGE', 'violentSanctions must not be negative', [
        'violentSanctions',
      ]);
    } else if (sanctionsOk && V > S) {
      r.addError('VIOLENT_SANCTION_OUT_OF_RANGE', 'violentSanctions must not be more than totalSanctions', [
        'violentSanctions',
        'totalSanctions',
      ]);
    }
  }
  // The 2026 models have no minimum age at conviction or follow-up start, only the order of the dates.
  const ac = checkedAgeAtConviction(r, dob, conviction, 0);
  const af = firstSanction.age;
  const afOk = checkFirstSanctionNotAfterConviction(r, firstSanction, ac);
  if (
    conviction !== undefined &&
    assessment !== undefined &&
    conviction > addMonths(assessment, CONVICTION_AFTER_ASSESSMENT_MONTHS)
  ) {
    r.addError(
      'DATE_OF_CURRENT_CONVICTION_WITHIN_THREE_MONTHS_OF_ASSESSMENT_DATE',
      'convictionDate must not be more than 3 months after assessmentDate',
      ['convictionDate', 'assessmentDate'],
    );
  }
  // A follow-up start defaulted from the conviction date is covered by the conviction-date check.
  let a: number | undefined;
  if (followUpSource === 'followUpStartDate' || ac !== undefined) {
    a = checkedAgeAtFollowUpStart(r, dob, followUp, 0);
    if (a !== undefined && a >= FOLLOW_UP_AGE_LIMIT) {
      r.addError(
        'DATE_OF_START_OF_FOLLOWUP_OUT_OF_RANGE',
        `The age at the follow-up start (${followUpSource}) must be below ${FOLLOW_UP_AGE_LIMIT}`,
        [followUpSource, 'dateOfBirth'],
      );
      a = undefined;
    }
  }
  if (lookup && 'error' in lookup) {
    const problem =
      lookup.error === 'OFFENCE_CODE_INCORRECT_FORMAT'
        ? 'offenceCode must be a string of exactly five digits'
        : `offenceCode ${String(r.raw('offenceCode'))} has no actuarial category in the offence reference data`;
    r.addError(lookup.error, problem, ['offenceCode']);
  }

  if (
    sex === undefined ||
    a === undefined ||
    ac === undefined ||
    af === undefined ||
    !afOk ||
    !sanctionsOk ||
    V === undefined ||
    followUp === undefined ||
    assessment === undefined ||
    !lookup ||
    'error' in lookup ||
    r.issues().length > 0
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
    category: lookup.category,
  };
}

/**
 * af for the 2026 family. As calculation-api.md §6.1: `ageAtFirstSanction`, else derived from
 * `firstSanctionDate`. Unlike the legacy models, an age outside 0–109 (a negative age included) is
 * AGE_AT_FIRST_SANCTION_OUT_OF_RANGE (§11.6), so the legacy reader's INVALID_VALUE for negatives does not fit.
 */
function readAgeAtFirstSanction2026(
  r: RequestReader,
  dob: string | undefined,
): { age: number | undefined; source: AgeAtFirstSanctionSource } {
  const given = r.integer('ageAtFirstSanction', { required: false });
  const date = r.date('firstSanctionDate', { required: false });
  if (!r.has('ageAtFirstSanction') && !r.has('firstSanctionDate')) r.addMissing('ageAtFirstSanction');
  const source: AgeAtFirstSanctionSource = r.has('ageAtFirstSanction')
    ? 'ageAtFirstSanction'
    : 'firstSanctionDate';
  const age =
    source === 'ageAtFirstSanction'
      ? given
      : date !== undefined && dob !== undefined
        ? ageAt(dob, date)
        : undefined;
  if (age !== undefined && (age < 0 || age > MAX_AGE_AT_FIRST_SANCTION)) {
    r.addError(
      'AGE_AT_FIRST_SANCTION_OUT_OF_RANGE',
      `The age at first sanction (${source}) must be between 0 and ${MAX_AGE_AT_FIRST_SANCTION}`,
      [source],
    );
    return { age: undefined, source };
  }
  return { age, source };
}

function hasAll<D extends DynamicField>(
  answers: DynamicAnswers,
  items: readonly D[],
): answers is CompleteAnswers<D> {
  return items.every((f) => answers[f] !== undefined);
}

type ModelChoice<D extends DynamicField> =
  { scoreType: 'DYNAMIC'; answers: CompleteAnswers<D> } | { scoreType: 'STATIC' } | { refused: CalcIssue };

/** The static-or-dynamic decision of calculation-api.md §6.10 (as §6.8, but a fallback is `STATIC`). */
function chooseModel<D extends DynamicField>(
  model: Logistic2026Model<string, D, string>,
  answers: DynamicAnswers,
  force: ScoreTypeChoice | undefined,
  warnings: CalcIssue[],
): ModelChoice<D> {
  if (force === 'STATIC') return { scoreType: 'STATIC' };
  const missing: string[] = model.dynamicItems.filter((f) => answers[f] === undefined);
  const drugsWithoutMotivation =
    model.checksDrugMotivation &&
    answers.motivationToTackleDrugMisuse === undefined &&
    (answers.drugsUsed ?? []).length > 0;
  if (force === 'DYNAMIC') {
    // Listed drugs make the motivation answer necessary, so under a forced dynamic score it is a missing item.
    if (drugsWithoutMotivation && !missing.includes('motivationToTackleDrugMisuse'))
      missing.push('motivationToTackleDrugMisuse');
    if (missing.length > 0) {
      return {
        refused: {
          type: 'MISSING_DYNAMIC_INPUT',
          message: `forceScoreType DYNAMIC needs every dynamic item; missing: ${missing.join(', ')}`,
          fields: missing,
        },
      };
    }
  }
  if (missing.length > 0) {
    warnings.push({
      type: 'MISSING_DYNAMIC_INPUT',
      message: 'Dynamic items missing, so the static model was used',
      fields: missing,
    });
  }
  if (drugsWithoutMotivation) {
    warnings.push({
      type: 'MOTIVATION_TO_TACKLE_DRUG_MISUSE_INCONSISTENT',
      message:
        'drugsUsed lists drugs but motivationToTackleDrugMisuse is missing, so the static model was used',
      fields: ['motivationToTackleDrugMisuse', 'drugsUsed'],
    });
  }
  if (missing.length > 0 || drugsWithoutMotivation || !hasAll(answers, model.dynamicItems))
    return { scoreType: 'STATIC' };
  return { scoreType: 'DYNAMIC', answers };
}

/** Validates a request and computes the model's score, or refuses with every problem found. */
export function calculateLogistic2026<S extends string, D extends DynamicField, T extends string>(
  model: Logistic2026Model<S, D, T>,
  request: CalcRequest,
  calculationDate: string,
): Outcome<Logistic2026Result<S, T>> {
  const r = new RequestReader(request);
  const warnings: CalcIssue[] = [];
  const history = readHistory(r, model.usesViolentSanctions, calculationDate);
  const force = r.enumValue('forceScoreType', SCORE_TYPE_CHOICES, { required: false });
  const answers: DynamicAnswers = {};
  for (const field of [...model.dynamicItems, ...model.optionalItems]) {
    (answers as Record<string, unknown>)[field] = (
      dynamicReaders[field] as (r: RequestReader, n: DynamicField) => unknown
    )(r, field);
  }
  const problems = r.issues();
  if (problems.length > 0 || history === undefined) return { errors: problems, warnings };

  const choice = chooseModel(model, answers, force, warnings);
  if ('refused' in choice) return { errors: [choice.refused], warnings };

  const coefficients = choice.scoreType === 'DYNAMIC' ? model.dynamic : model.static;
  const historyByName = new Map(historyTerms(coefficients, history, model.copasBoost));
  const terms: Terms = model.staticTerms.map((name) => {
    const value = historyByName.get(name);
    if (value === undefined) throw new Error(`${model.name}: no coefficients for the term ${name}`);
    return [name, value];
  });
  if (choice.scoreType === 'DYNAMIC')
    terms.push(...(Object.entries(model.dynamicTerms(choice.answers)) as Terms));

  const score = logisticScore(terms.map(([, v]) => v));
  const percent = score.percent2dp;
  if (model.refusesZeroScore && percent === 0) {
    return {
      errors: [
        {
          type: 'SCORE_BELOW_REPORTABLE_RANGE',
          message: `The ${model.name} score rounds to 0.00 %, below the reportable range`,
          fields: [],
        },
      ],
      warnings,
    };
  }
  return {
    result: {
      modelVersion: model.modelVersion,
      thresholdsVersion: model.thresholdsVersion,
      offenceDataVersion: offenceCategoriesVersion,
      offenceCategory: history.category,
      scoreType: choice.scoreType,
      probability: score.probability,
      percent2dp: percent,
      band: bandFromCutOffs(percent, model.cutOffs),
      linearPredictor: score.linearPredictor,
      components: Object.fromEntries(terms.map(([k, v]) => [k, toJsonNumber(v)])) as Logistic2026Result<
        S,
        T
      >['components'],
    },
    warnings,
  };
}

/** The contract face of a model: name, versions, fields and schema, computing through the same function. */
export function logistic2026Calculator<S extends string, D extends DynamicField, T extends string>(
  model: Logistic2026Model<S, D, T>,
): Calculator {
  const historyFields = HISTORY_FIELDS.filter((f) => model.usesViolentSanctions || f !== 'violentSanctions');
  const fields: RiskField[] = [...historyFields, ...model.dynamicItems, ...model.optionalItems];
  const required: RiskField[] = ['sex', 'dateOfBirth', 'convictionDate', 'offenceCode', 'totalSanctions'];
  if (model.usesViolentSanctions) required.push('violentSanctions');
  return {
    name: model.name,
    modelVersion: model.modelVersion,
    knownFields: fields,
    requestSchema: riskRequestSchema(fields, required),
    calculate: (request, calculationDate) => calculateLogistic2026(model, request, calculationDate),
  };
}

/** An item scored 0–2 times its weight. */
export function itemTerm(coefficient: string, score: number): Dec {
  return times(coefficient, score);
}

/** A yes/no item: its weight when present. */
export function flagTerm(coefficient: string, present: boolean): Dec {
  return present ? decimalOf(coefficient) : ZERO;
}

/** OASys records unemployment (S4Q2) as 2, so the weight counts twice (risk-predictors.md §2.2, §11.4). */
export function unemployedTerm(coefficient: string, unemployed: boolean): Dec {
  return itemTerm(coefficient, unemployed ? 2 : 0);
}

/** The three partner terms of ARP and VRP; "live-in" is relationship status 1 (living together). */
export function partnerTerms(
  c: { livingWithPartner: string; partner: string; livingWithPartnerRelationship: string },
  status: RelationshipStatus,
  partnerScore: Item02,
): { livingWithPartner: Dec; partner: Dec; livingWithPartnerRelationship: Dec } {
  const liveIn = status === 'LIVING_WITH_PARTNER';
  return {
    livingWithPartner: flagTerm(c.livingWithPartner, liveIn),
    partner: itemTerm(c.partner, partnerScore),
    livingWithPartnerRelationship: itemTerm(c.livingWithPartnerRelationship, liveIn ? partnerScore : 0),
  };
}

/** These drugs share one "other" weight, which counts once however many of them are listed (§11.4). */
const OTHER_DRUGS_GROUP: readonly Drug[] = ['OTHER_DRUGS', 'KETAMINE', 'SPICE', 'HALLUCINOGENS', 'SOLVENTS'];

const drugSums = new WeakMap<object, (key: string) => Dec>();

/** The drug flags: each listed drug with a weight adds it; drugs without one (amphetamines, ecstasy) add nothing. */
export function drugsTerm(
  weights: Readonly<Partial<Record<Drug, string>>>,
  otherWeight: string,
  drugs: readonly Drug[],
): Dec {
  // Few distinct drug lists occur, so each model's sum is remembered by the list as given (order included,
  // because it is the order of the additions).
  let sumFor = drugSums.get(weights);
  if (!sumFor) {
    sumFor = remembered((key: string) => {
      const listed = new Set(key === '' ? [] : (key.split(',') as Drug[]));
      const own = [...listed].reduce((sum, d) => sum.plus(weights[d] ?? 0), new Dec(0));
      return own.plus(
        flagTerm(
          otherWeight,
          OTHER_DRUGS_GROUP.some((d) => listed.has(d)),
        ),
      );
    });
    drugSums.set(weights, sumFor);
  }
  return sumFor(drugs.join(','));
}
