import { sql, type RawBuilder } from 'kysely';
import type { Cell } from './csv-rows.js';

// Many rows in one statement: each column goes as one text array parameter and is cast back to its type in
// the SELECT over unnest(…). Text arrays are cheaper for PostgreSQL to read than one big JSON parameter, and
// the statement is the same whatever the number of rows.

/** A stored column and the SQL type its text form is cast to. */
export type Column = readonly [name: string, type: string];

/** A PostgreSQL array literal of text elements, each quoted so no value can break it. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** `select u.a::type, … from unnest($1::text[], …) as u(a, …)` over rows of cells in column order. */
export function unnestRows(columns: readonly Column[], rows: readonly Cell[][]): RawBuilder<unknown> {
  const arrays = columns.map((_, i) =>
    rows.map((r) => {
      const v = r[i];
      return v === null || v === undefined ? null : String(v);
    }),
  );
  return sql`select ${sql.join(columns.map(([name, type]) => sql`u.${sql.id(name)}::${sql.raw(type)} as ${sql.id(name)}`))}
    from unnest(${sql.join(arrays.map((a) => sql`${a}::text[]`))}) as u(${sql.join(columns.map(([name]) => sql.id(name)))})`;
}

/** `insert into table (columns) select … from unnest(…)`. */
export function insertRows(
  table: string,
  columns: readonly Column[],
  rows: readonly Cell[][],
): RawBuilder<unknown> {
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([name]) => sql.id(name)))})
    ${unnestRows(columns, rows)}`;
}
