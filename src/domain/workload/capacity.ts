import type { FieldProblem } from '../validation.js';
import { ValidationError } from '../validation.js';
import {
  Exact,
  exactSumToNumber,
  floorDiv,
  halfUpDiv,
  roundHalfUp,
  toNumber,
  wholeHundredths,
} from './exact.js';
import { targetGradeFor, type Grade } from './grades.js';
import { UNTIERED, weightsVersionId, type CaseLocation, type WeightingConfig } from './weights.js';

// Available points, workload % and aggregation (workload.md §5, §6, §10).

export type AvailablePointsFlag = 'NO_AVAILABLE_HOURS' | 'REDUCTIONS_EXCEED_HOURS';

export interface AvailablePointsInput {
  grade: Grade;
  /** This assignment's weekly contracted hours; null means the grade's default hours. */
  contractedHours: number | null;
  /** Hours of the reductions counting on the calculation date (reductions.ts reductionHoursOn). */
  reductionHours: number;
}

export interface AvailablePoints {
  grade: Grade;
  availablePoints: number;
  /** The base hours used: the contracted hours, or the grade's default when none were given. */
  contractedHours: number | null;
  defaultContractedHours: number | null;
  reductionHours: number;
  /** Base hours − reduction hours, not clamped, so an over-reduced assignment shows how far over it is. */
  availableHours: number | null;
  weeklyTargetPoints: number | null;
  flags: AvailablePointsFlag[];
  weightsVersion: string;
}

/**
 * Available points = floor(target × (base hours − reduction hours) ÷ default hours).
 *
 * - One meaning per target: target and default hours come from the grade's own keys (§13 #1; grades.ts).
 * - Exact decimals, rounded down once at the very end (§13 #10): 2176 × 28.2 ÷ 37 gives 1658, where rounding
 *   the ratio to 2 dp first gave 1656.
 * - A negative result is always clamped to 0 and flagged REDUCTIONS_EXCEED_HOURS (§13 #2: one legacy
 *   calculator clamped and the other did not).
 * - No default hours (the SPO seed) or no base hours gives 0 flagged NO_AVAILABLE_HOURS, so screens can say
 *   "No available points" instead of a misleading 0 % (§13 #8).
 */
export function calculateAvailablePoints(
  input: AvailablePointsInput,
  config: WeightingConfig,
  decimalOnly = false,
): AvailablePoints {
  const problems: FieldProblem[] = [];
  if (
    input.contractedHours !== null &&
    !(Number.isFinite(input.contractedHours) && input.contractedHours >= 0)
  ) {
    problems.push({ field: 'contractedHours', problem: 'must be a number of at least 0' });
  }
  if (!(Number.isFinite(input.reductionHours) && input.reductionHours >= 0)) {
    problems.push({ field: 'reductionHours', problem: 'must be a number of at least 0' });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const { grade, reductionHours } = input;
  const weightsVersion = weightsVersionId(config);
  const targetGrade = targetGradeFor(grade);
  if (targetGrade === null) {
    const base = input.contractedHours;
    return {
      grade,
      availablePoints: 0,
      contractedHours: base,
      defaultContractedHours: null,
      reductionHours,
      availableHours: base === null ? null : toNumber(new Exact(base).minus(reductionHours)),
      weeklyTargetPoints: null,
      flags: ['NO_AVAILABLE_HOURS'],
      weightsVersion,
    };
  }
  const defaultHours = config.standard.defaultContractedHours[targetGrade];
  const target = config.standard.weeklyTargetPoints[targetGrade];
  const base = input.contractedHours ?? defaultHours;
  const hours = availableHoursAndPoints(target, base, reductionHours, defaultHours, decimalOnly);
  const head = {
    grade,
    contractedHours: base,
    defaultContractedHours: defaultHours,
    reductionHours,
    availableHours: hours.availableHours,
    weeklyTargetPoints: target,
    weightsVersion,
  };
  if (defaultHours === 0 || base === 0) return { ...head, availablePoints: 0, flags: ['NO_AVAILABLE_HOURS'] };
  if (hours.availableHours < 0) return { ...head, availablePoints: 0, flags: ['REDUCTIONS_EXCEED_HOURS'] };
  return { ...head, availablePoints: hours.points, flags: [] };
}

/**
 * Base − reduction hours, and floor(target × those hours ÷ default hours) when they are not negative and the
 * default is not 0. In whole hundredths of an hour when every input has at most 2 decimal places (as hours are
 * entered), else in decimal.
 */
function availableHoursAndPoints(
  target: number,
  base: number,
  reductionHours: number,
  defaultHours: number,
  decimalOnly: boolean,
): { availableHours: number; points: number } {
  const b = decimalOnly ? null : wholeHundredths(base);
  const r = wholeHundredths(reductionHours);
  const d = wholeHundredths(defaultHours);
  if (b !== null && r !== null && d !== null && Number.isInteger(target)) {
    const available = b - r;
    const scaled = target * available;
    if (Number.isSafeInteger(scaled)) {
      const points = available < 0 || d === 0 ? 0 : floorDiv(scaled, d);
      return { availableHours: available === 0 ? 0 : available / 100, points };
    }
  }
  const available = new Exact(base).minus(reductionHours);
  const points =
    available.isNegative() || defaultHours === 0
      ? 0
      : toNumber(new Exact(target).times(available).div(defaultHours).floor());
  return { availableHours: toNumber(available), points };
}

/** Contracted hours as managers edit them: a decimal from 0 to 37.5 (§5). */
export const MAX_CONTRACTED_HOURS = 37.5;

export function contractedHoursProblems(hours: number | null): FieldProblem[] {
  if (hours === null || !Number.isFinite(hours))
    return [{ field: 'contractedHours', problem: 'Enter the weekly contracted hours as a number' }];
  if (hours < 0 || hours > MAX_CONTRACTED_HOURS) {
    return [
      { field: 'contractedHours', problem: `Contracted hours must be from 0 to ${MAX_CONTRACTED_HOURS}` },
    ];
  }
  return [];
}

// ---- workload % and related measures (§6.2) -----------------------------------------------------------

/**
 * total ÷ available × 100 as an exact decimal, or null when there are no available points: the percentage is
 * then undefined, and screens show "No available points" rather than 0 % (§13 #8).
 */
export function workloadRatio(totalPoints: number, availablePoints: number): Exact | null {
  if (availablePoints === 0) return null;
  return new Exact(totalPoints).times(100).div(availablePoints);
}

/**
 * Workload % and its 1-dp display from whole numbers, without decimal objects: total × 100 ÷ available in
 * floating point is the double nearest the exact ratio, as the decimal's conversion is, and the display is
 * an integer half-up division. Null when the figures are not whole or could pass 2^53.
 */
function wholeNumberPcts(
  totalPoints: number,
  availablePoints: number,
): { workloadPct: number; displayPct: number } | null {
  if (!Number.isSafeInteger(totalPoints) || !Number.isSafeInteger(availablePoints) || availablePoints <= 0)
    return null;
  const tenthsNumerator = totalPoints * 1000;
  if (!Number.isSafeInteger(tenthsNumerator)) return null;
  const tenths = halfUpDiv(tenthsNumerator, availablePoints);
  if (tenths === null) return null;
  const pct = (totalPoints * 100) / availablePoints;
  return { workloadPct: pct === 0 ? 0 : pct, displayPct: tenths === 0 ? 0 : tenths / 10 };
}

export function workloadPct(totalPoints: number, availablePoints: number): number | null {
  return workloadPcts(totalPoints, availablePoints).workloadPct;
}

/** Workload % as shown: 1 dp, half-up on the exact value (so 103.35 → 103.4, never a binary-float 103.3). */
export function displayWorkloadPct(
  totalPoints: number,
  availablePoints: number,
  decimalPlaces = 1,
): number | null {
  if (decimalPlaces === 1) return workloadPcts(totalPoints, availablePoints).displayPct;
  const ratio = workloadRatio(totalPoints, availablePoints);
  return ratio === null ? null : roundHalfUp(ratio, decimalPlaces);
}

/** Workload % and its display (1 dp) from one exact division: for screens that show both. */
export function workloadPcts(
  totalPoints: number,
  availablePoints: number,
  decimalOnly = false,
): { workloadPct: number | null; displayPct: number | null } {
  const whole = decimalOnly ? null : wholeNumberPcts(totalPoints, availablePoints);
  if (whole) return whole;
  const ratio = workloadRatio(totalPoints, availablePoints);
  return ratio === null
    ? { workloadPct: null, displayPct: null }
    : { workloadPct: toNumber(ratio), displayPct: roundHalfUp(ratio, 1) };
}

/** Available − total; negative when over. */
export function remainingPoints(totalPoints: number, availablePoints: number): number {
  return availablePoints - totalPoints;
}

/** CMS points as a % of available points; negative when others did more work on this caseload. */
export function cmsPct(cmsAdjustmentPoints: number, availablePoints: number): number | null {
  return workloadPct(cmsAdjustmentPoints, availablePoints);
}

/** (base − reduction) ÷ base × 100, or null with no base hours. */
export function availabilityPct(baseHours: number, reductionHours: number): number | null {
  if (baseHours === 0) return null;
  return toNumber(new Exact(baseHours).minus(reductionHours).div(baseHours).times(100));
}

/** Hours are summed exactly and shown to 1 dp (§6.3). */
export function displayHours(hours: number): number {
  return roundHalfUp(hours, 1);
}

// ---- aggregation: always a ratio of sums (§6.3) -------------------------------------------------------

export interface WorkloadFigures {
  totalPoints: number;
  availablePoints: number;
  contractedHours: number;
  reductionHours: number;
  cmsAdjustmentPoints: number;
  cases: number;
}

/** An assignment's figures, or a child unit's aggregate (which carries its own list of unmeasured members). */
export type AggregateMember = WorkloadFigures & { id: string; withoutAvailablePoints?: readonly string[] };

export interface WorkloadAggregate extends WorkloadFigures {
  /** Σ total ÷ Σ available × 100, never the mean of members' percentages; null when Σ available is 0. */
  workloadPct: number | null;
  remainingPoints: number;
  cmsPct: number | null;
  /**
   * Assignments with no available points. Their points are in the numerator but add nothing to the
   * denominator, so they are listed for the aggregate view to show them separately.
   */
  withoutAvailablePoints: string[];
}

/**
 * Team, PDU, region or national figures. Members may be assignments or child aggregates: because every
 * figure is a plain sum, aggregating teams into a PDU gives exactly what aggregating its assignments would.
 */
export function aggregateWorkload(members: readonly AggregateMember[]): WorkloadAggregate {
  const sum = (pick: (m: AggregateMember) => number) => exactSumToNumber(members.map(pick));
  const totalPoints = sum((m) => m.totalPoints);
  const availablePoints = sum((m) => m.availablePoints);
  const cmsAdjustmentPoints = sum((m) => m.cmsAdjustmentPoints);
  return {
    totalPoints,
    availablePoints,
    contractedHours: sum((m) => m.contractedHours),
    reductionHours: sum((m) => m.reductionHours),
    cmsAdjustmentPoints,
    cases: sum((m) => m.cases),
    workloadPct: workloadPct(totalPoints, availablePoints),
    remainingPoints: remainingPoints(totalPoints, availablePoints),
    cmsPct: cmsPct(cmsAdjustmentPoints, availablePoints),
    withoutAvailablePoints: members.flatMap((m) =>
      m.withoutAvailablePoints !== undefined
        ? [...m.withoutAvailablePoints]
        : m.availablePoints === 0
          ? [m.id]
          : [],
    ),
  };
}

// ---- allocation impact (§10) --------------------------------------------------------------------------

export interface CaseToAllocate {
  location: CaseLocation;
  tier: string;
  t2a: boolean;
}

/** The full points a case earns for its location and tier, from its own cohort's weights (§13 #5). */
export function casePointsFor(c: CaseToAllocate, config: WeightingConfig): number {
  if (c.tier === UNTIERED) return 0;
  const weight = (c.t2a ? config.t2a : config.standard).tierPoints[c.location][c.tier];
  if (weight === undefined)
    throw new ValidationError([
      { field: 'tier', problem: `${c.tier} has no configured ${c.location} weight` },
    ]);
  return weight;
}

export interface AllocationImpactInput {
  grade: Grade;
  /** The practitioner's current calculation; null if they have none yet. */
  current: { totalPoints: number; availablePoints: number } | null;
  case: CaseToAllocate;
  /** If they already hold this case: the points it earns them now, and its tier and location then. */
  alreadyHeld: { points: number; location: CaseLocation; tier: string } | null;
}

export interface AllocationImpact {
  fromPct: number | null;
  toPct: number | null;
  /** Already held with the same tier and location: "their workload stays the same". */
  unchanged: boolean;
  projectedTotalPoints: number;
  availablePoints: number;
}

/** "This will increase their workload from X % to Y %." */
export function allocationImpact(input: AllocationImpactInput, config: WeightingConfig): AllocationImpact {
  // With no calculation yet, the practitioner counts as 0 points and the grade's full available points.
  const current = input.current ?? {
    totalPoints: 0,
    availablePoints: calculateAvailablePoints(
      { grade: input.grade, contractedHours: null, reductionHours: 0 },
      config,
    ).availablePoints,
  };
  const held = input.alreadyHeld;
  const unchanged = held !== null && held.location === input.case.location && held.tier === input.case.tier;
  const projected = unchanged
    ? current.totalPoints
    : current.totalPoints - (held?.points ?? 0) + casePointsFor(input.case, config);
  return {
    fromPct: workloadPct(current.totalPoints, current.availablePoints),
    toPct: workloadPct(projected, current.availablePoints),
    unchanged,
    projectedTotalPoints: projected,
    availablePoints: current.availablePoints,
  };
}
