import type { RequestReader } from '../calculation/fields.js';
import { SEXES, type Sex } from './risk-inputs.js';

// Applicability and sexual-count checks shared by the legacy sexual predictors OSP/DC and OSP/IIC
// (risk-predictors.md §6.1, §7; calculation-api.md §6.6–6.7). The 2026 DC-SRP and IIC-SRP use other rules.

export const SEXUAL_COUNT_FIELDS = [
  'contactAdultSexualSanctions',
  'contactChildSexualSanctions',
  'nonContactSexualOffences',
  'indecentImageSanctions',
] as const;

export interface SexualCounts {
  contactAdult: number;
  contactChild: number;
  nonContact: number;
  images: number;
}

export type OspApplicability =
  /** A female, or a male with no sexual-offence history: the predictor does not apply. */
  { applicable: false; femaleVersion: boolean } | { applicable: true; counts: SexualCounts };

export interface SexAndHistory {
  sex: Sex | undefined;
  sexualOffenceHistory: boolean | undefined;
}

/** Reads the two answers that decide whether a sexual predictor applies; both are always required. */
export function readSexAndHistory(r: RequestReader): SexAndHistory {
  return { sex: r.enumValue('sex', SEXES), sexualOffenceHistory: r.boolean('sexualOffenceHistory') };
}

/** A male with a sexual-offence history: the only person the legacy sexual predictors score. */
export function isScored(person: SexAndHistory): boolean {
  return person.sex === 'MALE' && person.sexualOffenceHistory === true;
}

/**
 * Reads the four sexual counts and checks them against sex and history (§6.1). Returns undefined when the
 * predictor's applicability cannot be settled; the problems are then on the reader.
 */
export function readOspCounts(r: RequestReader, person: SexAndHistory): OspApplicability | undefined {
  const values = SEXUAL_COUNT_FIELDS.map((f) => r.integer(f, { required: false, min: 0 }));
  const given = SEXUAL_COUNT_FIELDS.filter((f) => r.has(f));

  if (person.sex === 'MALE' && person.sexualOffenceHistory === false && given.length > 0) {
    r.addError(
      'SEXUAL_OFFENDING_INCONSISTENT_INPUT',
      `Sexual counts are given (${given.join(', ')}) but sexualOffenceHistory is false`,
      ['sexualOffenceHistory', ...given],
    );
  }
  if (isScored(person)) {
    const missing = SEXUAL_COUNT_FIELDS.filter((f) => !r.has(f));
    if (missing.length > 0) {
      r.addError(
        'SEXUAL_OFFENDING_MISSING_COUNTS',
        `sexualOffenceHistory is true, so every sexual count is needed; missing: ${missing.join(', ')}`,
        missing,
      );
    } else if (values.every((v) => v === 0)) {
      r.addError(
        'SEXUAL_OFFENDING_MISSING_COUNTS',
        'sexualOffenceHistory is true, but all four sexual counts are 0',
        [...SEXUAL_COUNT_FIELDS],
      );
    }
  }

  if (person.sex === undefined || person.sexualOffenceHistory === undefined) return undefined;
  if (!isScored(person)) return { applicable: false, femaleVersion: person.sex === 'FEMALE' };
  const [contactAdult, contactChild, nonContact, images] = values;
  if (
    contactAdult === undefined ||
    contactChild === undefined ||
    nonContact === undefined ||
    images === undefined
  )
    return undefined;
  return { applicable: true, counts: { contactAdult, contactChild, nonContact, images } };
}
