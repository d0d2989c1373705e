import type { Database } from '../db/connection.js';

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV field in PostgreSQL's CSV format: NULL is an unquoted empty field, '' a quoted one. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value === '' || NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** Rows for one table, kept as CSV text until they are copied. */
export class TableRows {
  // Lines are joined into larger pieces every few hundred rows so the many small strings die young: holding
  // them until the copy made the garbage collector promote and trace millions of tiny strings.
  private lines: string[] = [];
  private pieces: string[] = [];
  private rows = 0;
  count = 0;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(values: readonly Cell[]): void {
    let line = csvField(values[0]);
    for (let i = 1; i < values.length; i++) line += ',' + csvField(values[i]);
    this.lines.push(line);
    if (this.lines.length === 512) {
      this.pieces.push(this.lines.join('\n') + '\n');
      this.lines = [];
    }
    this.rows++;
    this.count++;
  }

  get pending(): number {
    return this.rows;
  }

  take(): string | null {
    if (this.rows === 0) return null;
    if (this.lines.length > 0) this.pieces.push(this.lines.join('\n') + '\n');
    const text = this.pieces.join('');
    this.lines = [];
    this.pieces = [];
    this.rows = 0;
    return text;
  }
}

export interface ProgressUpdate {
  phase: string;
  /** People generated so far, out of totalPeople. */
  people: number;
  totalPeople: number;
  /** Rows copied so far, all tables together. */
  rows: number;
  rowsByTable: Record<string, number>;
  elapsedMs: number;
}

/**
 * Runs COPY statements one after another while the generator keeps producing the next batch, so on a
 * PostgreSQL server the database and Node work at the same time. Order is kept: a batch's parents are copied
 * before its children.
 */
export class CopyQueue {
  private tail: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failure: unknown = null;
  readonly copiedByTable: Record<string, number> = {};
  copied = 0;

  constructor(
    private readonly database: Pick<Database, 'copyCsv'>,
    private readonly maxInFlight = 3,
  ) {}

  /** Queues every pending row of the given tables, in that order, as one unit of work. */
  async flush(tables: readonly TableRows[]): Promise<void> {
    const work = tables
      .map((t) => ({ table: t.table, columns: t.columns, rows: t.pending, text: t.take() }))
      .filter((w) => w.text !== null);
    if (work.length === 0) return;
    this.inFlight++;
    this.tail = this.tail.then(async () => {
      try {
        if (this.failure) return;
        for (const w of work) {
          await this.database.copyCsv(w.table, w.columns, w.text!);
          this.copiedByTable[w.table] = (this.copiedByTable[w.table] ?? 0) + w.rows;
          this.copied += w.rows;
        }
      } catch (err) {
        this.failure ??= err;
      } finally {
        this.inFlight--;
      }
    });
    while (this.inFlight >= this.maxInFlight) await this.settleOne();
    this.throwIfFailed();
  }

  private async settleOne(): Promise<void> {
    const current = this.tail;
    await Promise.race([current, new Promise((r) => setTimeout(r, 20))]);
  }

  async drain(): Promise<void> {
    await this.tail;
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
