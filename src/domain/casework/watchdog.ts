import type { FieldProblem } from '../validation.js';

// The off-radar watchdog (issue #6): the reasons an active case can drop off the radar, and the contact
// intervals, by tier, beyond which a case under supervision in the community is listed.

export const OFF_RADAR_RULES = [
  'NO_OWNER',
  'NO_PRACTITIONER',
  'RELEASE_UNALLOCATED',
  'TRANSFER_OVERDUE',
  'NO_CONTACT',
] as const;
export type OffRadarRule = (typeof OFF_RADAR_RULES)[number];

export const OFF_RADAR_LABELS: Record<OffRadarRule, string> = {
  NO_OWNER: 'No single responsible officer',
  NO_PRACTITIONER: 'In a team queue past its allocation date',
  RELEASE_UNALLOCATED: 'Release due or past with no practitioner',
  TRANSFER_OVERDUE: 'Transfer not accepted by its deadline',
  NO_CONTACT: 'No contact for longer than its tier allows',
};

export const TIER_LETTERS = ['A', 'B', 'C', 'D', 'UNTIERED'] as const;
export type ContactTier = (typeof TIER_LETTERS)[number];
export type ContactIntervals = Record<ContactTier, number>;

/** Calendar days without an attended contact that put a community case off the radar (setting watchdog.contactIntervalDays). */
export const DEFAULT_CONTACT_INTERVALS: ContactIntervals = { A: 28, B: 42, C: 56, D: 91, UNTIERED: 42 };

export const CONTACT_INTERVAL_SETTING = 'watchdog.contactIntervalDays';

/** The letter whose interval applies to a tier of record such as "B2" or "C1S"; anything else is untiered. */
export function contactTier(tier: string | null): ContactTier {
  const letter = tier?.charAt(0);
  return letter === 'A' || letter === 'B' || letter === 'C' || letter === 'D' ? letter : 'UNTIERED';
}

/** A stored setting read back: every tier needs a whole number of days from 1 to 365. */
export function contactIntervalProblems(value: unknown): FieldProblem[] {
  if (typeof value !== 'object' || value === null)
    return [{ field: 'contactIntervalDays', problem: 'Must be an object of days by tier' }];
  const v = value as Record<string, unknown>;
  return TIER_LETTERS.filter((t) => {
    const days = v[t];
    return typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365;
  }).map((t) => ({
    field: `contactIntervalDays.${t}`,
    problem: `Enter a whole number of days from 1 to 365 for tier ${t}`,
  }));
}
