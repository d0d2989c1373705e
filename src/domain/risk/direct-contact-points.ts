import { wholeYearsBetween } from './age.js';
import { bandFromCutOffs, type RiskBand } from './bands.js';
import { Dec, logistic } from './decimal.js';
import { remembered } from '../remembered.js';
import type { SupervisionStatus } from './risk-inputs.js';

// The direct-contact sexual reoffending points scale of risk-predictors.md §6.2–6.4, shared by legacy OSP/DC
// and DC-SRP (§11.7). The two differ only in validation and in how a missing or young last-sanction age is
// treated before it reaches this scale, which callers settle.

export interface DirectContactFacts {
  contactAdultSexualSanctions: number;
  contactChildSexualSanctions: number;
  nonContactSexualOffences: number;
  ageAtFollowUpStart: number;
  /** Whole years at the most recent sexual sanction; absent scores 0 (legacy OSP/DC only allows that). */
  ageAtLastSexualSanction: number | undefined;
  totalSanctions: number;
  currentOffenceAgainstStranger: boolean;
}

export type DirectContactComponents = {
  contactAdult: number;
  contactChild: number;
  nonContact: number;
  ageAtFollowUp: number;
  ageAtLastSexualSanction: number;
  anyPreviousSanction: number;
  strangerVictim: number;
};

/** Counts score their per-count points up to three counts. */
const countPoints = (count: number, perCount: number): number => perCount * Math.min(count, 3);

function ageAtFollowUpPoints(age: number): number {
  if (age >= 60) return 0;
  return 14 - Math.max(0, Math.trunc((age - 18) / 3));
}

function ageAtLastSexualSanctionPoints(age: number | undefined): number {
  if (age === undefined || age < 16) return 0;
  return age < 18 ? 5 : 10;
}

export function directContactPoints(f: DirectContactFacts): {
  points: number;
  components: DirectContactComponents;
} {
  const components: DirectContactComponents = {
    contactAdult: countPoints(f.contactAdultSexualSanctions, 5),
    contactChild: countPoints(f.contactChildSexualSanctions, 3),
    nonContact: countPoints(f.nonContactSexualOffences, 2),
    ageAtFollowUp: ageAtFollowUpPoints(f.ageAtFollowUpStart),
    ageAtLastSexualSanction: ageAtLastSexualSanctionPoints(f.ageAtLastSexualSanction),
    anyPreviousSanction: f.totalSanctions >= 2 ? 6 : 0,
    strangerVictim: f.currentOffenceAgainstStranger ? 4 : 0,
  };
  const points = Object.values(components).reduce((sum, p) => sum + p, 0);
  return { points, components };
}

/** p = 0 at 0 points, otherwise logistic(−8.633 + 0.1598 × points) (§6.3). */
export const directContactProbability = remembered((points: number): Dec => {
  if (points === 0) return new Dec(0);
  return logistic(new Dec('-8.633').plus(new Dec('0.1598').times(points)));
});

/** LOW 0–21, MEDIUM 22–29, HIGH 30–35, VERY_HIGH 36–64 points. */
export function directContactBand(points: number): RiskBand {
  return bandFromCutOffs(points, [22, 30, 36]);
}

export interface BandReductionFacts {
  supervisionStatus: SupervisionStatus;
  followUpStartDate: string;
  assessmentDate: string;
  mostRecentOffenceDate?: string | undefined;
  mostRecentSexualSanctionDate?: string | undefined;
}

const YEARS_IN_COMMUNITY = 5;
const ONE_BAND_LOWER: Readonly<Record<RiskBand, RiskBand>> = {
  LOW: 'LOW',
  MEDIUM: 'LOW',
  HIGH: 'MEDIUM',
  VERY_HIGH: 'HIGH',
};

function fiveYearsBefore(date: string | undefined, assessmentDate: string): boolean {
  return date === undefined || wholeYearsBetween(date, assessmentDate) >= YEARS_IN_COMMUNITY;
}

/**
 * The one-step reduction of §6.4 for a scored male: at least 5 whole years in the community, and since any
 * most recent offence or sexual sanction that is given. It moves the band only; the probability stays.
 */
export function reduceDirectContactBand(
  unreduced: RiskBand,
  f: BandReductionFacts,
): { band: RiskBand; bandReductionApplied: boolean } {
  const applies =
    f.supervisionStatus !== 'CUSTODY' &&
    unreduced !== 'LOW' &&
    wholeYearsBetween(f.followUpStartDate, f.assessmentDate) >= YEARS_IN_COMMUNITY &&
    fiveYearsBefore(f.mostRecentOffenceDate, f.assessmentDate) &&
    fiveYearsBefore(f.mostRecentSexualSanctionDate, f.assessmentDate);
  return { band: applies ? ONE_BAND_LOWER[unreduced] : unreduced, bandReductionApplied: applies };
}
