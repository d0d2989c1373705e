import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from './databases.js';
import { auditCount, seededApp, type SeededApp } from './seeded-app.js';
import { signInAs } from './sign-in.js';
import { addReceivingRegion, type ReceivingRegion } from './transfer-fixture.js';
import {
  acceptTransfer,
  escalateOverdueTransfers,
  requestTransfer,
  type TransferActor,
} from '../../src/db/transfers.js';
import { decideEscalation, listEscalations, raiseEscalation } from '../../src/db/risk-escalation.js';
import { offRadar } from '../../src/db/watchdog.js';
import { allocateCase } from '../../src/db/allocation.js';
import { ValidationError } from '../../src/domain/validation.js';
import { CHECKLIST_ITEMS } from '../../src/domain/casework/transfer.js';

// Transfers, risk escalation and the watchdog (issue #6) on both databases: every service path through the API
// or the pages, the bad-input refusals with nothing changed, concurrency, escalation once, and the watchdog
// on fresh seed data.

const CHECKLIST = Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.field, true]));
const SEEDED_ON = new Date('2026-11-02T12:00:00Z');

type Ctx = { s: SeededApp; region: ReceivingRegion };

async function actorFor(s: SeededApp, username: string): Promise<TransferActor> {
  const u = await s.t.database.db
    .selectFrom('app_user')
    .select(['id', 'username', 'roles', 'staff_id', 'home_pdu_code'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return {
    userId: u.id,
    name: u.username,
    roles: u.roles,
    staffId: u.staff_id,
    homePduCode: u.home_pdu_code,
  };
}

/** Current owner(s) of a person: every current responsible-officer record. */
async function owners(s: SeededApp, personId: number) {
  const { rows } = await sql<{ id: number; team_code: string; staff_id: number | null }>`
    select id, team_code, staff_id from responsibility
    where person_id = ${personId} and end_at is null and responsible_officer`.execute(s.t.database.db);
  return rows;
}

async function counts(s: SeededApp) {
  const { rows } = await sql<{ transfers: number; responsibilities: number }>`
    select (select count(*)::int from transfer) as transfers,
      (select count(*)::int from responsibility) as responsibilities`.execute(s.t.database.db);
  return rows[0]!;
}

/** A case held by a practitioner of the demo team, without limited access, not yet used by a test. */
async function freeCase(
  s: SeededApp,
  grade = 'PO',
  highRosh = false,
): Promise<{ personId: number; crn: string; staffId: number }> {
  const { rows } = await sql<{ personId: number; crn: string; staffId: number }>`
    select p.id as "personId", p.crn, r.staff_id as "staffId" from person p
    join responsibility r on r.person_id = p.id and r.end_at is null and r.role = 'COM'
    join staff st on st.id = r.staff_id and st.grade = ${grade}
    join staff_team m on m.staff_id = r.staff_id and m.team_code = r.team_code
    join app_user u on u.username = 'spo'
    join staff_team sm on sm.staff_id = u.staff_id and sm.team_code = r.team_code
    where p.case_status = 'ACTIVE'
      and not exists (select 1 from access_exclusion x where x.person_id = p.id)
      and not exists (select 1 from access_restriction x where x.person_id = p.id)
      and not exists (select 1 from transfer t where t.person_id = p.id)
      and not exists (select 1 from risk_escalation e where e.person_id = p.id)
      and exists (select 1 from sentence s where s.person_id = p.id and s.termination_date is null)
      and (not ${highRosh} or exists (select 1 from registration g where g.person_id = p.id
        and g.register_type_code in ('RHRH', 'RVHR') and g.deregistration_date is null))
    order by p.id limit 1`.execute(s.t.database.db);
  if (!rows[0]) throw new Error('The seed has no free case for this test');
  return rows[0];
}

describeEachDatabase('transfers, escalations and the watchdog', (fresh) => {
  const ctx = {} as Ctx;
  beforeAll(async () => {
    ctx.s = await seededApp(fresh);
    ctx.region = await addReceivingRegion(ctx.s.t.database.db);
  });
  afterAll(async () => ctx.s?.close());

  const api = async (username: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const { bearer } = await signInAs(ctx.s.t.database, username);
    const res = await ctx.s.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: bearer,
      payload: payload as object,
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('is empty on the fresh seed, which proves every active case has one owner', async () => {
    const report = await offRadar(
      ctx.s.t.database.db,
      (await actorFor(ctx.s, 'admin')).userId,
      { level: 'national' },
      SEEDED_ON,
    );
    expect(report.cases).toEqual([]);
  });

  it('hands a case over between regions: pending leaves the sender responsible, the receivers see it, acceptance moves it', async () => {
    const { s, region } = ctx;
    const before = await owners(s, s.ownCase.personId);
    const requested = await api('practitioner', 'POST', '/transfers', {
      crn: s.ownCase.crn,
      toTeamCode: region.teamCode,
      toStaffId: region.po.staffId,
      reason: 'Change of address',
      handoverNote: 'Moved to North Shields. Next appointment booked; no enforcement outstanding.',
      checklist: CHECKLIST,
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: 'PENDING',
      kind: 'REGION',
      to: { teamCode: region.teamCode },
    });
    expect(await owners(s, s.ownCase.personId)).toEqual(before);

    // The receiving side opens the whole record and finds the transfer waiting, before accepting.
    expect((await api(region.spo.username, 'GET', `/persons/${s.ownCase.crn}`)).status).toBe(200);
    const incoming = await api(region.spo.username, 'GET', '/transfers?direction=incoming');
    expect(incoming.body.content.map((t: { crn: string }) => t.crn)).toContain(s.ownCase.crn);
    const notified = await s.t.database.db
      .selectFrom('notification')
      .select('recipient_staff_id')
      .where('transfer_id', '=', requested.body.id)
      .where('kind', '=', 'TRANSFER_REQUESTED')
      .execute();
    expect(notified.map((n) => n.recipient_staff_id).sort()).toEqual(
      [region.spo.staffId, region.po.staffId].sort(),
    );

    // A second request while one is pending is a conflict.
    const again = await api('practitioner', 'POST', '/transfers', {
      crn: s.ownCase.crn,
      toTeamCode: region.teamCode,
      reason: 'Other',
      handoverNote: 'x',
      checklist: CHECKLIST,
    });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({
      field: 'crn',
      problem: expect.stringMatching(/already pending/),
    });

    // Allocation waits while the transfer is pending (domain.md §10.3).
    const spo = await actorFor(s, 'spo');
    const colleague = await sql<{
      staff_id: number;
    }>`select m.staff_id from staff_team m join staff st on st.id = m.staff_id
      where m.team_code = ${before[0]!.team_code} and st.grade = 'PO' and m.staff_id <> ${before[0]!.staff_id} limit 1`.execute(
      s.t.database.db,
    );
    await expect(
      allocateCase(s.t.database.db, spo, {
        crn: s.ownCase.crn,
        staffId: colleague.rows[0]!.staff_id,
        teamCode: before[0]!.team_code,
        notes: 'x',
        reason: 'Other',
      }),
    ).rejects.toMatchObject({
      problems: expect.arrayContaining([
        expect.objectContaining({ problem: expect.stringMatching(/transfer of this case is pending/) }),
      ]),
    });

    const accepted = await api(region.po.username, 'POST', `/transfers/${requested.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('ACCEPTED');
    const after = await owners(s, s.ownCase.personId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ team_code: region.teamCode, staff_id: region.po.staffId });
    const audit = await s.t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity', '=', 'transfer')
      .where('entity_id', '=', String(requested.body.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['REQUEST', 'ACCEPT']);
    const workload = await s.t.database.db
      .selectFrom('staff_workload')
      .select('total_cases')
      .where('staff_id', '=', region.po.staffId)
      .executeTakeFirst();
    expect(workload?.total_cases).toBe(1);

    const twice = await api(region.spo.username, 'POST', `/transfers/${requested.body.id}/accept`);
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0].problem).toMatch(/already been accepted by/);
  });

  it('refuses bad input with a clear error naming the field, and changes nothing', async () => {
    const { s, region } = ctx;
    const c = await freeCase(s);
    const closed = await sql<{
      crn: string;
    }>`select crn from person where case_status = 'TERMINATED' order by id limit 1`.execute(s.t.database.db);
    const base = {
      crn: c.crn,
      toTeamCode: region.teamCode,
      reason: 'Change of address',
      handoverNote: 'Note',
      checklist: CHECKLIST,
    };
    const start = await counts(s);
    const cases: [string, object, number, string, RegExp][] = [
      ['spo', { ...base, toTeamCode: region.closedTeamCode }, 422, 'toTeamCode', /not an active team/],
      ['spo', { ...base, reason: '' }, 422, 'reason', /Choose a reason/],
      [
        'spo',
        { ...base, checklist: { ...CHECKLIST, victimContact: false } },
        422,
        'victimContact',
        /victim contact/,
      ],
      ['admin', { ...base, crn: closed.rows[0]!.crn }, 403, 'crn', /./],
      ['pduhead', { ...base, crn: closed.rows[0]!.crn }, 422, 'crn', /closed/],
    ];
    for (const [user, payload, status, field, problem] of cases) {
      const res = await api(user, 'POST', '/transfers', payload);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (status === 422)
        expect(res.body.errors).toEqual(
          expect.arrayContaining([{ field, problem: expect.stringMatching(problem) }]),
        );
    }
    // The excluded practitioner: the seed bars the demo practitioner from one of the demo team's cases.
    const practitioner = await actorFor(s, 'practitioner');
    const excluded = await api('spo', 'POST', '/transfers', {
      ...base,
      crn: s.excludedCase.crn,
      toTeamCode: (await owners(s, s.excludedCase.personId))[0]!.team_code,
      toStaffId: practitioner.staffId,
    });
    expect(excluded.status).toBe(422);
    expect(excluded.body.errors).toEqual([
      { field: 'toStaffId', problem: expect.stringMatching(/excluded from this case/) },
    ]);
    // A high RoSH case cannot be sent to a PSO by name: the grade guardrail the receiving SPO would face applies.
    const high = await freeCase(s, 'PO', true);
    const toPso = await api('spo', 'POST', '/transfers', {
      ...base,
      crn: high.crn,
      toStaffId: region.pso.staffId,
    });
    expect(toPso.status).toBe(422);
    expect(toPso.body.errors[0]).toMatchObject({
      field: 'toStaffId',
      problem: expect.stringMatching(/needs a PO/),
    });
    expect(await counts(s)).toEqual(start);
    // Inspectors read only.
    expect((await api('inspector', 'POST', '/transfers', base)).status).toBe(403);
  });

  it('rejects with a reason, cancels, and lets exactly one of two concurrent accepts win', async () => {
    const { s, region } = ctx;
    const c = await freeCase(s);
    const body = {
      crn: c.crn,
      toTeamCode: region.teamCode,
      reason: 'Risk to staff',
      handoverNote: 'Note',
      checklist: CHECKLIST,
    };
    const first = await api('spo', 'POST', '/transfers', body);
    expect(
      (await api(region.spo.username, 'POST', `/transfers/${first.body.id}/reject`, { reason: ' ' })).status,
    ).toBe(422);
    const rejected = await api(region.spo.username, 'POST', `/transfers/${first.body.id}/reject`, {
      reason: 'No capacity this month',
    });
    expect(rejected.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'No capacity this month' });
    expect(await owners(s, c.personId)).toEqual([expect.objectContaining({ staff_id: c.staffId })]);

    const second = await api('spo', 'POST', '/transfers', body);
    expect((await api(region.spo.username, 'POST', `/transfers/${second.body.id}/cancel`)).status).toBe(403);
    expect((await api('spo', 'POST', `/transfers/${second.body.id}/cancel`)).body.status).toBe('CANCELLED');

    const third = await api('spo', 'POST', '/transfers', body);
    const receiving = await actorFor(s, region.spo.username);
    const results = await Promise.allSettled([
      acceptTransfer(s.t.database.db, receiving, third.body.id),
      acceptTransfer(s.t.database.db, receiving, third.body.id),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ValidationError);
    expect((loser.reason as ValidationError).status).toBe(409);
    const now = await owners(s, c.personId);
    expect(now).toEqual([expect.objectContaining({ team_code: region.teamCode, staff_id: null })]);
    const history = await api('spo', 'GET', `/transfers/${third.body.id}`);
    expect(history.body.status).toBe('ACCEPTED');
  });

  it('lets exactly one of two concurrent requests for one case through', async () => {
    const { s, region } = ctx;
    const c = await freeCase(s);
    const spo = await actorFor(s, 'spo');
    const input = {
      crn: c.crn,
      toTeamCode: region.teamCode,
      toStaffId: null,
      reason: 'Other',
      handoverNote: 'n',
      checklist: CHECKLIST,
    };
    const results = await Promise.allSettled([
      requestTransfer(s.t.database.db, spo, input),
      requestTransfer(s.t.database.db, spo, input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      ((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as ValidationError)
        .status,
    ).toBe(409);
  });

  it('escalates an overdue transfer to both SPOs once, and the watchdog lists it', async () => {
    const { s, region } = ctx;
    const c = await freeCase(s);
    const spo = await actorFor(s, 'spo');
    // Requested on Monday 2 November: due by Wednesday 4th, overdue on Thursday 5th.
    const t = await requestTransfer(
      s.t.database.db,
      spo,
      {
        crn: c.crn,
        toTeamCode: region.teamCode,
        toStaffId: null,
        reason: 'Other',
        handoverNote: 'n',
        checklist: CHECKLIST,
      },
      new Date('2026-11-02T10:00:00Z'),
    );
    expect(t.deadlineDate).toBe('2026-11-04');
    expect(await escalateOverdueTransfers(s.t.database.db, new Date('2026-11-04T16:00:00Z'))).toBe(0);
    const thursday = new Date('2026-11-05T09:00:00Z');
    const [a, b] = await Promise.all([
      escalateOverdueTransfers(s.t.database.db, thursday),
      escalateOverdueTransfers(s.t.database.db, thursday),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdueTransfers(s.t.database.db, thursday)).toBe(0);
    const notes = await s.t.database.db
      .selectFrom('notification')
      .select('recipient_staff_id')
      .where('transfer_id', '=', t.id)
      .where('kind', '=', 'TRANSFER_OVERDUE')
      .execute();
    expect(notes.map((n) => n.recipient_staff_id).sort()).toEqual([spo.staffId, region.spo.staffId].sort());
    const report = await offRadar(s.t.database.db, spo.userId, { level: 'national' }, thursday);
    expect(report.cases.find((x) => x.crn === c.crn)?.findings.map((f) => f.rule)).toContain(
      'TRANSFER_OVERDUE',
    );
    const page = await s.app.inject({
      url: '/watchdog',
      headers: (await signInAs(s.t.database, 'spo')).cookie,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-crn="${c.crn}"`);
  });

  it('risk escalation: raised in one page, overdue after 1 working day, approval records RoSH, recalculates and reallocates', async () => {
    const { s } = ctx;
    const c = await freeCase(s, 'PSO');
    const practitionerCookie = (await signInAs(s.t.database, 'spo')).cookie;
    const form = await s.app.inject({ url: `/cases/${c.crn}/escalate`, headers: practitionerCookie });
    expect(form.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookies = [
      practitionerCookie.cookie,
      ...[form.headers['set-cookie'] ?? []].flat().map((x) => String(x).split(';')[0]),
    ].join('; ');
    const bad = await s.app.inject({
      method: 'POST',
      url: `/cases/${c.crn}/escalate`,
      headers: { cookie: cookies },
      payload: { _csrf: csrf },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#whatHappened"');
    expect(bad.body).toContain('href="#proposedRosh"');

    const raiser = await actorFor(s, 'pduhead');
    const e = await raiseEscalation(
      s.t.database.db,
      raiser,
      c.crn,
      {
        whatHappened: 'Police domestic abuse call-out at the home address.',
        occurredOn: '2026-11-01',
        proposedRosh: 'HIGH',
        urgency: 'URGENT',
      },
      new Date('2026-11-02T09:00:00Z'),
    );
    expect(e).toMatchObject({ status: 'PENDING', deadlineDate: '2026-11-03' });
    const spo = await actorFor(s, 'spo');
    const teams = [(await owners(s, c.personId))[0]!.team_code];
    const later = await listEscalations(s.t.database.db, spo.userId, teams, new Date('2026-11-04T09:00:00Z'));
    expect(later.find((x) => x.id === e.id)?.overdue).toBe(true);

    await expect(
      decideEscalation(s.t.database.db, raiser, e.id, { decision: 'APPROVED', notes: 'ok' }),
    ).rejects.toMatchObject({ status: 422 });
    const decided = await decideEscalation(s.t.database.db, spo, e.id, {
      decision: 'APPROVED',
      notes: 'Agreed: high RoSH.',
    });
    expect(decided).toMatchObject({ status: 'APPROVED', reallocated: true });
    const rosh = await s.t.database.db
      .selectFrom('registration')
      .select('register_type_code')
      .where('person_id', '=', c.personId)
      .where('register_type_code', 'in', ['RLRH', 'RMRH', 'RHRH', 'RVHR'])
      .where('deregistration_date', 'is', null)
      .execute();
    expect(rosh.map((r) => r.register_type_code)).toEqual(['RHRH']);
    const recalculated = await s.t.database.db
      .selectFrom('risk_recalculation')
      .select('trigger')
      .where('person_id', '=', c.personId)
      .where('trigger', '=', 'REGISTRATION_ADDED')
      .execute();
    expect(recalculated.length).toBeGreaterThanOrEqual(1);
    // A PSO may not hold a high RoSH case without an override: it is back in the team's queue.
    expect(await owners(s, c.personId)).toEqual([expect.objectContaining({ staff_id: null })]);
  });

  it('shows the pages: request form errors linked to fields, the case history, lists and the watchdog by role', async () => {
    const { s, region } = ctx;
    const c = await freeCase(s);
    const { cookie } = await signInAs(s.t.database, 'spo');
    const form = await s.app.inject({
      url: `/cases/${c.crn}/transfers/new?team=${region.teamCode}`,
      headers: cookie,
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(region.po.name);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const cookies = [
      cookie.cookie,
      ...[form.headers['set-cookie'] ?? []].flat().map((x) => String(x).split(';')[0]),
    ].join('; ');
    const post = (payload: Record<string, string>) =>
      s.app.inject({
        method: 'POST',
        url: `/cases/${c.crn}/transfers`,
        headers: { cookie: cookies },
        payload: { _csrf: csrf, ...payload },
      });
    const bad = await post({ toTeamCode: region.teamCode });
    expect(bad.statusCode).toBe(422);
    for (const field of ['reason', 'handoverNote', 'riskAssessmentCurrent', 'mappa'])
      expect(bad.body).toContain(`href="#${field}"`);
    const good = await post({
      toTeamCode: region.teamCode,
      toStaffId: String(region.po.staffId),
      reason: 'Change of address',
      handoverNote: 'All current.',
      ...Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.field, 'yes'])),
    });
    expect(good.statusCode).toBe(303);
    const tab = await s.app.inject({ url: `/cases/${c.crn}/transfers`, headers: cookie });
    expect(tab.body).toContain('data-testid="pending-transfer"');
    expect(tab.body).toContain('Transfers and escalations');
    const list = await s.app.inject({
      url: '/transfers',
      headers: (await signInAs(s.t.database, region.spo.username)).cookie,
    });
    expect(list.body).toMatch(new RegExp(`data-testid="incoming"[\\s\\S]*data-crn="${c.crn}"`));
    // Reading the handover note is an audited access decision, like opening the case.
    const pending = await s.t.database.db
      .selectFrom('transfer')
      .select('id')
      .where('person_id', '=', c.personId)
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    const receiving = await signInAs(s.t.database, region.spo.username);
    const page = await s.app.inject({ url: `/transfers/${pending.id}`, headers: receiving.cookie });
    expect(page.body).toContain('All current.');
    expect(await auditCount(s.t, c.personId, receiving.userId, 'VIEW')).toBe(1);
    expect(
      (
        await s.app.inject({
          url: '/watchdog',
          headers: (await signInAs(s.t.database, 'practitioner')).cookie,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await s.app.inject({ url: '/watchdog', headers: (await signInAs(s.t.database, 'inspector')).cookie }))
        .statusCode,
    ).toBe(200);
    const watchdogApi = await api('pduhead', 'GET', '/watchdog');
    expect(watchdogApi.status).toBe(200);
    expect(Object.keys(watchdogApi.body.counts)).toEqual([
      'NO_OWNER',
      'NO_PRACTITIONER',
      'RELEASE_UNALLOCATED',
      'TRANSFER_OVERDUE',
      'NO_CONTACT',
    ]);
    expect((await api('practitioner', 'GET', '/watchdog')).status).toBe(403);
    expect((await s.app.inject({ url: '/escalations', headers: cookie })).statusCode).toBe(200);
  });
});
