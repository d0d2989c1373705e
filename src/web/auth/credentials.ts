import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { recordAudit } from '../../db/audit.js';
import { verifyPassword } from './password.js';
import { startSession } from './session.js';

/**
 * Signing in, shared by the sign-in page and the API's token endpoint: one password check, one session
 * store, one audit trail and one rate limit for both.
 */

// A fixed hash to compare against when the username is unknown, so a wrong username takes as long as a
// wrong password and response times do not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Attempts per client per minute on every route that checks a password (CASEWORK_SIGN_IN_LIMIT). */
export function signInRateLimit(): { max: number; timeWindow: string } {
  return { max: Number(process.env.CASEWORK_SIGN_IN_LIMIT ?? 10), timeWindow: '1 minute' };
}

export async function authenticate(
  database: Database,
  username: string,
  password: string,
): Promise<{ id: number; username: string } | undefined> {
  const user = await database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'password_hash', 'active'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.trim().toLowerCase()))
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return ok && user?.active ? { id: user.id, username: user.username } : undefined;
}

/**
 * Checks the credentials and, when they are right, starts a session and returns its token. Both outcomes are
 * audited (SIGN_IN or SIGN_IN_FAILED).
 */
export async function signIn(
  database: Database,
  config: Config,
  username: string,
  password: string,
  correlationId: string,
): Promise<{ token: string; user: { id: number; username: string } } | undefined> {
  const user = await authenticate(database, username, password);
  if (!user) {
    await recordSignInFailure(database, username, correlationId);
    return undefined;
  }
  const token = await startSession(database.db, user.id, config.sessionHours);
  await recordAudit(
    database.db,
    { userId: user.id, name: user.username, correlationId },
    { entity: 'session', action: 'SIGN_IN' },
  );
  return { token, user };
}

export async function recordSignInFailure(
  database: Database,
  username: string,
  correlationId: string,
): Promise<void> {
  await recordAudit(
    database.db,
    { userId: null, name: username || 'anonymous', correlationId },
    {
      entity: 'session',
      action: 'SIGN_IN_FAILED',
    },
  );
}
