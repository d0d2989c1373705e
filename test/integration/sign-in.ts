import type { Database } from '../../src/db/connection.js';
import { SESSION_COOKIE } from '../../src/web/auth/routes.js';
import { startSession } from '../../src/web/auth/session.js';

/**
 * Signs a user in for app.inject: a real session row, as the sign-in page would create, returned as the
 * page cookie and as the API's bearer header.
 */
export async function signInAs(
  database: Database,
  username: string,
): Promise<{ userId: number; cookie: { cookie: string }; bearer: { authorization: string } }> {
  const user = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const token = await startSession(database.db, user.id, 1);
  return {
    userId: user.id,
    cookie: { cookie: `${SESSION_COOKIE}=${token}` },
    bearer: { authorization: `Bearer ${token}` },
  };
}
