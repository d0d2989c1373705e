import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { loadReferenceData } from '../db/reference-data.js';
import { seedDatabase } from '../seed/index.js';

const SCALES = ['demo', 'pdu', 'region', 'national'] as const;
type Scale = (typeof SCALES)[number];

/** Opens the configured database and brings its schema and reference data up to date. */
export async function openMigrated(config: Config): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
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

export async function seedCommand(config: Config, options: { scale: string; seed: string; reset: boolean }): Promise<number> {
  if (!(SCALES as readonly string[]).includes(options.scale)) {
    process.stderr.write(`--scale must be one of ${SCALES.join(', ')}, not '${options.scale}'\n`);
    return 2;
  }
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) {
    process.stderr.write(`--seed must be a whole number, not '${options.seed}'\n`);
    return 2;
  }
  const database = await openMigrated(config);
  try {
    const started = Date.now();
    const summary = await seedDatabase(database, { scale: options.scale as Scale, seed, reset: options.reset });
    process.stdout.write(`Seeded '${options.scale}' into ${database.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
