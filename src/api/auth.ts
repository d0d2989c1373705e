import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import { signIn, signInRateLimit } from '../web/auth/credentials.js';
import { errorResponses, TokenRequest, TokenResponse } from './schemas.js';

/** POST /auth/token: a bearer token for the API, from the same sign-in as the web pages. */
export async function authTokenRoutes(
  instance: FastifyInstance,
  { config }: { config: Config },
): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/auth/token',
    {
      config: { public: true, rateLimit: signInRateLimit() },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a username and password for a bearer token (a session)',
        body: TokenRequest,
        response: { 200: TokenResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await signIn(
        app.database,
        config,
        request.body.username,
        request.body.password,
        request.id,
      );
      if (!session) {
        return reply
          .code(401)
          .send({ errors: [{ field: 'password', problem: 'The username or password is not correct' }] });
      }
      return {
        token: session.token,
        tokenType: 'Bearer' as const,
        expiresInSeconds: config.sessionHours * 3600,
      };
    },
  );
}
