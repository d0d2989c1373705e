import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decideOverride, proposeOverride } from '../../db/risk-changes.js';
import { loadRiskRecord } from '../../db/risk-read.js';
import { todayInLondon } from '../../domain/calculation/run.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import { openCase } from '../cases/case-access.js';
import { caseNavigation } from '../cases/case-navigation.js';
import { riskPageView } from './view-model.js';

// The case Risk tab (issue #3): scores, tiers and overrides. Every route opens the case through the access
// gate before reading anything; writes redirect after POST, and bad input re-renders with an error summary.

async function renderRisk(
  request: FastifyRequest,
  reply: FastifyReply,
  personId: number,
  crn: string,
  errors: FieldProblem[] = [],
  form: Record<string, string> = {},
) {
  const user = request.user!;
  const data = await loadRiskRecord(request.server.database.db, personId);
  const view = riskPageView(data, todayInLondon(), user);
  return reply.code(errors.length > 0 ? 400 : 200).render('risk/risk.njk', {
    pageTitle: `Risk – ${data.person.forename} ${data.person.surname} (${crn})`,
    crn,
    personName: `${data.person.forename} ${data.person.surname}`,
    caseNavigation: caseNavigation(crn, 'risk'),
    errors: errors.map((e) => ({ text: e.problem, href: `#${e.field}` })),
    fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.problem }])),
    form,
    ...view,
  });
}

export async function riskPlugin(app: FastifyInstance): Promise<void> {
  app.get('/cases/:crn/risk', async (request, reply) => {
    const opened = await openCase(request, reply, 'risk');
    if (!opened) return reply;
    return renderRisk(request, reply, opened.personId, opened.crn);
  });

  app.post('/cases/:crn/risk/overrides', async (request, reply) => {
    const opened = await openCase(request, reply, 'risk override');
    if (!opened) return reply;
    const body = (request.body ?? {}) as Record<string, string>;
    const user = request.user!;
    try {
      await app.database.db.transaction().execute((trx) =>
        proposeOverride(
          trx,
          { userId: user.id, name: user.username, roles: user.roles, correlationId: request.id },
          opened.personId,
          {
            kind: body.kind ?? '',
            proposedValue: body.proposedValue ?? '',
            reason: body.reason ?? '',
          },
        ),
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return renderRisk(request, reply, opened.personId, opened.crn, err.problems, body);
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#overrides`, 303);
  });

  app.post('/cases/:crn/risk/overrides/:id/decision', async (request, reply) => {
    const opened = await openCase(request, reply, 'risk override decision');
    if (!opened) return reply;
    const body = (request.body ?? {}) as Record<string, string>;
    const id = Number((request.params as { id: string }).id);
    const user = request.user!;
    try {
      if (!Number.isSafeInteger(id))
        throw new ValidationError(
          [{ field: 'overrideId', problem: 'The override was not found for this person' }],
          404,
        );
      await app.database.db.transaction().execute((trx) =>
        decideOverride(
          trx,
          { userId: user.id, name: user.username, roles: user.roles, correlationId: request.id },
          opened.personId,
          id,
          {
            decision: body.decision ?? '',
            reason: body.decisionReason ?? '',
          },
        ),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status !== 404) {
        return renderRisk(
          request,
          reply,
          opened.personId,
          opened.crn,
          err.problems.map((p) => ({
            ...p,
            field: p.field === 'decisionReason' ? `decisionReason-${id}` : p.field,
          })),
          body,
        );
      }
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#overrides`, 303);
  });
}
