import type { RequestReader } from '../calculation/fields.js';
import { ageAt } from './age.js';
import { type LegacyOffenceError, legacyOffenceProblem } from './offence-code-mapping.js';

// Validation rules that several legacy predictors share (risk-predictors.md §2.6, §3.1, §8.1), each written
// once. Every helper records its problems on the reader and returns undefined when the value cannot be used,
// so a calculator can go on checking its other fields and report every problem at once.

/** The age models fall outside below this (risk-predictors.md §2.6). */
export const LEGACY_MINIMUM_AGE = 10;

/** ac, the age at conviction. The conviction must come after the birth, and the age be at least `minimumAge`. */
export function checkedAgeAtConviction(
  r: RequestReader,
  dateOfBirth: string | undefined,
  convictionDate: string | undefined,
  minimumAge: number,
): number | undefined {
  if (dateOfBirth === undefined || convictionDate === undefined) return undefined;
  if (convictionDate <= dateOfBirth) {
    r.addError(
      'DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH',
      'convictionDate must be after dateOfBirth',
      ['convictionDate', 'dateOfBirth'],
    );
    return undefined;
  }
  const age = ageAt(dateOfBirth, convictionDate);
  if (age < minimumAge) {
    r.addError(
      'AGE_AT_CURRENT_CONVICTION_LESS_THAN_TEN',
      `The age at convictionDate is ${age}; it must be at least ${minimumAge}`,
      ['convictionDate', 'dateOfBirth'],
    );
    return undefined;
  }
  return age;
}

/** a, the age at the follow-up start. The start must come after the birth, and the age be at least `minimumAge`. */
export function checkedAgeAtFollowUpStart(
  r: RequestReader,
  dateOfBirth: string | undefined,
  followUpStartDate: string | undefined,
  minimumAge: number,
): number | undefined {
  if (dateOfBirth === undefined || followUpStartDate === undefined) return undefined;
  if (followUpStartDate <= dateOfBirth) {
    r.addError(
      'DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH',
      'followUpStartDate must be after dateOfBirth',
      ['followUpStartDate', 'dateOfBirth'],
    );
    return undefined;
  }
  const age = ageAt(dateOfBirth, followUpStartDate);
  if (age < minimumAge) {
    r.addError(
      'AGE_AT_START_OF_FOLLOWUP_BELOW_MODEL_RANGE',
      `The age at followUpStartDate is ${age}; this model needs at least ${minimumAge}`,
      ['followUpStartDate', 'dateOfBirth'],
    );
    return undefined;
  }
  return age;
}

/** S, which counts the current sanction, so it is at least 1 (risk-predictors.md §2.3). */
export function readTotalSanctions(r: RequestReader): number | undefined {
  const total = r.integer('totalSanctions');
  if (total !== undefined && total < 1) {
    r.addError(
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
      'totalSanctions must be at least 1, because it counts the current sanction',
      ['totalSanctions'],
    );
    return undefined;
  }
  return total;
}

/** V, between 0 and S. */
export function readViolentSanctions(
  r: RequestReader,
  totalSanctions: number | undefined,
): number | undefined {
  const violent = r.integer('violentSanctions', { min: 0 });
  if (violent !== undefined && totalSanctions !== undefined && violent > totalSanctions) {
    r.addError(
      'VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS',
      'violentSanctions must not be more than totalSanctions',
      ['violentSanctions', 'totalSanctions'],
    );
    return undefined;
  }
  return violent;
}

export type AgeAtFirstSanctionSource = 'ageAtFirstSanction' | 'firstSanctionDate';

/**
 * af, the age at the first sanction (calculation-api.md §6.1): `ageAtFirstSanction` when given, otherwise
 * derived from `firstSanctionDate` with the age-at-a-date rule. When both are absent the missing field is
 * `ageAtFirstSanction`. `source` names the field the age came from, for error messages.
 */
export function readAgeAtFirstSanction(
  r: RequestReader,
  dateOfBirth: string | undefined,
): { age: number | undefined; source: AgeAtFirstSanctionSource } {
  const givenAge = r.integer('ageAtFirstSanction', { required: false, min: 0 });
  const date = r.date('firstSanctionDate', { required: false });
  if (r.has('ageAtFirstSanction')) return { age: givenAge, source: 'ageAtFirstSanction' };
  if (!r.has('firstSanctionDate')) {
    r.addMissing('ageAtFirstSanction');
    return { age: undefined, source: 'ageAtFirstSanction' };
  }
  if (date === undefined || dateOfBirth === undefined) return { age: undefined, source: 'firstSanctionDate' };
  if (date < dateOfBirth) {
    r.invalid('firstSanctionDate', 'must not be before dateOfBirth');
    return { age: undefined, source: 'firstSanctionDate' };
  }
  return { age: ageAt(dateOfBirth, date), source: 'firstSanctionDate' };
}

/** The first sanction cannot come at an older age than the current conviction (af ≤ ac). */
export function checkFirstSanctionNotAfterConviction(
  r: RequestReader,
  ageAtFirstSanction: { age: number | undefined; source: AgeAtFirstSanctionSource },
  ageAtConviction: number | undefined,
): boolean {
  const af = ageAtFirstSanction.age;
  if (af === undefined || ageAtConviction === undefined) return true;
  if (af > ageAtConviction) {
    r.addError(
      'AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION',
      `The age at first sanction (${af}) is greater than the age at conviction (${ageAtConviction})`,
      [ageAtFirstSanction.source, 'convictionDate'],
    );
    return false;
  }
  return true;
}

/** Records a failed offence-code lookup as the error type the lookup gave. */
export function addOffenceLookupError(r: RequestReader, error: LegacyOffenceError): void {
  r.addError(error, legacyOffenceProblem(error, r.raw('offenceCode')), ['offenceCode']);
}
