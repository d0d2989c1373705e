import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { currentVersion, listMigrations, migrate } from '../../src/db/migrate.js';

describeEachDatabase('migrations and case-record constraints', (fresh) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await fresh();
  });
  afterAll(async () => t?.dispose());

  it('applies every migration once and is idempotent', async () => {
    const db = t.database.db;
    expect(await currentVersion(db)).toBe(listMigrations().at(-1)!.version);
    expect((await migrate(db)).applied).toEqual([]);
  });

  it('refuses a migration edited after it was applied', async () => {
    const [first, ...rest] = listMigrations();
    await expect(migrate(t.database.db, [{ ...first!, checksum: 'edited' }, ...rest])).rejects.toThrow(
      /changed after it was applied/,
    );
  });

  async function org() {
    const db = t.database.db;
    await db
      .insertInto('region')
      .values({ code: 'N07', name: 'London' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('pdu')
      .values({ code: 'N07CEN', region_code: 'N07', name: 'Camden and Islington' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('team')
      .values({ code: 'N07T01', pdu_code: 'N07CEN', name: 'Team 1' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('team')
      .values({ code: 'N07T02', pdu_code: 'N07CEN', name: 'Team 2' })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async function newPerson(crn: string) {
    await org();
    return t.database.db.transaction().execute(async (trx) => {
      const p = await trx
        .insertInto('person')
        .values({ crn, forename: 'Sam', surname: 'Smith', date_of_birth: '1990-01-01', sex: 'MALE' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('responsibility')
        .values({
          person_id: p.id,
          role: 'COM',
          responsible_officer: true,
          team_code: 'N07T01',
          start_at: new Date(),
          allocation_reason: 'INITIAL',
        })
        .execute();
      return p.id;
    });
  }

  it('refuses an active person without a responsible officer or team queue', async () => {
    await org();
    await expect(
      t.database.db
        .insertInto('person')
        .values({
          crn: 'A000001',
          forename: 'No',
          surname: 'Owner',
          date_of_birth: '1990-01-01',
          sex: 'MALE',
        })
        .execute(),
    ).rejects.toThrow(/exactly one current responsible officer/);
    const count = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('crn', '=', 'A000001')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a second current owner', async () => {
    const id = await newPerson('A000002');
    await expect(
      t.database.db
        .insertInto('responsibility')
        .values({
          person_id: id,
          role: 'COM',
          responsible_officer: true,
          team_code: 'N07T02',
          start_at: new Date(),
          allocation_reason: 'TRANSFER',
        })
        .execute(),
    ).rejects.toThrow(/responsibility_current/);
  });

  it('refuses ending the only owner without a successor, and allows a handover in one transaction', async () => {
    const id = await newPerson('A000003');
    const db = t.database.db;
    await expect(
      db
        .updateTable('responsibility')
        .set({ end_at: new Date() })
        .where('person_id', '=', id)
        .where('end_at', 'is', null)
        .execute(),
    ).rejects.toThrow(/exactly one current responsible officer/);
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .updateTable('responsibility')
        .set({ end_at: now })
        .where('person_id', '=', id)
        .where('end_at', 'is', null)
        .execute();
      await trx
        .insertInto('responsibility')
        .values({
          person_id: id,
          role: 'COM',
          responsible_officer: true,
          team_code: 'N07T02',
          start_at: now,
          allocation_reason: 'TRANSFER',
        })
        .execute();
    });
    const current = await db
      .selectFrom('responsibility')
      .select('team_code')
      .where('person_id', '=', id)
      .where('end_at', 'is', null)
      .execute();
    expect(current).toEqual([{ team_code: 'N07T02' }]);
  });

  it('never hard-deletes case records and keeps the audit trail append-only', async () => {
    const id = await newPerson('A000004');
    const db = t.database.db;
    await expect(db.deleteFrom('responsibility').where('person_id', '=', id).execute()).rejects.toThrow(
      /never removed/,
    );
    await db
      .insertInto('audit_event')
      .values({ actor: 'test', entity: 'person', action: 'VIEW', person_id: id })
      .execute();
    await expect(
      db.updateTable('audit_event').set({ action: 'EDITED' }).where('person_id', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_event').where('person_id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses malformed CRNs and a second main address', async () => {
    await expect(
      sql`insert into person (crn, forename, surname, date_of_birth, sex) values ('x123', 'A', 'B', '1990-01-01', 'MALE')`.execute(
        t.database.db,
      ),
    ).rejects.toThrow(/crn_check/);
    const id = await newPerson('A000005');
    const addr = { person_id: id, status: 'MAIN' as const, from_date: '2024-01-01', town: 'Leeds' };
    await t.database.db.insertInto('person_address').values(addr).execute();
    await expect(t.database.db.insertInto('person_address').values(addr).execute()).rejects.toThrow(
      /one_main/,
    );
  });
});
