import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.js';
import { homeFor } from './navigation.js';
import { casePages } from './cases/routes.js';

/** Registers every page area. Each area is a Fastify plugin in its own folder under src/web/. */
export async function registerPages(app: FastifyInstance, _database: Database): Promise<void> {
  app.get('/', async (request, reply) => reply.redirect(homeFor(request.user!)));
  await app.register(casePages);
}
