import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';

// The integration suite runs every test against both databases Casework supports: embedded PGlite and a
// PostgreSQL server. The server is DATABASE_URL, or the local server when reachable. When there is none,
// the PostgreSQL run is skipped and says so loudly (CI refuses a skipped run: see .ci/run).

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

function serverUrl(): string {
  return process.env.CASEWORK_TEST_DATABASE_URL || process.env.DATABASE_URL || LOCAL_SERVER;
}

async function serverReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresAvailable = await serverReachable(serverUrl());
if (!postgresAvailable) {
  const line = '='.repeat(78);
  process.stderr.write(
    `\n${line}\nPOSTGRESQL SKIPPED: no server at ${serverUrl()}. Only PGlite was tested.\n${line}\n\n`,
  );
  fs.mkdirSync('test-output', { recursive: true });
  fs.writeFileSync('test-output/postgresql-skipped', `${serverUrl()}\n`);
}

export interface TestDatabase {
  database: Database;
  /** The connection string of a PostgreSQL test database, for a child process to use; absent for PGlite. */
  url?: string;
  /** Drops the scratch database / folder. */
  dispose(): Promise<void>;
}

/** A fresh, migrated PGlite database in a temporary folder. */
export async function freshPglite(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-test-'));
  const database = await openDatabase({ dataDir: dir });
  await migrate(database.db);
  return {
    database,
    async dispose() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated database of its own on the PostgreSQL server. */
export async function freshPostgres(): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  const name = `casework_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  await migrate(database.db);
  return {
    database,
    url: url.toString(),
    async dispose() {
      await database.close();
      const again = new pg.Client({ connectionString: serverUrl() });
      await again.connect();
      // pg-pool's end() resolves before its sockets have closed; a forced drop would then kill a closing
      // connection whose pool no longer listens for its error, failing the run. Let them close first.
      for (let i = 0; i < 100; i++) {
        const open = await again.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (open.rows[0]!.n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export const databaseKinds = [
  { kind: 'pglite' as const, fresh: freshPglite, available: true },
  { kind: 'postgresql' as const, fresh: freshPostgres, available: postgresAvailable },
];

/**
 * Declares the same suite once per database kind: `describeEachDatabase('case record', (fresh) => { … })`.
 * The suite gets a factory for a fresh migrated database of that kind.
 */
export function describeEachDatabase(
  name: string,
  suite: (fresh: () => Promise<TestDatabase>, kind: 'pglite' | 'postgresql') => void,
): void {
  for (const k of databaseKinds) {
    const d = k.available ? describe : describe.skip;
    d(`${name} [${k.kind}]`, () => suite(k.fresh, k.kind));
  }
}
