import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { readConfig } from '../../src/config.js';
import { loadReferenceData } from '../../src/db/reference-data.js';
import { seedDatabase } from '../../src/seed/index.js';
import { buildApp } from '../../src/web/app.js';
import type { TestDatabase } from './databases.js';

export interface CaseRef {
  personId: number;
  crn: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
}

export interface SeededApp {
  t: TestDatabase;
  app: FastifyInstance;
  /** A case in the demo practitioner's caseload with no limited access. */
  ownCase: CaseRef;
  /** The seed's person excluding the demo practitioner (src/seed/people.ts, demo team person 0). */
  excludedCase: CaseRef;
  /** The seed's person whose restriction list leaves the demo practitioner off (demo team person 1). */
  restrictedCase: CaseRef;
  close(): Promise<void>;
}

const caseColumns = sql`p.id as "personId", p.crn, p.forename, p.surname, p.date_of_birth as "dateOfBirth"`;

/** A fresh database with the tiny synthetic seed and an app on it; one per database per test file. */
export async function seededApp(fresh: () => Promise<TestDatabase>): Promise<SeededApp> {
  const t = await fresh();
  await loadReferenceData(t.database);
  await seedDatabase(t.database, { scale: 'tiny', seed: 1, today: '2026-11-02' });
  const app = await buildApp({ database: t.database, config: readConfig({}) });
  await app.ready();
  const db = t.database.db;
  const one = async (query: ReturnType<typeof sql<CaseRef>>) => {
    const row = (await query.execute(db)).rows[0];
    if (!row) throw new Error('The seed no longer has the case this test needs');
    return row;
  };
  const ownCase = await one(sql<CaseRef>`select ${caseColumns} from app_user u
    join responsibility r on r.staff_id = u.staff_id and r.end_at is null and r.responsible_officer
    join person p on p.id = r.person_id
    where u.username = 'practitioner'
      and not exists (select 1 from access_exclusion x where x.person_id = p.id)
      and not exists (select 1 from access_restriction x where x.person_id = p.id)
      and exists (select 1 from registration g where g.person_id = p.id)
    order by p.crn limit 1`);
  const excludedCase = await one(sql<CaseRef>`select ${caseColumns} from app_user u
    join access_exclusion x on x.user_id = u.id join person p on p.id = x.person_id
    join responsibility r on r.person_id = p.id and r.end_at is null and r.responsible_officer
    join staff_team m on m.team_code = r.team_code and m.staff_id = u.staff_id
    where u.username = 'practitioner' order by p.id limit 1`);
  const restrictedCase = await one(sql<CaseRef>`select ${caseColumns} from person p
    join responsibility r on r.person_id = p.id and r.end_at is null and r.responsible_officer
    join staff_team m on m.team_code = r.team_code
    join app_user u on u.staff_id = m.staff_id and u.username = 'practitioner'
    where exists (select 1 from access_restriction x where x.person_id = p.id)
      and not exists (select 1 from access_restriction x where x.person_id = p.id and x.user_id = u.id)
    order by p.id limit 1`);
  return {
    t,
    app,
    ownCase,
    excludedCase,
    restrictedCase,
    async close() {
      await app.close();
      await t.dispose();
    },
  };
}

/** Audit events of one action for a person, by a user. */
export async function auditCount(
  t: TestDatabase,
  personId: number,
  userId: number,
  action: string,
): Promise<number> {
  const row = await t.database.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('actor_user_id', '=', userId)
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
