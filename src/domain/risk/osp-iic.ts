import type { CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import type { BandOrNotApplicable, RiskBand } from './bands.js';
import { Dec, toJsonNumber } from './decimal.js';
import type { Outcome } from './outcome.js';
import {
  readOspCounts,
  readSexAndHistory,
  SEXUAL_COUNT_FIELDS,
  type SexualCounts,
} from './osp-sexual-history.js';
import { type RiskField, type RiskInput, riskRequestSchema } from './risk-inputs.js';
import { percent2dp } from './rounding.js';

// OSP/IIC, indecent images and indirect contact (risk-predictors.md §7; calculation-api.md §6.7): a hierarchy
// of fixed probabilities, the first matching row winning.

export const OSP_IIC_MODEL_VERSION = 'OSPIIC-OASYS-1';
export const OSP_IIC_THRESHOLDS_VERSION = 'OSPIIC-HIERARCHY-1';

const HIERARCHY: readonly { matches: (c: SexualCounts) => boolean; probability: string; band: RiskBand }[] = [
  { matches: (c) => c.images >= 2, probability: '0.10310', band: 'HIGH' },
  { matches: (c) => c.images === 1, probability: '0.03328', band: 'MEDIUM' },
  { matches: (c) => c.contactChild >= 2, probability: '0.00926', band: 'LOW' },
  { matches: (c) => c.contactChild === 1, probability: '0.00634', band: 'LOW' },
  // Unreachable for a scored male, whose all-zero counts are refused; kept so the table reads as published.
  {
    matches: (c) => c.contactAdult + c.contactChild + c.nonContact + c.images === 0,
    probability: '0.00062',
    band: 'LOW',
  },
  { matches: () => true, probability: '0.00281', band: 'LOW' },
];

export type OspIicInput = RiskInput<
  'sex' | 'sexualOffenceHistory',
  (typeof SEXUAL_COUNT_FIELDS)[number] | 'currentOffenceSexuallyMotivated'
>;

export type OspIicResult = {
  modelVersion: string;
  thresholdsVersion: string;
  /** The fixed probability of the first matching row; 0 when not applicable. */
  probability: number;
  percent2dp: number;
  band: BandOrNotApplicable;
  femaleVersion: boolean;
};

/** Validates a request and computes OSP/IIC, or refuses with every problem found. */
export function evaluateOspIic(request: CalcRequest): Outcome<OspIicResult> {
  const r = new RequestReader(request);
  const person = readSexAndHistory(r);
  // Recorded, not used by the hierarchy (calculation-api.md §6.7), so it is only type-checked.
  r.boolean('currentOffenceSexuallyMotivated', { required: false });
  const applicability = readOspCounts(r, person);
  const errors = r.issues();
  if (errors.length > 0 || applicability === undefined) return { errors, warnings: [] };

  const head = { modelVersion: OSP_IIC_MODEL_VERSION, thresholdsVersion: OSP_IIC_THRESHOLDS_VERSION };
  if (!applicability.applicable) {
    return {
      result: {
        ...head,
        probability: 0,
        percent2dp: 0,
        band: 'NOT_APPLICABLE',
        femaleVersion: applicability.femaleVersion,
      },
      warnings: [],
    };
  }
  const row = HIERARCHY.find((h) => h.matches(applicability.counts));
  if (row === undefined) throw new Error('The OSP/IIC hierarchy ends with a row that always matches');
  const probability = new Dec(row.probability);
  return {
    result: {
      ...head,
      probability: toJsonNumber(probability),
      percent2dp: percent2dp(probability),
      band: row.band,
      femaleVersion: false,
    },
    warnings: [],
  };
}

/** OSP/IIC for application code: the same validation as the `osp-iic` calculator. */
export function calculateOspIic(input: OspIicInput): Outcome<OspIicResult> {
  return evaluateOspIic({ ...input });
}

export const OSP_IIC_FIELDS = [
  'sex',
  'sexualOffenceHistory',
  'currentOffenceSexuallyMotivated',
  ...SEXUAL_COUNT_FIELDS,
] as const satisfies readonly RiskField[];

export const ospIicCalculator: Calculator = {
  name: 'osp-iic',
  modelVersion: OSP_IIC_MODEL_VERSION,
  knownFields: OSP_IIC_FIELDS,
  requestSchema: riskRequestSchema(OSP_IIC_FIELDS, ['sex', 'sexualOffenceHistory']),
  calculate: (request) => evaluateOspIic(request),
};
