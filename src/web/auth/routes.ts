import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/connection.js';
import { recordAudit } from '../../db/audit.js';
import { recordSignInFailure, signIn, signInRateLimit } from './credentials.js';
import { endSession } from './session.js';

export const SESSION_COOKIE = 'casework_session';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export async function authPlugin(
  app: FastifyInstance,
  { database, config }: { database: Database; config: Config },
) {
  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    const query = request.query as { returnTo?: string };
    return reply.render('auth/sign-in.njk', { pageTitle: 'Sign in', returnTo: safeReturnTo(query.returnTo) });
  });

  app.post('/sign-in', { config: { public: true, rateLimit: signInRateLimit() } }, async (request, reply) => {
    const body = (request.body ?? {}) as { username?: string; password?: string; returnTo?: string };
    const username = (body.username ?? '').trim();
    const password = body.password ?? '';
    const errors = [];
    if (!username) errors.push({ text: 'Enter your username', href: '#username' });
    if (!password) errors.push({ text: 'Enter your password', href: '#password' });
    const session =
      errors.length === 0 ? await signIn(database, config, username, password, request.id) : undefined;
    if (!session) {
      if (errors.length === 0)
        errors.push({ text: 'The username or password is not correct', href: '#username' });
      else await recordSignInFailure(database, username, request.id);
      return reply.code(errors.length && username && password ? 401 : 400).render('auth/sign-in.njk', {
        pageTitle: 'Sign in',
        errors,
        username,
        returnTo: safeReturnTo(body.returnTo),
      });
    }
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: config.sessionHours * 3600,
    });
    return reply.redirect(safeReturnTo(body.returnTo), 303);
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionToken) await endSession(database.db, request.sessionToken);
    if (request.user) {
      await recordAudit(
        database.db,
        { userId: request.user.id, name: request.user.username, correlationId: request.id },
        {
          entity: 'session',
          action: 'SIGN_OUT',
        },
      );
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}
