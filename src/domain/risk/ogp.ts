import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { bandFromCutOffs, type RiskBand } from './bands.js';
import { componentValidationErrors, tagWithComponent } from './component-errors.js';
import { Dec, logistic } from './decimal.js';
import { remembered } from '../remembered.js';
import type { Outcome } from './outcome.js';
import { evaluateOgrs3, OGRS3_FIELDS, type Ogrs3Input } from './ogrs3.js';
import { type Item02, type RiskField, type RiskInput, riskRequestSchema } from './risk-inputs.js';
import { roundHalfUp } from './rounding.js';
import { wholePercent } from './whole-percent.js';

// OGP, the OASys General reoffending Predictor (risk-predictors.md §4; calculation-api.md §6.4). A points
// scale with no static fallback: every item is mandatory.

export const OGP_MODEL_VERSION = 'OGP-OASYS-1';
export const OGP_THRESHOLDS_VERSION = 'OGP-BANDS-1';

const OGRS3_WEIGHT = '0.6';
const FLAG_POINTS = 5;
/** Points for a 0 / 1 / 2 answer to the lifestyle and attitudes items. */
const ITEM_POINTS: Readonly<Record<Item02, number>> = { 0: 0, 1: 3, 2: 5 };
const DRUG_WEIGHT = '3.75';
/** Thinking and behaviour is 5 × sum ÷ 6 in exact decimal, so a sum of 3 is exactly 2.5 and rounds to 3. */
const THINKING_NUMERATOR = 5;
const THINKING_DENOMINATOR = 6;
const SLOPE = '0.0616';
const ONE_YEAR_CONSTANT = '-3.6832';
const TWO_YEAR_CONSTANT = '-3.0795';
/** The whole percentages by total points: a few dozen point totals cover everyone, and each costs an exp. */
const oneYearPercentFor = remembered((points: number) =>
  wholePercent(logistic(new Dec(SLOPE).times(points).plus(ONE_YEAR_CONSTANT))),
);
const twoYearPercentFor = remembered((points: number) =>
  wholePercent(logistic(new Dec(SLOPE).times(points).plus(TWO_YEAR_CONSTANT))),
);
/** MEDIUM, HIGH and VERY_HIGH start at these 2-year percents (§4.3). */
const CUT_OFFS = [34, 67, 85] as const;

/** The OGP band of a 2-year whole percent: LOW 1–33, MEDIUM 34–66, HIGH 67–84, VERY_HIGH 85–99. */
export function ogpBand(twoYearPercent: number): RiskBand {
  return bandFromCutOffs(twoYearPercent, CUT_OFFS);
}

const OGP_ITEMS = [
  'noFixedAbode',
  'unemployed',
  'regularActivitiesEncourageOffending',
  'drugMisuse',
  'motivationToTackleDrugMisuse',
  'problemSolving',
  'awarenessOfConsequences',
  'understandsOthersViews',
  'proCriminalAttitudes',
] as const satisfies readonly RiskField[];
type OgpItem = (typeof OGP_ITEMS)[number];

/** OGRS3 inputs that, when present, make OGP compute OGRS3 itself. `assessmentDate` does not feed OGRS3's score. */
const OGRS3_SCORE_INPUTS = OGRS3_FIELDS.filter((f) => f !== 'assessmentDate');

/**
 * Give the OGRS3 2-year percent as `ogrs3TwoYearPercent`, or the OGRS3 inputs so that OGP computes it
 * (calculation-api.md §6.4).
 */
export type OgpInput = RiskInput<OgpItem, 'ogrs3TwoYearPercent'> & Partial<Ogrs3Input>;

export type OgpComponents = {
  ogrs3: number;
  accommodation: number;
  employment: number;
  lifestyle: number;
  drugs: number;
  thinkingAndBehaviour: number;
  attitudes: number;
};

export type OgpResult = {
  modelVersion: string;
  thresholdsVersion: string;
  /** Present when OGP computed OGRS3 itself, and so looked up the offence code. */
  offenceDataVersion?: string;
  /** T, 0–99 */
  points: number;
  oneYearPercent: number;
  twoYearPercent: number;
  band: RiskBand;
  /** The OGRS3 2-year percent used: the one given, or the one computed. */
  ogrs3TwoYearPercent: number;
  components: OgpComponents;
};

// Each rounded part depends on one small whole number, so it is worked out once per value.
const ogrs3Points = remembered((percent: number) =>
  roundHalfUp(new Dec(OGRS3_WEIGHT).times(percent), 0).toNumber(),
);
const drugPoints = remembered((itemSum: number) =>
  roundHalfUp(new Dec(DRUG_WEIGHT).times(itemSum), 0).toNumber(),
);
const thinkingPoints = remembered((itemSum: number) =>
  roundHalfUp(new Dec(THINKING_NUMERATOR).times(itemSum).div(THINKING_DENOMINATOR), 0).toNumber(),
);

function pointsFor(answers: Record<OgpItem, number | boolean>, ogrs3TwoYearPercent: number): OgpComponents {
  const item = answers as Record<OgpItem, Item02>;
  const thinking = item.problemSolving + item.awarenessOfConsequences + item.understandsOthersViews;
  return {
    ogrs3: ogrs3Points(ogrs3TwoYearPercent),
    accommodation: answers.noFixedAbode ? FLAG_POINTS : 0,
    employment: answers.unemployed ? FLAG_POINTS : 0,
    lifestyle: ITEM_POINTS[item.regularActivitiesEncourageOffending],
    drugs: drugPoints(item.drugMisuse + item.motivationToTackleDrugMisuse),
    thinkingAndBehaviour: thinkingPoints(thinking),
    attitudes: ITEM_POINTS[item.proCriminalAttitudes],
  };
}

/** Validates a request and computes OGP, or refuses with every problem found. */
export function evaluateOgp(request: CalcRequest): Outcome<OgpResult> {
  const r = new RequestReader(request);
  const warnings: CalcIssue[] = [];
  const given = r.integer('ogrs3TwoYearPercent', { required: false, min: 1, max: 99 });
  const computesOgrs3 = !r.has('ogrs3TwoYearPercent') && OGRS3_SCORE_INPUTS.some((f) => r.has(f));
  if (!r.has('ogrs3TwoYearPercent') && !computesOgrs3) r.addMissing('ogrs3TwoYearPercent');

  const answers: Partial<Record<OgpItem, number | boolean>> = {};
  for (const name of OGP_ITEMS) {
    answers[name] = name === 'noFixedAbode' || name === 'unemployed' ? r.boolean(name) : r.item02(name);
  }

  const ogrs3 = computesOgrs3 ? evaluateOgrs3(request) : undefined;
  const errors = r.issues();
  if (ogrs3 && 'errors' in ogrs3)
    errors.push(...componentValidationErrors('ogp', [{ component: 'ogrs3', errors: ogrs3.errors }]));
  if (ogrs3) warnings.push(...tagWithComponent('ogrs3', ogrs3.warnings));
  const ogrs3TwoYearPercent = ogrs3 && 'result' in ogrs3 ? ogrs3.result.twoYearPercent : given;
  if (errors.length > 0 || ogrs3TwoYearPercent === undefined) return { errors, warnings };

  const components = pointsFor(answers as Record<OgpItem, number | boolean>, ogrs3TwoYearPercent);
  const points = Object.values(components).reduce((sum, p) => sum + p, 0);
  const twoYearPercent = twoYearPercentFor(points);
  return {
    result: {
      modelVersion: OGP_MODEL_VERSION,
      thresholdsVersion: OGP_THRESHOLDS_VERSION,
      ...(ogrs3 && 'result' in ogrs3 ? { offenceDataVersion: ogrs3.result.offenceDataVersion } : {}),
      points,
      oneYearPercent: oneYearPercentFor(points),
      twoYearPercent,
      band: ogpBand(twoYearPercent),
      ogrs3TwoYearPercent,
      components,
    },
    warnings,
  };
}

/** OGP for application code: the same validation and arithmetic as the `ogp` calculator. */
export function calculateOgp(input: OgpInput): Outcome<OgpResult> {
  return evaluateOgp({ ...input });
}

const OGP_FIELDS: readonly RiskField[] = ['ogrs3TwoYearPercent', ...OGP_ITEMS, ...OGRS3_FIELDS];

export const ogpCalculator: Calculator = {
  name: 'ogp',
  modelVersion: OGP_MODEL_VERSION,
  knownFields: OGP_FIELDS,
  requestSchema: riskRequestSchema(OGP_FIELDS, OGP_ITEMS),
  calculate: (request) => evaluateOgp(request),
};
