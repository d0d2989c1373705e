import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { preparedQuery } from '../../db/prepared.js';
import type { DB, Role } from '../../db/schema.js';

export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  staffId: number | null;
  homePduCode: string | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  PRACTITIONER: 'Practitioner',
  SPO: 'Senior probation officer',
  PDU_HEAD: 'Head of PDU',
  ADMIN: 'Administrator',
  INSPECTOR: 'Inspector (read only)',
};

// Only a hash of the session token is stored, so a leaked sessions table cannot be replayed.
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function startSession(db: Kysely<DB>, userId: number, hours: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db
    .insertInto('user_session')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      csrf_secret: crypto.randomBytes(16).toString('hex'),
      expires_at: new Date(Date.now() + hours * 3_600_000),
    })
    .execute();
  return token;
}

// Asked on every request, so built and planned once (db/prepared.ts).
const sessionUser = preparedQuery((db, v: { tokenHash: string; now: Date }) =>
  db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.staff_id', 'u.home_pdu_code'])
    .where('s.token_hash', '=', v.tokenHash)
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', v.now)
    .where('u.active', '=', true),
);

export async function findSessionUser(db: Kysely<DB>, token: string): Promise<CurrentUser | undefined> {
  const [row] = await sessionUser(db, { tokenHash: hashToken(token), now: new Date() });
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    staffId: row.staff_id,
    homePduCode: row.home_pdu_code,
  };
}

export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ ended_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('ended_at', 'is', null)
    .execute();
}

export function hasRole(user: CurrentUser | undefined, ...roles: Role[]): boolean {
  return !!user && user.roles.some((r) => roles.includes(r));
}

/** Inspectors read everything they may see and change nothing. */
export function canWrite(user: CurrentUser | undefined): boolean {
  return !!user && user.roles.some((r) => r !== 'INSPECTOR');
}
