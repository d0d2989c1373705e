import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkCaseAccess } from '../db/access.js';
import { personContacts } from '../db/case-journal.js';
import {
  latestAssessment,
  personEvents,
  personRegistrations,
  personSummary,
  responsibleOfficer,
} from '../db/case-record.js';
import { searchPersons } from '../db/case-search.js';
import { londonNow } from '../db/case-rules.js';
import { isIsoDate } from '../domain/calculation/fields.js';
import { parsePersonSearch } from '../domain/casework/person-search.js';
import { ValidationError } from '../domain/validation.js';
import { pageCount } from '../web/pagination.js';
import {
  ContactsQuery,
  ContactsResponse,
  CrnParams,
  EventsResponse,
  errorResponses,
  PersonResponse,
  PersonSearchQuery,
  PersonSearchResponse,
  RegistrationsResponse,
} from './schemas.js';

/**
 * Read-only person endpoints. Each one under /persons/:crn asks the access service first (which audits VIEW or
 * ACCESS_DENIED): an invalid or unknown CRN is a 404, a blocked case a 403 naming only the crn, and nothing
 * about the person is read before that.
 */

const security = [{ bearerAuth: [] }];

export async function openCase(
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: string,
): Promise<number | undefined> {
  const user = request.user!;
  const { crn } = request.params as { crn: string };
  const decision = await checkCaseAccess(
    request.server.database.db,
    { userId: user.id, name: user.username, correlationId: request.id },
    crn,
    purpose,
  );
  if (decision.outcome === 'ALLOWED') return decision.personId;
  if (decision.outcome === 'NOT_FOUND') {
    await reply.code(404).send({ errors: [{ field: 'crn', problem: 'No case has this CRN' }] });
  } else {
    await reply.code(403).send({ errors: [{ field: 'crn', problem: 'restricted' }] });
  }
  return undefined;
}

function checkDate(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value))
    throw new ValidationError([{ field, problem: 'must be a real date written as YYYY-MM-DD' }], 422);
  return value;
}

const paged = (page: number, pageSize: number, total: number) => ({
  page,
  pageSize,
  totalElements: total,
  totalPages: pageCount(total, pageSize),
});

export async function personRoutes(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.database.db;
  const tags = ['persons'];

  app.get(
    '/persons',
    {
      schema: {
        tags,
        security,
        summary: 'National search by CRN, names, date of birth or PNC number',
        querystring: PersonSearchQuery,
        response: { 200: PersonSearchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const today = londonNow().date;
      const criteria = parsePersonSearch(
        {
          search: q.search,
          crn: q.crn,
          name: q.name,
          forename: q.forename,
          surname: q.surname,
          dateOfBirth: checkDate('dob', q.dob),
          pnc: q.pnc,
        },
        today,
        'search',
      );
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 25;
      const result = await searchPersons(db, request.user!.id, criteria, { page, pageSize }, today);
      return { content: result.rows, ...paged(page, pageSize, result.total) };
    },
  );

  app.get(
    '/persons/:crn',
    {
      schema: {
        tags,
        security,
        summary: 'A person: identity, tier, case type, responsible officer and latest RoSH',
        params: CrnParams,
        response: { 200: PersonResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const personId = await openCase(request, reply, 'api:person');
      if (personId === undefined) return reply;
      const [person, officer, assessment] = await Promise.all([
        personSummary(db, personId),
        responsibleOfficer(db, personId),
        latestAssessment(db, personId),
      ]);
      return {
        ...person,
        responsibleOfficer: officer && {
          role: officer.role,
          staffName: officer.staffName,
          team: officer.team,
          pdu: officer.pdu,
        },
        rosh: assessment && {
          assessmentType: assessment.type,
          completedDate: assessment.completedDate,
          overall: assessment.overall,
          ...assessment.rosh,
        },
      };
    },
  );

  app.get(
    '/persons/:crn/events',
    {
      schema: {
        tags,
        security,
        summary:
          'Events (convictions) with offences, sentence, requirements and licence conditions, newest first',
        params: CrnParams,
        response: { 200: EventsResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const personId = await openCase(request, reply, 'api:events');
      if (personId === undefined) return reply;
      const crn = (await personSummary(db, personId)).crn;
      return { crn, events: await personEvents(db, personId, { activeOnly: false }) };
    },
  );

  app.get(
    '/persons/:crn/registrations',
    {
      schema: {
        tags,
        security,
        summary: 'Registrations (flags)',
        params: CrnParams,
        response: { 200: RegistrationsResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const personId = await openCase(request, reply, 'api:registrations');
      if (personId === undefined) return reply;
      const crn = (await personSummary(db, personId)).crn;
      return { crn, registrations: await personRegistrations(db, personId) };
    },
  );

  app.get(
    '/persons/:crn/contacts',
    {
      schema: {
        tags,
        security,
        summary: 'Contacts, newest first, optionally between two dates (inclusive)',
        params: CrnParams,
        querystring: ContactsQuery,
        response: { 200: ContactsResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Query problems are the caller's to fix whatever the case, so they are answered before the access check.
      const from = checkDate('from', request.query.from);
      const to = checkDate('to', request.query.to);
      if (from && to && from > to)
        throw new ValidationError([{ field: 'to', problem: 'must be on or after from' }], 422);
      const personId = await openCase(request, reply, 'api:contacts');
      if (personId === undefined) return reply;
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 25;
      const [person, result] = await Promise.all([
        personSummary(db, personId),
        personContacts(db, personId, { from, to }, { page, pageSize }),
      ]);
      return { crn: person.crn, content: result.rows, ...paged(page, pageSize, result.total) };
    },
  );
}
