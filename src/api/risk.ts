import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addRegistration, assertMayChangeRiskRecord, deregister } from '../db/risk-changes.js';
import type { RecalculationPlan } from '../domain/risk/recalculation.js';
import { openCase } from './persons.js';
import { CrnParams, errorResponses } from './schemas.js';

// Flags through the API: the same services as the Risk tab's forms, so a registration added or removed here
// recalculates the scores and tiers in its transaction and answers with what changed. Practitioners and SPOs
// only; a restricted case is a 403 before anything is read.

const security = [{ bearerAuth: [] }];
const tags = ['risk'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateText = (description: string) => Type.String({ maxLength: 10, description });

const NewRegistrationRequest = Type.Object(
  {
    registerTypeCode: Type.String({
      maxLength: 20,
      description: 'A code of the register type reference table',
    }),
    registrationDate: DateText('ISO date, today or earlier'),
    level: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'MAPPA only: M1 to M3' }))),
    category: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'MAPPA only: M1 to M4' }))),
    nextReviewDate: Type.Optional(
      Nullable(DateText("ISO date; left out, the register type's review period from the registration date")),
    ),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  },
  { additionalProperties: false },
);

const DeregisterRequest = Type.Object(
  {
    deregistrationDate: DateText('ISO date, on or after the registration date and today or earlier'),
    reason: Type.String({ maxLength: 4000, description: 'Why the flag is removed' }),
  },
  { additionalProperties: false },
);

const RecalculationResponse = Type.Object({
  changed: Type.Array(Type.String(), {
    description: 'Predictors and tier models whose stored value changed',
  }),
  tierChanges: Type.Array(
    Type.Object({
      model: Type.String(),
      tier: Type.String(),
      previousTier: Nullable(Type.String()),
      changes: Type.Array(Type.String(), {
        description: 'What changed and why, as the tier history says it',
      }),
    }),
  ),
});

const recalculation = (plan: RecalculationPlan) => ({
  changed: plan.changed,
  tierChanges: plan.tierRows.map((t) => ({
    model: t.model,
    tier: t.tier,
    previousTier: t.previousTier,
    changes: t.changes,
  })),
});

export async function riskApi(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = fastify.database.db;

  app.post(
    '/persons/:crn/registrations',
    {
      schema: {
        tags,
        security,
        summary: 'Add a registration (flag); the scores and tiers are recalculated with it',
        params: CrnParams,
        body: NewRegistrationRequest,
        response: {
          201: Type.Object({ registrationId: Type.Integer(), ...RecalculationResponse.properties }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const personId = await openCase(request, reply, 'api:add registration');
      if (personId === undefined) return reply;
      const user = request.user!;
      assertMayChangeRiskRecord(user.roles);
      const { registrationId, plan } = await db
        .transaction()
        .execute((trx) =>
          addRegistration(
            trx,
            { userId: user.id, name: user.username, correlationId: request.id },
            personId,
            request.body,
          ),
        );
      return reply.code(201).send({ registrationId, ...recalculation(plan) });
    },
  );

  app.post(
    '/persons/:crn/registrations/:id/deregister',
    {
      schema: {
        tags,
        security,
        summary:
          'Remove a registration (flag) with a reason; the scores and tiers are recalculated without it',
        params: Type.Object({ ...CrnParams.properties, id: Type.Integer({ minimum: 1 }) }),
        body: DeregisterRequest,
        response: { 200: RecalculationResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const personId = await openCase(request, reply, 'api:remove registration');
      if (personId === undefined) return reply;
      const user = request.user!;
      assertMayChangeRiskRecord(user.roles);
      const plan = await db
        .transaction()
        .execute((trx) =>
          deregister(
            trx,
            { userId: user.id, name: user.username, correlationId: request.id },
            personId,
            request.params.id,
            request.body,
          ),
        );
      return recalculation(plan);
    },
  );
}
