import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { loadReferenceData } from '../db/reference-data.js';
import {
  SeedRefusedError,
  createProgressReporter,
  isSeedScale,
  seedDatabase,
  SCALES,
  type SeedOptions,
  type SeedResult,
} from '../seed/index.js';

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openMigrated(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & { poolSize?: number },
): Promise<Database> {
  const database = await openDatabase(config);
  try {
    const result = await migrate(database.db);
    if (result.applied.length > 0) process.stderr.write(`Applied migrations: ${result.applied.join(', ')}\n`);
    await loadReferenceData(database);
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

export async function migrateCommand(config: Config): Promise<number> {
  const database = await openMigrated(config);
  await database.close();
  process.stdout.write(`Database (${database.kind}) is up to date.\n`);
  return 0;
}

export async function seedCommand(
  config: Config,
  options: { scale: string; seed: string; reset: boolean },
): Promise<number> {
  if (!isSeedScale(options.scale)) {
    process.stderr.write(
      `--scale must be one of ${Object.keys(SCALES).join(', ')}, not '${options.scale}'\n`,
    );
    return 2;
  }
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed must be a whole number, not '${options.seed}'\n`);
    return 2;
  }
  const scale = options.scale;
  const database = await openMigrated(config);
  try {
    const summary = await seedWithProgress(database, { scale, seed, reset: options.reset });
    process.stdout.write(
      `Seeded '${scale}' (seed ${seed}) into ${database.kind} in ${(summary.elapsedMs / 1000).toFixed(1)} s: ` +
        `${summary.totalRows.toLocaleString('en-GB')} rows\n` +
        `  steps: ${seedSteps(summary)}\n`,
    );
    for (const [table, count] of Object.entries(summary.counts)) {
      process.stdout.write(`  ${table.padEnd(24)} ${count.toLocaleString('en-GB').padStart(12)}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await database.close();
  }
}

/** "people 251.0 s, tiers 219.5 s, …": where a seed spent its time, step by step. */
export function seedSteps(summary: SeedResult): string {
  return Object.entries(summary.stepMs)
    .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
}

/** How many people the database holds: `serve --seed-demo` and the benchmarks seed only an empty one. */
export async function countPeople(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seeds with a progress bar on standard error, taken down whether the seed succeeds or fails. */
export async function seedWithProgress(
  database: Database,
  options: Omit<SeedOptions, 'onProgress'>,
): Promise<SeedResult> {
  const progress = createProgressReporter();
  try {
    return await seedDatabase(database, { ...options, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}
