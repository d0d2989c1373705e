import autocannon from 'autocannon';
import { sql } from 'kysely';
import { readConfig } from '../src/config.js';
import { blockedFor } from '../src/db/access.js';
import { buildApp } from '../src/web/app.js';
import { startSession } from '../src/web/auth/session.js';
import { SESSION_COOKIE } from '../src/web/auth/routes.js';
import { openBenchDatabase, percentile, scaleArgument } from './database.js';
import type { Database } from '../src/db/connection.js';

const SAMPLES = 1_000;

/**
 * The bare SQL for the same data the case overview shows: what the page would cost if rendering,
 * routing, access checks and auditing were free. The ratio page / bare SQL is the overhead Casework adds.
 */
async function bareOverviewSql(database: Database, crn: string): Promise<void> {
  const db = database.db;
  const person = await sql<{ id: number }>`
    select p.*, r.staff_id, r.team_code, s.forename as officer_forename, s.surname as officer_surname, t.name as team_name, tc.tier
      from person p
      left join responsibility r on r.person_id = p.id and r.end_at is null and r.responsible_officer
      left join staff s on s.id = r.staff_id
      left join team t on t.code = r.team_code
      left join tier_calculation tc on tc.person_id = p.id and tc.model = 'PROTECT_CHANGE' and tc.superseded_at is null
     where p.crn = ${crn}`.execute(db);
  const id = person.rows[0]!.id;
  await Promise.all([
    sql`select e.*, s.*, d.description, o.offence_code, oc.description as offence
          from event e join sentence s on s.person_id = e.person_id and s.event_id = e.id
          join disposal_type d on d.code = s.disposal_type_code
          left join offence o on o.person_id = e.person_id and o.event_id = e.id and o.main
          left join offence_code oc on oc.code = o.offence_code
         where e.person_id = ${id} and e.active and not e.soft_deleted`.execute(db),
    sql`select q.*, rt.description from requirement q join requirement_type rt on rt.code = q.requirement_type_code
         where q.person_id = ${id} and q.active and not q.soft_deleted`.execute(db),
    sql`select l.* from licence_condition l where l.person_id = ${id} and l.active and not l.soft_deleted`.execute(
      db,
    ),
    sql`select g.*, rt.description from registration g join register_type rt on rt.code = g.register_type_code
         where g.person_id = ${id} and g.deregistration_date is null and not g.soft_deleted`.execute(db),
    sql`select a.* from assessment a where a.person_id = ${id} and a.status = 'COMPLETE' and not a.soft_deleted
         order by a.completed_date desc limit 1`.execute(db),
    sql`select c.*, ct.description from contact c join contact_type ct on ct.code = c.contact_type_code
         where c.person_id = ${id} and not c.soft_deleted and c.contact_date <= current_date
         order by c.contact_date desc, c.start_time desc limit 3`.execute(db),
    sql`select c.*, ct.description from contact c join contact_type ct on ct.code = c.contact_type_code
         where c.person_id = ${id} and not c.soft_deleted and c.contact_date > current_date
         order by c.contact_date, c.start_time limit 3`.execute(db),
  ]);
}

function summarise(label: string, samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `  ${label.padEnd(34)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms\n`,
  );
  return { p50, p95 };
}

/** `npm run bench -- overview [--scale S] [--duration SECONDS]`: case overview latency and throughput. */
export async function benchOverview(args: string[]): Promise<void> {
  const scale = scaleArgument(args);
  const durationIndex = args.indexOf('--duration');
  const duration = durationIndex >= 0 ? Number(args[durationIndex + 1]) : 10;
  const database = await openBenchDatabase(scale);
  const user = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'practitioner')
    .executeTakeFirstOrThrow();
  const token = await startSession(database.db, user.id, 2);
  // Random people the user may open, so every sample is a full page and not a "restricted" notice.
  const crns = (
    await database.db
      .selectFrom('person as p')
      .select('p.crn')
      .where((eb) => eb.not(blockedFor(eb.ref('p.id'), user.id)))
      .orderBy(sql`random()`)
      .limit(SAMPLES)
      .execute()
  ).map((r) => r.crn);

  const app = await buildApp({ database, config: readConfig({ ...process.env, DATABASE_URL: '' }) });
  await app.ready();
  const cookie = `${SESSION_COOKIE}=${token}`;
  for (const crn of crns.slice(0, 50)) {
    // Warm up connections, prepared plans and template caches.
    await app.inject({ method: 'GET', url: `/cases/${crn}`, headers: { cookie } });
    await bareOverviewSql(database, crn);
  }

  const page: number[] = [];
  const bare: number[] = [];
  for (const crn of crns) {
    let started = performance.now();
    const res = await app.inject({ method: 'GET', url: `/cases/${crn}`, headers: { cookie } });
    page.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`GET /cases/${crn} answered ${res.statusCode}`);
    started = performance.now();
    await bareOverviewSql(database, crn);
    bare.push(performance.now() - started);
  }
  const people = await database.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  process.stdout.write(
    `\nCase overview, ${crns.length} random CRNs, ${Number(people.n).toLocaleString('en-GB')} people on ${database.kind} ('${scale}')\n`,
  );
  const pageStats = summarise('page (server time, in-process)', page);
  const bareStats = summarise('bare SQL for the same data', bare);
  process.stdout.write(
    `  ratio page / bare SQL               p50 ${(pageStats.p50 / bareStats.p50).toFixed(2)}×   p95 ${(pageStats.p95 / bareStats.p95).toFixed(2)}×\n`,
  );
  process.stdout.write(`  targets (national, 2 cores): page p95 ≤ 25 ms and ≤ 2× bare SQL\n`);

  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const connections of [8, 32]) {
    let next = 0;
    const result = await autocannon({
      url: address,
      connections,
      duration,
      headers: { cookie },
      requests: [
        { method: 'GET', setupRequest: (req) => ({ ...req, path: `/cases/${crns[next++ % crns.length]}` }) },
      ],
    });
    const errors = result.non2xx + result.errors;
    process.stdout.write(
      `  ${String(connections).padStart(2)} clients: ${Math.round(result.requests.average).toLocaleString('en-GB')} pages/s, ` +
        `latency p50 ${result.latency.p50} ms p97.5 ${result.latency.p97_5} ms, ${errors} errors (target ≥ 1,000 pages/s)\n`,
    );
  }
  await app.close();
  await database.close();
}
