import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { type BandOrNotApplicable, bandFromCutOffs, type RiskBand } from './bands.js';
import { componentValidationErrors, type RefusedComponent, tagWithComponent } from './component-errors.js';
import { Dec } from './decimal.js';
import type { Outcome } from './outcome.js';
import { evaluateOspDc, OSP_DC_FIELDS, type OspDcInput, type OspDcResult } from './osp-dc.js';
import { evaluateOspIic, OSP_IIC_FIELDS, type OspIicInput, type OspIicResult } from './osp-iic.js';
import { type RiskField, riskRequestSchema } from './risk-inputs.js';
import { percent2dp, percent2dpOfSum } from './rounding.js';
import { evaluateSnsv, SNSV_FIELDS, type SnsvInput, type SnsvResult, type SnsvScoreType } from './snsv.js';

// RSR, the Risk of Serious Recidivism (risk-predictors.md §9; calculation-api.md §6.9): the sum of the SNSV,
// OSP/DC and OSP/IIC 2-dp percentages. It is never reported when a component was refused (P4).

export const RSR_MODEL_VERSION = 'RSR-OASYS-5';
export const RSR_THRESHOLDS_VERSION = 'RSR-BANDS-1';

/**
 * Stands in for the sexual predictors, which are not validated for women, for a female with a sexual-offence
 * history: 0.383141762 %, rounded like every other component.
 */
const FEMALE_CONSTANT_PERCENT = '0.383141762';
const FEMALE_CONSTANT_PERCENT_2DP = percent2dp(new Dec(FEMALE_CONSTANT_PERCENT).div(100));
/** MEDIUM from 3.0 and HIGH from 6.9 (§9.2); legacy RSR has no VERY_HIGH band. */
const CUT_OFFS = [3, 6.9, Number.POSITIVE_INFINITY] as const;

export type RsrBand = Exclude<RiskBand, 'VERY_HIGH'>;

/** LOW below 3.0, MEDIUM from 3.0 to below 6.9, HIGH from 6.9 (half-open intervals). */
export function rsrBand(percent: number): RsrBand {
  return bandFromCutOffs(percent, CUT_OFFS) as RsrBand;
}

export type RsrInput = SnsvInput & OspDcInput & OspIicInput;

export type RsrResult = {
  modelVersion: string;
  thresholdsVersion: string;
  offenceDataVersion: string;
  percent2dp: number;
  band: RsrBand;
  /** SNSV's score type. */
  scoreType: SnsvScoreType;
  /** They add up to `percent2dp` before clamping. */
  components: {
    snsvPercent2dp: number;
    /** The unreduced OSP/DC probability as a 2-dp percent: a band reduction never changes it. */
    ospDcPercent2dp: number;
    ospIicPercent2dp: number;
    femaleConstantPercent2dp: number;
  };
  /** The final OSP/DC band, after any reduction. */
  ospDcBand: BandOrNotApplicable;
  ospIicBand: BandOrNotApplicable;
};

/** The outcomes RSR adds up. */
export interface RsrComponents {
  snsv: Outcome<SnsvResult>;
  ospDc: Outcome<OspDcResult>;
  ospIic: Outcome<OspIicResult>;
}

/** Computes the three components from the request, then their sum, or refuses naming every refused component. */
export function evaluateRsr(request: CalcRequest, calculationDate: string): Outcome<RsrResult> {
  return combineRsr(request, {
    snsv: evaluateSnsv(request, calculationDate),
    ospDc: evaluateOspDc(request, calculationDate),
    ospIic: evaluateOspIic(request),
  });
}

/**
 * RSR from its components' outcomes on the same request. The calculator computes them first; assessPerson has
 * already computed them as predictors in their own right and passes them in, so each is worked out once.
 */
export function combineRsr(request: CalcRequest, { snsv, ospDc, ospIic }: RsrComponents): Outcome<RsrResult> {
  const warnings: CalcIssue[] = [
    ...tagWithComponent('snsv', snsv.warnings),
    ...tagWithComponent('osp-dc', ospDc.warnings),
    ...tagWithComponent('osp-iic', ospIic.warnings),
  ];
  const refused: RefusedComponent[] = [];
  if ('errors' in snsv) refused.push({ component: 'snsv', errors: snsv.errors });
  if ('errors' in ospDc) refused.push({ component: 'osp-dc', errors: ospDc.errors });
  if ('errors' in ospIic) refused.push({ component: 'osp-iic', errors: ospIic.errors });
  if ('errors' in snsv || 'errors' in ospDc || 'errors' in ospIic) {
    return { errors: componentValidationErrors('rsr', refused), warnings };
  }

  // OSP/DC and OSP/IIC apply only to males, so "female with a sexual history" is read from OSP/DC's answer.
  const femaleWithSexualHistory = ospDc.result.femaleVersion && request.sexualOffenceHistory === true;
  const components = {
    snsvPercent2dp: snsv.result.percent2dp,
    ospDcPercent2dp: ospDc.result.percent2dp,
    ospIicPercent2dp: ospIic.result.percent2dp,
    femaleConstantPercent2dp: femaleWithSexualHistory ? FEMALE_CONSTANT_PERCENT_2DP : 0,
  };
  // The components are already 2 dp, so percent2dp's rounding leaves the sum as it is and only clamps it.
  const percent = percent2dpOfSum(Object.values(components));
  return {
    result: {
      modelVersion: RSR_MODEL_VERSION,
      thresholdsVersion: RSR_THRESHOLDS_VERSION,
      offenceDataVersion: snsv.result.offenceDataVersion,
      percent2dp: percent,
      band: rsrBand(percent),
      scoreType: snsv.result.scoreType,
      components,
      ospDcBand: ospDc.result.band,
      ospIicBand: ospIic.result.band,
    },
    warnings,
  };
}

/** RSR for application code: the same components, validation and arithmetic as the `rsr` calculator. */
export function calculateRsr(input: RsrInput, calculationDate: string): Outcome<RsrResult> {
  return evaluateRsr({ ...input }, calculationDate);
}

const RSR_FIELDS: readonly RiskField[] = [
  ...new Set<RiskField>([...SNSV_FIELDS, ...OSP_DC_FIELDS, ...OSP_IIC_FIELDS]),
];

export const rsrCalculator: Calculator = {
  name: 'rsr',
  modelVersion: RSR_MODEL_VERSION,
  knownFields: RSR_FIELDS,
  requestSchema: riskRequestSchema(RSR_FIELDS, [
    'sex',
    'dateOfBirth',
    'convictionDate',
    'followUpStartDate',
    'totalSanctions',
    'violentSanctions',
    'offenceCode',
    'supervisionStatus',
    'sexualOffenceHistory',
  ]),
  calculate: (request, calculationDate) => evaluateRsr(request, calculationDate),
};
