/** One problem with one input field, shown in a GOV.UK error summary or returned by the API as-is. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** The one error type for bad input: the web shows an error summary, the API a 400/422, never a 500. */
export class ValidationError extends Error {
  constructor(
    readonly problems: FieldProblem[],
    readonly status: 400 | 404 | 409 | 422 = 422,
  ) {
    super(problems.map((p) => `${p.field}: ${p.problem}`).join('; '));
    this.name = 'ValidationError';
  }
}
