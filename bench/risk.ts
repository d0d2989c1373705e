import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { gatherCaseFacts, recalculateEveryone } from '../src/db/risk-record.js';
import { assessPerson } from '../src/domain/risk/assess-person.js';
import type { CaseFacts } from '../src/domain/risk/case-inputs.js';
import { openBenchDatabase, scaleArgument } from './database.js';

// `npm run bench -- risk [--scale pdu] [--people 2000] [--workers N]`: the pure core per person (all 13
// predictors and both tier models) over people taken from a seeded database, then full recompute-and-store runs
// of everyone on N calculation threads (default one per core; 0 calculates on the main thread). The database
// is the one every benchmark of that scale shares (bench/database.ts).
// Targets (issue #3): ≤ 1 ms per person pure; 250,000 people recomputed and stored in ≤ 10 s on PostgreSQL.

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

export async function benchRisk(args: string[]): Promise<void> {
  const scale = scaleArgument(args, 'pdu');
  const database = await openBenchDatabase(scale);
  try {
    // Each run calculates for the day after the latest stored calculation, so date-dependent inputs (ages,
    // offence-free months) move as they do overnight, and repeated runs never go back in time.
    const latest = await sql<{ day: string }>`
      select to_char(coalesce(max(calculation_date), current_date) + 1, 'YYYY-MM-DD') as day
      from risk_recalculation`.execute(database.db);
    const day = latest.rows[0]!.day;

    // Pure core: real case facts from the database, assessed in memory with nothing else running.
    const sample = Number(option(args, 'people', '2000'));
    const facts: CaseFacts[] = await gatherCaseFacts(database.db, { fromId: 0, toId: sample }, day);
    // Two passes: the first also fills the core's remembered terms (products, logarithms), the second is the
    // steady state a long recompute runs in. CPU time beside wall time: on a shared machine the wall time also
    // counts other processes' turns.
    for (const pass of ['first pass', 'second pass']) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      for (const f of facts) assessPerson(f, day);
      const pureMs = performance.now() - started;
      const pureCpu = process.cpuUsage(cpuBefore);
      process.stdout.write(
        `Pure core, ${pass}: ${facts.length} people, ${((pureMs * 1000) / facts.length).toFixed(0)} µs/person ` +
          `(CPU ${((pureCpu.user + pureCpu.system) / facts.length).toFixed(0)} µs/person; target ≤ 1000)\n`,
      );
    }

    // Full recompute from the database and store: gather, calculate, compare, write changes, per chunk.
    // The first run is a day on, so date-dependent inputs move; the second repeats that day.
    const workers = Number(option(args, 'workers', String(availableParallelism())));
    for (const label of [`a day on (${day})`, 'again the same day']) {
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
          `(${((s * 1e6) / Math.max(1, r.people)).toFixed(0)} µs/person; summed over chunks: reading ` +
          `${(r.gatherMs / 1000).toFixed(1)} s, core ${(r.coreMs / 1000).toFixed(1)} s, comparing in full ` +
          `${(r.settleMs / 1000).toFixed(1)} s for ${r.comparedInFull} people, storing ${(r.storeMs / 1000).toFixed(1)} s; ` +
          `Node CPU, all threads, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ` +
          `${r.predictorRowsWritten} score rows and ${r.tierRowsWritten} tier rows written; target 250,000 in ≤ 10 s)\n`,
      );
    }
  } finally {
    await database.close();
  }
}
