import type { CalcIssue, CalcRequest } from './contract.js';

/** Input that cannot be calculated at all (calculation-api.md §4.3, §5.2): exit 2 / HTTP 400-415. */
export interface Unusable {
  errors: [CalcIssue];
}

export function unusable(type: string, message: string): Unusable {
  return { errors: [{ type, message, fields: [] }] };
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Parses one request: UTF-8 text with an optional byte-order mark and surrounding white space, which must
 * be a JSON object.
 */
export function parseRequest(text: string): { request: CalcRequest } | Unusable {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    // Newer V8 reports a position; Node 20 often gives only the reason, which is still worth showing.
    const where =
      position !== undefined
        ? lineAndColumn(trimmed, Number(position))
        : trimmed === ''
          ? 'the input is empty'
          : (err as Error).message;
    return unusable('MALFORMED_JSON', `The input is not valid JSON (${where})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return unusable('INVALID_BODY', `The request must be one JSON object, not ${kind}`);
  }
  return { request: value as CalcRequest };
}
