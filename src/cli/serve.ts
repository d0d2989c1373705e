import cluster from 'node:cluster';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/connection.js';
import { buildApp } from '../web/app.js';
import { countPeople, openMigrated, seedWithProgress } from './database.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../seed/demo-users.js';

export async function serve(config: Config, options: { seedDemo: boolean }): Promise<number> {
  if (cluster.isWorker) return serveRequests(config);
  const database = await openMigrated(config);
  if (options.seedDemo) {
    if ((await countPeople(database)) === 0) {
      process.stderr.write('First run: loading demo data (about 7,000 people on probation)…\n');
      await seedWithProgress(database, { scale: 'demo', seed: 1 });
    }
  }
  let address: string;
  if (config.workers > 1) {
    // Migrated and seeded once, here; the workers only serve.
    await database.close();
    address = await startWorkers(config.workers);
  } else {
    address = await listen(config, database);
  }
  process.stdout.write(
    `\nCasework is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${database.kind}` +
      `${config.workers > 1 ? `, ${config.workers} processes` : ''})\n`,
  );
  if (options.seedDemo) {
    process.stdout.write(`Demo sign-ins (password for all: ${DEMO_PASSWORD}):\n`);
    for (const s of DEMO_SIGN_INS) process.stdout.write(`  ${s.username.padEnd(14)} ${s.description}\n`);
  }
  return new Promise<number>(() => {
    // Runs until a signal stops it.
  });
}

async function listen(config: Config, database: Database): Promise<string> {
  const app = await buildApp({ database, config, logger: process.env.CASEWORK_LOG !== 'off' });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return app.listen({ port: config.port, host: config.host });
}

/** A worker of `startWorkers`: the primary has migrated the database, so it only opens it and serves. */
async function serveRequests(config: Config): Promise<number> {
  const database = await openDatabase(config);
  await listen(config, database);
  return new Promise<number>(() => {
    // Runs until the primary stops it.
  });
}

/**
 * Forks the worker processes, which share the listening port (node:cluster hands connections out in turn),
 * replaces any that dies, and stops them all on SIGINT or SIGTERM. Resolves with the address once every
 * worker listens.
 */
function startWorkers(count: number): Promise<string> {
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`Worker ${worker.process.pid} stopped (${signal ?? code}); starting another\n`);
    cluster.fork();
  });
  return new Promise((resolve) => {
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      listening++;
      if (listening === count) resolve(`http://${address.address}:${address.port}`);
    });
    for (let i = 0; i < count; i++) cluster.fork();
  });
}
