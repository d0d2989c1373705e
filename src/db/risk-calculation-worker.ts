import { parentPort } from 'node:worker_threads';
import type { CaseFacts } from '../domain/risk/case-inputs.js';
import { planPeople } from '../domain/risk/recalculation.js';
import { parseStoredFingerprints } from './risk-fingerprints.js';
import { firstCalculationRows, type RowContext } from './risk-rows.js';

// A calculation thread of the bulk recalculation (risk-workers.ts): it receives one chunk's case facts as JSON
// text (risk-record.ts gatherCaseFactsJson) and either the stored fingerprints, also as one text (answering
// with the first pass's candidates, exactly the pure core the single-person path runs) or, for a store with
// nothing in it yet, the row context (answering with the rows, ready to copy). Parsing here keeps that work off
// the thread that talks to the database.

export type ChunkRequest =
  | { id: number; kind: 'plan'; today: string; factsJson: string; storedText: string }
  | { id: number; kind: 'first'; today: string; factsJson: string; context: RowContext };

parentPort!.on('message', (request: ChunkRequest) => {
  try {
    const started = performance.now();
    const facts = JSON.parse(request.factsJson) as CaseFacts[];
    if (request.kind === 'first') {
      const parseMs = performance.now() - started;
      const rows = firstCalculationRows(facts, request.today, request.context);
      rows.coreMs += parseMs;
      // The row bytes move to the main thread instead of being copied.
      const buffers = [rows.recalculations, rows.scores, rows.tiers].flatMap((b) =>
        (b ?? []).map((block) => block.buffer),
      );
      parentPort!.postMessage({ id: request.id, answer: rows }, buffers);
    } else {
      const plans = planPeople(facts, parseStoredFingerprints(request.storedText), request.today);
      parentPort!.postMessage({ id: request.id, answer: { plans, ms: performance.now() - started } });
    }
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: err instanceof Error ? err.stack : String(err) });
  }
});
