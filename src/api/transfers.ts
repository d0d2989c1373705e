import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { checkCaseAccess } from '../db/access.js';
import {
  acceptTransfer,
  cancelTransfer,
  escalateOverdueTransfers,
  findTransfer,
  listTransfers,
  rejectTransfer,
  requestTransfer,
  type TransferView,
} from '../db/transfers.js';
import { offRadar } from '../db/watchdog.js';
import { CHECKLIST_ITEMS, TRANSFER_REASONS } from '../domain/casework/transfer.js';
import { OFF_RADAR_RULES, type OffRadarRule } from '../domain/casework/watchdog.js';
import { ValidationError } from '../domain/validation.js';
import { teamsOf, transferActor, watchdogScope } from '../web/transfers/scope.js';
import { ErrorResponse, errorResponses } from './schemas.js';

// Transfers and the off-radar watchdog over /api/v1 (issue #6): the same service calls as the pages, so a
// transfer requested or accepted here passes the same checks, locks and audit.

const security = [{ bearerAuth: [] }];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const responses = { ...errorResponses, 409: ErrorResponse };

const Side = Type.Object({
  teamCode: Type.String(),
  teamName: Type.String(),
  pduCode: Type.String(),
  pduName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  staffId: Nullable(Type.Integer()),
  practitioner: Nullable(Type.String()),
});

const Transfer = Type.Object({
  id: Type.Integer(),
  crn: Type.String(),
  restricted: Type.Boolean({
    description: 'The caller may not see the person: name, reason and note are null',
  }),
  name: Nullable(Type.String()),
  kind: Type.Union([
    Type.Literal('PRACTITIONER'),
    Type.Literal('TEAM'),
    Type.Literal('PDU'),
    Type.Literal('REGION'),
  ]),
  status: Type.Union([
    Type.Literal('PENDING'),
    Type.Literal('ACCEPTED'),
    Type.Literal('REJECTED'),
    Type.Literal('CANCELLED'),
  ]),
  from: Side,
  to: Side,
  reason: Nullable(Type.String()),
  handoverNote: Nullable(Type.String()),
  checklist: Type.Record(Type.String(), Type.Boolean()),
  requestedAt: Type.String({ format: 'date-time' }),
  requestedBy: Type.String(),
  deadlineDate: Type.String({ format: 'date' }),
  overdue: Type.Boolean(),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decidedBy: Nullable(Type.String()),
  rejectionReason: Nullable(Type.String()),
});

const TransferRequest = Type.Object({
  crn: Type.String({ maxLength: 20 }),
  toTeamCode: Type.String({ maxLength: 20 }),
  toStaffId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  reason: Type.String({ maxLength: 200, description: `One of: ${TRANSFER_REASONS.join(', ')}` }),
  handoverNote: Type.String({ maxLength: 20000 }),
  checklist: Type.Object(
    Object.fromEntries(
      CHECKLIST_ITEMS.map((i) => [i.field, Type.Optional(Type.Boolean({ description: i.text }))]),
    ),
    { description: 'Every item must be true: confirmed done, or not applicable' },
  ),
});

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const Finding = Type.Object({
  rule: Type.Unsafe<OffRadarRule>({ type: 'string', enum: [...OFF_RADAR_RULES] }),
  detail: Nullable(Type.String()),
});
const Watchdog = Type.Object({
  cases: Type.Array(
    Type.Object({
      crn: Type.String(),
      restricted: Type.Boolean(),
      name: Nullable(Type.String()),
      teamCode: Nullable(Type.String()),
      teamName: Nullable(Type.String()),
      practitioner: Nullable(Type.String()),
      findings: Type.Array(Finding),
    }),
  ),
  counts: Type.Record(Type.String(), Type.Integer()),
  contactIntervals: Type.Record(Type.String(), Type.Integer()),
});

function serialise(t: TransferView) {
  return {
    ...t,
    requestedAt: t.requestedAt.toISOString(),
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
    decidedAt: t.decidedAt?.toISOString() ?? null,
  };
}

export async function transferApi(instance: FastifyInstance): Promise<void> {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.database.db;
  const tags = ['transfers'];
  const writer = (user: { roles: readonly string[] }) => {
    if (user.roles.every((r) => r === 'INSPECTOR'))
      throw Object.assign(new Error('Inspectors read; they do not change cases'), { statusCode: 403 });
  };

  app.post(
    '/transfers',
    {
      schema: {
        tags,
        security,
        summary: 'Request a transfer; the current practitioner stays responsible until it is accepted',
        body: TransferRequest,
        response: { 201: Transfer, ...responses },
      },
    },
    async (request, reply) => {
      writer(request.user!);
      const b = request.body;
      const t = await requestTransfer(db, transferActor(request.user!, request.id), {
        crn: b.crn,
        toTeamCode: b.toTeamCode,
        toStaffId: b.toStaffId ?? null,
        reason: b.reason,
        handoverNote: b.handoverNote,
        checklist: b.checklist,
      });
      return reply.code(201).send(serialise(t));
    },
  );

  app.get(
    '/transfers',
    {
      schema: {
        tags,
        security,
        summary: 'Incoming or outgoing transfers of the caller’s teams and own cases, pending first',
        querystring: Type.Object({
          direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], {
            default: 'incoming',
          }),
        }),
        response: { 200: Type.Object({ content: Type.Array(Transfer) }), ...responses },
      },
    },
    async (request) => {
      const user = request.user!;
      await escalateOverdueTransfers(db);
      const rows = await listTransfers(db, user.id, request.query.direction, {
        teamCodes: await teamsOf(db, user),
        staffId: user.staffId,
      });
      return { content: rows.map(serialise) };
    },
  );

  app.get(
    '/transfers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One transfer',
        params: IdParams,
        response: { 200: Transfer, ...responses },
      },
    },
    async (request) => {
      const t = await findTransfer(db, request.user!.id, request.params.id);
      if (!t) throw new ValidationError([{ field: 'id', problem: 'No transfer has this id' }], 404);
      const user = request.user!;
      await checkCaseAccess(
        db,
        { userId: user.id, name: user.username, correlationId: request.id },
        t.crn,
        'transfer',
      );
      return serialise(t);
    },
  );

  const decisions = [
    ['accept', 'Accept: responsibility, workload and queues move in one transaction', acceptTransfer],
    ['cancel', 'Cancel a pending transfer (sending side)', cancelTransfer],
  ] as const;
  for (const [path, summary, run] of decisions) {
    app.post(
      `/transfers/:id/${path}`,
      { schema: { tags, security, summary, params: IdParams, response: { 200: Transfer, ...responses } } },
      async (request) => {
        writer(request.user!);
        return serialise(await run(db, transferActor(request.user!, request.id), request.params.id));
      },
    );
  }
  app.post(
    '/transfers/:id/reject',
    {
      schema: {
        tags,
        security,
        summary: 'Reject with a reason: the case stays with the sending side',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ maxLength: 5000 }) }),
        response: { 200: Transfer, ...responses },
      },
    },
    async (request) => {
      writer(request.user!);
      return serialise(
        await rejectTransfer(
          db,
          transferActor(request.user!, request.id),
          request.params.id,
          request.body.reason,
        ),
      );
    },
  );

  app.get(
    '/watchdog',
    {
      schema: {
        tags: ['watchdog'],
        security,
        summary:
          'Active cases off the radar: no single owner, unallocated past due, release without a practitioner, transfer overdue, no contact',
        querystring: Type.Object({
          level: Type.Optional(Type.String({ maxLength: 10 })),
          code: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Watchdog, ...responses },
      },
    },
    async (request) => {
      const user = request.user!;
      const scope = await watchdogScope(db, user, request.query.level, request.query.code);
      await escalateOverdueTransfers(db);
      return offRadar(db, user.id, scope);
    },
  );
}
