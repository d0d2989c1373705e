import { isIsoDate } from '../calculation/fields.js';
import type { FieldProblem } from '../validation.js';

// Dated configuration versions (weights, thresholds): each applies from its first day up to, not including,
// the first day of the next (half-open), so exactly one is in force on any day, and an administrator's new
// version starts today or later, because history is not rewritten (workload.md §3, §8).

export function isEffectiveOn(
  version: { effectiveFrom: string; effectiveTo: string | null },
  date: string,
): boolean {
  return version.effectiveFrom <= date && (version.effectiveTo === null || date < version.effectiveTo);
}

/** Problems with the first day of a new version of `what` ("weights", "thresholds"), as field effectiveFrom. */
export function versionStartProblems(effectiveFrom: string, today: string, what: string): FieldProblem[] {
  if (!isIsoDate(effectiveFrom))
    return [{ field: 'effectiveFrom', problem: `Enter a real date for when the ${what} apply` }];
  if (effectiveFrom < today)
    return [
      {
        field: 'effectiveFrom',
        problem: `The ${what} must apply from today or a later date; history is not rewritten`,
      },
    ];
  return [];
}
