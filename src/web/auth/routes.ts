import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { recordAudit } from '../../db/audit.js';
import { verifyPassword } from './password.js';
import { endSession, startSession } from './session.js';

export const SESSION_COOKIE = 'casework_session';

// A fixed hash to compare against when the username is unknown, so a wrong username takes as long as a
// wrong password and response times do not reveal which usernames exist.
const DUMMY_HASH =
  'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
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

export async function authPlugin(app: FastifyInstance, { database, config }: { database: Database; config: Config }) {
  const signInLimit = Number(process.env.CASEWORK_SIGN_IN_LIMIT ?? 10);

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    const query = request.query as { returnTo?: string };
    return reply.render('auth/sign-in.njk', { pageTitle: 'Sign in', returnTo: safeReturnTo(query.returnTo) });
  });

  app.post(
    '/sign-in',
    { config: { public: true, rateLimit: { max: signInLimit, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as { username?: string; password?: string; returnTo?: string };
      const username = (body.username ?? '').trim();
      const password = body.password ?? '';
      const errors = [];
      if (!username) errors.push({ text: 'Enter your username', href: '#username' });
      if (!password) errors.push({ text: 'Enter your password', href: '#password' });
      const user = errors.length === 0 ? await authenticate(database, username, password) : undefined;
      if (!user) {
        if (errors.length === 0) errors.push({ text: 'The username or password is not correct', href: '#username' });
        await recordAudit(database.db, { userId: null, name: username || 'anonymous', correlationId: request.id }, {
          entity: 'session',
          action: 'SIGN_IN_FAILED',
        });
        return reply.code(errors.length && username && password ? 401 : 400).render('auth/sign-in.njk', {
          pageTitle: 'Sign in',
          errors,
          username,
          returnTo: safeReturnTo(body.returnTo),
        });
      }
      const token = await startSession(database.db, user.id, config.sessionHours);
      await recordAudit(database.db, { userId: user.id, name: user.username, correlationId: request.id }, {
        entity: 'session',
        action: 'SIGN_IN',
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: '/',
        maxAge: config.sessionHours * 3600,
      });
      return reply.redirect(safeReturnTo(body.returnTo), 303);
    },
  );

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionToken) await endSession(database.db, request.sessionToken);
    if (request.user) {
      await recordAudit(database.db, { userId: request.user.id, name: request.user.username, correlationId: request.id }, {
        entity: 'session',
        action: 'SIGN_OUT',
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}
