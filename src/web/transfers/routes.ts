import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkCaseAccess } from '../../db/access.js';
import { personSummary } from '../../db/case-record.js';
import type { Database } from '../../db/connection.js';
import {
  decideEscalation,
  escalationsForPerson,
  findEscalation,
  listEscalations,
  raiseEscalation,
} from '../../db/risk-escalation.js';
import {
  acceptTransfer,
  cancelTransfer,
  escalateOverdueTransfers,
  findTransfer,
  listTransfers,
  receivingPractitioners,
  receivingTeams,
  rejectTransfer,
  requestTransfer,
  transferHistory,
  type TransferView,
} from '../../db/transfers.js';
import { offRadar } from '../../db/watchdog.js';
import { londonDate } from '../../domain/allocation/index.js';
import {
  ROSH_LABELS,
  ROSH_LEVELS,
  URGENCIES,
  URGENCY_LABELS,
} from '../../domain/casework/risk-escalation.js';
import {
  CHECKLIST_ITEMS,
  TRANSFER_KIND_LABELS,
  TRANSFER_REASONS,
  type ChecklistField,
} from '../../domain/casework/transfer.js';
import { OFF_RADAR_LABELS, OFF_RADAR_RULES } from '../../domain/casework/watchdog.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import { canWrite, hasRole, type CurrentUser } from '../auth/session.js';
import { openCase } from '../cases/case-access.js';
import { caseView } from '../cases/case-navigation.js';
import { ForbiddenError, WATCHDOG_ROLES, teamsOf, transferActor, watchdogScope } from './scope.js';

// Transfers, risk escalation and the off-radar watchdog (issue #6). Thin routes: the services validate, lock,
// write and audit; a form that fails re-renders with a GOV.UK error summary linked to its fields; a form that
// succeeds redirects (303) so a refresh never posts twice. No page needs JavaScript.

export interface TransferPagesOptions {
  database: Database;
  /** The clock; tests fix it. */
  now?: () => Date;
}

type Body = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function errorView(problems: readonly FieldProblem[]) {
  return {
    errors: problems.map((p) => ({ text: p.problem, href: `#${p.field}` })),
    fieldErrors: Object.fromEntries(problems.map((p) => [p.field, { text: p.problem }])),
  };
}

function requireWriter(user: CurrentUser): void {
  if (!canWrite(user)) throw new ForbiddenError('Inspectors read; they do not change cases');
}

const idOf = (request: FastifyRequest): number => {
  const id = Number((request.params as { id: string }).id);
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new ValidationError([{ field: 'id', problem: 'Not found' }], 404);
  return id;
};

/** Rows for the transfer tables: the words a page shows, never a value computed in the template. */
function transferRows(transfers: readonly TransferView[]) {
  return transfers.map((t) => ({
    ...t,
    kindLabel: TRANSFER_KIND_LABELS[t.kind],
    statusTag:
      t.status === 'PENDING'
        ? t.overdue
          ? { text: 'Overdue', classes: 'govuk-tag--red' }
          : { text: 'Pending', classes: 'govuk-tag--blue' }
        : t.status === 'ACCEPTED'
          ? { text: 'Accepted', classes: 'govuk-tag--green' }
          : t.status === 'REJECTED'
            ? { text: 'Rejected', classes: 'govuk-tag--orange' }
            : { text: 'Cancelled', classes: 'govuk-tag--grey' },
    fromText: `${t.from.teamName}${t.from.practitioner ? `, ${t.from.practitioner}` : ''} (${t.from.regionName})`,
    toText: `${t.to.teamName}${t.to.practitioner ? `, ${t.to.practitioner}` : ', to be allocated'} (${t.to.regionName})`,
    checklistRows: CHECKLIST_ITEMS.map((i) => ({ text: i.text, confirmed: t.checklist[i.field] })),
  }));
}

export async function transferPages(app: FastifyInstance, options: TransferPagesOptions): Promise<void> {
  const { db } = options.database;
  const now = options.now ?? (() => new Date());

  // ---- the case tab: transfers and escalations of one case -------------------------------------------

  const caseTab = async (request: FastifyRequest, reply: FastifyReply) => {
    const opened = await openCase(request, reply, 'transfers');
    if (!opened) return reply;
    const user = request.user!;
    await escalateOverdueTransfers(db, now());
    const [person, transfers, escalations] = await Promise.all([
      personSummary(db, opened.personId),
      transferHistory(db, user.id, opened.personId, now()),
      escalationsForPerson(db, user.id, opened.personId, now()),
    ]);
    const query = request.query as Body;
    return reply.render('transfers/case.njk', {
      ...caseView(person, 'transfers'),
      crn: opened.crn,
      transfers: transferRows(transfers),
      pending: transfers.find((t) => t.status === 'PENDING') ?? null,
      escalations: escalations.map((e) => ({ ...e, roshLabel: ROSH_LABELS[e.proposedRosh] })),
      canWrite: canWrite(user),
      done: one(query.done) ?? null,
    });
  };
  app.get('/cases/:crn/transfers', caseTab);

  // ---- requesting a transfer ---------------------------------------------------------------------------

  const requestForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opened: { personId: number; crn: string },
    form: { values: Body; problems: FieldProblem[] },
  ) => {
    const person = await personSummary(db, opened.personId);
    const teams = await receivingTeams(db, now());
    const chosenCode = one(form.values.toTeamCode) ?? one((request.query as Body).team) ?? '';
    const chosen = teams.find((t) => t.code === chosenCode);
    const practitioners = chosen ? await receivingPractitioners(db, opened.personId, chosen.code, now()) : [];
    const selectedStaff = one(form.values.toStaffId) ?? '';
    return reply.code(form.problems.length > 0 ? 422 : 200).render('transfers/request.njk', {
      ...caseView(person, 'transfers'),
      pageTitle: `Request a transfer – ${person.forename} ${person.surname} (${opened.crn})`,
      crn: opened.crn,
      teams: [{ value: '', text: 'Choose the receiving team' }].concat(
        teams.map((t) => ({
          value: t.code,
          text: `${t.region_name} – ${t.pdu_name} – ${t.name}`,
          selected: t.code === chosenCode,
        })) as { value: string; text: string }[],
      ),
      chosenTeam: chosen?.code ?? '',
      chosenTeamText: chosen ? `${chosen.name} (${chosen.pdu_name}, ${chosen.region_name})` : '',
      practitioners: [
        { value: '', text: 'Not named: the receiving team’s SPO allocates', checked: selectedStaff === '' },
        ...practitioners.map((p) => ({
          value: String(p.id),
          text: `${p.name} (${p.grade})`,
          hint: p.blocked ? { text: 'Excluded from this case: cannot receive it' } : undefined,
          disabled: p.blocked,
          checked: selectedStaff === String(p.id),
        })),
      ],
      reasons: [{ value: '', text: 'Choose a reason' }].concat(
        TRANSFER_REASONS.map((r) => ({ value: r, text: r, selected: one(form.values.reason) === r })) as {
          value: string;
          text: string;
        }[],
      ),
      checklist: CHECKLIST_ITEMS.map((i) => ({
        field: i.field,
        text: i.text,
        checked: one(form.values[i.field]) === 'yes',
      })),
      values: form.values,
      ...errorView(form.problems),
    });
  };

  app.get('/cases/:crn/transfers/new', async (request, reply) => {
    requireWriter(request.user!);
    const opened = await openCase(request, reply, 'transfer request');
    if (!opened) return reply;
    return requestForm(request, reply, opened, { values: {}, problems: [] });
  });

  app.post('/cases/:crn/transfers', async (request, reply) => {
    const user = request.user!;
    requireWriter(user);
    const opened = await openCase(request, reply, 'transfer request');
    if (!opened) return reply;
    const body = (request.body ?? {}) as Body;
    const staff = Number(one(body.toStaffId));
    try {
      await requestTransfer(
        db,
        transferActor(user, request.id),
        {
          crn: opened.crn,
          toTeamCode: one(body.toTeamCode) || null,
          toStaffId: Number.isSafeInteger(staff) && staff > 0 ? staff : null,
          reason: one(body.reason) ?? null,
          handoverNote: one(body.handoverNote) ?? null,
          checklist: Object.fromEntries(
            CHECKLIST_ITEMS.map((i) => [i.field, one(body[i.field]) === 'yes']),
          ) as Record<ChecklistField, boolean>,
        },
        now(),
      );
      return reply.redirect(`/cases/${opened.crn}/transfers?done=requested`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError) || err.status !== 422) throw err;
      return requestForm(request, reply, opened, { values: body, problems: err.problems });
    }
  });

  // ---- one transfer: read, accept, reject, cancel ------------------------------------------------------

  const transferPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    problems: FieldProblem[],
    values: Body,
  ) => {
    const user = request.user!;
    const t = await findTransfer(db, user.id, id, now());
    if (!t) throw new ValidationError([{ field: 'id', problem: 'No transfer has this id' }], 404);
    // The handover note is case data: its reading is an access decision, audited like opening the case.
    await checkCaseAccess(
      db,
      { userId: user.id, name: user.username, correlationId: request.id },
      t.crn,
      'transfer',
    );
    const [row] = transferRows([t]);
    return reply.code(problems.length > 0 ? 422 : 200).render('transfers/transfer.njk', {
      pageTitle: `Transfer of ${t.crn} to ${t.to.teamName}`,
      backLink: '/transfers',
      t: row,
      canWrite: canWrite(user),
      values,
      ...errorView(problems),
    });
  };

  app.get('/transfers/:id', async (request, reply) => transferPage(request, reply, idOf(request), [], {}));

  const decision = (path: 'accept' | 'reject' | 'cancel') =>
    app.post(`/transfers/:id/${path}`, async (request, reply) => {
      const user = request.user!;
      requireWriter(user);
      const id = idOf(request);
      const body = (request.body ?? {}) as Body;
      const actor = transferActor(user, request.id);
      try {
        const t =
          path === 'accept'
            ? await acceptTransfer(db, actor, id, now())
            : path === 'reject'
              ? await rejectTransfer(db, actor, id, one(body.rejectionReason) ?? null, now())
              : await cancelTransfer(db, actor, id, now());
        return reply.redirect(`/cases/${t.crn}/transfers?done=${path}`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError) || (err.status !== 422 && err.status !== 409)) throw err;
        return transferPage(request, reply, id, err.problems, body);
      }
    });
  decision('accept');
  decision('reject');
  decision('cancel');

  // ---- the lists ------------------------------------------------------------------------------------

  const everyTeam = async () => (await db.selectFrom('team').select('code').execute()).map((t) => t.code);

  app.get('/transfers', async (request, reply) => {
    const user = request.user!;
    await escalateOverdueTransfers(db, now());
    const teamCodes = hasRole(user, 'ADMIN', 'INSPECTOR') ? await everyTeam() : await teamsOf(db, user);
    const scope = { teamCodes, staffId: user.staffId };
    const [incoming, outgoing] = await Promise.all([
      listTransfers(db, user.id, 'incoming', scope, now()),
      listTransfers(db, user.id, 'outgoing', scope, now()),
    ]);
    return reply.render('transfers/list.njk', {
      pageTitle: 'Transfers',
      incoming: transferRows(incoming),
      outgoing: transferRows(outgoing),
    });
  });

  // ---- risk escalation ---------------------------------------------------------------------------------

  const escalationForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    opened: { personId: number; crn: string },
    form: { values: Body; problems: FieldProblem[] },
  ) => {
    const person = await personSummary(db, opened.personId);
    return reply.code(form.problems.length > 0 ? 422 : 200).render('transfers/escalate.njk', {
      ...caseView(person, 'transfers'),
      pageTitle: `Escalate a risk – ${person.forename} ${person.surname} (${opened.crn})`,
      crn: opened.crn,
      roshItems: ROSH_LEVELS.map((l) => ({
        value: l,
        text: ROSH_LABELS[l],
        checked: one(form.values.proposedRosh) === l,
      })),
      urgencyItems: URGENCIES.map((u) => ({
        value: u,
        text: URGENCY_LABELS[u],
        checked: one(form.values.urgency) === u,
      })),
      today: londonDate(now()),
      values: form.values,
      ...errorView(form.problems),
    });
  };

  app.get('/cases/:crn/escalate', async (request, reply) => {
    requireWriter(request.user!);
    const opened = await openCase(request, reply, 'risk escalation');
    if (!opened) return reply;
    return escalationForm(request, reply, opened, { values: {}, problems: [] });
  });

  app.post('/cases/:crn/escalate', async (request, reply) => {
    const user = request.user!;
    requireWriter(user);
    const opened = await openCase(request, reply, 'risk escalation');
    if (!opened) return reply;
    const body = (request.body ?? {}) as Body;
    try {
      await raiseEscalation(
        db,
        transferActor(user, request.id),
        opened.crn,
        {
          whatHappened: one(body.whatHappened) ?? null,
          occurredOn: one(body.occurredOn) ?? null,
          proposedRosh: one(body.proposedRosh) ?? null,
          urgency: one(body.urgency) ?? null,
        },
        now(),
      );
      return reply.redirect(`/cases/${opened.crn}/transfers?done=escalated`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError) || (err.status !== 422 && err.status !== 409)) throw err;
      return escalationForm(request, reply, opened, { values: body, problems: err.problems });
    }
  });

  const requireDecisionReader = (user: CurrentUser) => {
    if (!hasRole(user, 'SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR'))
      throw new ForbiddenError('Risk escalations are decided by senior probation officers and heads of PDU');
  };

  app.get('/escalations', async (request, reply) => {
    const user = request.user!;
    requireDecisionReader(user);
    const teamCodes = hasRole(user, 'ADMIN', 'INSPECTOR') ? await everyTeam() : await teamsOf(db, user);
    const escalations = await listEscalations(db, user.id, teamCodes, now());
    return reply.render('transfers/escalations.njk', {
      pageTitle: 'Risk escalations',
      escalations: escalations.map((e) => ({
        ...e,
        roshLabel: ROSH_LABELS[e.proposedRosh],
        currentLabel: e.currentRosh ? ROSH_LABELS[e.currentRosh] : 'None recorded',
      })),
      pendingCount: escalations.filter((e) => e.status === 'PENDING').length,
      overdueCount: escalations.filter((e) => e.overdue).length,
    });
  });

  const escalationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    problems: FieldProblem[],
    values: Body,
  ) => {
    const user = request.user!;
    requireDecisionReader(user);
    const e = await findEscalation(db, user.id, id, now());
    if (!e) throw new ValidationError([{ field: 'id', problem: 'No escalation has this id' }], 404);
    await checkCaseAccess(
      db,
      { userId: user.id, name: user.username, correlationId: request.id },
      e.crn,
      'risk escalation',
    );
    return reply.code(problems.length > 0 ? 422 : 200).render('transfers/escalation.njk', {
      pageTitle: `Risk escalation for ${e.crn}`,
      backLink: '/escalations',
      e: {
        ...e,
        roshLabel: ROSH_LABELS[e.proposedRosh],
        currentLabel: e.currentRosh ? ROSH_LABELS[e.currentRosh] : 'None recorded',
        urgencyLabel: URGENCY_LABELS[e.urgency],
      },
      canDecide: canWrite(user) && hasRole(user, 'SPO', 'PDU_HEAD'),
      decisionItems: [
        {
          value: 'APPROVED',
          text: 'Approve: record the proposed RoSH',
          checked: one(values.decision) === 'APPROVED',
        },
        {
          value: 'REJECTED',
          text: 'Reject: keep the current RoSH',
          checked: one(values.decision) === 'REJECTED',
        },
      ],
      values,
      ...errorView(problems),
    });
  };

  app.get('/escalations/:id', async (request, reply) =>
    escalationPage(request, reply, idOf(request), [], {}),
  );

  app.post('/escalations/:id', async (request, reply) => {
    const user = request.user!;
    requireWriter(user);
    const id = idOf(request);
    const body = (request.body ?? {}) as Body;
    try {
      const e = await decideEscalation(
        db,
        transferActor(user, request.id),
        id,
        { decision: one(body.decision) ?? null, notes: one(body.notes) ?? null },
        now(),
      );
      // A case the new RoSH took away from its practitioner goes straight to its allocation page.
      return reply.redirect(e.reallocated ? `/allocation/case/${e.crn}` : '/escalations', 303);
    } catch (err) {
      if (!(err instanceof ValidationError) || (err.status !== 422 && err.status !== 409)) throw err;
      return escalationPage(request, reply, id, err.problems, body);
    }
  });

  // ---- the watchdog ---------------------------------------------------------------------------------

  app.get('/watchdog', async (request, reply) => {
    const user = request.user!;
    if (!hasRole(user, ...WATCHDOG_ROLES))
      throw new ForbiddenError('The watchdog is for managers and inspectors');
    const query = request.query as Body;
    const scope = await watchdogScope(db, user, one(query.level), one(query.code));
    await escalateOverdueTransfers(db, now());
    const report = await offRadar(db, user.id, scope, now());
    return reply.render('transfers/watchdog.njk', {
      pageTitle: 'Off-radar watchdog',
      scopeText:
        scope.level === 'national' ? 'England and Wales' : `${scope.level.toUpperCase()} ${scope.code}`,
      report,
      rules: OFF_RADAR_RULES.map((r) => ({ rule: r, label: OFF_RADAR_LABELS[r], count: report.counts[r] })),
      labels: OFF_RADAR_LABELS,
    });
  });
}
