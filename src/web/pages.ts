import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.js';
import { homeFor } from './navigation.js';
import { casePages } from './cases/routes.js';
import { workloadPages } from './workload/routes.js';
import { riskPlugin } from './risk/routes.js';
import { allocationPages } from './allocation/routes.js';
import { transferPages } from './transfers/routes.js';
import { intakePages } from './intake/routes.js';

/** Registers every page area. Each area is a Fastify plugin in its own folder under src/web/. */
export async function registerPages(app: FastifyInstance, database: Database): Promise<void> {
  app.get('/', async (request, reply) => reply.redirect(homeFor(request.user!)));
  await app.register(casePages);
  await app.register(workloadPages, { database });
  await app.register(riskPlugin);
  await app.register(allocationPages, { database });
  await app.register(transferPages, { database });
  await app.register(intakePages);
}
