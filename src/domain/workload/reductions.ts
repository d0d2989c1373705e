import { isIsoDate } from '../calculation/fields.js';
import type { FieldProblem } from '../validation.js';
import { Exact, exactSum, plusDays, plusMonths, toNumber } from './exact.js';

// Reductions: hours deducted from an assignment's weekly hours for a reason and a date range (workload.md §7).

export type ReductionStatus = 'SCHEDULED' | 'ACTIVE' | 'ARCHIVED' | 'DELETED';
export const REDUCTION_STATUSES: readonly ReductionStatus[] = ['SCHEDULED', 'ACTIVE', 'ARCHIVED', 'DELETED'];

export interface Reduction {
  hours: number;
  startDate: string;
  endDate: string;
  /** Stored status; absent is allowed for callers of the public API (calculation-api.md §8.3). */
  status?: ReductionStatus | null;
}

/**
 * Whether a reduction counts on `date`: startDate ≤ date ≤ endDate and not DELETED (§7.2). This is the only
 * rule, used by calculation, display and export alike (§13 #3: the legacy calculators filtered differently).
 *
 * The reason is deliberately not consulted. Disabling a reason stops new reductions with it, but an existing
 * reduction keeps counting; the legacy batch silently dropped them. The stored status is consulted only for
 * DELETED, so a status the daily job has not yet moved on cannot switch a reduction on or off early.
 */
export function reductionCountsOn(reduction: Reduction, date: string): boolean {
  return reduction.status !== 'DELETED' && reduction.startDate <= date && date <= reduction.endDate;
}

/** Total hours of the reductions that count on `date`, summed exactly. */
export function reductionHoursOn(reductions: readonly Reduction[], date: string): number {
  return toNumber(exactSum(reductions.filter((r) => reductionCountsOn(r, date)).map((r) => r.hours)));
}

/** The status the dates give on `date` (what the daily job moves a reduction to); DELETED stays DELETED. */
export function reductionStatusOn(reduction: Reduction, date: string): ReductionStatus {
  if (reduction.status === 'DELETED') return 'DELETED';
  if (date < reduction.startDate) return 'SCHEDULED';
  if (date > reduction.endDate) return 'ARCHIVED';
  return 'ACTIVE';
}

// ---- reasons ------------------------------------------------------------------------------------------

export type ReductionCategory =
  'PERSONAL_CIRCUMSTANCES' | 'COMMUNITY_JUSTICE_LEARNING' | 'WORK_CIRCUMSTANCES';

export interface ReductionReason {
  name: string;
  shortName: string;
  category: ReductionCategory;
  /** Pre-filled hours as a % of contracted hours; null when the manager must decide. */
  allowancePct: number | null;
  /** 0.01–100; null means up to the full contracted hours. */
  maxPct: number | null;
  monthsToExpiry: number | null;
  enabled: boolean;
  /** Disability, pregnancy, phased return: guidance on reasonable adjustments is shown and a rationale recorded. */
  protectedCharacteristic: boolean;
}

function reason(
  category: ReductionCategory,
  name: string,
  shortName: string,
  allowancePct: number | null = null,
  maxPct: number | null = null,
  monthsToExpiry: number | null = null,
  protectedCharacteristic = false,
): ReductionReason {
  return {
    name,
    shortName,
    category,
    allowancePct,
    maxPct,
    monthsToExpiry,
    enabled: true,
    protectedCharacteristic,
  };
}

const P = 'PERSONAL_CIRCUMSTANCES';
const L = 'COMMUNITY_JUSTICE_LEARNING';
const W = 'WORK_CIRCUMSTANCES';

/** Seed reference data (§7.1); administrators edit it. */
export const DEFAULT_REDUCTION_REASONS: readonly ReductionReason[] = [
  reason(P, 'Disability', 'Disability', null, null, null, true),
  reason(P, 'Long-term sickness absence', 'Long-term sickness', 100),
  reason(P, 'Phased return to work', 'Phased return', null, null, null, true),
  reason(P, 'Pregnancy', 'Pregnancy', null, null, null, true),
  reason(P, 'Maternity leave', 'Maternity leave', 100, null, 6),
  reason(P, 'Adoption leave', 'Adoption leave', 100, null, 6),
  reason(P, 'Special leave', 'Special leave', 100),
  reason(P, 'Trade union facility time', 'Trade union', null, 50),
  reason(P, 'Other paid leave (for example jury service)', 'Other paid leave', 100),
  reason(P, 'Other unpaid leave', 'Other unpaid leave', 100),
  reason(P, 'Other', 'Other'),
  reason(L, 'PQiP, first 6 months', 'PQiP 0–6 months', 80, null, 6),
  reason(L, 'PQiP, 6 to 12 months', 'PQiP 6–12 months', 60, null, 6),
  reason(L, 'PQiP, 12 to 18 months', 'PQiP 12–18 months', 40, null, 6),
  reason(L, 'NQO (newly qualified officer)', 'NQO', 20, null, 9),
  reason(L, 'PSO learning and development', 'PSO learning', 20, null, 6),
  reason(L, 'VQ3', 'VQ3', 5, null, 6),
  reason(L, 'Level 4 and Level 5 access', 'Level 4/5 access', 10, null, 6),
  reason(W, 'Co-worked cases', 'Co-worked cases'),
  reason(W, 'Groups (group supervision)', 'Groups (supervision)'),
  reason(W, 'Groups (induction)', 'Groups (induction)'),
  reason(W, 'Court duty', 'Court duty'),
  reason(W, 'PSR court duty or other court work', 'PSR court duty'),
  reason(W, 'Split role', 'Split role'),
  reason(W, 'OM custody (transactional work)', 'OM custody'),
  reason(W, 'SPOC lead', 'SPOC lead', null, 5),
];

// Hours are capped at the assignment's own contracted hours, so a 37.5-hour contract can take a 37.5-hour
// reduction (§13 #7: the legacy cap was a fixed 37).
function hoursFromPct(contractedHours: number, pct: number): number {
  const hours = new Exact(contractedHours).times(pct).div(100).toDecimalPlaces(2, Exact.ROUND_HALF_UP);
  return toNumber(Exact.min(hours, contractedHours));
}

/**
 * Pre-filled hours for a new reduction, or null when the reason has no allowance: Disability, Pregnancy and
 * similar reasons have no default, so that the manager records the decision explicitly.
 */
export function allowanceHours(
  reason: Pick<ReductionReason, 'allowancePct'>,
  contractedHours: number,
): number | null {
  return reason.allowancePct === null ? null : hoursFromPct(contractedHours, reason.allowancePct);
}

/** The most hours a reduction with this reason may take; a blank maximum means the full contracted hours. */
export function maximumHours(reason: Pick<ReductionReason, 'maxPct'>, contractedHours: number): number {
  return hoursFromPct(contractedHours, reason.maxPct ?? 100);
}

/** The pre-filled end date: start + months to expiry, or null when the reason has none. */
export function defaultEndDate(
  reason: Pick<ReductionReason, 'monthsToExpiry'>,
  startDate: string,
): string | null {
  return reason.monthsToExpiry === null ? null : plusMonths(startDate, reason.monthsToExpiry);
}

export interface ReductionForm {
  reason: ReductionReason | null;
  hours: number | null;
  startDate: string | null;
  endDate: string | null;
  notes: string;
}

export const MAX_NOTES_LENGTH = 4000;

/**
 * Validation of an added or edited reduction (§7.2). A disabled reason refuses only a new reduction: editing
 * an existing one keeps its reason, because disabling never cancels existing reductions.
 */
export function reductionProblems(
  form: ReductionForm,
  contractedHours: number,
  isNew: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!form.reason) problems.push({ field: 'reason', problem: 'Select a reason for the reduction' });
  else if (isNew && !form.reason.enabled)
    problems.push({ field: 'reason', problem: 'This reason can no longer be used for new reductions' });
  if (form.hours === null || !Number.isFinite(form.hours)) {
    problems.push({ field: 'hours', problem: 'Enter the hours as a number' });
  } else if (form.hours < 0 || form.hours > contractedHours) {
    problems.push({
      field: 'hours',
      problem: `Hours must be from 0 to the contracted hours (${contractedHours})`,
    });
  } else if (form.reason && form.hours > maximumHours(form.reason, contractedHours)) {
    problems.push({
      field: 'hours',
      problem: `Hours must be no more than ${maximumHours(form.reason, contractedHours)} for this reason`,
    });
  }
  const startValid = form.startDate !== null && isIsoDate(form.startDate);
  const endValid = form.endDate !== null && isIsoDate(form.endDate);
  if (!startValid) problems.push({ field: 'startDate', problem: 'Enter a real start date' });
  if (!endValid) problems.push({ field: 'endDate', problem: 'Enter a real end date' });
  if (startValid && endValid && form.endDate! <= form.startDate!)
    problems.push({ field: 'endDate', problem: 'The end date must be after the start date' });
  if (form.notes.length >= MAX_NOTES_LENGTH)
    problems.push({ field: 'notes', problem: `Notes must be under ${MAX_NOTES_LENGTH} characters` });
  return problems;
}

/** Weeks before the end date at which the practitioner and their manager are told (configurable, §7.2). */
export const DEFAULT_EXPIRY_NOTICE_WEEKS = 4;

/** Reductions counting on `date` that end within the notice period, for the expiry notifications. */
export function reductionsEndingSoon(
  reductions: readonly Reduction[],
  date: string,
  noticeDays = DEFAULT_EXPIRY_NOTICE_WEEKS * 7,
): Reduction[] {
  const horizon = plusDays(date, noticeDays);
  return reductions.filter((r) => reductionCountsOn(r, date) && r.endDate <= horizon);
}
