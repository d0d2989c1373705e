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
import { verifyPassword } from '../web/auth/password.js';
import { DEMO_SIGN_INS, SeedRefusedError, seedDatabase, type SeedResult } from './index.js';

const TODAY = '2026-03-02';
let dir: string;
let database: Database;
let firstLoad: ReferenceDataResult;
let secondLoad: ReferenceDataResult;
let result: SeedResult;
let seededFingerprint: string;

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

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-seed-test-'));
  database = await openDatabase({ dataDir: dir });
  await migrate(database.db);
  firstLoad = await loadReferenceData(database);
  secondLoad = await loadReferenceData(database);
  result = await seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY });
  seededFingerprint = await fingerprint();
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

  it('refuses to seed a database that already has people, and reseeds identically with reset', async () => {
    await expect(seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY })).rejects.toThrow(
      SeedRefusedError,
    );
    const again = await seedDatabase(database, { scale: 'tiny', seed: 20260302, today: TODAY, reset: true });
    expect(again.counts).toEqual(result.counts);
    expect(await fingerprint()).toBe(seededFingerprint);
    const other = await seedDatabase(database, { scale: 'tiny', seed: 7, today: TODAY, reset: true });
    expect(other.counts.person).toBe(600);
    expect(await fingerprint()).not.toBe(seededFingerprint);
  });
});
