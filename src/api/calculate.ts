import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
// Types the `hide` schema option that keeps the catch-all route out of the OpenAPI document.
import type {} from '@fastify/swagger';
import type { Calculator } from '../domain/calculation/contract.js';
import { parseRequest, unusable, type Unusable } from '../domain/calculation/input.js';
import { calculators, findCalculator } from '../domain/calculation/registry.js';
import { runCalculator } from '../domain/calculation/run.js';
import { isRefusal } from '../domain/calculation/contract.js';

/** calculation-api.md §5.2: bodies over 1 MiB are refused with 413. */
const BODY_LIMIT = 1024 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function sendUnusable(reply: FastifyReply, status: number, problem: Unusable): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send(problem);
}

function answer(calculator: Calculator, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!isJsonContentType(request.headers['content-type'])) {
    return sendUnusable(
      reply,
      415,
      unusable(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the request as Content-Type: application/json, not '${request.headers['content-type'] ?? 'none'}'`,
      ),
    );
  }
  const parsed = parseRequest(typeof request.body === 'string' ? request.body : '');
  if ('errors' in parsed) return sendUnusable(reply, 400, parsed);
  const response = runCalculator(calculator, parsed.request);
  // The same object the CLI prints: 200 for a result, 422 for a refusal.
  return reply
    .code(isRefusal(response) ? 422 : 200)
    .header('cache-control', 'no-store')
    .send(response);
}

/**
 * POST /calculate/{calculator} and GET /calculate (calculation-api.md §5), registered inside the /api/v1
 * plugin so they share its authentication. Each calculator is its own route so the OpenAPI document carries
 * one request schema per calculator; the schema documents the body but does not validate it, because
 * refusing bad field values is the calculator's job (422 with named errors, exactly as the CLI answers).
 */
export async function calculateRoutes(app: FastifyInstance): Promise<void> {
  // The body is read as text whatever its type, so that JSON errors, wrong media types and oversized bodies
  // are all answered in the contract's shape rather than Fastify's.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.statusCode === 413) {
      return sendUnusable(reply, 413, unusable('PAYLOAD_TOO_LARGE', 'The request body is larger than 1 MiB'));
    }
    if (error.statusCode === 415) {
      return sendUnusable(
        reply,
        415,
        unusable('UNSUPPORTED_MEDIA_TYPE', 'Send the request as Content-Type: application/json'),
      );
    }
    if (error.statusCode === 400) {
      return sendUnusable(
        reply,
        400,
        unusable('MALFORMED_JSON', `The body could not be read: ${error.message}`),
      );
    }
    request.log.error({ err: error }, 'calculation failed');
    return reply
      .code(500)
      .header('cache-control', 'no-store')
      .send({
        errors: [
          { type: 'INTERNAL_ERROR', message: 'Something went wrong; the error has been logged', fields: [] },
        ],
      });
  });

  app.get(
    '/calculate',
    {
      schema: {
        summary: 'List the calculators',
        tags: ['calculate'],
        response: {
          200: {
            type: 'object',
            properties: {
              calculators: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { calculator: { type: 'string' }, modelVersion: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({
        calculators: calculators.map((c) => ({ calculator: c.name, modelVersion: c.modelVersion })),
      }),
  );

  for (const calculator of calculators) {
    app.post(
      `/calculate/${calculator.name}`,
      {
        schema: {
          summary: `Run ${calculator.name} (${calculator.modelVersion})`,
          tags: ['calculate'],
          body: calculator.requestSchema,
        },
        // Documentation only: see the comment above.
        validatorCompiler: () => () => true,
      },
      async (request, reply) => answer(calculator, request, reply),
    );
  }

  app.post('/calculate/:calculator', { schema: { hide: true } }, async (request, reply) => {
    const { calculator: name } = request.params as { calculator: string };
    const calculator = findCalculator(name);
    if (calculator) return answer(calculator, request, reply);
    return sendUnusable(
      reply,
      404,
      unusable('UNKNOWN_CALCULATOR', `Unknown calculator '${name}'. GET /api/v1/calculate lists them.`),
    );
  });
}
