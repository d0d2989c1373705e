import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addRegistration,
  assertMayChangeRiskRecord,
  completeAssessment,
  decideOverride,
  deregister,
  proposeOverride,
  ROSH_GROUPS,
} from '../../db/risk-changes.js';
import { loadRegisterTypes, loadRiskRecord } from '../../db/risk-read.js';
import { todayInLondon } from '../../domain/calculation/run.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import { openCase } from '../cases/case-access.js';
import { dateFromFields, fieldsOfDate } from '../date-input.js';
import { caseNavigation } from '../cases/case-navigation.js';
import { riskPageView } from './view-model.js';

// The case Risk tab (issue #3): scores, tiers and overrides. Every route opens the case through the access
// gate before reading anything; writes redirect after POST, and bad input re-renders with an error summary.

type Body = Record<string, string>;

/**
 * A failed form: its problems keyed by the id of the field in the page (the forms on this page share it, so
 * ids carry the form's subject), which of those fields are date inputs, and what the user typed.
 */
interface FailedForm {
  form: 'override' | 'registration' | 'deregister' | 'assessment';
  problems: FieldProblem[];
  dateFields?: readonly string[];
  values: Body;
}

async function renderRisk(
  request: FastifyRequest,
  reply: FastifyReply,
  personId: number,
  crn: string,
  failed?: FailedForm,
) {
  const user = request.user!;
  const db = request.server.database.db;
  const [data, registerTypes] = await Promise.all([loadRiskRecord(db, personId), loadRegisterTypes(db)]);
  const today = todayInLondon();
  const view = riskPageView(data, today, user, registerTypes);
  const problems = failed?.problems ?? [];
  const anchor = (field: string) => (failed?.dateFields?.includes(field) ? `${field}-day` : field);
  return reply.code(problems.length > 0 ? 400 : 200).render('risk/risk.njk', {
    pageTitle: `Risk – ${data.person.forename} ${data.person.surname} (${crn})`,
    crn,
    personName: `${data.person.forename} ${data.person.surname}`,
    caseNavigation: caseNavigation(crn, 'risk'),
    errors: problems.map((e) => ({ text: e.problem, href: `#${anchor(e.field)}` })),
    fieldErrors: Object.fromEntries(problems.map((e) => [e.field, { text: e.problem }])),
    form: failed?.form === 'override' ? failed.values : {},
    forms: failed ? { [failed.form]: failed.values } : {},
    todayFields: fieldsOfDate(today),
    ...view,
  });
}

function actorOf(request: FastifyRequest) {
  const user = request.user!;
  return { userId: user.id, name: user.username, roles: user.roles, correlationId: request.id };
}

function idParam(request: FastifyRequest, field: string, what: string): number {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isSafeInteger(id))
    throw new ValidationError([{ field, problem: `${what} was not found for this person` }], 404);
  return id;
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
    try {
      await app.database.db.transaction().execute((trx) =>
        proposeOverride(trx, actorOf(request), opened.personId, {
          kind: body.kind ?? '',
          proposedValue: body.proposedValue ?? '',
          reason: body.reason ?? '',
        }),
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return renderRisk(request, reply, opened.personId, opened.crn, {
          form: 'override',
          problems: err.problems,
          values: body,
        });
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#overrides`, 303);
  });

  app.post('/cases/:crn/risk/overrides/:id/decision', async (request, reply) => {
    const opened = await openCase(request, reply, 'risk override decision');
    if (!opened) return reply;
    const body = (request.body ?? {}) as Record<string, string>;
    const id = Number((request.params as { id: string }).id);
    try {
      if (!Number.isSafeInteger(id))
        throw new ValidationError(
          [{ field: 'overrideId', problem: 'The override was not found for this person' }],
          404,
        );
      await app.database.db.transaction().execute((trx) =>
        decideOverride(trx, actorOf(request), opened.personId, id, {
          decision: body.decision ?? '',
          reason: body.decisionReason ?? '',
        }),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status !== 404) {
        return renderRisk(request, reply, opened.personId, opened.crn, {
          form: 'override',
          problems: err.problems.map((p) => ({
            ...p,
            field: p.field === 'decisionReason' ? `decisionReason-${id}` : p.field,
          })),
          values: body,
        });
      }
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#overrides`, 303);
  });

  // Flags and assessments: practitioners and SPOs change them; each change recalculates the scores and tiers
  // in its own transaction, and the page it redirects to shows the new tier and why it changed.

  app.post('/cases/:crn/risk/registrations', async (request, reply) => {
    const opened = await openCase(request, reply, 'add registration');
    if (!opened) return reply;
    assertMayChangeRiskRecord(request.user!.roles);
    const body = (request.body ?? {}) as Body;
    try {
      await app.database.db.transaction().execute((trx) =>
        addRegistration(trx, actorOf(request), opened.personId, {
          registerTypeCode: body.registerTypeCode ?? '',
          registrationDate: dateFromFields(body, 'registrationDate') ?? '',
          level: body.level || null,
          category: body.category || null,
          nextReviewDate: dateFromFields(body, 'nextReviewDate'),
          notes: body.notes || null,
        }),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status !== 404)
        return renderRisk(request, reply, opened.personId, opened.crn, {
          form: 'registration',
          problems: err.problems,
          dateFields: ['registrationDate', 'nextReviewDate'],
          values: body,
        });
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#tier`, 303);
  });

  app.post('/cases/:crn/risk/registrations/:id/deregister', async (request, reply) => {
    const opened = await openCase(request, reply, 'remove registration');
    if (!opened) return reply;
    assertMayChangeRiskRecord(request.user!.roles);
    const body = (request.body ?? {}) as Body;
    const id = idParam(request, 'registrationId', 'The registration');
    try {
      await app.database.db.transaction().execute((trx) =>
        deregister(trx, actorOf(request), opened.personId, id, {
          deregistrationDate: dateFromFields(body, 'deregistrationDate') ?? '',
          reason: body.reason ?? '',
        }),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status !== 404) {
        // Every flag has its own removal form, so its fields carry the registration id.
        const field = (f: string) =>
          f === 'deregistrationDate' || f === 'reason'
            ? `${f === 'reason' ? 'deregistrationReason' : f}-${id}`
            : f;
        return renderRisk(request, reply, opened.personId, opened.crn, {
          form: 'deregister',
          problems: err.problems.map((p) => ({ ...p, field: field(p.field) })),
          dateFields: [`deregistrationDate-${id}`],
          values: { ...body, registrationId: String(id) },
        });
      }
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#tier`, 303);
  });

  app.post('/cases/:crn/risk/assessments/:id/complete', async (request, reply) => {
    const opened = await openCase(request, reply, 'complete assessment');
    if (!opened) return reply;
    assertMayChangeRiskRecord(request.user!.roles);
    const body = (request.body ?? {}) as Body;
    const id = idParam(request, 'assessmentId', 'The assessment');
    try {
      await app.database.db.transaction().execute((trx) =>
        completeAssessment(trx, actorOf(request), opened.personId, id, {
          completedDate: dateFromFields(body, 'completedDate') ?? '',
          rosh: Object.fromEntries(ROSH_GROUPS.map((g) => [g, body[`rosh-${g}`] || null])),
        }),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status !== 404)
        return renderRisk(request, reply, opened.personId, opened.crn, {
          form: 'assessment',
          problems: err.problems,
          dateFields: ['completedDate'],
          values: body,
        });
      throw err;
    }
    return reply.redirect(`/cases/${opened.crn}/risk#tier`, 303);
  });
}
