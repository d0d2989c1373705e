import type { Kysely } from 'kysely';
import type { DB, Grade, Role } from '../../src/db/schema.js';
import { loadReferenceData } from '../../src/db/reference-data.js';
import type { Database } from '../../src/db/connection.js';
import { recalculateAllWorkload } from '../../src/db/workload/recalculate.js';

// A small organisation for the allocation suites: two teams of one PDU in London and a team in another
// region, practitioners of every grade, the users who allocate and read, and a way to put a sentenced
// person in a team's queue the way the case record does (a COM responsibility with no staff member).

export const TODAY = '2026-11-30';

export interface Org {
  staff: Record<'po' | 'nqo' | 'pqip' | 'pso' | 'spo' | 'otherTeamPo' | 'fullPo', number>;
  users: Record<'spo' | 'pduHead' | 'practitioner' | 'inspector' | 'pso', number>;
}

async function addStaff(
  db: Kysely<DB>,
  code: string,
  grade: Grade,
  qualified: string | null,
  teams: [string, number][],
) {
  const { id } = await db
    .insertInto('staff')
    .values({
      staff_code: code,
      forename: code,
      surname: 'Officer',
      grade,
      qualification_date: qualified,
      start_date: '2015-01-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [team, hours] of teams) {
    await db
      .insertInto('staff_team')
      .values({ staff_id: id, team_code: team, contracted_hours: hours, start_date: '2015-01-01' })
      .execute();
  }
  return id;
}

async function addUser(db: Kysely<DB>, username: string, roles: Role[], staffId: number | null) {
  const { id } = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      password_hash: 'x',
      roles,
      staff_id: staffId,
      home_pdu_code: 'N07P01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function buildOrg(database: Database): Promise<Org> {
  await loadReferenceData(database);
  const db = database.db;
  await db
    .insertInto('region')
    .values([
      { code: 'N07', name: 'London' },
      { code: 'N54', name: 'North East' },
    ])
    .execute();
  await db
    .insertInto('pdu')
    .values([
      { code: 'N07P01', region_code: 'N07', name: 'Camden and Islington' },
      { code: 'N54P01', region_code: 'N54', name: 'Durham' },
    ])
    .execute();
  await db
    .insertInto('team')
    .values([
      { code: 'N07T01', pdu_code: 'N07P01', name: 'Camden North' },
      { code: 'N07T02', pdu_code: 'N07P01', name: 'Islington South' },
      { code: 'N54T01', pdu_code: 'N54P01', name: 'Durham East' },
    ])
    .execute();
  const staff = {
    po: await addStaff(db, 'PO1', 'PO', '2018-07-01', [['N07T01', 37]]),
    nqo: await addStaff(db, 'NQO1', 'PO', '2026-06-01', [['N07T01', 37]]),
    pqip: await addStaff(db, 'PQIP1', 'PQIP', null, [['N07T01', 37]]),
    pso: await addStaff(db, 'PSO1', 'PSO', null, [['N07T01', 37]]),
    spo: await addStaff(db, 'SPO1', 'SPO', '2010-01-01', [['N07T01', 37]]),
    otherTeamPo: await addStaff(db, 'PO2', 'PO', '2015-07-01', [['N07T02', 37]]),
    // One contracted hour: any case takes this PO over capacity.
    fullPo: await addStaff(db, 'PO3', 'PO', '2012-07-01', [['N07T01', 1]]),
  };
  const users = {
    spo: await addUser(db, 'spo', ['SPO'], staff.spo),
    pduHead: await addUser(db, 'pduhead', ['PDU_HEAD'], null),
    practitioner: await addUser(db, 'practitioner', ['PRACTITIONER'], staff.po),
    inspector: await addUser(db, 'inspector', ['INSPECTOR'], null),
    pso: await addUser(db, 'pso', ['PRACTITIONER'], staff.pso),
  };
  await recalculateAllWorkload(db, TODAY);
  return { staff, users };
}

export interface QueuedPerson {
  crn: string;
  team?: string;
  /** When the case entered the queue. */
  since: string;
  community?: boolean;
  releaseDate?: string;
  tier?: string;
  v3Tier?: string;
  registrations?: { code: string; level?: string; category?: string }[];
  /** Earlier practitioner, whose record ended before the case was queued. */
  previousStaffId?: number;
}

/** Records a sentenced person waiting in a team's queue, as the case record does; returns the person id. */
export async function queuePerson(db: Kysely<DB>, p: QueuedPerson): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('person')
      .values({ crn: p.crn, forename: 'Test', surname: p.crn, date_of_birth: '1990-01-01', sex: 'MALE' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await trx
      .insertInto('event')
      .values({ person_id: id, event_number: 1, referral_date: '2026-11-01', conviction_date: '2026-11-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const community = p.community ?? p.releaseDate === undefined;
    await trx
      .insertInto('sentence')
      .values({
        person_id: id,
        event_id: event.id,
        disposal_type_code: community ? 'ORA_CO' : 'SDS',
        sentence_date: '2026-11-01',
        length: 12,
        length_unit: 'MONTHS',
        expected_end_date: '2027-11-01',
        custodial_status: community ? null : 'IN_CUSTODY',
        expected_release_date: p.releaseDate ?? null,
      })
      .execute();
    for (const r of p.registrations ?? []) {
      await trx
        .insertInto('registration')
        .values({
          person_id: id,
          register_type_code: r.code,
          level: r.level ?? null,
          category: r.category ?? null,
          registration_date: '2026-10-01',
        })
        .execute();
    }
    const tiers: ['PROTECT_CHANGE' | 'SINGLE_AXIS', string | undefined][] = [
      ['PROTECT_CHANGE', p.tier],
      ['SINGLE_AXIS', p.v3Tier],
    ];
    for (const [model, tier] of tiers) {
      if (tier === undefined) continue;
      await trx
        .insertInto('tier_calculation')
        .values({
          person_id: id,
          model,
          model_version: 'test',
          tier,
          rules: '[]',
          inputs: '{}',
          reason: 'test',
        })
        .execute();
    }
    const team = p.team ?? 'N07T01';
    if (p.previousStaffId !== undefined) {
      await trx
        .insertInto('responsibility')
        .values({
          person_id: id,
          role: 'COM',
          responsible_officer: true,
          team_code: team,
          staff_id: p.previousStaffId,
          start_at: '2024-01-01T09:00:00Z',
          end_at: '2025-01-01T09:00:00Z',
          allocation_reason: 'Initial allocation',
        })
        .execute();
    }
    await trx
      .insertInto('responsibility')
      .values({
        person_id: id,
        role: 'COM',
        responsible_officer: true,
        team_code: team,
        staff_id: null,
        start_at: p.since,
        allocation_reason: 'Awaiting allocation',
      })
      .execute();
    return id;
  });
}
