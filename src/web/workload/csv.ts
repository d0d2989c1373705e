import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';

// CSV downloads of the workload tables: the same rows as the page tables, with the same headings.

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => c.value(r) ?? ''))]);
}

export function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  columns: readonly CsvColumn<T>[],
  rows: readonly T[],
) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`)
    .header('cache-control', 'no-store')
    .send(toCsv(columns, rows));
}
