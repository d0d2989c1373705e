import type { CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { bandFromCutOffs, type RiskBand } from './bands.js';
import { Dec, logistic } from './decimal.js';
import { remembered } from '../remembered.js';
import { checkedAgeAtFollowUpStart, readTotalSanctions, readViolentSanctions } from './legacy-checks.js';
import type { Outcome } from './outcome.js';
import { type RiskField, type RiskInput, riskRequestSchema, SEXES } from './risk-inputs.js';
import { type StepTable, stepValue } from './step-table.js';
import { wholePercent } from './whole-percent.js';

// OVP, the OASys Violence Predictor (risk-predictors.md §5; calculation-api.md §6.5). A points scale; all 13
// inputs are mandatory.

export const OVP_MODEL_VERSION = 'OVP-OASYS-1';
export const OVP_THRESHOLDS_VERSION = 'OVP-BANDS-1';

/** OVP is validated for adults only (§2.6). */
const MINIMUM_AGE_AT_FOLLOW_UP = 18;
const ANY_SANCTION_POINTS = 5;
/** 0→0, 1→4, 2→7, 3→9, 4→11, then one more per sanction from 5→12 up to the cap of 25 at 18 or more. */
const VIOLENT_SANCTION_POINTS: StepTable<number> = [
  [0, 0],
  [1, 4],
  [2, 7],
  [3, 9],
  [4, 11],
  ...Array.from({ length: 14 }, (_, i) => [i + 5, i + 12] as const),
];
const NON_VIOLENT_SANCTION_POINTS: StepTable<number> = [
  [0, 0],
  [3, 2],
  [5, 3],
  [11, 4],
  [21, 5],
];
const AGE_POINTS: StepTable<number> = [
  [18, 20],
  [20, 17],
  [22, 14],
  [24, 12],
  [26, 10],
  [31, 8],
  [36, 6],
  [41, 4],
  [46, 2],
  [51, 0],
];
const MALE_POINTS = 5;
const FLAG_POINTS = 4;
/** Alcohol scores ceil(2.5 × (current use + binge)): 0, 3, 5, 8, 10. */
const ALCOHOL_WEIGHT = '2.5';
const PER_ITEM_SCORE = 3;
const SLOPE = '0.0722';
const ONE_YEAR_CONSTANT = '-4.5215';
const TWO_YEAR_CONSTANT = '-3.8773';
/** The whole percentages by total points: a few dozen point totals cover everyone, and each costs an exp. */
const oneYearPercentFor = remembered((points: number) =>
  wholePercent(logistic(new Dec(SLOPE).times(points).plus(ONE_YEAR_CONSTANT))),
);
const twoYearPercentFor = remembered((points: number) =>
  wholePercent(logistic(new Dec(SLOPE).times(points).plus(TWO_YEAR_CONSTANT))),
);
/** MEDIUM, HIGH and VERY_HIGH start at these 2-year percents (§5.3). */
const CUT_OFFS = [30, 60, 80] as const;

/** The OVP band of a 2-year whole percent: LOW 1–29, MEDIUM 30–59, HIGH 60–79, VERY_HIGH 80–99. */
export function ovpBand(twoYearPercent: number): RiskBand {
  return bandFromCutOffs(twoYearPercent, CUT_OFFS);
}

export const OVP_FIELDS = [
  'sex',
  'dateOfBirth',
  'followUpStartDate',
  'totalSanctions',
  'violentSanctions',
  'recognisesImpactOfOffending',
  'noFixedAbode',
  'unemployed',
  'alcoholCurrentUse',
  'alcoholBingeDrinking',
  'currentPsychiatricTreatment',
  'temperControl',
  'proCriminalAttitudes',
] as const satisfies readonly RiskField[];

export type OvpInput = RiskInput<(typeof OVP_FIELDS)[number], never>;

export type OvpComponents = {
  anySanction: number;
  violentSanctions: number;
  nonViolentSanctions: number;
  ageAtFollowUp: number;
  male: number;
  doesNotRecogniseImpact: number;
  noFixedAbode: number;
  unemployed: number;
  alcohol: number;
  psychiatricTreatment: number;
  temperControl: number;
  proCriminalAttitudes: number;
};

export type OvpResult = {
  modelVersion: string;
  thresholdsVersion: string;
  points: number;
  oneYearPercent: number;
  twoYearPercent: number;
  band: RiskBand;
  components: OvpComponents;
};

/** Validates a request and computes OVP, or refuses with every problem found. */
export function evaluateOvp(request: CalcRequest): Outcome<OvpResult> {
  const r = new RequestReader(request);
  const sex = r.enumValue('sex', SEXES);
  const dob = r.date('dateOfBirth');
  const followUp = r.date('followUpStartDate');
  const S = readTotalSanctions(r);
  const V = readViolentSanctions(r, S);
  const recognisesImpact = r.boolean('recognisesImpactOfOffending');
  const noFixedAbode = r.boolean('noFixedAbode');
  const unemployed = r.boolean('unemployed');
  const alcoholCurrentUse = r.item02('alcoholCurrentUse');
  const alcoholBingeDrinking = r.item02('alcoholBingeDrinking');
  const psychiatricTreatment = r.boolean('currentPsychiatricTreatment');
  const temperControl = r.item02('temperControl');
  const proCriminalAttitudes = r.item02('proCriminalAttitudes');
  const a = checkedAgeAtFollowUpStart(r, dob, followUp, MINIMUM_AGE_AT_FOLLOW_UP);

  const errors = r.issues();
  if (
    errors.length > 0 ||
    sex === undefined ||
    a === undefined ||
    S === undefined ||
    V === undefined ||
    recognisesImpact === undefined ||
    noFixedAbode === undefined ||
    unemployed === undefined ||
    alcoholCurrentUse === undefined ||
    alcoholBingeDrinking === undefined ||
    psychiatricTreatment === undefined ||
    temperControl === undefined ||
    proCriminalAttitudes === undefined
  ) {
    return { errors, warnings: [] };
  }

  const components: OvpComponents = {
    // S counts the current sanction, so this is 5 for everyone (risk-predictors.md §12).
    anySanction: S > 0 ? ANY_SANCTION_POINTS : 0,
    violentSanctions: stepValue(VIOLENT_SANCTION_POINTS, V),
    nonViolentSanctions: stepValue(NON_VIOLENT_SANCTION_POINTS, S - V),
    ageAtFollowUp: stepValue(AGE_POINTS, a),
    male: sex === 'MALE' ? MALE_POINTS : 0,
    doesNotRecogniseImpact: recognisesImpact ? 0 : FLAG_POINTS,
    noFixedAbode: noFixedAbode ? FLAG_POINTS : 0,
    unemployed: unemployed ? FLAG_POINTS : 0,
    alcohol: new Dec(ALCOHOL_WEIGHT)
      .times(alcoholCurrentUse + alcoholBingeDrinking)
      .ceil()
      .toNumber(),
    psychiatricTreatment: psychiatricTreatment ? FLAG_POINTS : 0,
    temperControl: PER_ITEM_SCORE * temperControl,
    proCriminalAttitudes: PER_ITEM_SCORE * proCriminalAttitudes,
  };
  const points = Object.values(components).reduce((sum, p) => sum + p, 0);
  const twoYearPercent = twoYearPercentFor(points);
  return {
    result: {
      modelVersion: OVP_MODEL_VERSION,
      thresholdsVersion: OVP_THRESHOLDS_VERSION,
      points,
      oneYearPercent: oneYearPercentFor(points),
      twoYearPercent,
      band: ovpBand(twoYearPercent),
      components,
    },
    warnings: [],
  };
}

/** OVP for application code: the same validation and arithmetic as the `ovp` calculator. */
export function calculateOvp(input: OvpInput): Outcome<OvpResult> {
  return evaluateOvp({ ...input });
}

export const ovpCalculator: Calculator = {
  name: 'ovp',
  modelVersion: OVP_MODEL_VERSION,
  knownFields: OVP_FIELDS,
  requestSchema: riskRequestSchema(OVP_FIELDS, OVP_FIELDS),
  calculate: (request) => evaluateOvp(request),
};
