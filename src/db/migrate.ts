import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant will do: it only has to be the same for every Casework process on one database.
const MIGRATION_LOCK = 74_160_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file.replace(/\.sql$/, ''),
        sql: text,
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      };
    });
}

export interface MigrationResult {
  applied: string[];
  version: number;
}

/**
 * Applies the forward-only plain-SQL migrations not yet applied, each in its own transaction, under an
 * advisory lock so two processes starting together do not race. A migration edited after it was applied
 * is refused: migrations are history, changes go in a new file.
 */
export async function migrate(db: Kysely<DB>, migrations = listMigrations()): Promise<MigrationResult> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migration (
        version integer primary key, name text not null, checksum text not null,
        applied_at timestamptz not null default now())`.execute(conn);
      const done = new Map(
        (await conn.selectFrom('schema_migration').select(['version', 'checksum', 'name']).execute()).map(
          (m) => [m.version, m],
        ),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        const previous = done.get(m.version);
        if (previous) {
          if (previous.checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was changed after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await trx
            .insertInto('schema_migration')
            .values({ version: m.version, name: m.name, checksum: m.checksum })
            .execute();
        });
        applied.push(m.name);
      }
      return { applied, version: migrations.at(-1)?.version ?? 0 };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}

export async function currentVersion(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('schema_migration')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
