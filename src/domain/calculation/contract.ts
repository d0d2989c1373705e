// Shapes of the public calculation contract (shared/specs/calculation-api.md §3). Every calculator is a
// pure function from a request object to one of these responses; the CLI and the HTTP API only transport them.

export interface CalcIssue {
  /** UPPER_SNAKE_CASE code from calculation-api.md §3.4. */
  type: string;
  /** Plain-English sentence naming the field and the problem. */
  message: string;
  /** Input paths concerned, e.g. "dateOfBirth", "registrations[2].code". */
  fields: string[];
  /** Only on COMPONENT_VALIDATION_ERROR: the refused component calculators. */
  components?: string[];
  /** Only on an issue passed up from a component calculator. */
  component?: string;
}

export type CalcRequest = Record<string, unknown>;

interface ResponseHead {
  calculator: string;
  modelVersion: string;
  calculationDate: string;
  warnings: CalcIssue[];
}

/** A computed result: the head plus the calculator's own result fields. */
export type CalcResult = ResponseHead & { [field: string]: unknown; errors?: never };
/** A refusal: the head plus a non-empty errors array and none of the result fields. */
export type CalcRefusal = ResponseHead & { errors: CalcIssue[] };
export type CalcResponse = CalcResult | CalcRefusal;

export function isRefusal(response: CalcResponse): response is CalcRefusal {
  return Array.isArray(response.errors) && response.errors.length > 0;
}

export interface Calculator {
  /** Lower-case name exactly as calculation-api.md §1 lists it. */
  name: string;
  modelVersion: string;
  /** The request fields this calculator reads (top level); others produce one UNKNOWN_FIELD warning. */
  knownFields: readonly string[];
  /** A JSON Schema of the request for the OpenAPI document (documentation; validation is the calculator's). */
  requestSchema: Record<string, unknown>;
  /**
   * Pure: reads no database and no clock. `calculationDate` is already resolved (the request's, or today in
   * Europe/London) and validated. Returns the result fields, or the errors (never both), plus warnings.
   */
  calculate(request: CalcRequest, calculationDate: string): CalculatorOutcome;
}

export type CalculatorOutcome =
  { result: Record<string, unknown>; warnings: CalcIssue[] } | { errors: CalcIssue[]; warnings: CalcIssue[] };
