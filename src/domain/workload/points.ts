import type { CalcIssue } from '../calculation/contract.js';
import { ValidationError } from '../validation.js';
import { Exact, daysBetween, exactSum, roundHalfUp, toNumber } from './exact.js';
import {
  CASE_LOCATIONS,
  UNTIERED,
  weightsVersionId,
  type CaseLocation,
  type KeepPercentages,
  type TierPoints,
  type WeightingConfig,
} from './weights.js';

// Workload points for one practitioner assignment (workload.md §4, calculation-api.md §8.2).

/** A case whose type cannot be worked out is UNKNOWN: counted, 0 points, listed for data quality (§2.2). */
export type CaseloadLocation = CaseLocation | 'UNKNOWN';
export const CASELOAD_LOCATIONS: readonly CaseloadLocation[] = [...CASE_LOCATIONS, 'UNKNOWN'];

/**
 * `count` cases with the same location, tier and T2A status. The inactive counts say how many of them carry
 * each inactive flag; a case carries at most one (see inactiveFlag), so together they never exceed `count`.
 */
export interface CaseloadRow {
  location: CaseloadLocation;
  /** A V2 code (A3 … D0S), any other code the configuration weights, or UNTIERED. */
  tier: string;
  t2a: boolean;
  count: number;
  warrants: number;
  unpaidWork: number;
  overdueTermination: number;
  /** Counted and displayed only (flags S and L). */
  suspended: number;
  suspendedLifers: number;
}

export interface CaseloadInput {
  cases: readonly CaseloadRow[];
  /** PSRs completed in the 30 days ending on the calculation date (see completedInReportWindow). */
  standardReports: number;
  /** FDRs completed in the same window. */
  fastReports: number;
  /** CMS contact type code → contacts this practitioner recorded on others' cases in the CMS window. */
  contactsOutsideOwnCaseload: Readonly<Record<string, number>>;
  /** CMS contact type code → contacts others recorded on this practitioner's cases in the CMS window. */
  contactsByOthersOnMyCases: Readonly<Record<string, number>>;
}

export interface WorkloadPoints {
  totalPoints: number;
  unroundedTotalPoints: number;
  casePoints: number;
  standardCasePoints: number;
  t2aCasePoints: number;
  // Case, report and CMS points are kept apart and never re-derived from each other: the legacy breakdown
  // export worked case points out by subtraction and got it wrong (§13 #6).
  sdrPoints: number;
  fdrPoints: number;
  cmsAdjustmentPoints: number;
  // T2A cases are always part of totalCases (§13 #4).
  totalCases: number;
  t2aCases: number;
  untieredCases: number;
  inactiveCases: number;
  unknownLocationCases: number;
  weightsVersion: string;
}

export type InactiveFlag = 'W' | 'O' | 'U';

/** The one inactive flag a case carries when several apply: warrant, then overdue termination, then UPW-only. */
export function inactiveFlag(facts: {
  activeWarrant: boolean;
  overdueTermination: boolean;
  unpaidWorkOnly: boolean;
}): InactiveFlag | null {
  if (facts.activeWarrant) return 'W';
  if (facts.overdueTermination) return 'O';
  if (facts.unpaidWorkOnly) return 'U';
  return null;
}

/** A caseload row's inactive counts exceed its case count: the INACTIVE_COUNTS_EXCEED_CASES refusal. */
export function inactiveCountsExceedCases(
  row: Pick<CaseloadRow, 'count' | 'warrants' | 'unpaidWork' | 'overdueTermination'>,
): boolean {
  return row.warrants + row.unpaidWork + row.overdueTermination > row.count;
}

/**
 * Whether a tier code has a configured weight for the row's cohort. For an UNKNOWN location any location's
 * column will do, since the code is still checked to be a real one even though it earns nothing.
 */
export function isWeightedTier(
  config: WeightingConfig,
  row: Pick<CaseloadRow, 'location' | 'tier' | 't2a'>,
): boolean {
  if (row.tier === UNTIERED) return true;
  if (row.location === 'UNKNOWN') return isWeightedAtAnyLocation(config, row);
  return Object.hasOwn((row.t2a ? config.t2a : config.standard).tierPoints[row.location], row.tier);
}

/** Whether the row's cohort weights its tier code at any location (UNTIERED always is). */
export function isWeightedAtAnyLocation(
  config: WeightingConfig,
  row: Pick<CaseloadRow, 'tier' | 't2a'>,
): boolean {
  if (row.tier === UNTIERED) return true;
  const tiers = (row.t2a ? config.t2a : config.standard).tierPoints;
  for (const l of CASE_LOCATIONS) if (Object.hasOwn(tiers[l], row.tier)) return true;
  return false;
}

// A keep-percentage outside 0–100 is clamped rather than trusted (§3.5), so a bad edit cannot make an
// inactive case worth more than an active one or less than nothing.
function keepFraction(pct: number): Exact {
  return new Exact(Math.min(100, Math.max(0, pct))).div(100);
}

function rowPoints(row: CaseloadRow, tierPoints: TierPoints, keep: KeepPercentages): Exact {
  if (row.location === 'UNKNOWN' || row.tier === UNTIERED) return new Exact(0);
  // caseloadIssues has already refused a code this location's column does not hold.
  const weight = tierPoints[row.location][row.tier] ?? 0;
  const active = row.count - row.warrants - row.unpaidWork - row.overdueTermination;
  // Known inconsistency §13 #5: keep-percentages apply to flagged cases of both cohorts alike, and the
  // cohort's own set is used, instead of removing standard inactive cases before the calculation.
  // Flags with no cases add nothing, so they are skipped: most rows have none.
  let keptCases = new Exact(active);
  if (row.warrants > 0) keptCases = keptCases.plus(keepFraction(keep.warrants).times(row.warrants));
  if (row.unpaidWork > 0) keptCases = keptCases.plus(keepFraction(keep.unpaidWork).times(row.unpaidWork));
  if (row.overdueTermination > 0)
    keptCases = keptCases.plus(keepFraction(keep.overdueTermination).times(row.overdueTermination));
  return keptCases.times(weight);
}

/**
 * The case points of rows in hundredths of a point, worked out in whole numbers: exact when every weight and
 * keep-percentage involved is a whole number, as the published weights are. A national recalculation weighs
 * some 140,000 rows, and doing each in decimal objects made the garbage collector the largest cost. Null when a
 * configured value has a fraction or the total could pass 2^53; the caller then uses the decimal path.
 */
export function wholeCasePointsInHundredths(
  rows: readonly CaseloadRow[],
  tierPoints: TierPoints,
  keep: KeepPercentages,
): number | null {
  const clamp = (pct: number) => Math.min(100, Math.max(0, pct));
  const keepWarrants = clamp(keep.warrants);
  const keepUnpaidWork = clamp(keep.unpaidWork);
  const keepOverdue = clamp(keep.overdueTermination);
  if (!Number.isInteger(keepWarrants) || !Number.isInteger(keepUnpaidWork) || !Number.isInteger(keepOverdue))
    return null;
  let total = 0;
  for (const row of rows) {
    if (row.location === 'UNKNOWN' || row.tier === UNTIERED) continue;
    const weight = tierPoints[row.location][row.tier] ?? 0;
    if (!Number.isInteger(weight)) return null;
    const active = row.count - row.warrants - row.unpaidWork - row.overdueTermination;
    const keptHundredths =
      active * 100 +
      row.warrants * keepWarrants +
      row.unpaidWork * keepUnpaidWork +
      row.overdueTermination * keepOverdue;
    total += keptHundredths * weight;
    if (!Number.isSafeInteger(total)) return null;
  }
  return total;
}

/** The case points of rows in decimal arithmetic, row by row: the definition the whole-number path must agree with. */
export function exactCasePoints(
  rows: readonly CaseloadRow[],
  tierPoints: TierPoints,
  keep: KeepPercentages,
): Exact {
  return exactSum(rows.map((r) => rowPoints(r, tierPoints, keep)));
}

/** Net CMS points: contacts done for others earn their weight; contacts others did on own cases cost it. */
export function cmsAdjustmentPoints(
  input: Pick<CaseloadInput, 'contactsOutsideOwnCaseload' | 'contactsByOthersOnMyCases'>,
  config: WeightingConfig,
): Exact {
  const weight = (contactType: string) => config.standard.cmsContactPoints[contactType] ?? 0;
  const earned = exactSum(
    Object.entries(input.contactsOutsideOwnCaseload).map(([c, n]) => new Exact(weight(c)).times(n)),
  );
  const given = exactSum(
    Object.entries(input.contactsByOthersOnMyCases).map(([c, n]) => new Exact(weight(c)).times(n)),
  );
  return earned.minus(given);
}

/**
 * Net CMS points in hundredths, in whole numbers: exact when every CMS weight involved is a whole number, as
 * configured ones must be (0–999, weights.ts). Null for a fraction (an override) or past 2^53.
 */
export function wholeCmsPointsInHundredths(
  input: Pick<CaseloadInput, 'contactsOutsideOwnCaseload' | 'contactsByOthersOnMyCases'>,
  cmsContactPoints: Readonly<Record<string, number>>,
): number | null {
  const earned = wholeCmsPoints(input.contactsOutsideOwnCaseload, cmsContactPoints);
  const given = earned === null ? null : wholeCmsPoints(input.contactsByOthersOnMyCases, cmsContactPoints);
  if (earned === null || given === null) return null;
  const total = (earned - given) * 100;
  return Number.isSafeInteger(total) ? total : null;
}

// A for…in loop: most assignments have no CMS contacts, and this runs for each of a national store's 8,000.
function wholeCmsPoints(
  contacts: Readonly<Record<string, number>>,
  cmsContactPoints: Readonly<Record<string, number>>,
): number | null {
  let sum = 0;
  for (const c in contacts) {
    const weight = cmsContactPoints[c] ?? 0;
    if (!Number.isInteger(weight)) return null;
    sum += contacts[c]! * weight;
  }
  return sum;
}

const COUNT_FIELDS = [
  'count',
  'warrants',
  'unpaidWork',
  'overdueTermination',
  'suspended',
  'suspendedLifers',
] as const;

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

const NO_ISSUES: readonly CalcIssue[] = Object.freeze([]);

/**
 * Problems with the caseload row at `index`, reported against "cases[index]". A valid row builds nothing: a
 * national recalculation checks some 140,000 rows, and building each one's path cost more than weighing it.
 */
export function caseloadRowIssues(
  row: CaseloadRow,
  config: WeightingConfig,
  index: number,
): readonly CalcIssue[] {
  let valid = CASELOAD_LOCATIONS.includes(row.location) && isWeightedTier(config, row);
  for (const f of COUNT_FIELDS) valid &&= isCount(row[f]);
  if (valid && !inactiveCountsExceedCases(row)) return NO_ISSUES;
  const path = `cases[${index}]`;
  const issues: CalcIssue[] = [];
  for (const f of COUNT_FIELDS) {
    if (!isCount(row[f]))
      issues.push({
        type: 'INVALID_VALUE',
        message: `${path}.${f} must be a whole number of at least 0`,
        fields: [`${path}.${f}`],
      });
  }
  if (!CASELOAD_LOCATIONS.includes(row.location)) {
    issues.push({
      type: 'INVALID_VALUE',
      message: `${path}.location must be one of ${CASELOAD_LOCATIONS.join(', ')}`,
      fields: [`${path}.location`],
    });
  } else if (!isWeightedTier(config, row)) {
    const cohort = row.t2a ? 'T2A' : 'standard';
    issues.push({
      type: 'INVALID_VALUE',
      message: `${path}.tier ${row.tier} has no configured ${cohort} weight`,
      fields: [`${path}.tier`],
    });
  }
  if (issues.length === 0 && inactiveCountsExceedCases(row)) {
    issues.push({
      type: 'INACTIVE_COUNTS_EXCEED_CASES',
      message: `In ${path}, warrants + unpaidWork + overdueTermination (${row.warrants + row.unpaidWork + row.overdueTermination}) is more than count (${row.count}); a case carries at most one inactive flag`,
      fields: [`${path}.warrants`, `${path}.unpaidWork`, `${path}.overdueTermination`, `${path}.count`],
    });
  }
  return issues;
}

/** Every problem with a caseload input, in the public contract's terms (calculation-api.md §3.4, §8.2). */
export function caseloadIssues(input: CaseloadInput, config: WeightingConfig): CalcIssue[] {
  const issues: CalcIssue[] = [];
  for (let i = 0; i < input.cases.length; i++) {
    const rowIssues = caseloadRowIssues(input.cases[i]!, config, i);
    if (rowIssues.length > 0) issues.push(...rowIssues);
  }
  for (const f of ['standardReports', 'fastReports'] as const) {
    if (!isCount(input[f]))
      issues.push({
        type: 'INVALID_VALUE',
        message: `${f} must be a whole number of at least 0`,
        fields: [f],
      });
  }
  for (const f of ['contactsOutsideOwnCaseload', 'contactsByOthersOnMyCases'] as const) {
    for (const [c, n] of Object.entries(input[f])) {
      if (!isCount(n))
        issues.push({
          type: 'INVALID_VALUE',
          message: `${f}.${c} must be a whole number of at least 0`,
          fields: [`${f}.${c}`],
        });
    }
  }
  return issues;
}

/** The point figures of a caseload (the totals part of WorkloadPoints). */
export type PointTotals = Pick<
  WorkloadPoints,
  | 'totalPoints'
  | 'unroundedTotalPoints'
  | 'casePoints'
  | 'standardCasePoints'
  | 't2aCasePoints'
  | 'sdrPoints'
  | 'fdrPoints'
  | 'cmsAdjustmentPoints'
>;

/**
 * The point figures, in whole hundredths where that is exact (whole-number weights, keep-percentages, report
 * and CMS points, and a total of at least 0: the usual case, some 8,000 times in a national recalculation), and
 * in decimal otherwise or when `decimalOnly`. Both give the same numbers: h / 100 is the double nearest the
 * exact decimal, as decimal's own conversion is.
 */
export function pointTotals(
  input: CaseloadInput,
  config: WeightingConfig,
  standardRows: readonly CaseloadRow[],
  t2aRows: readonly CaseloadRow[],
  decimalOnly = false,
): PointTotals {
  const { standardReport, fastReport } = config.standard.reportPoints;
  const whole = !decimalOnly && Number.isInteger(standardReport) && Number.isInteger(fastReport);
  // Assignments with CMS contacts in the window (thousands in a national store) stay on this path too.
  const cmsPoints = whole ? wholeCmsPointsInHundredths(input, config.standard.cmsContactPoints) : null;
  const standardCase =
    cmsPoints !== null
      ? wholeCasePointsInHundredths(standardRows, config.standard.tierPoints, config.standard.keepPct)
      : null;
  const t2aCase =
    standardCase === null
      ? null
      : wholeCasePointsInHundredths(t2aRows, config.t2a.tierPoints, config.t2a.keepPct);
  if (cmsPoints !== null && standardCase !== null && t2aCase !== null) {
    const sdr = input.standardReports * standardReport * 100;
    const fdr = input.fastReports * fastReport * 100;
    const unrounded = standardCase + t2aCase + sdr + fdr + cmsPoints;
    if (Number.isSafeInteger(unrounded) && unrounded >= 0) {
      // The total is at least 0 here (CMS points alone may be negative), so half-up is floor(x + ½).
      return {
        totalPoints: Math.floor((unrounded + 50) / 100),
        unroundedTotalPoints: unrounded / 100,
        casePoints: (standardCase + t2aCase) / 100,
        standardCasePoints: standardCase / 100,
        t2aCasePoints: t2aCase / 100,
        sdrPoints: sdr / 100,
        fdrPoints: fdr / 100,
        cmsAdjustmentPoints: cmsPoints / 100,
      };
    }
  }
  const standard = exactCasePoints(standardRows, config.standard.tierPoints, config.standard.keepPct);
  const t2a = exactCasePoints(t2aRows, config.t2a.tierPoints, config.t2a.keepPct);
  const sdr = new Exact(input.standardReports).times(standardReport);
  const fdr = new Exact(input.fastReports).times(fastReport);
  const cms = cmsAdjustmentPoints(input, config);
  const unrounded = standard.plus(t2a).plus(sdr).plus(fdr).plus(cms);
  return {
    totalPoints: roundHalfUp(unrounded),
    unroundedTotalPoints: toNumber(unrounded),
    casePoints: toNumber(standard.plus(t2a)),
    standardCasePoints: toNumber(standard),
    t2aCasePoints: toNumber(t2a),
    sdrPoints: toNumber(sdr),
    fdrPoints: toNumber(fdr),
    cmsAdjustmentPoints: toNumber(cms),
  };
}

/**
 * Workload points for a caseload. Throws ValidationError on any problem caseloadIssues reports: a row that
 * cannot be weighted must be corrected, not silently scored 0, which would understate someone's workload.
 */
export function calculateWorkloadPoints(input: CaseloadInput, config: WeightingConfig): WorkloadPoints {
  const issues = caseloadIssues(input, config);
  if (issues.length > 0) {
    throw new ValidationError(
      issues.flatMap((i) => i.fields.slice(0, 1).map((field) => ({ field, problem: i.message }))),
    );
  }
  // One pass for the cohorts and the counts: this runs once per assignment in a national recalculation.
  const standardRows: CaseloadRow[] = [];
  const t2aRows: CaseloadRow[] = [];
  let totalCases = 0;
  let t2aCases = 0;
  let untieredCases = 0;
  let inactiveCases = 0;
  let unknownLocationCases = 0;
  for (const r of input.cases) {
    totalCases += r.count;
    inactiveCases += r.warrants + r.unpaidWork + r.overdueTermination;
    if (r.tier === UNTIERED) untieredCases += r.count;
    if (r.location === 'UNKNOWN') unknownLocationCases += r.count;
    if (r.t2a) {
      t2aRows.push(r);
      t2aCases += r.count;
    } else standardRows.push(r);
  }
  const totals = pointTotals(input, config, standardRows, t2aRows);
  return {
    totalPoints: totals.totalPoints,
    unroundedTotalPoints: totals.unroundedTotalPoints,
    casePoints: totals.casePoints,
    standardCasePoints: totals.standardCasePoints,
    t2aCasePoints: totals.t2aCasePoints,
    sdrPoints: totals.sdrPoints,
    fdrPoints: totals.fdrPoints,
    cmsAdjustmentPoints: totals.cmsAdjustmentPoints,
    totalCases,
    t2aCases,
    untieredCases,
    inactiveCases,
    unknownLocationCases,
    weightsVersion: weightsVersionId(config),
  };
}

// ---- windows ------------------------------------------------------------------------------------------

/** Reports count when completed in the 30 days ending today: today and the 29 days before (§3.4). */
export const REPORT_WINDOW_DAYS = 30;
/** A CMS adjustment is effective for 7 days from its contact date, that day included (§4.4; 30 before 2023). */
export const CMS_WINDOW_DAYS = 7;

function withinDaysEnding(date: string, today: string, days: number): boolean {
  const age = daysBetween(date, today);
  return age >= 0 && age < days;
}

export function completedInReportWindow(completionDate: string, calculationDate: string): boolean {
  return withinDaysEnding(completionDate, calculationDate, REPORT_WINDOW_DAYS);
}

export function isCmsContactEffective(contactDate: string, calculationDate: string): boolean {
  return withinDaysEnding(contactDate, calculationDate, CMS_WINDOW_DAYS);
}

/** One CMS contact's effect on one assignment (workload.md §1 "points adjustment"). */
export interface PointsAdjustment {
  assignmentId: string;
  contactTypeCode: string;
  contactDate: string;
  points: number;
}

/**
 * The two adjustments a CMS contact creates: + for the assignment that did the work, − for the one holding
 * the case. When both are the same assignment they cancel, which summing them does without a special case.
 */
export function cmsAdjustmentsForContact(
  contact: {
    contactTypeCode: string;
    contactDate: string;
    doneByAssignmentId: string;
    caseHeldByAssignmentId: string;
  },
  config: WeightingConfig,
): [PointsAdjustment, PointsAdjustment] {
  const points = config.standard.cmsContactPoints[contact.contactTypeCode] ?? 0;
  const { contactTypeCode, contactDate } = contact;
  return [
    { assignmentId: contact.doneByAssignmentId, contactTypeCode, contactDate, points },
    {
      assignmentId: contact.caseHeldByAssignmentId,
      contactTypeCode,
      contactDate,
      points: points === 0 ? 0 : -points,
    },
  ];
}

/** Sum of one assignment's effective adjustments; it may be negative. */
export function effectiveCmsPoints(
  adjustments: readonly PointsAdjustment[],
  assignmentId: string,
  calculationDate: string,
): number {
  return toNumber(
    exactSum(
      adjustments
        .filter(
          (a) => a.assignmentId === assignmentId && isCmsContactEffective(a.contactDate, calculationDate),
        )
        .map((a) => a.points),
    ),
  );
}

// ---- custody-based offender managers (OMIC) -----------------------------------------------------------

export interface OmicPoints {
  custodyPoints: number;
  /** What the same cases will cost once released: custody case counts × licence weights. */
  projectedLicencePoints: number;
  weightsVersion: string;
}

/**
 * OMIC workload (§4.5): every custody case at full weight, with no inactive-case filtering; rows in other
 * locations are not OMIC work and are ignored. T2A cases use the T2A weights here too (§13 #5).
 */
export function calculateOmicPoints(cases: readonly CaseloadRow[], config: WeightingConfig): OmicPoints {
  const custody = cases.filter((r) => r.location === 'CUSTODY' && r.tier !== UNTIERED);
  const sum = (location: CaseLocation) =>
    exactSum(
      custody.map((r) => {
        const weight = (r.t2a ? config.t2a : config.standard).tierPoints[location][r.tier];
        if (weight === undefined) throw new Error(`No ${location} weight for tier ${r.tier}`);
        return new Exact(weight).times(r.count);
      }),
    );
  return {
    custodyPoints: toNumber(sum('CUSTODY')),
    projectedLicencePoints: toNumber(sum('LICENCE')),
    weightsVersion: weightsVersionId(config),
  };
}
