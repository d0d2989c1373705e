import type { Kysely } from 'kysely';
import type { QueueScope } from '../../db/allocation.js';
import { managedTeams, pduCodesOfTeams } from '../../db/caseload.js';
import type { DB } from '../../db/schema.js';
import type { TransferActor } from '../../db/transfers.js';
import { ValidationError } from '../../domain/validation.js';
import { hasRole, type CurrentUser } from '../auth/session.js';

// Who sees what of transfers and the watchdog, shared by the pages and the API so both answer alike.

export class ForbiddenError extends Error {
  readonly statusCode = 403;
}

export function transferActor(user: CurrentUser, correlationId: string): TransferActor {
  return {
    userId: user.id,
    name: user.username,
    correlationId,
    roles: user.roles,
    staffId: user.staffId,
    homePduCode: user.homePduCode,
  };
}

export const WATCHDOG_ROLES = ['SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR'] as const;

/**
 * The watchdog's scope: administrators and inspectors choose any unit (national by default); SPOs and heads of
 * PDU see their own PDU, or one of its teams.
 */
export async function watchdogScope(
  db: Kysely<DB>,
  user: CurrentUser,
  level: string | undefined,
  code: string | undefined,
): Promise<QueueScope> {
  if (!hasRole(user, ...WATCHDOG_ROLES))
    throw new ForbiddenError(
      'The watchdog is for senior probation officers, heads of PDU, administrators and inspectors',
    );
  const wanted: QueueScope | null =
    level === undefined || level === ''
      ? null
      : level === 'national'
        ? { level: 'national' }
        : level === 'team' || level === 'pdu' || level === 'region'
          ? { level, code: code ?? '' }
          : null;
  if (level && !wanted)
    throw new ValidationError([{ field: 'level', problem: 'Choose team, pdu, region or national' }], 422);
  if (hasRole(user, 'ADMIN', 'INSPECTOR')) return wanted ?? { level: 'national' };
  const teams = await managedTeams(db, user);
  const pdus = new Set<string>(user.homePduCode ? [user.homePduCode] : []);
  for (const code of await pduCodesOfTeams(db, teams)) pdus.add(code);
  if (!wanted) {
    const first = [...pdus][0];
    if (!first) throw new ForbiddenError('You manage no team or PDU');
    return { level: 'pdu', code: first };
  }
  if (wanted.level === 'pdu' && pdus.has(wanted.code)) return wanted;
  if (wanted.level === 'team') {
    const team = await db
      .selectFrom('team')
      .select('pdu_code')
      .where('code', '=', wanted.code)
      .executeTakeFirst();
    if (team && pdus.has(team.pdu_code)) return wanted;
  }
  throw new ForbiddenError('You can see the watchdog for your own PDU and its teams');
}

/** The teams whose transfers and escalations a user handles: their SPO teams, their PDU's as its head. */
export async function teamsOf(db: Kysely<DB>, user: CurrentUser): Promise<string[]> {
  return (await managedTeams(db, user)).map((t) => t.code);
}
