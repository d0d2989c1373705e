import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { Config } from '../config.js';
import { authTokenRoutes } from './auth.js';
import { calculateRoutes } from './calculate.js';
import { intakeApi } from './intake.js';
import { personRoutes } from './persons.js';
import { riskApi } from './risk.js';
import { workloadApi } from './workload.js';
import { transferApi } from './transfers.js';

export interface ApiOptions {
  config: Config;
}

/**
 * The API's areas, each a Fastify plugin of its own (so one area's content-type parsers or error handler stay
 * inside it). To add an area, register its plugin here: it is then under /api/v1, behind the same bearer
 * authentication, and in the OpenAPI document.
 */
export async function registerApiRoutes(api: FastifyInstance, options: ApiOptions): Promise<void> {
  await api.register(authTokenRoutes, options);
  await api.register(personRoutes);
  await api.register(calculateRoutes);
  await api.register(workloadApi);
  await api.register(transferApi);
  await api.register(intakeApi);
  await api.register(riskApi);
}

/**
 * The JSON API, registered at /api/v1 (app.ts). Errors are JSON `{errors: [{field, problem}]}` (the app's error
 * handler); the OpenAPI document is public so clients can be generated before anyone signs in.
 */
export async function apiPlugin(api: FastifyInstance, options: ApiOptions): Promise<void> {
  await api.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Casework API',
        version: '1.0.0',
        description:
          'Read-only access to the probation case record. Restricted cases answer 403 with no case data; ' +
          'search results show them as their CRN only.',
      },
      servers: [{ url: '/api/v1' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A token from POST /auth/token' },
        },
      },
    },
  });
  api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => api.swagger());
  // Only the configuration goes down: the options also hold the /api/v1 prefix, which must not apply twice.
  await registerApiRoutes(api, { config: options.config });
}
