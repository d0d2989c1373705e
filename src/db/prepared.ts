import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Queries on the hottest paths, built once and prepared once.
 *
 * Building and compiling a large Kysely query costs Node CPU on every call (about 2 ms for the case
 * overview, more than the database spends answering it), and planning it costs the database as much again.
 * Neither depends on the values, only on the query's shape: so the query is compiled once per process with
 * stand-ins for its values, and its SQL text is sent as a named prepared statement, parsed and planned once
 * per connection (PostgreSQL server only; see connection.ts).
 */

/** Stands in for a value while the query is compiled; replaced by the value at each run. */
class Slot {
  constructor(readonly key: string) {}
}

// SQL text → prepared statement name.
const statementNames = new Map<string, string>();

/** The prepared statement name for this SQL text, when it is one of the prepared queries. */
export function statementName(sqlText: string): string | undefined {
  return statementNames.get(sqlText);
}

/**
 * A query compiled on first use and run with fresh values. `build` receives stand-ins for the values and must
 * use each only as a value in the query, never to choose the query's shape (no `if (values.x)`): the shape
 * is fixed by the first compilation.
 */
export function preparedQuery<V extends Record<string, unknown>, O>(
  build: (db: Kysely<DB>, values: V) => Compilable<O>,
): (db: Kysely<DB>, values: V) => Promise<O[]> {
  const stand = new Proxy({} as V, { get: (_target, key) => new Slot(String(key)) });
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<O>>();
  return async (db, values) => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db, stand).compile();
      compiled.set(db, query);
      if (!statementNames.has(query.sql))
        statementNames.set(query.sql, `casework_${statementNames.size + 1}`);
    }
    const parameters = query.parameters.map((p) => (p instanceof Slot ? values[p.key] : p));
    const result = await db.executeQuery<O>({ ...query, parameters });
    return result.rows;
  };
}
