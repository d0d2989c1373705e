/** CRN: one capital letter and six digits (domain.md §2). */
const CRN_PATTERN = /^[A-Z][0-9]{6}$/;

/**
 * Normalises typed input (trimmed, upper-cased) and returns the CRN, or undefined when it cannot be one:
 * an invalid CRN means "not found" without touching the database.
 */
export function parseCrn(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const crn = input.trim().toUpperCase();
  return CRN_PATTERN.test(crn) ? crn : undefined;
}
