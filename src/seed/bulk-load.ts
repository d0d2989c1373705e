import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

interface Definition {
  name: string;
  def: string;
}

/**
 * Runs a bulk load with a table's foreign keys and secondary indexes set aside, then puts them back exactly as
 * they were, as pg_restore does. Checking each foreign key row by row costs more than the COPY itself for the
 * tens of millions of contacts at national scale; adding them back validates every row with one join per key
 * before this returns. The definitions are restored even when the load fails.
 */
export async function withConstraintsDeferred<T>(
  db: Kysely<DB>,
  table: string,
  load: () => Promise<T>,
): Promise<T> {
  const foreignKeys = (
    await sql<Definition>`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = ${table}::regclass and contype = 'f' order by conname`.execute(db)
  ).rows;
  const indexes = (
    await sql<Definition>`select i.relname as name, pg_get_indexdef(i.oid) as def
      from pg_index x join pg_class i on i.oid = x.indexrelid
      where x.indrelid = ${table}::regclass and not x.indisprimary order by i.relname`.execute(db)
  ).rows;
  for (const fk of foreignKeys)
    await sql`alter table ${sql.table(table)} drop constraint ${sql.id(fk.name)}`.execute(db);
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  let result: T;
  try {
    result = await load();
  } catch (err) {
    await restore(db, table, indexes, foreignKeys).catch((restoreError: unknown) => {
      // The rows a failed load left may break a constraint; report that without hiding the first error.
      console.error(`Could not restore the constraints on ${table}: ${(restoreError as Error).message}`);
    });
    throw err;
  }
  await restore(db, table, indexes, foreignKeys);
  return result;
}

async function restore(
  db: Kysely<DB>,
  table: string,
  indexes: Definition[],
  foreignKeys: Definition[],
): Promise<void> {
  for (const index of indexes) await sql.raw(index.def).execute(db);
  for (const fk of foreignKeys) {
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(fk.name)} ${sql.raw(fk.def)}`.execute(
      db,
    );
  }
}
