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

/**
 * A candidate CRN from a source of random numbers in [0, 1): a capital letter and six digits. Candidates are
 * random rather than sequential because CRNs already issued (by nDelius, by the seed) are spread over the
 * whole range; the caller checks the candidate is unused, and the unique index guarantees it is never reused.
 */
export function candidateCrn(random: () => number = Math.random): string {
  const letter = String.fromCharCode(65 + Math.floor(random() * 26));
  const digits = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
  return `${letter}${digits}`;
}
