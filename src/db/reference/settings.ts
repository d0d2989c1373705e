/**
 * Organisation-wide settings and their defaults. Loading reference data inserts a missing setting with its
 * default and never overwrites a value an administrator has changed.
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'tier.modelOfRecord': 'PROTECT_CHANGE',
  'assessment.staleAfterWeeks': 55,
  'allocation.workingDaysToAllocate': 3,
  'transfer.slaWorkingDays': 5,
  'registration.reviewDueWarningDays': 14,
  'enforcement.defaultFtcLimit': 2,
  'overview.finalThirdPromptDays': 7,
  'overview.tierChangedPromptDays': 7,
  'workload.overloadedPercent': 110,
  'checkins.expiryGraceDays': 3,
};
