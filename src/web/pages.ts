import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.js';
import { homeFor } from './navigation.js';
import { casePages } from './cases/routes.js';
import { workloadPages } from './workload/routes.js';
import { workloadApi } from '../api/workload.js';
import { riskPlugin } from './risk/routes.js';

/** Registers every page area. Each area is a Fastify plugin in its own folder under src/web/. */
export async function registerPages(app: FastifyInstance, database: Database): Promise<void> {
  app.get('/', async (request, reply) => reply.redirect(homeFor(request.user!)));
  await app.register(casePages);
  await app.register(workloadPages, { database });
  // Moves inside the /api/v1 plugin once it exists.
  await app.register(workloadApi, { prefix: '/api/v1', database });
  await app.register(riskPlugin);
}
