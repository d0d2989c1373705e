import type { RequestReader } from '../calculation/fields.js';
import type { Sex } from './risk-inputs.js';
import {
  isScored,
  readSexAndHistory,
  type SexAndHistory,
  SEXUAL_COUNT_FIELDS,
  type SexualCounts,
} from './osp-sexual-history.js';

// Applicability and the four sexual counts as DC-SRP and IIC-SRP read them (risk-predictors.md §11.7–11.8,
// calculation-api.md §6.11–6.12). Who is scored is as for the legacy predictors; the count checks differ: a
// missing count is an ordinary MISSING_MANDATORY_INPUT, and inconsistency and all-zero counts have their own
// 2026 error types.

export type SexualApplicability2026 =
  /** A female, or a male with no sexual-offence history: the predictor is NOT_APPLICABLE. */
  { applicable: false; sex: Sex } | { applicable: true; sex: 'MALE'; counts: SexualCounts };

/**
 * Reads sex, sexualOffenceHistory and the counts. `scored` says whether the person is a male with sexual
 * history, so the caller knows which of its own fields are required even when the counts fail; `applicability`
 * is undefined when it cannot be settled or the counts fail a check, with the problems on the reader.
 */
export function readSexualApplicability2026(r: RequestReader): {
  scored: boolean;
  applicability: SexualApplicability2026 | undefined;
} {
  const person = readSexAndHistory(r);
  const scored = isScored(person);
  return { scored, applicability: readCounts(r, person, scored) };
}

function readCounts(
  r: RequestReader,
  person: SexAndHistory,
  scored: boolean,
): SexualApplicability2026 | undefined {
  const [contactAdult, contactChild, nonContact, images] = SEXUAL_COUNT_FIELDS.map((f) =>
    r.integer(f, { required: scored, min: 0 }),
  );

  if (person.sex === 'MALE' && person.sexualOffenceHistory === false) {
    const given = SEXUAL_COUNT_FIELDS.filter((f) => r.has(f));
    if (given.length > 0) {
      r.addError(
        'SEXUAL_REOFFENDING_PREDICTOR_INCONSISTENT_INPUT',
        `Sexual counts are given (${given.join(', ')}) but sexualOffenceHistory is false`,
        ['sexualOffenceHistory', ...given],
      );
      return undefined;
    }
  }
  if (person.sex === undefined || person.sexualOffenceHistory === undefined) return undefined;
  if (!scored) return { applicable: false, sex: person.sex };
  if (
    contactAdult === undefined ||
    contactChild === undefined ||
    nonContact === undefined ||
    images === undefined
  )
    return undefined;
  if (contactAdult + contactChild + nonContact + images === 0) {
    r.addError(
      'SEXUAL_REOFFENDING_PREDICTOR_NO_SANCTIONS',
      'sexualOffenceHistory is true but all four sexual counts are 0',
      [...SEXUAL_COUNT_FIELDS],
    );
    return undefined;
  }
  return { applicable: true, sex: 'MALE', counts: { contactAdult, contactChild, nonContact, images } };
}
