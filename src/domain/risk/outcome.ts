import type { CalcIssue } from '../calculation/contract.js';

/**
 * What a predictor gives application code: its typed result, or every error found (never both, and never a
 * partial score), plus non-blocking warnings. The shape is the contract's CalculatorOutcome, so a calculator
 * can return it as it is.
 */
export type Outcome<R> =
  { result: R; warnings: CalcIssue[] } | { errors: CalcIssue[]; warnings: CalcIssue[] };

export function isRefused<R>(outcome: Outcome<R>): outcome is { errors: CalcIssue[]; warnings: CalcIssue[] } {
  return 'errors' in outcome;
}
