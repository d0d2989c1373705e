import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedFor } from '../db/access.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { loadReferenceData, type ReferenceDataResult } from '../db/reference-data.js';
import { recalculatePeople } from '../db/risk-record.js';
import { offRadar } from '../db/watchdog.js';
import type { RecalculationPlan } from '../domain/risk/recalculation.js';
import { excessiveWorkloads } from '../db/workload/figures.js';
import { plusDays } from '../domain/workload/exact.js';
import { DEFAULT_STANDARD_WEIGHTS } from '../domain/workload/weights.js';
import { reconcileWorkload } from '../db/workload/recalculate.js';
import { verifyPassword } from '../web/auth/password.js';
import { DEMO_SIGN_INS, SeedRefusedError, seedDatabase, type SeedResult } from './index.js';
import { SNAPSHOT_WEEKS } from './workload.js';

const TODAY = '2026-03-02';
let dir: string;
let database: Database;
let firstLoad: ReferenceDataResult;
let secondLoad: ReferenceDataResult;
let result: SeedResult;
let seededFingerprint: string;
let seededWorkloadFingerprint: string;

async function fingerprint(): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    select concat_ws('|', p.crn, p.forename, p.surname, p.date_of_birth, p.sex,
      (select string_agg(concat_ws(':', r.register_type_code, r.registration_date, r.level), ',' order by r.id) from registration r where r.person_id = p.id),
      (select string_agg(concat_ws(':', s.disposal_type_code, s.sentence_date, s.custodial_status), ',' order by s.id) from sentence s where s.person_id = p.id),
      (select count(*) from contact c where c.person_id = p.id),
      (select string_agg(concat_ws(':', x.staff_id, x.team_code, x.role), ',' order by x.id) from responsibility x where x.person_id = p.id and x.end_at is null)
    ) as line from person p order by p.id`.execute(database.db);
  return crypto
    .createHash('sha256')
    .update(rows.map((r) => r.line).join('\n'))
    .digest('hex');
}

async function workloadFingerprint(): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    select concat_ws('|', 'R', staff_id, team_code, reason_id, hours, start_date, end_date, status) as line
      from workload_reduction
    union all
    select concat_ws('|', 'C', person_id, event_id, report_type, author_staff_id, requested_date, completed_date)
      from court_report
    union all
    select concat_ws('|', 'S', week_ending, staff_id, team_code, available_points, total_points)
      from staff_workload_snapshot
    order by 1`.execute(database.db);
  return crypto
    .createHash('sha256')
    .update(rows.map((r) => r.line).join('\n'))
    .digest('hex');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-seed-test-'));
  database = await openDatabase({ dataDir: dir });
  await migrate(database.db);
  firstLoad = await loadReferenceData(database);
  secondLoad = await loadReferenceData(database);
  result = await seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY });
  seededFingerprint = await fingerprint();
  seededWorkloadFingerprint = await workloadFingerprint();
});

afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reference data', () => {
  it('loads every offence code from the shared file and writes nothing the second time', async () => {
    expect(firstLoad.rows.offence_code).toBe(3039);
    expect(Object.values(secondLoad.rows).every((n) => n === 0)).toBe(true);
    const counts = await sql<{ n: number }>`select count(*)::int as n from offence_code`.execute(database.db);
    expect(counts.rows[0]!.n).toBe(3039);
  });

  it('marks the safeguarding groups and review periods of register types', async () => {
    const rows = await database.db
      .selectFrom('register_type')
      .select(['code', 'safeguarding_group', 'review_period_months'])
      .execute();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    for (const code of ['ADVP', 'ADVV', 'REG30'])
      expect(byCode.get(code)?.safeguarding_group).toBe('DOMESTIC_ABUSE');
    for (const code of ['RCPR', 'RCCO', 'RCHD', 'CSEP'])
      expect(byCode.get(code)?.safeguarding_group).toBe('CHILD_SAFEGUARDING');
    expect(byCode.get('MAPP')?.review_period_months).toBe(3);
    expect(byCode.get('INLL')?.review_period_months).toBe(12);
  });

  it('holds every CMS code the weights define as a CMS contact type, and no other', async () => {
    const { rows } = await sql<{ code: string; description: string }>`
      select code, description from contact_type where workload_cms order by code`.execute(database.db);
    expect(rows.map((r) => r.code)).toEqual(Object.keys(DEFAULT_STANDARD_WEIGHTS.cmsContactPoints).sort());
    const described = new Map(rows.map((r) => [r.code, r.description]));
    expect(described.get('CMS18')).toBe('CMS: home and prison visits (high)');
    expect(described.get('CMS19')).toBe('CMS: HDC assessments and support (low)');
    expect(described.get('CMS51')).toBe('CMS: victims services liaison');
    // The flag and the code prefix the contact index's predicate uses cannot disagree.
    await expect(
      sql`update contact_type set workload_cms = true where code = 'C326'`.execute(database.db),
    ).rejects.toThrow(/contact_type_workload_cms_code/);
  });

  it('adds default settings without overwriting a changed one', async () => {
    await database.db
      .updateTable('setting')
      .set({ value: JSON.stringify(40) })
      .where('key', '=', 'assessment.staleAfterWeeks')
      .execute();
    await loadReferenceData(database);
    const row = await database.db
      .selectFrom('setting')
      .select('value')
      .where('key', '=', 'assessment.staleAfterWeeks')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(40);
    const model = await database.db
      .selectFrom('setting')
      .select('value')
      .where('key', '=', 'tier.modelOfRecord')
      .executeTakeFirstOrThrow();
    expect(model.value).toBe('PROTECT_CHANGE');
  });
});

describe('seedDatabase (tiny scale)', () => {
  it('gives every active person exactly one current COM and one current responsible officer', async () => {
    const { rows } = await sql<{ bad: number; active: number }>`
      select count(*) filter (where coms <> 1 or ros <> 1)::int as bad, count(*)::int as active from (
        select p.id,
          (select count(*) from responsibility r where r.person_id = p.id and r.end_at is null and r.role = 'COM') as coms,
          (select count(*) from responsibility r where r.person_id = p.id and r.end_at is null and r.responsible_officer) as ros
        from person p where p.case_status = 'ACTIVE') x`.execute(database.db);
    expect(rows[0]!.active).toBe(result.counts.person_active);
    expect(rows[0]!.active).toBeGreaterThan(result.counts.person! * 0.9);
    expect(rows[0]!.bad).toBe(0);
  });

  it('never bars a case from its own responsible officer', async () => {
    const barred = await sql<{ n: number }>`
      select count(*)::int as n
        from responsibility r
        join app_user u on u.staff_id = r.staff_id
       where r.end_at is null and r.responsible_officer
         and ${blockedFor(sql.ref('r.person_id'), sql.ref('u.id'), TODAY)}`.execute(database.db);
    const limited = await sql<{ n: number }>`
      select (select count(*) from access_exclusion) + (select count(*) from access_restriction) as n`.execute(
      database.db,
    );
    expect(Number(limited.rows[0]!.n)).toBeGreaterThan(0);
    expect(barred.rows[0]!.n).toBe(0);
  });

  it('leaves some cases unallocated in a team queue', async () => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from responsibility where end_at is null and role = 'COM' and staff_id is null`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('creates valid, unique CRNs', async () => {
    const { rows } = await sql<{ total: number; distinct_crns: number; invalid: number }>`
      select count(*)::int as total, count(distinct crn)::int as distinct_crns,
        count(*) filter (where crn !~ '^[A-Z][0-9]{6}$')::int as invalid from person`.execute(database.db);
    expect(rows[0]!.total).toBe(600);
    expect(rows[0]!.distinct_crns).toBe(600);
    expect(rows[0]!.invalid).toBe(0);
  });

  it('follows the modelled distributions of sex, age and RoSH', async () => {
    const { rows } = await sql<{
      male: number;
      median_age: number;
      low: number;
      medium: number;
      high: number;
    }>`
      select avg((sex = 'MALE')::int)::float as male,
        percentile_cont(0.5) within group (order by extract(year from age(${TODAY}::date, date_of_birth)))::float as median_age,
        (select avg((rosh_overall = 'LOW')::int)::float from assessment where status = 'COMPLETE') as low,
        (select avg((rosh_overall = 'MEDIUM')::int)::float from assessment where status = 'COMPLETE') as medium,
        (select avg((rosh_overall in ('HIGH', 'VERY_HIGH'))::int)::float from assessment where status = 'COMPLETE') as high
      from person`.execute(database.db);
    const r = rows[0]!;
    expect(r.male).toBeGreaterThanOrEqual(0.85);
    expect(r.male).toBeLessThanOrEqual(0.95);
    expect(r.median_age).toBeGreaterThanOrEqual(29);
    expect(r.median_age).toBeLessThanOrEqual(37);
    expect(r.low).toBeGreaterThan(0.2);
    expect(r.low).toBeLessThan(0.4);
    expect(r.medium).toBeGreaterThan(0.4);
    expect(r.medium).toBeLessThan(0.6);
    expect(r.high).toBeGreaterThan(0.12);
    expect(r.high).toBeLessThan(0.3);
  });

  it('keeps the highest RoSH group as the overall RoSH', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from assessment where status = 'COMPLETE' and rosh_overall not in
        (rosh_children, rosh_public, rosh_known_adult, rosh_staff, rosh_prisoners)`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('creates the demo sign-ins with the documented password, and one per practitioner and SPO', async () => {
    const users = await database.db
      .selectFrom('app_user')
      .select(['username', 'password_hash', 'roles', 'staff_id'])
      .execute();
    for (const signIn of DEMO_SIGN_INS) {
      const user = users.find((u) => u.username === signIn.username);
      expect(user, signIn.username).toBeDefined();
      expect(user!.roles).toEqual(signIn.roles);
      expect(await verifyPassword(signIn.password, user!.password_hash)).toBe(true);
    }
    const staff = await database.db
      .selectFrom('staff')
      .select(['id', 'grade'])
      .where('grade', 'in', ['PO', 'PSO', 'PQIP', 'SPO'])
      .execute();
    const withUser = new Set(users.map((u) => u.staff_id));
    expect(staff.every((s) => withUser.has(s.id))).toBe(true);
    const caseload = await sql<{ n: number }>`
      select count(*)::int as n from responsibility r join app_user u on u.staff_id = r.staff_id
      where u.username = 'practitioner' and r.end_at is null and r.role = 'COM'`.execute(database.db);
    expect(caseload.rows[0]!.n).toBeGreaterThan(15);
  });

  it('has limited-access cases the demo practitioner cannot see', async () => {
    const excluded = await sql<{ n: number }>`
      select count(*)::int as n from access_exclusion e join app_user u on u.id = e.user_id
      join person p on p.id = e.person_id
      where u.username = 'practitioner' and p.exclusion_message is not null`.execute(database.db);
    expect(excluded.rows[0]!.n).toBeGreaterThan(0);
    const restricted = await sql<{ n: number }>`
      select count(distinct r.person_id)::int as n from access_restriction r join person p on p.id = r.person_id
      where p.restriction_message is not null and not exists (
        select 1 from access_restriction r2 join app_user u on u.id = r2.user_id
        where r2.person_id = r.person_id and u.username = 'practitioner')`.execute(database.db);
    expect(restricted.rows[0]!.n).toBeGreaterThan(0);
  });

  it('gives every person a current protect/change tier calculated by the tiering rules', async () => {
    const { rows } = await sql<{ people: number; tiered: number; codes: number }>`
      select (select count(*) from person)::int as people,
        count(distinct person_id)::int as tiered, count(distinct tier)::int as codes
      from tier_calculation where model = 'PROTECT_CHANGE' and superseded_at is null`.execute(database.db);
    expect(rows[0]!.tiered).toBe(rows[0]!.people);
    expect(rows[0]!.codes).toBeGreaterThan(5);
    expect(result.tiers.refused).toBe(0);
  });

  it('copies the same scores and tiers the live recalculation stores: recalculating on the seed day changes none', async () => {
    const rollback = new Error('rollback');
    let plans: RecalculationPlan[] = [];
    await database.db
      .transaction()
      .execute(async (trx) => {
        plans = await recalculatePeople(
          trx,
          { fromId: 0, toId: Number.MAX_SAFE_INTEGER },
          { trigger: 'ON_DEMAND', reason: 'Seed check', actorUserId: null, today: TODAY },
        );
        throw rollback;
      })
      .catch((err: unknown) => {
        if (err !== rollback) throw err;
      });
    expect(plans.length).toBe(result.counts.person);
    expect(plans.filter((p) => p.changed.length > 0).map((p) => [p.personId, p.changed])).toEqual([]);
    const rows = await sql<{ scores: number; recalculations: number; sequencePast: boolean }>`
      select (select count(*) from predictor_score where superseded_at is null)::int as scores,
        (select count(*) from risk_recalculation)::int as recalculations,
        nextval(pg_get_serial_sequence('risk_recalculation', 'id')) > (select max(id) from risk_recalculation)
          as "sequencePast"`.execute(database.db);
    expect(rows.rows[0]).toEqual({
      scores: result.counts.person! * 13,
      recalculations: result.counts.person,
      sequencePast: true,
    });
  });

  it('writes one audit event for the seed and moves the id sequences past the generated ids', async () => {
    const audit = await database.db
      .selectFrom('audit_event')
      .select(['actor', 'action'])
      .where('actor', '=', 'system:seed')
      .execute();
    expect(audit).toHaveLength(1);
    const person = await database.db.selectFrom('person').select('id').limit(1).executeTakeFirstOrThrow();
    const inserted = await database.db
      .insertInto('contact')
      .values({ person_id: person.id, contact_type_code: 'C326', contact_date: TODAY })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBeGreaterThan(result.counts.contact!);
  });

  it('gives practitioners reductions, some ending within 4 weeks and some for a protected characteristic', async () => {
    const { rows } = await sql<{
      team_code: string;
      counting: number;
      expiring: number;
      protected_characteristic: number;
      scheduled: number;
      archived: number;
      over_max: number;
    }>`
      select t.code as team_code,
        count(w.id) filter (where w.status <> 'DELETED' and ${TODAY}::date between w.start_date and w.end_date)::int as counting,
        count(w.id) filter (where w.status <> 'DELETED' and ${TODAY}::date between w.start_date and w.end_date
                             and w.end_date <= ${TODAY}::date + 28)::int as expiring,
        count(w.id) filter (where w.status <> 'DELETED' and ${TODAY}::date between w.start_date and w.end_date
                             and r.protected_characteristic)::int as protected_characteristic,
        count(w.id) filter (where w.status = 'SCHEDULED')::int as scheduled,
        count(w.id) filter (where w.status = 'ARCHIVED')::int as archived,
        count(w.id) filter (where w.hours > st.contracted_hours * coalesce(r.max_pct, 100) / 100)::int as over_max
      from team t
      join staff_team st on st.team_code = t.code
      join staff s on s.id = st.staff_id and s.grade in ('PO', 'PSO', 'PQIP')
      left join workload_reduction w on w.staff_id = st.staff_id and w.team_code = t.code
      left join workload_reduction_reason r on r.id = w.reason_id
      where t.code not like '%POM'
      group by t.code`.execute(database.db);
    expect(rows.length).toBeGreaterThan(0);
    // Every SPO's expiring list has an entry; the demo team has a protected-characteristic reduction.
    for (const team of rows) expect(team.expiring, team.team_code).toBeGreaterThan(0);
    expect(rows.reduce((n, t) => n + t.protected_characteristic, 0)).toBeGreaterThan(0);
    expect(rows.reduce((n, t) => n + t.counting, 0)).toBeGreaterThan(
      rows.reduce((n, t) => n + t.expiring, 0),
    );
    expect(rows.reduce((n, t) => n + t.archived, 0)).toBeGreaterThan(0);
    expect(rows.reduce((n, t) => n + t.over_max, 0)).toBe(0);
    // The NQO's and the PQiP's reductions follow their reasons' allowances.
    const learning = await sql<{
      name: string;
      hours: string;
      contracted_hours: string;
      allowance_pct: string;
    }>`
      select r.name, w.hours, st.contracted_hours, r.allowance_pct from workload_reduction w
      join workload_reduction_reason r on r.id = w.reason_id
      join staff_team st on st.staff_id = w.staff_id and st.team_code = w.team_code
      where r.category = 'COMMUNITY_JUSTICE_LEARNING'`.execute(database.db);
    expect(learning.rows.some((r) => r.name.startsWith('PQiP'))).toBe(true);
    for (const r of learning.rows)
      expect(Number(r.hours)).toBeCloseTo((Number(r.contracted_hours) * Number(r.allowance_pct)) / 100, 2);
  });

  it('has court reports of every type written by practitioners of the team, some in the last 30 days', async () => {
    const { rows } = await sql<{ report_type: string; n: number; last_30_days: number; misfiled: number }>`
      select c.report_type, count(*)::int as n,
        count(*) filter (where c.completed_date between ${TODAY}::date - 29 and ${TODAY}::date)::int as last_30_days,
        count(*) filter (where st.staff_id is null or s.grade not in ('PO', 'PSO', 'PQIP')
                           or c.completed_date < c.requested_date or c.completed_date > ${TODAY}::date
                           or (c.report_type = 'PSR' and s.grade <> 'PO'))::int as misfiled
      from court_report c
      join staff s on s.id = c.author_staff_id
      left join staff_team st on st.staff_id = c.author_staff_id and st.team_code = c.team_code
      group by c.report_type`.execute(database.db);
    const byType = new Map(rows.map((r) => [r.report_type, r]));
    expect(byType.get('ORAL')?.last_30_days).toBeGreaterThan(0);
    expect(byType.get('FDR')?.last_30_days).toBeGreaterThan(0);
    expect(rows.reduce((n, r) => n + r.misfiled, 0)).toBe(0);
    // The published rate: about 0.37 reports per person under supervision a year, over the seeded history.
    const total = rows.reduce((n, r) => n + r.n, 0);
    const yearly = (total * 365) / (7 * (SNAPSHOT_WEEKS - 1) + 35) / result.counts.person_active!;
    expect(yearly).toBeGreaterThan(0.25);
    expect(yearly).toBeLessThan(0.5);
  });

  it('keeps weekly snapshots of every assignment for 12 consecutive weeks up to today', async () => {
    const { rows } = await sql<{ week_ending: string; n: number }>`
      select week_ending, count(*)::int as n from staff_workload_snapshot group by 1 order by 1`.execute(
      database.db,
    );
    expect(rows.length).toBe(SNAPSHOT_WEEKS);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.at(-1)!.week_ending).toBe(TODAY);
    for (let i = 1; i < rows.length; i++) {
      const gap = (Date.parse(rows[i]!.week_ending) - Date.parse(rows[i - 1]!.week_ending)) / 86_400_000;
      expect(gap).toBe(7);
    }
    const current = await sql<{ n: number }>`select count(*)::int as n from staff_workload`.execute(
      database.db,
    );
    expect(rows.at(-1)!.n).toBe(current.rows[0]!.n);
    // The history moves with reductions and report windows, and someone has been over 110% for 4 weeks.
    const totals = await sql<{ distinct_figures: number }>`
      select count(distinct (total_points, available_points))::int as distinct_figures
      from staff_workload_snapshot group by staff_id, team_code order by 1 desc limit 1`.execute(database.db);
    expect(totals.rows[0]!.distinct_figures).toBeGreaterThan(1);
    const excessive = await excessiveWorkloads(database.db, { level: 'national', code: null }, TODAY);
    expect([...excessive.values()].filter((e) => e.excessive).length).toBeGreaterThan(0);
  });

  it('has a few CMS contacts in the last week, each by a colleague on a case another practitioner of the team holds', async () => {
    const { rows } = await sql<{
      contact_date: string;
      staff_id: number;
      team_code: string;
      holder_staff_id: number | null;
      holder_team_code: string | null;
    }>`
      select c.contact_date, c.staff_id, c.team_code, r.staff_id as holder_staff_id, r.team_code as holder_team_code
      from contact c join contact_type ct on ct.code = c.contact_type_code
      left join responsibility r on r.person_id = c.person_id and r.role = 'COM' and r.end_at is null
      where ct.workload_cms`.execute(database.db);
    expect(rows.length).toBe(result.counts.cms_contact);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.contact_date > plusDays(TODAY, -7) && r.contact_date <= TODAY, r.contact_date).toBe(true);
      expect(r.team_code).toBe(r.holder_team_code);
      expect(r.staff_id).not.toBe(r.holder_staff_id);
    }
    // Every contact moves its points from one assignment in the store to another, so they net to 0.
    const store = await sql<{ cms_points: string; cms_contacts: unknown; username: string | null }>`
      select w.cms_points, w.cms_contacts, u.username from staff_workload w
      left join app_user u on u.staff_id = w.staff_id`.execute(database.db);
    expect(store.rows.reduce((n, r) => n + Number(r.cms_points), 0)).toBe(0);
    expect(store.rows.some((r) => Number(r.cms_points) < 0)).toBe(true);
    // The demo practitioner covered for a colleague.
    const demo = store.rows.find((r) => r.username === 'practitioner')!.cms_contacts as {
      contactsOutsideOwnCaseload: Record<string, number>;
    } | null;
    expect(Object.keys(demo?.contactsOutsideOwnCaseload ?? {})).not.toHaveLength(0);
  });

  it('leaves the live workload store equal to a fresh recalculation from the case record', async () => {
    const stored = async () =>
      (
        await sql<Record<string, unknown>>`
          select * from staff_workload order by staff_id, team_code`.execute(database.db)
      ).rows.map(({ calculated_at: _at, ...row }) => row);
    const before = await stored();
    expect(before.length).toBe(result.counts.staff_workload);
    expect(before.every((r) => r.calculated_on === TODAY)).toBe(true);
    expect(before.some((r) => Number(r.reduction_hours) > 0)).toBe(true);
    expect(before.some((r) => Number(r.psr_count) + Number(r.fdr_count) > 0)).toBe(true);
    expect(await reconcileWorkload(database.db, TODAY)).toEqual([]);
    expect(await stored()).toEqual(before);
  });

  it('refuses to seed a database that already has people, and reseeds identically with reset', async () => {
    await expect(seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY })).rejects.toThrow(
      SeedRefusedError,
    );
    const again = await seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY, reset: true });
    expect(again.counts).toEqual(result.counts);
    expect(await fingerprint()).toBe(seededFingerprint);
    expect(await workloadFingerprint()).toBe(seededWorkloadFingerprint);
    const other = await seedDatabase(database, { scale: 'tiny', seed: 7, today: TODAY, reset: true });
    expect(other.counts.person).toBe(600);
    expect(await fingerprint()).not.toBe(seededFingerprint);
  });

  it('leaves the off-radar watchdog empty: every case owned, queued within target and seen within its interval', async () => {
    // On this seed and date a run of missed appointments once left a tier A case unseen for more than 28 days.
    const today = '2026-11-29';
    await seedDatabase(database, { scale: 'tiny', seed: 1, today, reset: true });
    const admin = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const report = await offRadar(
      database.db,
      admin.id,
      { level: 'national' },
      new Date(`${today}T12:00:00Z`),
    );
    expect(report.cases).toEqual([]);
  });
});
