import { isIsoDate } from '../calculation/fields.js';
import type { MappaCategory, RoshLevel } from './registrations.js';

// Shared wording for the plain-English explanations both models give, so the web pages and the API show a
// rule the same way.

/** A percentage as practitioners read it: at least two decimal places ("62.00%"), never rounded away. */
export function formatPercent(score: number): string {
  const text = String(score);
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  return `${decimals >= 2 ? text : score.toFixed(2)}%`;
}

export const ROSH_WORDS: Readonly<Record<RoshLevel, string>> = {
  VERY_HIGH: 'Very High',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
};

export function roshPhrase(rosh: RoshLevel | null): string {
  return rosh === null ? 'no RoSH recorded' : `${ROSH_WORDS[rosh]} RoSH`;
}

export function mappaCategoryPhrase(category: MappaCategory): string {
  return `MAPPA category ${category.slice(1)}`;
}

/** An issue in the calculation contract's shape (calculation-api.md §3.3), for callers of the typed functions. */
export function issue(type: string, message: string, fields: string[]) {
  return { type, message, fields };
}

/** A date given but not real: absent dates are allowed wherever the tier models take one. */
export function isInvalidDate(value: string | null | undefined): boolean {
  return value !== undefined && value !== null && !isIsoDate(value);
}

/** The refusal for such a date. The field path is built only then: most inputs have every date right. */
export function invalidDateIssue(field: string) {
  return issue('INVALID_VALUE', `${field} must be a real date in the form YYYY-MM-DD`, [field]);
}
