import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { readConfig } from '../src/config.js';
import { blockedFor } from '../src/db/access.js';
import { caseOverviewQuery } from '../src/db/case-record.js';
import { londonNow } from '../src/db/case-rules.js';
import { buildApp } from '../src/web/app.js';
import { startSession } from '../src/web/auth/session.js';
import { SESSION_COOKIE } from '../src/web/auth/routes.js';
import { benchDatabaseUrl, openBenchDatabase, percentile, scaleArgument } from './database.js';
import { generateLoad } from './load-generator.js';

const SAMPLES = 1_000;

function summarise(label: string, samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `  ${label.padEnd(34)} p50 ${p50.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms\n`,
  );
  return { p50, p95 };
}

function numberArgument(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `casework serve` as production runs it, in its own processes, answering once /health does. */
async function startServer(
  databaseUrl: string,
  workers: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bin/casework.js');
  const server: ChildProcess = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CASEWORK_WORKERS: String(workers),
      CASEWORK_LOG: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let attempt = 0; ; attempt++) {
    if (server.exitCode !== null) throw new Error(`casework serve exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (attempt > 300) throw new Error('casework serve did not answer /health within a minute');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      server.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `npm run bench -- overview [--scale S] [--duration SECONDS] [--workers N]`: case overview latency against
 * the bare SQL for the same data, then pages/s from `casework serve` with 1 and N processes (default 2).
 */
export async function benchOverview(args: string[]): Promise<void> {
  const scale = scaleArgument(args);
  const duration = numberArgument(args, '--duration', 10);
  const maxWorkers = numberArgument(args, '--workers', 2);
  const database = await openBenchDatabase(scale);
  const user = await database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'practitioner')
    .executeTakeFirstOrThrow();
  const token = await startSession(database.db, user.id, 2);
  // Random people the user may open, so every sample is a full page and not a "restricted" notice.
  const people = await database.db
    .selectFrom('person as p')
    .select(['p.id', 'p.crn'])
    .where((eb) => eb.not(blockedFor(eb.ref('p.id'), user.id)))
    .orderBy(sql`random()`)
    .limit(SAMPLES)
    .execute();
  const crns = people.map((p) => p.crn);

  const app = await buildApp({ database, config: readConfig({ ...process.env, DATABASE_URL: '' }) });
  await app.ready();
  const cookie = `${SESSION_COOKIE}=${token}`;
  // The bare SQL is the page's own read, compiled in advance and sent straight to the database: what the
  // page would cost if sessions, access checks, auditing, query building, routing and rendering were free.
  const now = londonNow();
  const bareSql = people.map((p) => caseOverviewQuery(database.db, p.id, now).compile());
  for (let i = 0; i < 50; i++) {
    // Warm up connections, plans and template caches.
    await app.inject({ method: 'GET', url: `/cases/${crns[i % crns.length]}`, headers: { cookie } });
    await database.db.executeQuery(bareSql[i % bareSql.length]!);
  }

  const page: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < people.length; i++) {
    let started = performance.now();
    const res = await app.inject({ method: 'GET', url: `/cases/${crns[i]}`, headers: { cookie } });
    page.push(performance.now() - started);
    if (res.statusCode !== 200) throw new Error(`GET /cases/${crns[i]} answered ${res.statusCode}`);
    started = performance.now();
    await database.db.executeQuery(bareSql[i]!);
    bare.push(performance.now() - started);
  }
  const count = await database.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  process.stdout.write(
    `\nCase overview, ${crns.length} random CRNs, ${Number(count.n).toLocaleString('en-GB')} people on ${database.kind} ('${scale}')\n`,
  );
  const pageStats = summarise('page (server time, in-process)', page);
  const bareStats = summarise('bare SQL: the page’s read query', bare);
  process.stdout.write(
    `  ratio page / bare SQL               p50 ${(pageStats.p50 / bareStats.p50).toFixed(2)}×   p95 ${(pageStats.p95 / bareStats.p95).toFixed(2)}×\n`,
  );
  process.stdout.write(`  targets (national, 2 cores): page p95 ≤ 25 ms and ≤ 2× bare SQL\n`);
  await app.close();
  await database.close();

  process.stdout.write(
    `\nPages per second: casework serve in its own processes, load generated from another (target ≥ 1,000)\n`,
  );
  const paths = crns.map((crn) => `/cases/${crn}`);
  for (const workers of [...new Set([1, maxWorkers])]) {
    const server = await startServer(await benchDatabaseUrl(scale), workers);
    try {
      await generateLoad({ url: server.url, connections: 8, duration: 2, cookie, paths }); // warm-up
      for (const connections of [8, 32]) {
        const result = await generateLoad({ url: server.url, connections, duration, cookie, paths });
        process.stdout.write(
          `  ${workers} process${workers === 1 ? ' ' : 'es'}, ${String(connections).padStart(2)} clients: ` +
            `${Math.round(result.pagesPerSecond).toLocaleString('en-GB')} pages/s, ` +
            `latency p50 ${result.latencyP50} ms p97.5 ${result.latencyP97_5} ms, ${result.errors} errors\n`,
        );
      }
    } finally {
      await server.stop();
    }
  }
}
