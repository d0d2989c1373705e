import { parentPort } from 'node:worker_threads';
import type { CaseFacts } from '../domain/risk/case-inputs.js';
import { planPeople, type CurrentRecord } from '../domain/risk/recalculation.js';

// A calculation thread of the bulk recalculation (risk-workers.ts): it receives one chunk's case facts and
// stored records and answers with the plans, running exactly the pure core the single-person path runs.

export interface ChunkRequest {
  id: number;
  today: string;
  facts: CaseFacts[];
  current: Map<number, CurrentRecord>;
}

parentPort!.on('message', (request: ChunkRequest) => {
  try {
    const started = performance.now();
    const plans = planPeople(request.facts, request.current, request.today);
    parentPort!.postMessage({ id: request.id, plans, ms: performance.now() - started });
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: err instanceof Error ? err.stack : String(err) });
  }
});
