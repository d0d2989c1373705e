import type { Database } from '../db/connection.js';
import type { TableRows } from '../db/csv-rows.js';

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
