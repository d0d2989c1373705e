import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { TODAY, buildOrg, queuePerson, type Org } from './allocation-fixture.js';
import {
  allocateCase,
  allocationCase,
  listNotifications,
  listQueue,
  loadAllocationConfig,
  markNotificationRead,
  practitionerOptions,
  saveAllocationConfig,
  tierMixes,
  unreadNotificationCount,
  NotPermittedError,
  type AllocationInput,
  type Allocator,
} from '../../src/db/allocation.js';
import { allocationDashboard } from '../../src/db/allocation-report.js';
import { DEFAULT_ALLOCATION_CONFIG } from '../../src/domain/allocation/index.js';
import { ValidationError } from '../../src/domain/validation.js';

const NOW = new Date(`${TODAY}T10:00:00Z`); // Monday 30 November 2026

describeEachDatabase('allocation', (fresh) => {
  let t: TestDatabase;
  let org: Org;
  let spo: Allocator;

  beforeAll(async () => {
    t = await fresh();
    org = await buildOrg(t.database);
    spo = { userId: org.users.spo, name: 'spo', roles: ['SPO'] };
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const db = () => t.database.db;
  const config = (code: string) => loadAllocationConfig(db(), code);
  const allocate = (input: Partial<AllocationInput> & { crn: string }, actor: Allocator = spo, now = NOW) =>
    allocateCase(
      db(),
      actor,
      { staffId: org.staff.po, teamCode: 'N07T01', notes: 'Allocated at the Monday meeting', ...input },
      now,
    );
  const problemsOf = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  };
  const current = (personId: number) =>
    db()
      .selectFrom('responsibility')
      .select(['id', 'staff_id', 'team_code', 'start_at'])
      .where('person_id', '=', personId)
      .where('end_at', 'is', null)
      .where('role', '=', 'COM')
      .executeTakeFirstOrThrow();
  const workload = (staffId: number) =>
    db()
      .selectFrom('staff_workload')
      .select(['total_points', 'total_cases'])
      .where('staff_id', '=', staffId)
      .executeTakeFirstOrThrow();

  it('lists a sentenced person in the queue at once, aged in working days across the weekend', async () => {
    await queuePerson(db(), {
      crn: 'Q100001',
      since: '2026-11-27T15:00:00Z',
      tier: 'B2',
      v3Tier: 'C',
      registrations: [{ code: 'RHRH' }, { code: 'ADVP' }],
    });
    const queue = await listQueue(db(), org.users.spo, { level: 'team', code: 'N07T01' }, NOW);
    const item = queue.items.find((i) => i.crn === 'Q100001');
    expect(item).toMatchObject({
      restricted: false,
      name: 'Test Q100001',
      tier: 'B2',
      v3Tier: 'C',
      rosh: 'HIGH',
      domesticAbuse: true,
      childSafeguarding: false,
      caseType: 'COMMUNITY',
      managementStatus: 'NEW_TO_PROBATION',
      ageing: { workingDaysWaiting: 1, dueDate: '2026-12-02', overdue: false },
    });
  });

  it('ages a case across the Christmas bank holidays and orders the queue by urgency', async () => {
    await queuePerson(db(), {
      crn: 'Q200001',
      team: 'N07T02',
      since: '2026-12-23T09:00:00Z',
      registrations: [{ code: 'RLRH' }],
    });
    await queuePerson(db(), {
      crn: 'Q200002',
      team: 'N07T02',
      since: '2026-12-21T09:00:00Z',
      registrations: [{ code: 'RLRH' }],
    });
    await queuePerson(db(), {
      crn: 'Q200003',
      team: 'N07T02',
      since: '2026-12-23T09:00:00Z',
      registrations: [{ code: 'RVHR' }],
    });
    const tuesday = await listQueue(
      db(),
      org.users.spo,
      { level: 'team', code: 'N07T02' },
      new Date('2026-12-29T12:00:00Z'),
    );
    expect(tuesday.items.map((i) => [i.crn, i.ageing.workingDaysWaiting, i.ageing.overdue])).toEqual([
      ['Q200002', 4, true], // 22, 23, 24, 29 December: overdue since the 24th
      ['Q200003', 2, false], // very high RoSH before low
      ['Q200001', 2, false],
    ]);
    expect(tuesday).toMatchObject({ total: 3, overdue: 1, releasesDue: 0 });
  });

  it('makes a custody case due 10 working days before release and reports it once inside that', async () => {
    await queuePerson(db(), {
      crn: 'Q300001',
      team: 'N07T02',
      since: '2026-12-14T09:00:00Z',
      releaseDate: '2027-01-04',
    });
    const queue = await listQueue(
      db(),
      org.users.spo,
      { level: 'team', code: 'N07T02' },
      new Date('2026-12-17T12:00:00Z'),
    );
    const item = queue.items.find((i) => i.crn === 'Q300001')!;
    expect(item.ageing).toMatchObject({
      dueDate: '2026-12-16',
      dueReason: 'RELEASE',
      overdue: true,
      releaseWithinDeadline: true,
    });
    expect(item.restricted === false && item.caseType).toBe('CUSTODY');
    expect(queue.releasesDue).toBe(1);
  });

  it('shows a restricted case to a blocked user as its CRN only, still counted', async () => {
    const personId = await queuePerson(db(), {
      crn: 'Q400001',
      team: 'N54T01',
      since: '2026-11-24T09:00:00Z',
      registrations: [{ code: 'RVHR' }],
    });
    await db()
      .insertInto('access_restriction')
      .values({ person_id: personId, user_id: org.users.pduHead, start_date: '2026-01-01' })
      .execute();
    const queue = await listQueue(db(), org.users.spo, { level: 'pdu', code: 'N54P01' }, NOW);
    const item = queue.items.find((i) => i.crn === 'Q400001')!;
    expect(item.restricted).toBe(true);
    expect(Object.keys(item).sort()).toEqual(
      [
        'ageing',
        'crn',
        'personId',
        'pduCode',
        'pduName',
        'regionCode',
        'regionName',
        'restricted',
        'teamCode',
        'teamName',
        'unallocatedSince',
      ].sort(),
    );
    expect(queue.overdue).toBe(1);
    const allowed = await listQueue(db(), org.users.pduHead, { level: 'pdu', code: 'N54P01' }, NOW);
    expect(allowed.items.find((i) => i.crn === 'Q400001')!.restricted).toBe(false);
  });

  it('allocates in one step: responsibility, queue, workload, notes, notification and audit change together', async () => {
    const personId = await queuePerson(db(), {
      crn: 'Q500001',
      since: '2026-11-26T09:00:00Z',
      tier: 'B2',
      v3Tier: 'D',
    });
    const before = await workload(org.staff.po);
    const queued = await current(personId);
    const result = await allocate({ crn: 'Q500001', notesSensitive: true });
    expect(result).toMatchObject({
      outcome: 'ALLOCATED',
      personId,
      teamCode: 'N07T01',
      staffId: org.staff.po,
    });

    const now = await current(personId);
    expect(now.staff_id).toBe(org.staff.po);
    const ended = await db()
      .selectFrom('responsibility')
      .select('end_at')
      .where('person_id', '=', personId)
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(ended.end_at).toEqual(NOW);
    const queue = await listQueue(db(), org.users.spo, { level: 'team', code: 'N07T01' }, NOW);
    expect(queue.items.some((i) => i.crn === 'Q500001')).toBe(false);

    const after = await workload(org.staff.po);
    expect(after.total_points - before.total_points).toBe(115); // community B2
    expect(after.total_cases - before.total_cases).toBe(1);

    const allocation = await db()
      .selectFrom('allocation')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(allocation).toMatchObject({
      kind: 'ALLOCATION',
      reason: 'Initial allocation',
      notes: 'Allocated at the Monday meeting',
      notes_sensitive: true,
      due_date: '2026-12-01',
      working_days_waited: 2,
      recommended_rank: expect.any(Number),
    });
    const contacts = await db()
      .selectFrom('contact')
      .select(['contact_type_code', 'sensitive', 'notes'])
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute();
    expect(contacts.map((c) => c.contact_type_code)).toEqual(['ARCC', 'ETOM', 'AAOD']);
    expect(contacts[2]).toMatchObject({ sensitive: true, notes: 'Allocated at the Monday meeting' });

    const [note] = await listNotifications(db(), org.staff.po);
    expect(note).toMatchObject({
      crn: 'Q500001',
      kind: 'CASE_ALLOCATED',
      title: 'Q500001 has been allocated to you',
      body: 'No initial appointment is booked yet.',
      action: 'Book the initial appointment',
      readAt: null,
    });
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'entity'])
      .where('person_id', '=', personId)
      .execute();
    expect(audit).toContainEqual({ action: 'ALLOCATION', entity: 'allocation' });

    expect(await unreadNotificationCount(db(), org.staff.po)).toBeGreaterThan(0);
    await markNotificationRead(
      db(),
      { userId: org.users.practitioner, name: 'practitioner' },
      org.staff.po,
      note!,
    );
    expect((await listNotifications(db(), org.staff.po))[0]!.readAt).toEqual(expect.any(Date));
    await expect(
      markNotificationRead(db(), { userId: org.users.pso, name: 'pso' }, org.staff.pso, note!),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('rolls everything back when a step fails', async () => {
    const personId = await queuePerson(db(), { crn: 'Q600001', since: '2026-11-26T09:00:00Z', tier: 'C1' });
    const before = await workload(org.staff.otherTeamPo);
    // The notification insert fails after the responsibility, allocation and contacts were written.
    await sql`alter table notification add constraint test_no_notifications check (false) not valid`.execute(
      db(),
    );
    try {
      await expect(
        allocate({ crn: 'Q600001', staffId: org.staff.otherTeamPo, teamCode: 'N07T02' }),
      ).rejects.toThrow();
    } finally {
      await sql`alter table notification drop constraint test_no_notifications`.execute(db());
    }
    expect((await current(personId)).staff_id).toBeNull();
    expect(
      await db().selectFrom('allocation').select('id').where('person_id', '=', personId).execute(),
    ).toEqual([]);
    expect(await db().selectFrom('contact').select('id').where('person_id', '=', personId).execute()).toEqual(
      [],
    );
    expect(await workload(org.staff.otherTeamPo)).toEqual(before);
  });

  it('asks for an SPO override with a reason when a PSO is given a high RoSH case, and records it', async () => {
    const personId = await queuePerson(db(), {
      crn: 'Q700001',
      since: '2026-11-27T09:00:00Z',
      registrations: [{ code: 'RHRH' }],
    });
    expect(await problemsOf(allocate({ crn: 'Q700001', staffId: org.staff.pso }))).toEqual([
      { field: 'overrideReason', problem: 'Enter the reason for overriding the guardrail' },
    ]);
    expect((await current(personId)).staff_id).toBeNull();
    await allocate({
      crn: 'Q700001',
      staffId: org.staff.pso,
      overrideReason: 'Co-working with a PO for the first month',
    });
    const overrides = await db()
      .selectFrom('allocation_override')
      .selectAll()
      .where('person_id', '=', personId)
      .execute();
    expect(overrides).toMatchObject([
      {
        rule: 'PO_GRADE',
        outcome: 'OVERRIDE',
        reason: 'Co-working with a PO for the first month',
        approved_by_user_id: org.users.spo,
        message: 'A case with high RoSH needs a PO; this practitioner is a PSO.',
      },
    ]);
  });

  it('stops an NQO or PQiP taking a MAPPA level 2 or very high RoSH case without an override', async () => {
    await queuePerson(db(), {
      crn: 'Q710001',
      since: '2026-11-27T09:00:00Z',
      registrations: [{ code: 'MAPP', level: 'M2', category: 'M2' }],
    });
    const nqo = await problemsOf(allocate({ crn: 'Q710001', staffId: org.staff.nqo }));
    expect(nqo).toEqual([
      { field: 'overrideReason', problem: 'Enter the reason for overriding the guardrail' },
    ]);
    await queuePerson(db(), {
      crn: 'Q710002',
      since: '2026-11-27T09:00:00Z',
      registrations: [{ code: 'RVHR' }],
    });
    const c = (await allocationCase(
      db(),
      org.users.spo,
      (await db().selectFrom('person').select('id').where('crn', '=', 'Q710002').executeTakeFirstOrThrow())
        .id,
      config,
      NOW,
    ))!;
    const options = await practitionerOptions(db(), c, ['N07T01'], DEFAULT_ALLOCATION_CONFIG, NOW);
    expect(
      options.find((o) => o.candidate.staffId === org.staff.pqip)!.guardrails.map((g) => g.rule),
    ).toEqual(['PO_GRADE', 'NEW_OFFICER']);
    expect(options.find((o) => o.candidate.staffId === org.staff.nqo)!.guardrails.map((g) => g.rule)).toEqual(
      ['NEW_OFFICER'],
    );
    // A PDU head may override as well; a reason is still needed.
    await allocate(
      { crn: 'Q710002', staffId: org.staff.nqo, overrideReason: 'Only officer trained in this risk area' },
      { userId: org.users.pduHead, name: 'pduhead', roles: ['PDU_HEAD'] },
    );
  });

  it('blocks outright when the region configures a guardrail to block', async () => {
    await queuePerson(db(), {
      crn: 'Q720001',
      team: 'N54T01',
      since: '2026-11-27T09:00:00Z',
      registrations: [{ code: 'RHRH' }],
    });
    const blocking = structuredClone(DEFAULT_ALLOCATION_CONFIG);
    blocking.guardrails.poGrade.outcome = 'BLOCK';
    await saveAllocationConfig(db(), { userId: org.users.pduHead, name: 'pduhead' }, 'N54', blocking);
    expect((await loadAllocationConfig(db(), 'N54')).guardrails.poGrade.outcome).toBe('BLOCK');
    expect((await loadAllocationConfig(db(), 'N07')).guardrails.poGrade.outcome).toBe('OVERRIDE');
    await db()
      .insertInto('staff_team')
      .values({
        staff_id: org.staff.pso,
        team_code: 'N54T01',
        contracted_hours: 10,
        start_date: '2015-01-01',
      })
      .execute();
    const problems = await problemsOf(
      allocate({ crn: 'Q720001', staffId: org.staff.pso, teamCode: 'N54T01', overrideReason: 'Please' }),
    );
    expect(problems).toEqual([
      {
        field: 'staff',
        problem:
          'A case with high RoSH needs a PO; this practitioner is a PSO. This allocation is not allowed.',
      },
    ]);
    await expect(
      saveAllocationConfig(db(), { userId: null, name: 'x' }, null, {
        ...blocking,
        timeliness: { targetWorkingDays: 0, custodyWorkingDaysBeforeRelease: 10 },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('demands a written justification to take a practitioner over 110%', async () => {
    const personId = await queuePerson(db(), { crn: 'Q730001', since: '2026-11-27T09:00:00Z', tier: 'A3' });
    expect(await problemsOf(allocate({ crn: 'Q730001', staffId: org.staff.fullPo }))).toEqual([
      {
        field: 'justification',
        problem: 'Enter why this practitioner should take the case when over capacity',
      },
    ]);
    await allocate({
      crn: 'Q730001',
      staffId: org.staff.fullPo,
      justification: 'Holds the co-defendant; reduction ends next week',
    });
    const [override] = await db()
      .selectFrom('allocation_override')
      .selectAll()
      .where('person_id', '=', personId)
      .execute();
    expect(override).toMatchObject({
      rule: 'OVER_CAPACITY',
      outcome: 'JUSTIFICATION',
      reason: 'Holds the co-defendant; reduction ends next week',
    });
    const allocation = await db()
      .selectFrom('allocation')
      .select(['workload_pct_before', 'workload_pct_after'])
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(Number(allocation.workload_pct_after)).toBeGreaterThan(110);
  });

  it('never lets an excluded practitioner be chosen, and marks them on the page', async () => {
    const personId = await queuePerson(db(), { crn: 'Q800001', since: '2026-11-27T09:00:00Z', tier: 'D1' });
    await db()
      .insertInto('access_exclusion')
      .values({ person_id: personId, user_id: org.users.pso, start_date: '2026-01-01' })
      .execute();
    const c = (await allocationCase(db(), org.users.spo, personId, config, NOW))!;
    const options = await practitionerOptions(db(), c, ['N07T01'], DEFAULT_ALLOCATION_CONFIG, NOW);
    const pso = options.find((o) => o.candidate.staffId === org.staff.pso)!;
    expect(pso).toMatchObject({ choosable: false, rank: null, candidate: { blocked: true } });
    expect(options.at(-1)!.candidate.staffId).toBe(org.staff.pso);
    expect(await problemsOf(allocate({ crn: 'Q800001', staffId: org.staff.pso }))).toEqual([
      { field: 'staff', problem: 'PSO1 Officer is excluded from this case and cannot be allocated it' },
    ]);
    // A restriction list that does not name a practitioner blocks them too, including staff with no sign-in.
    await db()
      .insertInto('access_restriction')
      .values({ person_id: personId, user_id: org.users.spo, start_date: '2026-01-01' })
      .execute();
    const restricted = await practitionerOptions(db(), c, ['N07T01'], DEFAULT_ALLOCATION_CONFIG, NOW);
    expect(restricted.every((o) => !o.choosable)).toBe(true);
  });

  it('checks roles, the team, the practitioner and the notes', async () => {
    await queuePerson(db(), { crn: 'Q900001', since: '2026-11-27T09:00:00Z', tier: 'D1' });
    for (const roles of [['PRACTITIONER'], ['INSPECTOR'], ['ADMIN']]) {
      await expect(
        allocate({ crn: 'Q900001' }, { userId: org.users.practitioner, name: 'p', roles }),
      ).rejects.toBeInstanceOf(NotPermittedError);
    }
    expect(await problemsOf(allocate({ crn: 'Q900001', teamCode: 'N54T01', notes: ' ' }))).toEqual([
      { field: 'notes', problem: 'Enter allocation notes' },
      { field: 'team', problem: 'The team is in another region: that is a transfer, not an allocation' },
    ]);
    expect(await problemsOf(allocate({ crn: 'Q900001', staffId: org.staff.spo }))).toEqual([
      { field: 'staff', problem: 'Choose an active PO, PQiP or PSO of the team' },
    ]);
    expect(await problemsOf(allocate({ crn: 'Q900001', staffId: org.staff.otherTeamPo }))).toEqual([
      { field: 'staff', problem: 'Choose an active PO, PQiP or PSO of the team' },
    ]);
    expect(await problemsOf(allocate({ crn: 'Z999999' }))).toEqual([
      { field: 'crn', problem: 'No case has this CRN' },
    ]);
  });

  it('reallocates with a reason from the list, tells both practitioners and moves the workload', async () => {
    // Community C2 earns 63 points.
    const personId = await queuePerson(db(), { crn: 'Q910001', since: '2026-11-20T09:00:00Z', tier: 'C2' });
    await allocate({ crn: 'Q910001' });
    const later = new Date('2026-12-01T10:00:00Z');
    const fromBefore = await workload(org.staff.po);
    const toBefore = await workload(org.staff.nqo);
    expect(
      await problemsOf(allocate({ crn: 'Q910001', staffId: org.staff.nqo, reason: 'Bored' }, spo, later)),
    ).toEqual([
      {
        field: 'reason',
        problem: expect.stringMatching(
          /^Choose a reason for reallocating: Allocate to responsible officer, /,
        ),
      },
    ]);
    const same = await allocate({ crn: 'Q910001', reason: 'Caseload adjustment' }, spo, later);
    expect(same.outcome).toBe('UNCHANGED');
    const moved = await allocate(
      { crn: 'Q910001', staffId: org.staff.nqo, reason: 'Caseload adjustment', notifyPrevious: true },
      spo,
      later,
    );
    expect(moved.outcome).toBe('REALLOCATED');
    expect((await current(personId)).staff_id).toBe(org.staff.nqo);
    expect((await workload(org.staff.po)).total_points).toBe(fromBefore.total_points - 63);
    expect((await workload(org.staff.nqo)).total_points).toBe(toBefore.total_points + 63);
    const allocation = await db()
      .selectFrom('allocation')
      .selectAll()
      .where('person_id', '=', personId)
      .where('kind', '=', 'REALLOCATION')
      .executeTakeFirstOrThrow();
    expect(allocation).toMatchObject({
      reason: 'Caseload adjustment',
      previous_staff_id: org.staff.po,
      unallocated_since: null,
      due_date: null,
    });
    const lost = (await listNotifications(db(), org.staff.po)).find(
      (n) => n.crn === 'Q910001' && n.kind === 'CASE_REALLOCATED_AWAY',
    );
    expect(lost?.body).toBe(
      'Q910001 is now managed by NQO1 Officer (Camden North). Reason: Caseload adjustment.',
    );
  });

  it('ranks with reasons, counting recent allocations and continuity', async () => {
    const personId = await queuePerson(db(), {
      crn: 'Q920001',
      since: '2026-11-27T09:00:00Z',
      tier: 'D1',
      previousStaffId: org.staff.pqip,
    });
    const c = (await allocationCase(db(), org.users.spo, personId, config, NOW))!;
    expect(c.previousPractitioner).toBe('PQIP1 Officer');
    const options = await practitionerOptions(db(), c, ['N07T01', 'N07T02'], DEFAULT_ALLOCATION_CONFIG, NOW);
    expect(options.map((o) => o.candidate.grade)).not.toContain('SPO');
    const pqip = options.find((o) => o.candidate.staffId === org.staff.pqip)!;
    expect(pqip.reasons).toContainEqual({ text: 'Managed this person before', points: 20 });
    const po = options.find((o) => o.candidate.staffId === org.staff.po)!;
    expect(po.candidate.recentAllocations).toBeGreaterThanOrEqual(2);
    expect(po.reasons).toContainEqual({
      text: `${po.candidate.recentAllocations} cases allocated in the last 7 days`,
      points: -5 * po.candidate.recentAllocations,
    });
    const mix = (await tierMixes(db(), [org.staff.po])).get(org.staff.po)!;
    expect(mix).toEqual({ A: 0, B: 1, C: 0, D: 0, UNTIERED: 0 }); // Q500001 (B2); Q910001 moved on to the NQO
    expect(options.filter((o) => o.choosable).map((o) => o.rank)).toEqual(
      options.filter((o) => o.choosable).map((_, i) => i + 1),
    );
  });

  it('reports unallocated cases by unit, monthly timeliness and overrides on the dashboard', async () => {
    const dashboard = await allocationDashboard(db(), org.users.pduHead, 'pdu', 'N07P01', NOW);
    const rows = await db()
      .selectFrom('allocation')
      .select(['working_days_waited'])
      .where('kind', '=', 'ALLOCATION')
      .where('team_code', 'in', ['N07T01', 'N07T02'])
      .execute();
    expect(dashboard.timeliness).toEqual([
      {
        month: '2026-11',
        allocated: rows.length,
        withinTarget: rows.filter((r) => r.working_days_waited! <= 3).length,
        pctWithinTarget: Math.round(
          (rows.filter((r) => r.working_days_waited! <= 3).length / rows.length) * 100,
        ),
      },
    ]);
    expect(dashboard.timeliness[0]!.withinTarget).toBeLessThan(rows.length); // Q910001 waited 6 working days
    const queue = await listQueue(db(), org.users.pduHead, { level: 'pdu', code: 'N07P01' }, NOW);
    expect(dashboard.total).toMatchObject({ unallocated: queue.total, overdue: queue.overdue });
    expect(dashboard.units.map((u) => u.code).sort()).toEqual(
      [...new Set(queue.items.map((i) => i.teamCode))].sort(),
    );
    expect(dashboard.overridesByRule.map((r) => r.rule).sort()).toEqual([
      'NEW_OFFICER',
      'OVER_CAPACITY',
      'PO_GRADE',
    ]);
    expect(dashboard.overrides.find((o) => o.rule === 'OVER_CAPACITY')).toMatchObject({
      crn: 'Q730001',
      restricted: false,
      reason: 'Holds the co-defendant; reduction ends next week',
      approvedBy: 'spo',
    });
  });
});
