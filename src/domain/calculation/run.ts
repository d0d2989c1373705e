import type { CalcIssue, CalcRequest, CalcResponse, Calculator } from './contract.js';
import { isIsoDate } from './fields.js';

/** Today's date in Europe/London as YYYY-MM-DD: the contract's default calculationDate (§2.2). */
export function todayInLondon(now: Date = new Date()): string {
  return LONDON_DATE.format(now);
}

// Built once: constructing an Intl formatter costs far more than formatting, and pages ask for today often.
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Runs one request through a calculator: resolves calculationDate, warns about unknown fields, and shapes
 * the computed result or refusal exactly as calculation-api.md §3 describes.
 */
export function runCalculator(
  calculator: Calculator,
  request: CalcRequest,
  today: string = todayInLondon(),
): CalcResponse {
  const head = { calculator: calculator.name, modelVersion: calculator.modelVersion };
  const warnings: CalcIssue[] = [];
  const unknown = Object.keys(request).filter(
    (k) => k !== 'calculationDate' && !calculator.knownFields.includes(k),
  );
  if (unknown.length > 0) {
    warnings.push({
      type: 'UNKNOWN_FIELD',
      message: `Ignored unknown field(s): ${unknown.join(', ')}`,
      fields: unknown,
    });
  }
  const requested = request.calculationDate ?? undefined;
  if (requested !== undefined && !isIsoDate(requested)) {
    return {
      ...head,
      calculationDate: today,
      errors: [
        {
          type: 'INVALID_VALUE',
          message: 'calculationDate must be a real date in the form YYYY-MM-DD',
          fields: ['calculationDate'],
        },
      ],
      warnings,
    };
  }
  const calculationDate = (requested as string | undefined) ?? today;
  const outcome = calculator.calculate(request, calculationDate);
  if ('errors' in outcome && outcome.errors.length > 0) {
    return { ...head, calculationDate, errors: outcome.errors, warnings: [...warnings, ...outcome.warnings] };
  }
  const result = 'result' in outcome ? outcome.result : {};
  return { ...head, calculationDate, ...result, warnings: [...warnings, ...outcome.warnings] };
}
