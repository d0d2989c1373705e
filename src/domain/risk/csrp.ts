import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { bandFromCutOffs, type BandOrNotApplicable, type RiskBand } from './bands.js';
import { componentValidationErrors, type RefusedComponent, tagWithComponent } from './component-errors.js';
import { type DcSrpInput, type DcSrpResult, dcSrpCalculator, evaluateDcSrp } from './dc-srp.js';
import { evaluateIicSrp, type IicSrpInput, type IicSrpResult, iicSrpCalculator } from './iic-srp.js';
import { calculateLogistic2026, type ScoreType } from './logistic-2026.js';
import { isRefused, type Outcome } from './outcome.js';
import { type RiskField, riskRequestSchema } from './risk-inputs.js';
import { percent2dpOfSum } from './rounding.js';
import { svrpCalculator, svrpModel, type SvrpInput, type SvrpResult } from './svrp.js';

// CSRP, the Combined Serious Reoffending Predictor (risk-predictors.md §11.9, calculation-api.md §6.13):
// SVRP % + DC-SRP % + IIC-SRP % + a female constant. Under P4 it is never reported when a component was
// refused; an SVRP static fallback is a score, not a refusal.

export type CsrpResult = {
  modelVersion: string;
  thresholdsVersion: string;
  offenceDataVersion: string;
  percent2dp: number;
  band: RiskBand;
  /** SVRP's score type. */
  scoreType: ScoreType;
  /** The four addends; before clamping they add up to percent2dp. */
  components: {
    seriousViolentPercent2dp: number;
    directContactSexualPercent2dp: number;
    imagesIndirectContactPercent2dp: number;
    femaleConstantPercent2dp: number;
  };
  /** For display; dcSrpBand is DC-SRP's final band, after any reduction. */
  dcSrpBand: BandOrNotApplicable;
  iicSrpBand: BandOrNotApplicable;
};
export type CsrpInput = SvrpInput & DcSrpInput & IicSrpInput;

const MODEL_VERSION = 'CSRP-2026-1';
const THRESHOLDS_VERSION = 'CSRP-BANDS-2026';
/** 0.38314176245211 % rounded to 2 dp, in place of the sexual predictors, which are not validated for women. */
const FEMALE_CONSTANT_PERCENT = '0.38';
/** MEDIUM, HIGH and VERY_HIGH cut-offs on percent2dp (§11.5): four bands, where RSR has three. */
export const CSRP_CUT_OFFS = [1, 3, 6.9] as const;

/** The outcomes CSRP adds up. */
export interface CsrpComponents {
  svrp: Outcome<SvrpResult>;
  dcSrp: Outcome<DcSrpResult>;
  iicSrp: Outcome<IicSrpResult>;
}

export function evaluateCsrp(request: CalcRequest, calculationDate: string): Outcome<CsrpResult> {
  return combineCsrp(request, {
    svrp: calculateLogistic2026(svrpModel, request, calculationDate),
    dcSrp: evaluateDcSrp(request, calculationDate),
    iicSrp: evaluateIicSrp(request),
  });
}

/**
 * CSRP from its components' outcomes on the same request. The calculator computes them first; assessPerson has
 * already computed them as predictors in their own right and passes them in, so each is worked out once.
 */
export function combineCsrp(
  request: CalcRequest,
  { svrp, dcSrp, iicSrp }: CsrpComponents,
): Outcome<CsrpResult> {
  const warnings: CalcIssue[] = [
    ...tagWithComponent('svrp', svrp.warnings),
    ...tagWithComponent('dc-srp', dcSrp.warnings),
    ...tagWithComponent('iic-srp', iicSrp.warnings),
  ];
  const refused: RefusedComponent[] = [];
  if (isRefused(svrp)) refused.push({ component: 'svrp', errors: svrp.errors });
  if (isRefused(dcSrp)) refused.push({ component: 'dc-srp', errors: dcSrp.errors });
  if (isRefused(iicSrp)) refused.push({ component: 'iic-srp', errors: iicSrp.errors });
  if (isRefused(svrp) || isRefused(dcSrp) || isRefused(iicSrp)) {
    return { errors: componentValidationErrors('csrp', refused), warnings };
  }
  // Both components are refused without sex and sexualOffenceHistory, so here they are known and valid.
  const femaleWithSexualHistory = request.sex === 'FEMALE' && request.sexualOffenceHistory === true;
  const components = {
    seriousViolentPercent2dp: svrp.result.percent2dp,
    // DC-SRP's probability, and so its percentage, is never changed by a band reduction.
    directContactSexualPercent2dp: dcSrp.result.percent2dp,
    imagesIndirectContactPercent2dp: iicSrp.result.percent2dp,
    femaleConstantPercent2dp: femaleWithSexualHistory ? Number(FEMALE_CONSTANT_PERCENT) : 0,
  };
  // The addends are already 2 dp, so the sum is too; percent2dp only applies the [0, 99.99] clamp.
  const percent = percent2dpOfSum(Object.values(components));
  return {
    result: {
      modelVersion: MODEL_VERSION,
      thresholdsVersion: THRESHOLDS_VERSION,
      offenceDataVersion: svrp.result.offenceDataVersion,
      percent2dp: percent,
      band: bandFromCutOffs(percent, CSRP_CUT_OFFS),
      scoreType: svrp.result.scoreType,
      components,
      dcSrpBand: dcSrp.result.band,
      iicSrpBand: iicSrp.result.band,
    },
    warnings,
  };
}

const FIELDS: readonly RiskField[] = [
  ...new Set([
    ...svrpCalculator.knownFields,
    ...dcSrpCalculator.knownFields,
    ...iicSrpCalculator.knownFields,
  ]),
] as RiskField[];

export const csrpCalculator: Calculator = {
  name: 'csrp',
  modelVersion: MODEL_VERSION,
  knownFields: FIELDS,
  requestSchema: riskRequestSchema(FIELDS, [
    'sex',
    'sexualOffenceHistory',
    'dateOfBirth',
    'convictionDate',
    'offenceCode',
    'totalSanctions',
    'violentSanctions',
  ]),
  calculate: evaluateCsrp,
};

/** CSRP for application code: the same components, blocking rule and sum as the `csrp` calculator. */
export function calculateCsrp(input: CsrpInput, calculationDate: string): Outcome<CsrpResult> {
  return evaluateCsrp({ ...input }, calculationDate);
}
