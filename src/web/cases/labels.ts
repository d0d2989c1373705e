import type { CaseType } from '../../db/case-rules.js';
import type { RoshLevel } from '../../db/schema.js';

/** Words and tag colours the case pages show for codes. Presentation only: no rule is decided here. */

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  COMMUNITY: 'Community',
  CUSTODY: 'Custody',
  LICENCE: 'Licence',
  PRE_SENTENCE: 'Pre-sentence',
  UNKNOWN: 'Unknown',
};

const UNIT_WORDS: Record<string, [string, string]> = {
  DAYS: ['day', 'days'],
  WEEKS: ['week', 'weeks'],
  MONTHS: ['month', 'months'],
  YEARS: ['year', 'years'],
  HOURS: ['hour', 'hours'],
};

/** "12 months", "1 year", "150 hours"; empty when there is no length. */
export function lengthLabel(length: number | null, unit: string | null): string {
  if (length === null) return '';
  const words = unit ? UNIT_WORDS[unit] : undefined;
  if (!words) return String(length);
  return `${length} ${length === 1 ? words[0] : words[1]}`;
}

/** "ORA Community Order (12 months)". */
export function sentenceLabel(description: string, length: number | null, unit: string | null): string {
  const len = lengthLabel(length, unit);
  return len ? `${description} (${len})` : description;
}

export const ROSH_LABELS: Record<RoshLevel, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  VERY_HIGH: 'Very high',
};

export const ROSH_TAG_CLASSES: Record<RoshLevel, string> = {
  LOW: 'govuk-tag--green',
  MEDIUM: 'govuk-tag--yellow',
  HIGH: 'govuk-tag--orange',
  VERY_HIGH: 'govuk-tag--red',
};

/** Register type colours (register-types.ts) as GOV.UK tag classes. */
export const FLAG_TAG_CLASSES: Record<string, string> = {
  RED: 'govuk-tag--red',
  AMBER: 'govuk-tag--orange',
  GREEN: 'govuk-tag--green',
  WHITE: 'govuk-tag--grey',
};

/** "14:05:00" → "2:05pm", the GOV.UK style for times. */
export function timeLabel(time: string | null): string {
  if (!time) return '';
  const [h, m] = time.split(':').map(Number) as [number, number];
  const suffix = h < 12 ? 'am' : 'pm';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour}${suffix}` : `${hour}:${String(m).padStart(2, '0')}${suffix}`;
}
