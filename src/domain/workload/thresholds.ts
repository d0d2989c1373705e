import type { Decimal } from 'decimal.js';
import type { FieldProblem } from '../validation.js';
import { Exact, daysBetween } from './exact.js';
import { isEffectiveOn } from './versions.js';
import { workloadRatio } from './capacity.js';

// Workload thresholds (workload.md §8). The legacy screens used three cut-offs (> 99 %, > 100 %, > 110 %);
// every screen and rule in Casework reads these from one versioned value instead.

export interface CapacityThresholds {
  version: number;
  effectiveFrom: string;
  /** Half-open, like the weighting versions. */
  effectiveTo: string | null;
  /** Highlighted (amber) above this %. */
  highlightAbovePct: number;
  /** Over capacity (red) above this %: allocating needs a recorded justification and approver. */
  overCapacityAbovePct: number;
  /** The published "excessive workload" definition: above this % … */
  excessiveAbovePct: number;
  /** … for this many consecutive weekly snapshots. */
  excessiveConsecutiveWeeks: number;
}

export const DEFAULT_CAPACITY_THRESHOLDS: CapacityThresholds = {
  version: 1,
  effectiveFrom: '2024-04-01',
  effectiveTo: null,
  highlightAbovePct: 100,
  overCapacityAbovePct: 110,
  excessiveAbovePct: 110,
  excessiveConsecutiveWeeks: 4,
};

/** The values an administrator sets; the version and its dates are the record of when they applied. */
export type ThresholdValues = Pick<
  CapacityThresholds,
  'highlightAbovePct' | 'overCapacityAbovePct' | 'excessiveAbovePct' | 'excessiveConsecutiveWeeks'
>;

/** Highest percentage a threshold may be set to: far above any real workload, and below any typo's reach. */
export const MAX_THRESHOLD_PCT = 1000;

/**
 * Problems with threshold values, each naming its field. Highlighting must start no later than over capacity,
 * or a red workload would skip amber; the excessive run is whole weeks, up to a year of snapshots.
 */
export function thresholdValueProblems(values: ThresholdValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of ['highlightAbovePct', 'overCapacityAbovePct', 'excessiveAbovePct'] as const) {
    const v = values[field];
    if (!Number.isFinite(v) || v < 0 || v > MAX_THRESHOLD_PCT)
      problems.push({ field, problem: `Enter a percentage from 0 to ${MAX_THRESHOLD_PCT}` });
  }
  const weeks = values.excessiveConsecutiveWeeks;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52)
    problems.push({
      field: 'excessiveConsecutiveWeeks',
      problem: 'Enter a whole number of weeks from 1 to 52',
    });
  if (problems.length === 0 && new Exact(values.highlightAbovePct).gt(values.overCapacityAbovePct))
    problems.push({
      field: 'highlightAbovePct',
      problem: 'The highlight threshold must not be above the over-capacity threshold',
    });
  return problems;
}

/** The thresholds in force on `date` (half-open versions, like the weights); throws when none is. */
export function thresholdsOn(versions: readonly CapacityThresholds[], date: string): CapacityThresholds {
  const inForce = versions.filter((v) => isEffectiveOn(v, date));
  if (inForce.length !== 1)
    throw new Error(`Expected exactly one capacity threshold version on ${date}; found ${inForce.length}`);
  return inForce[0]!;
}

export type CapacityBand = 'WITHIN' | 'AMBER' | 'RED' | 'NO_AVAILABLE_POINTS';

/**
 * The band of a workload %. Exactly 100 % is WITHIN and exactly 110 % is AMBER: both thresholds are
 * "more than". The comparison is on the exact value, so 110.04 % is RED even though it shows as 110.0 %.
 */
export function bandForPct(
  pct: Decimal.Value | null,
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): CapacityBand {
  if (pct === null) return 'NO_AVAILABLE_POINTS';
  // A number compares as its decimal does: distinct doubles have distinct shortest decimals, in the same order.
  if (typeof pct === 'number') {
    if (pct > thresholds.overCapacityAbovePct) return 'RED';
    if (pct > thresholds.highlightAbovePct) return 'AMBER';
    return 'WITHIN';
  }
  const p = new Exact(pct);
  if (p.gt(thresholds.overCapacityAbovePct)) return 'RED';
  if (p.gt(thresholds.highlightAbovePct)) return 'AMBER';
  return 'WITHIN';
}

export function capacityBand(
  totalPoints: number,
  availablePoints: number,
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): CapacityBand {
  return bandForPct(workloadRatio(totalPoints, availablePoints), thresholds);
}

/** Allocating to someone in the red band needs a recorded justification and the approver's identity. */
export function allocationNeedsJustification(band: CapacityBand): boolean {
  return band === 'RED';
}

export interface WeeklySnapshot {
  /** The date the weekly figure was taken. Consecutive snapshots are 7 days apart. */
  weekEnding: string;
  /** Exact workload %, or null when there were no available points. */
  workloadPct: number | null;
}

export interface ExcessiveWorkload {
  excessive: boolean;
  /** Length of the run of over-threshold weeks ending with the latest snapshot. */
  consecutiveWeeksOver: number;
  /** First week of that run, or null when the latest week is not over. */
  overSince: string | null;
}

/**
 * "Excessive workload": above the threshold in each of the latest N consecutive weekly snapshots. A missing
 * week ends the run, since nothing shows the workload was over in it; so does a week with no available
 * points, whose percentage is undefined rather than high.
 */
export function excessiveWorkload(
  snapshots: readonly WeeklySnapshot[],
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): ExcessiveWorkload {
  const newestFirst = [...snapshots].sort((a, b) =>
    a.weekEnding < b.weekEnding ? 1 : a.weekEnding > b.weekEnding ? -1 : 0,
  );
  let run = 0;
  let overSince: string | null = null;
  for (const [i, s] of newestFirst.entries()) {
    if (i > 0 && daysBetween(s.weekEnding, newestFirst[i - 1]!.weekEnding) !== 7) break;
    if (s.workloadPct === null || !new Exact(s.workloadPct).gt(thresholds.excessiveAbovePct)) break;
    run++;
    overSince = s.weekEnding;
  }
  return { excessive: run >= thresholds.excessiveConsecutiveWeeks, consecutiveWeeksOver: run, overSince };
}
