import type { CalcRequest, Calculator } from '../calculation/contract.js';
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
import { checkedAgeAtFollowUpStart } from './legacy-checks.js';
import type { Outcome } from './outcome.js';
import { type RiskField, type RiskInput, riskRequestSchema, SUPERVISION_STATUSES } from './risk-inputs.js';
import { percent2dp } from './rounding.js';
import { SEXUAL_COUNT_FIELDS } from './osp-sexual-history.js';
import { readSexualApplicability2026 } from './sexual-history-2026.js';

// DC-SRP, the Direct Contact Sexual Reoffending Predictor (risk-predictors.md §11.7, calculation-api.md
// §6.11): the OSP/DC points scale with the 2026 validation. The date of the most recent sexual sanction is
// mandatory, and a last-sanction age below 16 scores 0 without error.

export type DcSrpResult = {
  modelVersion: string;
  thresholdsVersion: string;
  /** 0–64; null when not applicable. */
  points: number | null;
  /** Unchanged by a band reduction, and so what CSRP adds. */
  probability: number;
  percent2dp: number;
  /** The final band, after any reduction. */
  band: BandOrNotApplicable;
  unreducedBand: BandOrNotApplicable;
  /** Null when points are 0 or the predictor is not applicable. */
  bandReductionApplied: boolean | null;
  femaleVersion: boolean;
  components: DirectContactComponents | null;
};
/** For a male with sexual-offence history the optional fields below become required (§6.11). */
export type DcSrpInput = RiskInput<
  'sex' | 'sexualOffenceHistory',
  | 'dateOfBirth'
  | 'totalSanctions'
  | 'supervisionStatus'
  | (typeof SEXUAL_COUNT_FIELDS)[number]
  | 'mostRecentSexualSanctionDate'
  | 'followUpStartDate'
  | 'convictionDate'
  | 'currentOffenceSexuallyMotivated'
  | 'currentOffenceAgainstStranger'
  | 'mostRecentOffenceDate'
  | 'assessmentDate'
>;

const MODEL_VERSION = 'DCSRP-2026-1';
const THRESHOLDS_VERSION = 'DCSRP-POINTS-2026';
const MAX_TOTAL_SANCTIONS = 999;

export function evaluateDcSrp(request: CalcRequest, calculationDate: string): Outcome<DcSrpResult> {
  const r = new RequestReader(request);
  const { scored: required, applicability } = readSexualApplicability2026(r);
  // Only a scored male needs the rest; for anyone else the fields are checked when given, and ignored.
  const dob = r.date('dateOfBirth', { required });
  const S = r.integer('totalSanctions', { required });
  const supervisionStatus = r.enumValue('supervisionStatus', SUPERVISION_STATUSES, { required });
  const lastSexualSanction = r.date('mostRecentSexualSanctionDate', { required });
  const conviction = r.date('convictionDate', { required: false });
  const givenFollowUp = r.date('followUpStartDate', { required: false });
  if (required && !r.has('followUpStartDate') && !r.has('convictionDate')) r.addMissing('followUpStartDate');
  const followUp = r.has('followUpStartDate') ? givenFollowUp : conviction;
  r.boolean('currentOffenceSexuallyMotivated', { required: false });
  const againstStranger = r.boolean('currentOffenceAgainstStranger', { required: false }) ?? false;
  const mostRecentOffence = r.date('mostRecentOffenceDate', { required: false });
  const assessment = r.has('assessmentDate') ? r.date('assessmentDate') : calculationDate;

  if (S !== undefined && (S < 1 || S > MAX_TOTAL_SANCTIONS)) {
    r.addError(
      'TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE',
      `totalSanctions must be between 1 and ${MAX_TOTAL_SANCTIONS}`,
      ['totalSanctions'],
    );
  }
  const a = checkedAgeAtFollowUpStart(r, dob, followUp, 0);
  if (dob !== undefined && lastSexualSanction !== undefined && lastSexualSanction < dob) {
    r.invalid('mostRecentSexualSanctionDate', 'must not be before dateOfBirth');
  }
  if (applicability?.applicable && S !== undefined) {
    const { contactAdult, contactChild, nonContact, images } = applicability.counts;
    const sum = contactAdult + contactChild + nonContact + images;
    if (sum > S) {
      r.addError(
        'TOTAL_NUMBER_OF_SEXUAL_SANCTIONS_OUT_OF_RANGE',
        `The four sexual counts add up to ${sum}, more than totalSanctions (${S})`,
        [...SEXUAL_COUNT_FIELDS, 'totalSanctions'],
      );
    }
  }
  const errors = r.issues();
  if (errors.length > 0 || applicability === undefined) return { errors, warnings: [] };

  const head = {
    modelVersion: MODEL_VERSION,
    thresholdsVersion: THRESHOLDS_VERSION,
    femaleVersion: applicability.sex === 'FEMALE',
  };
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
        components: null,
      },
      warnings: [],
    };
  }
  if (
    a === undefined ||
    S === undefined ||
    supervisionStatus === undefined ||
    lastSexualSanction === undefined ||
    dob === undefined ||
    followUp === undefined ||
    assessment === undefined
  ) {
    throw new Error('dc-srp: a required input passed validation without a value');
  }
  const { points, components } = directContactPoints({
    contactAdultSexualSanctions: applicability.counts.contactAdult,
    contactChildSexualSanctions: applicability.counts.contactChild,
    nonContactSexualOffences: applicability.counts.nonContact,
    ageAtFollowUpStart: a,
    ageAtLastSexualSanction: wholeYearsBetween(dob, lastSexualSanction),
    totalSanctions: S,
    currentOffenceAgainstStranger: againstStranger,
  });
  const probability = directContactProbability(points);
  const unreducedBand = directContactBand(points);
  // §6.4: with no points there is nothing to reduce, and the flag is null rather than false.
  const reduction =
    points === 0
      ? { band: unreducedBand, bandReductionApplied: null }
      : reduceDirectContactBand(unreducedBand, {
          supervisionStatus,
          followUpStartDate: followUp,
          assessmentDate: assessment,
          mostRecentOffenceDate: mostRecentOffence,
          mostRecentSexualSanctionDate: lastSexualSanction,
        });
  return {
    result: {
      ...head,
      points,
      probability: toJsonNumber(probability),
      percent2dp: percent2dp(probability),
      band: reduction.band,
      unreducedBand,
      bandReductionApplied: reduction.bandReductionApplied,
      components,
    },
    warnings: [],
  };
}

const FIELDS: readonly RiskField[] = [
  'sex',
  'sexualOffenceHistory',
  'dateOfBirth',
  'totalSanctions',
  'supervisionStatus',
  ...SEXUAL_COUNT_FIELDS,
  'mostRecentSexualSanctionDate',
  'followUpStartDate',
  'convictionDate',
  'currentOffenceSexuallyMotivated',
  'currentOffenceAgainstStranger',
  'mostRecentOffenceDate',
  'assessmentDate',
];

export const dcSrpCalculator: Calculator = {
  name: 'dc-srp',
  modelVersion: MODEL_VERSION,
  knownFields: FIELDS,
  requestSchema: riskRequestSchema(FIELDS, ['sex', 'sexualOffenceHistory']),
  calculate: evaluateDcSrp,
};

/** DC-SRP for application code: the same validation and points as the `dc-srp` calculator. */
export function calculateDcSrp(input: DcSrpInput, calculationDate: string): Outcome<DcSrpResult> {
  return evaluateDcSrp({ ...input }, calculationDate);
}
