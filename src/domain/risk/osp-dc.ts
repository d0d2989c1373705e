import type { CalcIssue, CalcRequest, Calculator } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { wholeYearsBetween } from './age.js';
import type { BandOrNotApplicable } from './bands.js';
import { toJsonNumber } from './decimal.js';
import {
  type DirectContactComponents,
  directContactBand,
  directContactPoints,
  directContactProbability,
  reduceDirectContactBand,
} from './direct-contact-points.js';
import { checkedAgeAtFollowUpStart, LEGACY_MINIMUM_AGE, readTotalSanctions } from './legacy-checks.js';
import { isScored, readOspCounts, readSexAndHistory, SEXUAL_COUNT_FIELDS } from './osp-sexual-history.js';
import type { Outcome } from './outcome.js';
import { type RiskField, type RiskInput, riskRequestSchema, SUPERVISION_STATUSES } from './risk-inputs.js';
import { percent2dp } from './rounding.js';

// OSP/DC, the OASys Sexual reoffending Predictor for direct contact (risk-predictors.md §6; calculation-api.md
// §6.6). The points scale, probability, bands and band reduction are shared with DC-SRP
// (direct-contact-points.ts); this file holds the legacy validation and the result shape.

export const OSP_DC_MODEL_VERSION = 'OSPDC-OASYS-1';
export const OSP_DC_THRESHOLDS_VERSION = 'OSPDC-POINTS-1';

export type OspDcInput = RiskInput<
  | 'sex'
  | 'sexualOffenceHistory'
  | 'dateOfBirth'
  | 'followUpStartDate'
  | 'totalSanctions'
  | 'supervisionStatus',
  | 'currentOffenceSexuallyMotivated'
  | (typeof SEXUAL_COUNT_FIELDS)[number]
  | 'mostRecentSexualSanctionDate'
  | 'currentOffenceAgainstStranger'
  | 'mostRecentOffenceDate'
  | 'assessmentDate'
>;

export type OspDcResult = {
  modelVersion: string;
  thresholdsVersion: string;
  /** 0–64; null when not applicable. */
  points: number | null;
  /** Unchanged by a band reduction; RSR uses it as it stands. */
  probability: number;
  percent2dp: number;
  /** The final band, after any reduction. */
  band: BandOrNotApplicable;
  unreducedBand: BandOrNotApplicable;
  /** Null when the points are 0 or the predictor is not applicable. */
  bandReductionApplied: boolean | null;
  femaleVersion: boolean;
  components: DirectContactComponents | null;
};

/** Validates a request and computes OSP/DC, or refuses with every problem found. */
export function evaluateOspDc(request: CalcRequest, calculationDate: string): Outcome<OspDcResult> {
  const r = new RequestReader(request);
  const warnings: CalcIssue[] = [];
  const person = readSexAndHistory(r);
  const dob = r.date('dateOfBirth');
  const followUp = r.date('followUpStartDate');
  const S = readTotalSanctions(r);
  const supervisionStatus = r.enumValue('supervisionStatus', SUPERVISION_STATUSES);
  r.boolean('currentOffenceSexuallyMotivated', { required: isScored(person) });
  const applicability = readOspCounts(r, person);
  const lastSexualSanction = r.date('mostRecentSexualSanctionDate', { required: false });
  const stranger = r.boolean('currentOffenceAgainstStranger', { required: false }) ?? false;
  const lastOffence = r.date('mostRecentOffenceDate', { required: false });
  const assessment = r.date('assessmentDate', { required: false }) ?? calculationDate;
  const a = checkedAgeAtFollowUpStart(r, dob, followUp, 0);

  let ageAtLastSexualSanction: number | undefined;
  if (applicability?.applicable && dob !== undefined && lastSexualSanction !== undefined) {
    ageAtLastSexualSanction = wholeYearsBetween(dob, lastSexualSanction);
    if (ageAtLastSexualSanction < LEGACY_MINIMUM_AGE) {
      r.addError(
        'AGE_AT_MOST_RECENT_SEXUAL_SANCTION_LESS_THAN_TEN',
        `The age at mostRecentSexualSanctionDate is ${ageAtLastSexualSanction}; it must be at least ${LEGACY_MINIMUM_AGE}`,
        ['mostRecentSexualSanctionDate', 'dateOfBirth'],
      );
    }
  }

  const errors = r.issues();
  if (
    errors.length > 0 ||
    applicability === undefined ||
    a === undefined ||
    S === undefined ||
    supervisionStatus === undefined ||
    followUp === undefined
  ) {
    return { errors, warnings };
  }
  const head = { modelVersion: OSP_DC_MODEL_VERSION, thresholdsVersion: OSP_DC_THRESHOLDS_VERSION };
  if (!applicability.applicable) {
    return {
      result: {
        ...head,
        points: null,
        probability: 0,
        percent2dp: 0,
        band: 'NOT_APPLICABLE',
        unreducedBand: 'NOT_APPLICABLE',
        bandReductionApplied: null,
        femaleVersion: applicability.femaleVersion,
        components: null,
      },
      warnings,
    };
  }

  const { points, components } = directContactPoints({
    contactAdultSexualSanctions: applicability.counts.contactAdult,
    contactChildSexualSanctions: applicability.counts.contactChild,
    nonContactSexualOffences: applicability.counts.nonContact,
    ageAtFollowUpStart: a,
    ageAtLastSexualSanction,
    totalSanctions: S,
    currentOffenceAgainstStranger: stranger,
  });
  const probability = directContactProbability(points);
  const unreducedBand = directContactBand(points);
  // At 0 points the reduction is not evaluated (§6.4), so the flag is null rather than false.
  const reduction =
    points === 0
      ? undefined
      : reduceDirectContactBand(unreducedBand, {
          supervisionStatus,
          assessmentDate: assessment,
          followUpStartDate: followUp,
          mostRecentOffenceDate: lastOffence,
          mostRecentSexualSanctionDate: lastSexualSanction,
        });
  return {
    result: {
      ...head,
      points,
      probability: toJsonNumber(probability),
      percent2dp: percent2dp(probability),
      band: reduction?.band ?? unreducedBand,
      unreducedBand,
      bandReductionApplied: reduction?.bandReductionApplied ?? null,
      femaleVersion: false,
      components,
    },
    warnings,
  };
}

/** OSP/DC for application code: the same validation and arithmetic as the `osp-dc` calculator. */
export function calculateOspDc(input: OspDcInput, calculationDate: string): Outcome<OspDcResult> {
  return evaluateOspDc({ ...input }, calculationDate);
}

export const OSP_DC_FIELDS = [
  'sex',
  'sexualOffenceHistory',
  'dateOfBirth',
  'followUpStartDate',
  'totalSanctions',
  'supervisionStatus',
  'currentOffenceSexuallyMotivated',
  ...SEXUAL_COUNT_FIELDS,
  'mostRecentSexualSanctionDate',
  'currentOffenceAgainstStranger',
  'mostRecentOffenceDate',
  'assessmentDate',
] as const satisfies readonly RiskField[];

export const ospDcCalculator: Calculator = {
  name: 'osp-dc',
  modelVersion: OSP_DC_MODEL_VERSION,
  knownFields: OSP_DC_FIELDS,
  requestSchema: riskRequestSchema(OSP_DC_FIELDS, [
    'sex',
    'sexualOffenceHistory',
    'dateOfBirth',
    'followUpStartDate',
    'totalSanctions',
    'supervisionStatus',
  ]),
  calculate: (request, calculationDate) => evaluateOspDc(request, calculationDate),
};
