import type { Kysely } from 'kysely';
import { managedTeams } from '../../db/caseload.js';
import type { DB } from '../../db/schema.js';
import { canWrite, hasRole, type CurrentUser } from '../auth/session.js';

// Who may see and change which workload figures (workload.md §7.2 "Audit and access"): practitioners their
// own; SPOs their teams; heads of PDU their PDU's teams and the regional and national comparisons;
// administrators everything; inspectors read everything and change nothing.

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(message = 'You do not have access to these workload figures') {
    super(message);
  }
}

const seesEverything = (user: CurrentUser) => hasRole(user, 'ADMIN', 'INSPECTOR');

export interface WorkloadAccess {
  user: CurrentUser;
  /** Teams the user manages (SPO) or whose PDU they head. */
  teams: ReadonlySet<string>;
}

export async function workloadAccess(db: Kysely<DB>, user: CurrentUser): Promise<WorkloadAccess> {
  return { user, teams: new Set((await managedTeams(db, user)).map((t) => t.code)) };
}

export function canViewTeam(a: WorkloadAccess, teamCode: string): boolean {
  return seesEverything(a.user) || a.teams.has(teamCode);
}

/** Adding, editing and removing reductions and contracted hours: managers of the team and administrators. */
export function canManageTeam(a: WorkloadAccess, teamCode: string): boolean {
  return canWrite(a.user) && (hasRole(a.user, 'ADMIN') || a.teams.has(teamCode));
}

export function canViewPractitioner(a: WorkloadAccess, staffId: number, teamCode: string): boolean {
  return a.user.staffId === staffId || canViewTeam(a, teamCode);
}

export function canViewPdu(a: WorkloadAccess, pduCode: string): boolean {
  return seesEverything(a.user) || (hasRole(a.user, 'PDU_HEAD') && a.user.homePduCode === pduCode);
}

/** Regional and national comparisons: heads of PDU, administrators and inspectors. */
export function canViewRegions(a: WorkloadAccess): boolean {
  return seesEverything(a.user) || hasRole(a.user, 'PDU_HEAD');
}

export function canEditWeights(user: CurrentUser): boolean {
  return hasRole(user, 'ADMIN') && canWrite(user);
}

export function canViewWeights(user: CurrentUser): boolean {
  return seesEverything(user);
}

export function ensureAllowed(allowed: boolean): void {
  if (!allowed) throw new ForbiddenError();
}
