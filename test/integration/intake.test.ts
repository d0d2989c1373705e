import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { TODAY, buildOrg, type Org } from './allocation-fixture.js';
import { allocateCase, listQueue, NotPermittedError, type Allocator } from '../../src/db/allocation.js';
import { recordCourtOutcome, type IntakeActor, type IntakeInput } from '../../src/db/intake.js';
import { ValidationError } from '../../src/domain/validation.js';

// Intake: a court outcome puts a person who is not under supervision into the team's queue in the same
// transaction, ageing in working days from that moment; a managed person keeps their practitioner; bad input
// names its field and leaves nothing behind.

// Thursday 24 December 2026. Friday 25 is Christmas Day and Monday 28 the substitute for Boxing Day (a
// Saturday), so the next working day is Tuesday 29; Friday 1 January 2027 is New Year's Day.
const CHRISTMAS_EVE = new Date('2026-12-24T10:30:00Z');
const at = (iso: string) => new Date(iso);

const newPerson = (surname: string, sentenceDate = '2026-12-24'): IntakeInput => ({
  person: { forename: 'Jordan', surname, dateOfBirth: '1994-03-12', sex: 'MALE' },
  teamCode: 'N07T01',
  courtCode: 'HIGHMC',
  sentenceDate,
  offences: [{ offenceCode: '10501', offenceDate: '2026-10-02' }, { offenceCode: '04600' }],
  disposalTypeCode: 'ORA_CO',
  length: 12,
  lengthUnit: 'MONTHS',
  requirements: [
    { requirementTypeCode: 'F', length: 20 },
    { requirementTypeCode: 'W', length: 100 },
  ],
});

describeEachDatabase('intake', (fresh) => {
  let t: TestDatabase;
  let org: Org;
  let spo: IntakeActor & Allocator;

  beforeAll(async () => {
    t = await fresh();
    org = await buildOrg(t.database);
    spo = { userId: org.users.spo, name: 'spo', roles: ['SPO'] };
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const db = () => t.database.db;
  const queueOn = (now: Date) => listQueue(db(), org.users.spo, { level: 'team', code: 'N07T01' }, now);
  const problemsOf = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  };
  const counts = async () => {
    const count = async (table: 'person' | 'event' | 'sentence' | 'responsibility' | 'audit_event') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      person: await count('person'),
      event: await count('event'),
      sentence: await count('sentence'),
      responsibility: await count('responsibility'),
      audit: await count('audit_event'),
    };
  };

  it('puts a newly sentenced person in the queue at once and ages them across Christmas', async () => {
    const result = await recordCourtOutcome(db(), spo, newPerson('Queued'), CHRISTMAS_EVE);
    expect(result).toMatchObject({ outcome: 'QUEUED', newPerson: true, teamCode: 'N07T01', staffId: null });
    expect(result.crn).toMatch(/^[A-Z][0-9]{6}$/);
    expect(result.unallocatedSince).toEqual(CHRISTMAS_EVE);

    const onTheDay = await queueOn(CHRISTMAS_EVE);
    const item = onTheDay.items.find((i) => i.crn === result.crn)!;
    expect(item).toBeDefined();
    expect(item.unallocatedSince).toEqual(CHRISTMAS_EVE);
    expect(item.ageing).toMatchObject({ workingDaysWaiting: 0, targetDate: '2026-12-31', overdue: false });
    expect(item.restricted).toBe(false);
    if (!item.restricted) {
      expect(item.managementStatus).toBe('NEW_TO_PROBATION');
      expect(item.caseType).toBe('COMMUNITY');
      expect(item.sentenceDate).toBe('2026-12-24');
    }

    const age = async (iso: string) =>
      (await queueOn(at(iso))).items.find((i) => i.crn === result.crn)!.ageing;
    // Christmas Day, the weekend and the substitute bank holiday are not working days.
    expect(await age('2026-12-28T16:00:00Z')).toMatchObject({ workingDaysWaiting: 0, overdue: false });
    expect(await age('2026-12-29T09:00:00Z')).toMatchObject({ workingDaysWaiting: 1, overdue: false });
    expect(await age('2026-12-31T17:00:00Z')).toMatchObject({ workingDaysWaiting: 3, overdue: false });
    // Due by Thursday 31 December: overdue from the next day, though New Year's Day adds no working day.
    expect(await age('2027-01-01T12:00:00Z')).toMatchObject({ workingDaysWaiting: 3, overdue: true });
    expect(await age('2027-01-04T09:00:00Z')).toMatchObject({ workingDaysWaiting: 4, overdue: true });
  });

  it('records the event, offences, court, sentence and requirements, recalculates the tier and audits', async () => {
    const result = await recordCourtOutcome(db(), spo, newPerson('Recorded'), CHRISTMAS_EVE);
    const person = await db()
      .selectFrom('person')
      .selectAll()
      .where('id', '=', result.personId)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ crn: result.crn, surname: 'Recorded', case_status: 'ACTIVE' });
    const offences = await db()
      .selectFrom('offence')
      .select(['offence_code', 'main', 'offence_date'])
      .where('person_id', '=', result.personId)
      .orderBy('id')
      .execute();
    expect(offences).toEqual([
      { offence_code: '10501', main: true, offence_date: '2026-10-02' },
      { offence_code: '04600', main: false, offence_date: null },
    ]);
    const court = await db()
      .selectFrom('court_appearance')
      .select(['court_code', 'appearance_date'])
      .where('person_id', '=', result.personId)
      .executeTakeFirstOrThrow();
    expect(court).toEqual({ court_code: 'HIGHMC', appearance_date: '2026-12-24' });
    const sentence = await db()
      .selectFrom('sentence')
      .select(['id', 'length', 'length_unit', 'expected_end_date', 'custodial_status'])
      .where('person_id', '=', result.personId)
      .executeTakeFirstOrThrow();
    expect(sentence).toEqual({
      id: result.sentenceId,
      length: 12,
      length_unit: 'MONTHS',
      expected_end_date: '2027-12-24',
      custodial_status: null,
    });
    const requirements = await db()
      .selectFrom('requirement')
      .select(['requirement_type_code', 'length'])
      .where('person_id', '=', result.personId)
      .orderBy('id')
      .execute();
    expect(requirements).toEqual([
      { requirement_type_code: 'F', length: 20 },
      { requirement_type_code: 'W', length: 100 },
    ]);
    const tiers = await db()
      .selectFrom('tier_calculation')
      .select('model')
      .where('person_id', '=', result.personId)
      .where('superseded_at', 'is', null)
      .execute();
    expect(tiers.map((x) => x.model).sort()).toEqual(['PROTECT_CHANGE', 'SINGLE_AXIS']);
    const audit = await db()
      .selectFrom('audit_event')
      .select(['entity', 'action'])
      .where('person_id', '=', result.personId)
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity: 'person', action: 'CREATE' },
        { entity: 'sentence', action: 'CREATE' },
        { entity: 'risk_recalculation', action: 'RECALCULATE' },
        { entity: 'responsibility', action: 'QUEUE' },
        { entity: 'event', action: 'COURT_OUTCOME' },
      ]),
    );
  });

  it('keeps an allocated person with their practitioner and adds the event', async () => {
    const first = await recordCourtOutcome(db(), spo, newPerson('Managed', TODAY), at(`${TODAY}T09:00:00Z`));
    await allocateCase(
      db(),
      spo,
      { crn: first.crn, staffId: org.staff.po, teamCode: 'N07T01', notes: 'Allocated at the meeting' },
      at(`${TODAY}T10:00:00Z`),
    );
    const second = await recordCourtOutcome(
      db(),
      spo,
      { ...newPerson('ignored'), person: { crn: first.crn.toLowerCase() }, teamCode: 'N07T02' },
      CHRISTMAS_EVE,
    );
    expect(second).toMatchObject({
      outcome: 'CONTINUITY',
      newPerson: false,
      personId: first.personId,
      eventNumber: 2,
      teamCode: 'N07T01',
      staffId: org.staff.po,
      unallocatedSince: null,
    });
    const com = await db()
      .selectFrom('responsibility')
      .select(['staff_id', 'team_code'])
      .where('person_id', '=', first.personId)
      .where('end_at', 'is', null)
      .execute();
    expect(com).toEqual([{ staff_id: org.staff.po, team_code: 'N07T01' }]);
    expect((await queueOn(CHRISTMAS_EVE)).items.some((i) => i.crn === first.crn)).toBe(false);
  });

  it('queues a previously managed person again, from the new sentence, showing who managed them', async () => {
    const first = await recordCourtOutcome(
      db(),
      spo,
      newPerson('Returning', TODAY),
      at(`${TODAY}T09:00:00Z`),
    );
    await allocateCase(
      db(),
      spo,
      { crn: first.crn, staffId: org.staff.po, teamCode: 'N07T01', notes: 'Allocated at the meeting' },
      at(`${TODAY}T10:00:00Z`),
    );
    // The order ends and the case closes (one transaction: the owner check is deferred to the commit).
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('sentence')
          .set({ termination_date: '2026-12-01', termination_reason: 'Completed' })
          .where('person_id', '=', first.personId)
          .execute();
        await trx
          .updateTable('responsibility')
          .set({ end_at: at('2026-12-01T12:00:00Z') })
          .where('person_id', '=', first.personId)
          .where('end_at', 'is', null)
          .execute();
        await trx
          .updateTable('person')
          .set({ case_status: 'TERMINATED' })
          .where('id', '=', first.personId)
          .execute();
      });

    const again = await recordCourtOutcome(
      db(),
      spo,
      { ...newPerson('ignored'), person: { crn: first.crn }, teamCode: 'N07T02' },
      CHRISTMAS_EVE,
    );
    expect(again).toMatchObject({ outcome: 'QUEUED', teamCode: 'N07T02', staffId: null });
    const queue = await listQueue(db(), org.users.spo, { level: 'team', code: 'N07T02' }, CHRISTMAS_EVE);
    const item = queue.items.find((i) => i.crn === first.crn)!;
    expect(item.unallocatedSince).toEqual(CHRISTMAS_EVE);
    expect(item.restricted).toBe(false);
    if (!item.restricted) {
      expect(item.managementStatus).toBe('PREVIOUSLY_MANAGED');
      expect(item.previousPractitioner).toBe('PO1 Officer');
    }
    const person = await db()
      .selectFrom('person')
      .select('case_status')
      .where('id', '=', first.personId)
      .executeTakeFirstOrThrow();
    expect(person.case_status).toBe('ACTIVE');
  });

  it('puts a custody case due for release soon at the top with the release deadline', async () => {
    const result = await recordCourtOutcome(
      db(),
      spo,
      {
        ...newPerson('Custody'),
        disposalTypeCode: 'SDS',
        length: 6,
        requirements: [],
        expectedReleaseDate: '2027-01-08',
      },
      CHRISTMAS_EVE,
    );
    const item = (await queueOn(CHRISTMAS_EVE)).items.find((i) => i.crn === result.crn)!;
    expect(item.ageing).toMatchObject({ dueReason: 'RELEASE', releaseWithinDeadline: true, overdue: true });
    expect(item.restricted).toBe(false);
    if (!item.restricted) expect(item.releaseDate).toBe('2027-01-08');
  });

  it('names each bad field and stores nothing', async () => {
    const before = await counts();
    const problems = await problemsOf(
      recordCourtOutcome(
        db(),
        spo,
        {
          ...newPerson(''),
          courtCode: 'NOSUCH',
          offences: [{ offenceCode: '99999' }],
          teamCode: 'N99T99',
        },
        CHRISTMAS_EVE,
      ),
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'courtCode',
      'offences.0.offenceCode',
      'surname',
      'teamCode',
    ]);
    const second = await problemsOf(
      recordCourtOutcome(
        db(),
        spo,
        {
          ...newPerson('Fine'),
          courtCode: 'NOSUCH',
          offences: [{ offenceCode: '99999' }],
          teamCode: 'N99T99',
        },
        CHRISTMAS_EVE,
      ),
    );
    expect(second.map((p) => p.field).sort()).toEqual(['courtCode', 'offences.0.offenceCode', 'teamCode']);
    // These are found only once the person and event are written: the transaction leaves nothing behind.
    const late = await problemsOf(
      recordCourtOutcome(
        db(),
        spo,
        {
          ...newPerson('Late'),
          disposalTypeCode: 'NOPE',
          requirements: [{ requirementTypeCode: 'ZZ' }],
        },
        CHRISTMAS_EVE,
      ),
    );
    expect(late.map((p) => p.field).sort()).toEqual([
      'disposalTypeCode',
      'requirements.0.requirementTypeCode',
    ]);
    const unknown = await problemsOf(
      recordCourtOutcome(db(), spo, { ...newPerson('x'), person: { crn: 'Z999998' } }, CHRISTMAS_EVE),
    );
    expect(unknown).toEqual([{ field: 'crn', problem: 'No person has this CRN' }]);
    expect(await counts()).toEqual(before);
  });

  it('lets only managers and administrators record court outcomes', async () => {
    await expect(
      recordCourtOutcome(
        db(),
        { userId: org.users.practitioner, name: 'practitioner', roles: ['PRACTITIONER'] },
        newPerson('Refused'),
        CHRISTMAS_EVE,
      ),
    ).rejects.toBeInstanceOf(NotPermittedError);
  });
});
