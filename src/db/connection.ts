import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema.js';
import { lockDataDir } from './lock.js';
import { statementName } from './prepared.js';

// Calendar dates stay ISO strings ("2026-11-22"): turning them into Date objects shifts them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// Identifiers and counts fit easily in a double; numeric stays a string so decimal values keep their digits.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /**
   * Bulk-loads CSV text (no header, columns in the given order) with COPY: pg-copy-streams on a server,
   * PGlite's /dev/blob on the embedded database.
   */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<void>;
  /** COPY in PostgreSQL's text format (tab-separated, \N for null), from UTF-8 bytes: see csv-rows.ts TextRows. */
  copyText(
    table: string,
    columns: readonly string[],
    text: readonly Uint8Array<ArrayBuffer>[],
  ): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Pool size on a PostgreSQL server (PGlite is a single connection). */
  poolSize?: number;
}

/**
 * The pool as Kysely sees it, sending the prepared queries (prepared.ts) as named statements: the server
 * parses and plans each once per connection instead of on every run.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((...args: unknown[]) => {
      const [text, parameters] = args;
      const name = typeof text === 'string' ? statementName(text) : undefined;
      if (name) return client.query({ name, text: text as string, values: [...(parameters as unknown[])] });
      return (client.query as (...a: unknown[]) => unknown).apply(client, args);
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function copyStatement(
  table: string,
  columns: readonly string[],
  source: string,
  format: 'csv' | 'text' = 'csv',
): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  return `COPY "${table}" (${cols}) FROM ${source} WITH (FORMAT ${format})`;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection the server drops (restart, failover, an administrator's terminate) is discarded by
    // the pool; without a listener its error event would crash the whole process.
    pool.on('error', (err) =>
      process.stderr.write(`Database connection lost (the pool replaces it): ${err.message}\n`),
    );
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    await sql`select 1`.execute(db);
    const copyIn = async (statement: string, data: readonly (string | Uint8Array)[]) => {
      const client = await pool.connect();
      try {
        await pipeline(Readable.from(data), client.query(copyFrom(statement)));
      } finally {
        client.release();
      }
    };
    return {
      kind: 'postgresql',
      db,
      copyCsv: (table, columns, csv) => copyIn(copyStatement(table, columns, 'STDIN'), [csv]),
      copyText: (table, columns, text) => copyIn(copyStatement(table, columns, 'STDIN', 'text'), text),
      close: () => db.destroy(),
    };
  }

  const release = lockDataDir(options.dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
    const pglite: PGlite = await PGlite.create(options.dataDir);
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'pglite',
      db,
      async copyCsv(table, columns, csv) {
        await pglite.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob([csv]) });
      },
      async copyText(table, columns, text) {
        await pglite.query(copyStatement(table, columns, `'/dev/blob'`, 'text'), [], {
          blob: new Blob([...text]),
        });
      },
      async close() {
        try {
          await db.destroy();
          await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}
