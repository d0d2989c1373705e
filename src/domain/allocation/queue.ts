import type { RoshLevel } from '../tiering/registrations.js';
import { addWorkingDays, workingDaysBetween } from './working-days.js';

// Queue ageing and urgency (domain.md §10.2, issue #5): every case waits in its team's queue from
// `unallocatedSince`, counted in England and Wales working days against a target; a custody case must also be
// allocated a set number of working days before its release. Both limits are configuration.

export interface TimelinessRules {
  /** Every case is allocated within this many working days of entering the queue. */
  targetWorkingDays: number;
  /** A custody case is allocated at least this many working days before its expected release. */
  custodyWorkingDaysBeforeRelease: number;
}

export const DEFAULT_TIMELINESS_RULES: TimelinessRules = {
  targetWorkingDays: 3,
  custodyWorkingDaysBeforeRelease: 10,
};

export interface QueuedCase {
  /** The Europe/London date the case entered the queue. */
  unallocatedSince: string;
  /** Expected release date of a case still in custody; null for every other case. */
  releaseDate: string | null;
}

export type DueReason = 'TARGET' | 'RELEASE';

export interface QueueAgeing {
  workingDaysWaiting: number;
  /** The last working day on which allocating meets the 3-working-day target. */
  targetDate: string;
  /** The last working day allocation is on time for a custody release; null when there is no release. */
  releaseDeadline: string | null;
  /** The earlier of the two: the date the case must be allocated by. */
  dueDate: string;
  dueReason: DueReason;
  overdue: boolean;
  /** Working days left until the due date (0 on the day); negative when overdue. */
  workingDaysToDue: number;
  /** A custody release this close still has no practitioner: reported on the dashboard. */
  releaseWithinDeadline: boolean;
}

/** How long a case has waited, when it is due and whether it is overdue, on `today`. */
export function queueAgeing(
  item: QueuedCase,
  today: string,
  rules: TimelinessRules = DEFAULT_TIMELINESS_RULES,
): QueueAgeing {
  const targetDate = addWorkingDays(item.unallocatedSince, rules.targetWorkingDays);
  const releaseDeadline =
    item.releaseDate === null
      ? null
      : addWorkingDays(item.releaseDate, -rules.custodyWorkingDaysBeforeRelease);
  const release = releaseDeadline !== null && releaseDeadline < targetDate;
  const dueDate = release ? releaseDeadline : targetDate;
  return {
    workingDaysWaiting: Math.max(0, workingDaysBetween(item.unallocatedSince, today)),
    targetDate,
    releaseDeadline,
    dueDate,
    dueReason: release ? 'RELEASE' : 'TARGET',
    overdue: today > dueDate,
    workingDaysToDue: workingDaysBetween(today, dueDate),
    releaseWithinDeadline: releaseDeadline !== null && today >= releaseDeadline,
  };
}

// ---- urgency -----------------------------------------------------------------------------------------

export interface CaseRisk {
  rosh: RoshLevel | null;
  /** MAPPA level M1–M3 of the newest MAPP registration. */
  mappaLevel: 'M1' | 'M2' | 'M3' | null;
  /** The V3 tier (A highest … G), or MISSING / NOT_SUPERVISED; null when none is calculated yet. */
  v3Tier: string | null;
}

const ROSH_RANK: Record<RoshLevel, number> = { VERY_HIGH: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };
const MAPPA_RANK: Record<'M1' | 'M2' | 'M3', number> = { M3: 3, M2: 2, M1: 1 };

/** Higher is riskier: RoSH first, then MAPPA level, then the V3 tier (A before G; no tier last). */
function riskKey(r: CaseRisk): [number, number, number] {
  const tier = r.v3Tier !== null && /^[A-G]$/.test(r.v3Tier) ? 7 - (r.v3Tier.charCodeAt(0) - 65) : 0;
  return [r.rosh ? ROSH_RANK[r.rosh] : 0, r.mappaLevel ? MAPPA_RANK[r.mappaLevel] : 0, tier];
}

export interface UrgencyItem {
  crn: string;
  unallocatedSince: string;
  ageing: QueueAgeing;
  /** Null for a restricted case: what the SPO may not see cannot order the queue either. */
  risk: CaseRisk | null;
}

/**
 * Queue order: overdue cases first; then the riskier case; then the one due sooner; then the one waiting
 * longer; then by CRN so the order is stable.
 */
export function compareUrgency(a: UrgencyItem, b: UrgencyItem): number {
  if (a.ageing.overdue !== b.ageing.overdue) return a.ageing.overdue ? -1 : 1;
  const ra = a.risk ? riskKey(a.risk) : [0, 0, 0];
  const rb = b.risk ? riskKey(b.risk) : [0, 0, 0];
  for (let i = 0; i < ra.length; i++) {
    if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
  }
  if (a.ageing.dueDate !== b.ageing.dueDate) return a.ageing.dueDate < b.ageing.dueDate ? -1 : 1;
  if (a.unallocatedSince !== b.unallocatedSince) return a.unallocatedSince < b.unallocatedSince ? -1 : 1;
  return a.crn.localeCompare(b.crn);
}

/** A new array in queue order; the input is left as it was. */
export function orderByUrgency<T extends UrgencyItem>(items: readonly T[]): T[] {
  return [...items].sort(compareUrgency);
}

// ---- management status ---------------------------------------------------------------------------------

export type ManagementStatus = 'NEW_TO_PROBATION' | 'CURRENTLY_MANAGED' | 'PREVIOUSLY_MANAGED' | 'UNKNOWN';

/**
 * domain.md §4.4 for a case waiting in the queue (so no active sentence has a named practitioner): new to
 * probation with exactly one sentence; previously managed when every other sentence has ended.
 */
export function queueManagementStatus(facts: {
  sentences: number;
  activeSentences: number;
}): ManagementStatus {
  if (facts.sentences === 1) return 'NEW_TO_PROBATION';
  if (facts.sentences > 1 && facts.activeSentences === 1) return 'PREVIOUSLY_MANAGED';
  return 'UNKNOWN';
}
