import crypto from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/connection.js';
import { currentVersion } from '../db/migrate.js';
import { ValidationError } from '../domain/validation.js';
import { authPlugin, SESSION_COOKIE } from './auth/routes.js';
import { findSessionUser, ROLE_LABELS, type CurrentUser } from './auth/session.js';
import { createViews, govukDir, mojDir, webDir } from './views.js';
import { navigationFor } from './navigation.js';
import { registerPages } from './pages.js';
import { apiPlugin } from '../api/index.js';

export interface AppOptions {
  database: Database;
  config: Config;
  logger?: boolean;
}

async function cookieSecret(database: Database): Promise<string> {
  // Kept in the database so CSRF cookies survive a restart and every process of one deployment agrees.
  const existing = await database.db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', 'web.cookieSecret')
    .executeTakeFirst();
  if (existing) return existing.value as string;
  const secret = crypto.randomBytes(32).toString('hex');
  await database.db
    .insertInto('setting')
    .values({ key: 'web.cookieSecret', value: JSON.stringify(secret) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await database.db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', 'web.cookieSecret')
    .executeTakeFirstOrThrow();
  return row.value as string;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export async function buildApp({ database, config, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    trustProxy: process.env.CASEWORK_TRUST_PROXY === 'true',
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  const views = createViews();
  app.decorate('database', database);

  // Order matters: security headers first, then cookies (CSRF needs them), body parsing, rate limiting,
  // static assets, authentication, CSRF checks, then the routes.
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind HTTPS: on plain http://localhost it would send the browser to a port with no TLS.
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie, { secret: await cookieSecret(database) });
  await app.register(formbody);
  await app.register(csrf, {
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
  });
  await app.register(rateLimit, { global: false });

  await app.register(fastifyStatic, {
    root: [
      path.join(govukDir, 'dist/govuk/assets'),
      path.join(govukDir, 'dist/govuk'),
      path.join(webDir, 'assets'),
    ],
    prefix: '/assets/',
    decorateReply: false,
    allowedPath: (p) => !p.endsWith('.map') && !p.endsWith('.scss') && !p.endsWith('.njk'),
  });
  await app.register(fastifyStatic, {
    root: path.join(mojDir, 'moj'),
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.css') || p.endsWith('.js') || p.startsWith('/assets/'),
  });

  app.decorateReply(
    'render',
    function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request = this.request;
      const user: CurrentUser | undefined = request.user;
      const nonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script;
      const html = views.render(template, {
        ...context,
        user: user && { ...user, roleLabel: user.roles.map((r) => ROLE_LABELS[r]).join(', ') },
        navigation: navigationFor(user, request.url),
        csrfToken: this.generateCsrf(),
        cspNonce: nonce,
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  // Authentication: a session cookie for pages; the API also takes the session token as a Bearer token.
  app.addHook('onRequest', async (request, reply) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? request.cookies[SESSION_COOKIE];
    if (token) {
      request.user = await findSessionUser(database.db, token);
      if (request.user) request.sessionToken = token;
    }
    if (request.user || request.routeOptions.config?.public || request.url.startsWith('/assets/')) return;
    if (wantsJson(request)) {
      return reply
        .code(401)
        .send({ errors: [{ field: 'authorization', problem: 'Sign in, or send a valid Bearer token' }] });
    }
    const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
    return reply.redirect(`/sign-in${returnTo}`);
  });

  // Every form post carries a CSRF token; the JSON API is called with a Bearer token instead.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || wantsJson(request)) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler(
    (error: Error & { statusCode?: number; validation?: unknown; code?: string }, request, reply) => {
      if (error instanceof ValidationError) {
        if (wantsJson(request)) return reply.code(error.status).send({ errors: error.problems });
        return reply.code(error.status).render('views/problem.njk', {
          pageTitle: 'There is a problem',
          errors: error.problems.map((p) => ({ text: `${p.field}: ${p.problem}` })),
        });
      }
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'unhandled error');
      if (wantsJson(request)) {
        const problems =
          status === 500
            ? [{ field: '', problem: 'Something went wrong; the error has been logged' }]
            : [{ field: fieldFromFastifyError(error), problem: error.message }];
        return reply.code(status).send({ errors: problems });
      }
      return reply.code(status).render('views/problem.njk', {
        pageTitle: status === 500 ? 'Sorry, there is a problem with the service' : 'There is a problem',
        message: status === 500 ? 'Try again later.' : error.message,
      });
    },
  );

  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) return reply.code(404).send({ errors: [{ field: 'url', problem: 'Not found' }] });
    return reply.code(404).render('views/problem.njk', {
      pageTitle: 'Page not found',
      message: 'If you typed the web address, check it is correct.',
    });
  });

  app.get('/health', { config: { public: true } }, async () => {
    await sql`select 1`.execute(database.db);
    return { status: 'UP', database: database.kind, migrationVersion: await currentVersion(database.db) };
  });

  await app.register(authPlugin, { database, config });
  await app.register(apiPlugin, { prefix: '/api/v1', config });
  await registerPages(app, database);
  return app;
}

function fieldFromFastifyError(error: { validation?: unknown; message: string }): string {
  const v = error.validation as
    Array<{ instancePath?: string; params?: { missingProperty?: string } }> | undefined;
  const first = v?.[0];
  if (!first) return '';
  const pathPart = (first.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  return first.params?.missingProperty
    ? [pathPart, first.params.missingProperty].filter(Boolean).join('.')
    : pathPart;
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
  }
}
