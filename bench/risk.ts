import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { loadReferenceData } from '../src/db/reference-data.js';
import { gatherCaseFacts, recalculateEveryone } from '../src/db/risk-record.js';
import { assessPerson } from '../src/domain/risk/assess-person.js';
import type { CaseFacts } from '../src/domain/risk/case-inputs.js';
import { seedDatabase } from '../src/seed/index.js';
import { isSeedScale, SCALES } from '../src/seed/scales.js';

// `npm run bench -- risk [--scale pdu] [--people 2000] [--workers N]`: the pure core per person (all 13
// predictors and both tier models) over people taken from a seeded database, then full recompute-and-store runs
// of everyone on N calculation threads (default one per core; 0 calculates on the main thread).
// Targets (issue #3): ≤ 1 ms per person pure; 250,000 people recomputed and stored in ≤ 10 s on PostgreSQL.

const TODAY = '2026-11-02';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name}"`);
  await client.end();
}

export async function benchRisk(args: string[]): Promise<void> {
  const scale = option(args, 'scale', 'pdu');
  if (!isSeedScale(scale)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casework_bench_risk';
  await ensureDatabase(url);
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  try {
    await migrate(database.db);
    await loadReferenceData(database);
    const people = await sql<{ n: number; seeded: string | null }>`
      select (select count(*)::int from person) as n,
        (select after->>'scale' from audit_event where actor = 'system:seed' order by id desc limit 1) as seeded`.execute(
      database.db,
    );
    const row = people.rows[0]!;
    if (row.n === 0 || row.seeded !== scale) {
      process.stdout.write(`Seeding scale ${scale} (once; reused by later runs)…\n`);
      const seeded = await seedDatabase(database, { scale, seed: 1, today: TODAY, reset: row.n > 0 });
      process.stdout.write(
        `Seeded ${seeded.counts.person} people in ${(seeded.elapsedMs / 1000).toFixed(1)} s (of which risk: ${seeded.tiers.seconds} s)\n`,
      );
    }

    // Pure core: real case facts from the database, assessed in memory with nothing else running.
    const sample = Number(option(args, 'people', '2000'));
    const facts: CaseFacts[] = await gatherCaseFacts(
      database.db,
      { fromId: 0, toId: Number.MAX_SAFE_INTEGER },
      TODAY,
    ).then((f) => f.slice(0, sample));
    for (const f of facts.slice(0, 200)) assessPerson(f, TODAY);
    // CPU time beside wall time: on a shared machine the wall time also counts other processes' turns.
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    for (const f of facts) assessPerson(f, TODAY);
    const pureMs = performance.now() - started;
    const pureCpu = process.cpuUsage(cpuBefore);
    process.stdout.write(
      `Pure core: ${facts.length} people, ${((pureMs * 1000) / facts.length).toFixed(0)} µs/person ` +
        `(CPU ${((pureCpu.user + pureCpu.system) / facts.length).toFixed(0)} µs/person; target ≤ 1000)\n`,
    );

    // Full recompute from the database and store: gather, calculate, compare, write changes, per chunk.
    // The first run is a day after the seed, so date-dependent inputs move; the second repeats that day.
    const workers = Number(option(args, 'workers', String(availableParallelism())));
    const day = '2026-11-03';
    for (const label of ['the day after the seed', 'again the same day']) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const r = await recalculateEveryone(database.db, {
        trigger: 'SCHEDULED',
        reason: 'Benchmark recalculation',
        actorUserId: null,
        today: day,
        workers,
      });
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `Full recompute + store, ${label}, ${r.workers} calculation threads: ${r.people} people in ${s.toFixed(1)} s ` +
          `(${((s * 1e6) / Math.max(1, r.people)).toFixed(0)} µs/person; core ${(r.coreMs / 1000).toFixed(1)} s; ` +
          `Node CPU, all threads, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ` +
          `${r.predictorRowsWritten} score rows and ${r.tierRowsWritten} tier rows written; target 250,000 in ≤ 10 s)\n`,
      );
    }
  } finally {
    await database.close();
  }
}
