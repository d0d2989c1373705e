import type { CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import type { BandOrNotApplicable, RiskBand } from './bands.js';
import { Dec, toJsonNumber } from './decimal.js';
import type { Outcome } from './outcome.js';
import { type RiskField, type RiskInput, riskRequestSchema } from './risk-inputs.js';
import { percent2dp } from './rounding.js';
import { SEXUAL_COUNT_FIELDS, type SexualCounts } from './osp-sexual-history.js';
import { readSexualApplicability2026 } from './sexual-history-2026.js';

// IIC-SRP, the Images and Indirect Contact Sexual Reoffending Predictor (risk-predictors.md §11.8,
// calculation-api.md §6.12): a fixed-probability hierarchy.

export type IicSrpResult = {
  modelVersion: string;
  thresholdsVersion: string;
  /** The fixed probability of the first matching hierarchy row; 0 when not applicable. */
  probability: number;
  percent2dp: number;
  band: BandOrNotApplicable;
  femaleVersion: boolean;
};
export type IicSrpInput = RiskInput<
  'sex' | 'sexualOffenceHistory',
  (typeof SEXUAL_COUNT_FIELDS)[number] | 'currentOffenceSexuallyMotivated'
>;

const MODEL_VERSION = 'IICSRP-2026-1';
const THRESHOLDS_VERSION = 'IICSRP-HIERARCHY-2026';

/** First match wins. Unlike OSP/IIC, there is no "no sexual sanctions" row, and 0.00281 needs both counts. */
const HIERARCHY: readonly { matches: (c: SexualCounts) => boolean; probability: string; band: RiskBand }[] = [
  { matches: (c) => c.images >= 2, probability: '0.10310', band: 'HIGH' },
  { matches: (c) => c.images === 1, probability: '0.03328', band: 'MEDIUM' },
  { matches: (c) => c.contactChild >= 2, probability: '0.00926', band: 'LOW' },
  { matches: (c) => c.contactChild === 1, probability: '0.00634', band: 'LOW' },
  { matches: (c) => c.nonContact > 0 && c.contactAdult > 0, probability: '0.00281', band: 'LOW' },
];
const NO_ROW = { probability: '0', band: 'LOW' } as const;

export function iicSrpHierarchy(counts: SexualCounts): { probability: Dec; band: RiskBand } {
  const row = HIERARCHY.find((h) => h.matches(counts)) ?? NO_ROW;
  return { probability: new Dec(row.probability), band: row.band };
}

export function evaluateIicSrp(request: CalcRequest): Outcome<IicSrpResult> {
  const r = new RequestReader(request);
  const { applicability } = readSexualApplicability2026(r);
  r.boolean('currentOffenceSexuallyMotivated', { required: false });
  const errors = r.issues();
  if (errors.length > 0 || applicability === undefined) return { errors, warnings: [] };
  const head = {
    modelVersion: MODEL_VERSION,
    thresholdsVersion: THRESHOLDS_VERSION,
    femaleVersion: applicability.sex === 'FEMALE',
  };
  if (!applicability.applicable) {
    return { result: { ...head, probability: 0, percent2dp: 0, band: 'NOT_APPLICABLE' }, warnings: [] };
  }
  const { probability, band } = iicSrpHierarchy(applicability.counts);
  return {
    result: { ...head, probability: toJsonNumber(probability), percent2dp: percent2dp(probability), band },
    warnings: [],
  };
}

const FIELDS: readonly RiskField[] = [
  'sex',
  'sexualOffenceHistory',
  ...SEXUAL_COUNT_FIELDS,
  'currentOffenceSexuallyMotivated',
];

export const iicSrpCalculator: Calculator = {
  name: 'iic-srp',
  modelVersion: MODEL_VERSION,
  knownFields: FIELDS,
  requestSchema: riskRequestSchema(FIELDS, ['sex', 'sexualOffenceHistory']),
  calculate: (request) => evaluateIicSrp(request),
};

/** IIC-SRP for application code: the same validation and hierarchy as the `iic-srp` calculator. */
export function calculateIicSrp(input: IicSrpInput): Outcome<IicSrpResult> {
  return evaluateIicSrp({ ...input });
}
