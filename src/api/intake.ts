import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { recordCourtOutcome, type IntakeInput } from '../db/intake.js';
import { SENTENCE_LENGTH_UNITS } from '../db/risk-changes.js';
import { errorResponses } from './schemas.js';

// POST /intake (issue #5): the same service as the intake page. Dates are plain strings checked by the
// service, so a bad one is a 422 naming the field, like every other problem with the court outcome.

const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const DateText = (description: string) => Type.String({ maxLength: 10, description });
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));

const IntakeRequest = Type.Object(
  {
    person: Type.Object(
      {
        crn: Type.Optional(Text(20, 'An existing person on probation; leave out to record a new person')),
        forename: Type.Optional(Text(100)),
        surname: Type.Optional(Text(100)),
        dateOfBirth: Type.Optional(DateText('ISO date, e.g. 1994-03-12')),
        sex: Type.Optional(Text(20, 'MALE, FEMALE or NOT_KNOWN')),
        pncNumber: Optional(Text(40)),
      },
      { additionalProperties: false },
    ),
    teamCode: Text(20, 'The team whose unallocated queue a person not under supervision enters'),
    courtCode: Text(20, 'The sentencing court'),
    convictionDate: Optional(DateText('ISO date; defaults to the sentence date')),
    sentenceDate: DateText('ISO date, today or earlier'),
    offences: Type.Array(
      Type.Object(
        {
          offenceCode: Text(10, 'Home Office offence code, 5 digits'),
          offenceDate: Optional(DateText('ISO date')),
          count: Optional(Type.Integer()),
        },
        { additionalProperties: false },
      ),
      { maxItems: 50, description: 'The main offence first' },
    ),
    disposalTypeCode: Text(20, 'The sentence (disposal type code), e.g. ORA_CO or SDS'),
    length: Optional(Type.Integer()),
    lengthUnit: Optional(Type.Union(SENTENCE_LENGTH_UNITS.map((u) => Type.Literal(u)))),
    expectedReleaseDate: Optional(DateText('Custodial sentences: ISO date')),
    requirements: Type.Optional(
      Type.Array(
        Type.Object(
          {
            requirementTypeCode: Text(10),
            length: Optional(Type.Integer()),
            subCategory: Optional(Text(100)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);

const IntakeResponse = Type.Object({
  outcome: Type.Union([Type.Literal('QUEUED'), Type.Literal('ALREADY_QUEUED'), Type.Literal('CONTINUITY')], {
    description:
      'QUEUED: now in the team queue; ALREADY_QUEUED: was waiting already; CONTINUITY: kept by the practitioner',
  }),
  crn: Type.String(),
  newPerson: Type.Boolean(),
  eventNumber: Type.String({ description: 'Shown as a string (domain.md §2)' }),
  teamCode: Type.String(),
  staffId: Type.Union([Type.Integer(), Type.Null()]),
  unallocatedSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

type Body = Static<typeof IntakeRequest>;

function toInput(body: Body): IntakeInput {
  const p = body.person;
  return {
    person:
      p.crn !== undefined
        ? { crn: p.crn }
        : {
            forename: p.forename ?? '',
            surname: p.surname ?? '',
            dateOfBirth: p.dateOfBirth ?? '',
            sex: p.sex ?? '',
            pncNumber: p.pncNumber ?? null,
          },
    teamCode: body.teamCode,
    courtCode: body.courtCode,
    convictionDate: body.convictionDate ?? null,
    sentenceDate: body.sentenceDate,
    offences: body.offences,
    disposalTypeCode: body.disposalTypeCode,
    length: body.length ?? null,
    lengthUnit: body.lengthUnit ?? null,
    expectedReleaseDate: body.expectedReleaseDate ?? null,
    requirements: body.requirements ?? [],
  };
}

export async function intakeApi(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/intake',
    {
      schema: {
        summary: 'Record a court outcome: a person not under supervision enters the team queue at once',
        tags: ['allocation'],
        security: [{ bearerAuth: [] }],
        body: IntakeRequest,
        response: { 201: IntakeResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const result = await recordCourtOutcome(
        fastify.database.db,
        { userId: user.id, name: user.username, correlationId: request.id, roles: user.roles },
        toInput(request.body),
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          outcome: result.outcome,
          crn: result.crn,
          newPerson: result.newPerson,
          eventNumber: String(result.eventNumber),
          teamCode: result.teamCode,
          staffId: result.staffId,
          unallocatedSince: result.unallocatedSince?.toISOString() ?? null,
        });
    },
  );
}
