import pg from 'pg';
import type { Database } from '../src/db/connection.js';
import { countPeople, openMigrated, seedSteps, seedWithProgress } from '../src/cli/database.js';
import { isSeedScale, type SeedScale } from '../src/seed/index.js';

/**
 * The PostgreSQL database a benchmark runs against: DATABASE_URL when set, otherwise a database of its own
 * per scale on the local server (casework_bench_<scale>), created when missing. The named scale is seeded
 * when the database has no people yet and reused otherwise, because seeding national takes minutes.
 */
export async function openBenchDatabase(scale: SeedScale): Promise<Database> {
  const url = await benchDatabaseUrl(scale);
  const database = await openMigrated({ databaseUrl: url, dataDir: '', poolSize: 16 });
  const people = await countPeople(database);
  if (people === 0) {
    process.stderr.write(
      `Seeding '${scale}' into ${url.replace(/:[^:@/]*@/, ':***@')} (once; later runs reuse it)…\n`,
    );
    const summary = await seedWithProgress(database, { scale, seed: 1 });
    process.stderr.write(
      `Seeded ${summary.totalRows.toLocaleString('en-GB')} rows in ${(summary.elapsedMs / 1000).toFixed(1)} s (${seedSteps(summary)})\n`,
    );
  } else {
    process.stderr.write(`Reusing ${people.toLocaleString('en-GB')} people already in the database\n`);
  }
  return database;
}

/** The connection string of the scale's benchmark database (see openBenchDatabase), created when missing. */
export async function benchDatabaseUrl(scale: SeedScale): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const name = `casework_bench_${scale}`;
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** Reads `--scale S` from benchmark arguments (default demo), refusing names that are not scales. */
export function scaleArgument(args: string[], fallback: SeedScale = 'demo'): SeedScale {
  const i = args.indexOf('--scale');
  const value = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('--scale='))?.slice('--scale='.length);
  if (value === undefined) return fallback;
  if (!isSeedScale(value))
    throw new Error(`--scale must be one of tiny, demo, pdu, region, national, not '${value}'`);
  return value;
}

/** Percentile of already-sorted samples (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
