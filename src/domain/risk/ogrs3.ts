import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { bandFromCutOffs, type RiskBand } from './bands.js';
import { Dec, decimalOf, lnOfRatio, logistic, toJsonNumber } from './decimal.js';
import { remembered } from '../remembered.js';
import {
  addOffenceLookupError,
  checkedAgeAtConviction,
  checkedAgeAtFollowUpStart,
  checkFirstSanctionNotAfterConviction,
  LEGACY_MINIMUM_AGE,
  readAgeAtFirstSanction,
  readTotalSanctions,
} from './legacy-checks.js';
import type { Outcome } from './outcome.js';
import { lookupOgrs3OffenceParameter, offenceCodeMappingVersion } from './offence-code-mapping.js';
import { type RiskField, type RiskInput, riskRequestSchema, SEXES, type Sex } from './risk-inputs.js';
import { roundHalfUp } from './rounding.js';
import { FIXED_PLACES, fixedSum, fixedToNumber, fixedUnits, roundSignificant } from './fixed-point.js';
import { probabilityOfFixed, roundHalfUpScaled } from './logistic-score.js';
import { type StepTable, stepValue } from './step-table.js';
import { wholePercent } from './whole-percent.js';

// OGRS3, the Offender Group Reconviction Scale version 3 (risk-predictors.md §3; calculation-api.md §6.3).

export const OGRS3_MODEL_VERSION = 'OGRS3-2009';
export const OGRS3_THRESHOLDS_VERSION = 'OGRS3-BANDS-1';

/** A: the age at follow-up start, by sex (10–11, 12–13, … 50+). */
const AGE_GENDER: StepTable<Readonly<Record<Sex, string>>> = [
  [10, { MALE: '0', FEMALE: '0.785' }],
  [12, { MALE: '0.08392', FEMALE: '0.61385' }],
  [14, { MALE: '0.07578', FEMALE: '0.66952' }],
  [16, { MALE: '-0.0616', FEMALE: '-0.9592' }],
  [18, { MALE: '-0.6251', FEMALE: '-0.8975' }],
  [21, { MALE: '-1.0515', FEMALE: '-1.0285' }],
  [25, { MALE: '-1.1667', FEMALE: '-1.0528' }],
  [30, { MALE: '-1.326', FEMALE: '-1.1291' }],
  [35, { MALE: '-1.368', FEMALE: '-1.4219' }],
  [40, { MALE: '-1.4997', FEMALE: '-1.5247' }],
  [50, { MALE: '-2.0253', FEMALE: '-2.4498' }],
];
const FIRST_SANCTION = '0.12614';
const LATER_SANCTION = '0.46306';
const COPAS = '1.25112';
/** The Copas rate's denominator adds 10 years to the criminal career length. */
const COPAS_CAREER_BOOST = 10;
const ONE_YEAR_CONSTANT = '1.40256';
const TWO_YEAR_CONSTANT = '2.1217';
/**
 * The reported numbers by y, written exactly (a decimal's string is exact): y takes one value per age band, sex,
 * sanction count, career length and offence, so many people share it, and each costs two exps.
 */
export const scoresFor = remembered((y: string) => {
  const oneYear = roundHalfUp(logistic(new Dec(y).plus(ONE_YEAR_CONSTANT)), PROBABILITY_DECIMAL_PLACES);
  const twoYear = roundHalfUp(logistic(new Dec(y).plus(TWO_YEAR_CONSTANT)), PROBABILITY_DECIMAL_PLACES);
  return {
    oneYearPercent: wholePercent(oneYear),
    twoYearPercent: wholePercent(twoYear),
    oneYearProbability: toJsonNumber(oneYear),
    twoYearProbability: toJsonNumber(twoYear),
    linearPredictor: toJsonNumber(new Dec(y)),
  };
});
/**
 * The same numbers by y in units of 10⁻⁴⁰, worked out in fixed point (logistic-score.ts) where scoresFor uses
 * decimal.js: y is nearly unique per person, so most calls are new and their cost counts.
 */
export const scoresForFixed = remembered((units: string) => {
  const y = BigInt(units);
  const oneYear = probabilityOfFixed(roundSignificant(y + fixedUnits(decimalOf(ONE_YEAR_CONSTANT))!));
  const twoYear = probabilityOfFixed(roundSignificant(y + fixedUnits(decimalOf(TWO_YEAR_CONSTANT))!));
  if (oneYear === null || twoYear === null) return scoresFor(new Dec(`${units}e-${FIXED_PLACES}`).toString());
  const oneYear5dp = roundHalfUpScaled(oneYear, PROBABILITY_DECIMAL_PLACES);
  const twoYear5dp = roundHalfUpScaled(twoYear, PROBABILITY_DECIMAL_PLACES);
  return {
    oneYearPercent: wholePercentOf5dp(oneYear5dp),
    twoYearPercent: wholePercentOf5dp(twoYear5dp),
    // Whole numbers below 2⁵³ divided by 10⁵: the double nearest the 5-dp decimal, as Dec's toNumber gives.
    oneYearProbability: Number(oneYear5dp) / 100_000,
    twoYearProbability: Number(twoYear5dp) / 100_000,
    linearPredictor: fixedToNumber(y),
  };
});

/** wholePercent of a probability given in units of 10⁻⁵: × 100 is units of 10⁻³, rounded half-up, in [1, 99]. */
function wholePercentOf5dp(units: bigint): number {
  const percent = Number(units / 1000n) + (units % 1000n >= 500n ? 1 : 0);
  return Math.min(99, Math.max(1, percent));
}
/** Copas × ln(S ÷ (career + 10)) by "S/denominator". */
const copasTerm = remembered((ratio: string) => {
  const [numerator, denominator] = ratio.split('/');
  return decimalOf(COPAS).times(lnOfRatio(Number(numerator), Number(denominator)));
});
/** Each probability is rounded to 5 dp before it becomes a percent (§3.2). */
const PROBABILITY_DECIMAL_PLACES = 5;
/** MEDIUM, HIGH and VERY_HIGH start at these 2-year percents (§3.3). */
const CUT_OFFS = [50, 75, 90] as const;

/** The OGRS3 band of a 2-year whole percent: LOW 1–49, MEDIUM 50–74, HIGH 75–89, VERY_HIGH 90–99. */
export function ogrs3Band(twoYearPercent: number): RiskBand {
  return bandFromCutOffs(twoYearPercent, CUT_OFFS);
}

export type Ogrs3Input = RiskInput<
  'sex' | 'dateOfBirth' | 'convictionDate' | 'followUpStartDate' | 'totalSanctions' | 'offenceCode',
  'ageAtFirstSanction' | 'firstSanctionDate' | 'assessmentDate'
>;

export type Ogrs3Result = {
  modelVersion: string;
  thresholdsVersion: string;
  offenceDataVersion: string;
  oneYearPercent: number;
  twoYearPercent: number;
  /** Rounded half-up to 5 dp: the values the percents are made from. */
  oneYearProbability: number;
  twoYearProbability: number;
  band: RiskBand;
  /** y = A + S + C + O */
  linearPredictor: number;
  components: { ageGender: number; convictionStatus: number; copas: number; offence: number };
};

/** Validates a request and computes OGRS3, or refuses with every problem found. */
export function evaluateOgrs3(request: CalcRequest): Outcome<Ogrs3Result> {
  const r = new RequestReader(request);
  const sex = r.enumValue('sex', SEXES);
  const dob = r.date('dateOfBirth');
  const conviction = r.date('convictionDate');
  const followUp = r.date('followUpStartDate');
  const S = readTotalSanctions(r);
  const firstSanction = readAgeAtFirstSanction(r, dob);
  if (!r.has('offenceCode')) r.addMissing('offenceCode');
  const offence = r.has('offenceCode') ? lookupOgrs3OffenceParameter(r.raw('offenceCode')) : undefined;
  r.date('assessmentDate', { required: false });

  const ac = checkedAgeAtConviction(r, dob, conviction, LEGACY_MINIMUM_AGE);
  const a = checkedAgeAtFollowUpStart(r, dob, followUp, LEGACY_MINIMUM_AGE);
  checkFirstSanctionNotAfterConviction(r, firstSanction, ac);
  if (offence && 'error' in offence) addOffenceLookupError(r, offence.error);

  const problems = r.issues();
  const af = firstSanction.age;
  if (
    problems.length > 0 ||
    sex === undefined ||
    a === undefined ||
    ac === undefined ||
    af === undefined ||
    S === undefined ||
    !offence ||
    'error' in offence
  ) {
    return { errors: problems, warnings: [] };
  }

  const components = {
    ageGender: decimalOf(stepValue(AGE_GENDER, a)[sex]),
    convictionStatus: decimalOf(S === 1 ? FIRST_SANCTION : LATER_SANCTION),
    copas: copasTerm(`${S}/${COPAS_CAREER_BOOST + ac - af}`),
    offence: decimalOf(offence.parameter),
  };
  const terms = [components.ageGender, components.convictionStatus, components.copas, components.offence];
  // fixedSum adds from 0, which leaves the first term as it is (an age-and-sex constant of a few digits), so
  // it is the same sum as ageGender + convictionStatus + copas + offence in Dec.
  const fixed = fixedSum(terms);
  const scores =
    fixed === null
      ? scoresFor(
          terms
            .slice(1)
            .reduce((sum, t) => sum.plus(t), terms[0]!)
            .toString(),
        )
      : scoresForFixed(fixed.toString());
  return {
    result: {
      modelVersion: OGRS3_MODEL_VERSION,
      thresholdsVersion: OGRS3_THRESHOLDS_VERSION,
      offenceDataVersion: offenceCodeMappingVersion,
      oneYearPercent: scores.oneYearPercent,
      twoYearPercent: scores.twoYearPercent,
      oneYearProbability: scores.oneYearProbability,
      twoYearProbability: scores.twoYearProbability,
      band: ogrs3Band(scores.twoYearPercent),
      linearPredictor: scores.linearPredictor,
      components: {
        ageGender: toJsonNumber(components.ageGender),
        convictionStatus: toJsonNumber(components.convictionStatus),
        copas: toJsonNumber(components.copas),
        offence: toJsonNumber(components.offence),
      },
    },
    warnings: [] as CalcIssue[],
  };
}

/** OGRS3 for application code: the same validation and arithmetic as the `ogrs3` calculator. */
export function calculateOgrs3(input: Ogrs3Input): Outcome<Ogrs3Result> {
  return evaluateOgrs3({ ...input });
}

/** The request fields OGRS3 reads; OGP also reads them when it computes OGRS3 itself. */
export const OGRS3_FIELDS = [
  'sex',
  'dateOfBirth',
  'convictionDate',
  'followUpStartDate',
  'totalSanctions',
  'ageAtFirstSanction',
  'firstSanctionDate',
  'offenceCode',
  'assessmentDate',
] as const satisfies readonly RiskField[];

export const ogrs3Calculator: Calculator = {
  name: 'ogrs3',
  modelVersion: OGRS3_MODEL_VERSION,
  knownFields: OGRS3_FIELDS,
  requestSchema: riskRequestSchema(OGRS3_FIELDS, [
    'sex',
    'dateOfBirth',
    'convictionDate',
    'followUpStartDate',
    'totalSanctions',
    'offenceCode',
  ]),
  calculate: (request) => evaluateOgrs3(request),
};
