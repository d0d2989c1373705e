import { Worker } from 'node:worker_threads';
import type { CandidatePlan } from '../domain/risk/recalculation.js';
import type { ChunkRequest } from './risk-calculation-worker.js';
import type { FirstCalculationRows, RowContext } from './risk-rows.js';

// Threads for the bulk recalculation's pure core. The predictors spend their time in decimal exp and ln, so on
// a many-core server the calculation runs on every core while the main thread reads and writes the database.
// Casework has no build step: like bin/casework.js, each thread registers tsx before loading the TypeScript
// worker module.

const WORKER_MODULE = new URL('./risk-calculation-worker.ts', import.meta.url).href;

/**
 * The script each thread starts with. Resolved only when a pool is made: some module runners (Vitest's global
 * setup) have no import.meta.resolve, and resolving at import time failed every importer there, even those
 * that never start a thread.
 */
function bootstrap(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return `
import(${JSON.stringify(tsxApi)})
  .then(({ register }) => { register(); return import(${JSON.stringify(WORKER_MODULE)}); });
`;
}

interface Pending {
  resolve: (answer: never) => void;
  reject: (err: Error) => void;
}

export class CalculationPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: { take: (w: Worker) => void; fail: (err: Error) => void }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly workers: Worker[];
  private nextId = 0;
  /** Set once a thread has failed or ended: later chunks are refused rather than sent to a dead thread. */
  private broken: Error | null = null;

  constructor(size: number) {
    const script = bootstrap();
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { eval: true });
      worker.on('message', (m: { id: number; answer?: never; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        this.release(worker);
        if (m.error !== undefined) p?.reject(new Error(`risk calculation thread failed: ${m.error}`));
        else p?.resolve(m.answer!);
      });
      worker.on('error', (err) => this.failAll(err instanceof Error ? err : new Error(String(err))));
      // A thread that ends (closed, or out of memory) answers nothing more, so nothing may wait for it.
      worker.on('exit', () => this.failAll(new Error('risk calculation thread ended')));
      this.idle.push(worker);
      return worker;
    });
  }

  /** The first pass of one chunk (its candidates), calculated on the next free thread, and the thread's milliseconds. */
  plan(
    factsJson: string,
    storedText: string,
    today: string,
  ): Promise<{ plans: CandidatePlan[]; ms: number }> {
    return this.send({ id: 0, kind: 'plan', today, factsJson, storedText });
  }

  /** The rows of one chunk's first calculation, ready to copy (risk-rows.ts firstCalculationRows). */
  firstCalculation(factsJson: string, today: string, context: RowContext): Promise<FirstCalculationRows> {
    return this.send({ id: 0, kind: 'first', today, factsJson, context });
  }

  private async send<T>(request: ChunkRequest): Promise<T> {
    if (this.broken) throw this.broken;
    const worker =
      this.idle.pop() ?? (await new Promise<Worker>((take, fail) => this.waiting.push({ take, fail })));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (answer: never) => void, reject });
      worker.postMessage({ ...request, id } satisfies ChunkRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next.take(worker);
    else this.idle.push(worker);
  }

  private failAll(err: Error): void {
    this.broken ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.waiting.splice(0)) w.fail(err);
  }
}
