import { isIsoDate } from '../calculation/fields.js';
import { ValidationError, type FieldProblem } from '../validation.js';
import { parseCrn } from './crn.js';

/**
 * National search criteria (issue #2): CRN, names, date of birth or PNC number, checked once here for both
 * the search page and the API. Names match as case-insensitive prefixes of the forename or surname (or of an
 * alias), so "smi" finds Smith and Smithson; every criterion given must match.
 */
export interface PersonSearchCriteria {
  crn?: string;
  forename?: string;
  surname?: string;
  /** Words that must each begin the forename or the surname. */
  nameWords?: string[];
  dateOfBirth?: string;
  pnc?: string;
}

export interface PersonSearchInput {
  /** One box that may hold any of the others: a CRN, a date of birth, a PNC number or names. */
  search?: string;
  crn?: string;
  name?: string;
  forename?: string;
  surname?: string;
  dateOfBirth?: string;
  pnc?: string;
}

const NAME = /^[\p{L}][\p{L}' -]*$/u;
const MAX_NAME = 35;
const PNC = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/;
const UK_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * PNC numbers are stored as "YYYY/NNNNNNNL" (4-digit year, 7-digit serial, check letter); typed input may
 * use a 2-digit year or drop leading zeros. Returns undefined when the input cannot be a PNC number.
 */
export function normalisePnc(input: string, today: string): string | undefined {
  const m = PNC.exec(input.replace(/\s+/g, '').toUpperCase());
  if (!m) return undefined;
  let year = m[1]!;
  if (year.length === 2) {
    // A 2-digit year is this century unless that would be in the future.
    const thisYear = Number(today.slice(2, 4));
    year = `${Number(year) > thisYear ? '19' : '20'}${year}`;
  }
  return `${year}/${m[2]!.padStart(7, '0')}${m[3]}`;
}

function nameWords(value: string): string[] {
  return value.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

function readName(field: string, value: string, problems: FieldProblem[], label: string): string | undefined {
  const v = value.trim().replace(/\s+/g, ' ');
  if (v.length > MAX_NAME)
    problems.push({ field, problem: `${label} must be ${MAX_NAME} characters or fewer` });
  else if (!NAME.test(v)) {
    problems.push({ field, problem: `${label} must only include letters, spaces, hyphens and apostrophes` });
  } else return v.toLowerCase();
  return undefined;
}

function readDate(field: string, value: string, today: string, problems: FieldProblem[]): string | undefined {
  const v = value.trim();
  const uk = UK_DATE.exec(v);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : v;
  if (!isIsoDate(iso)) problems.push({ field, problem: 'Date of birth must be a real date, like 27 3 1990' });
  else if (iso > today) problems.push({ field, problem: 'Date of birth must be in the past' });
  else return iso;
  return undefined;
}

const present = (v: string | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks and normalises search input. Throws one ValidationError (422) listing every problem, each naming its
 * field; `emptyField` is the field blamed when nothing at all was entered.
 */
export function parsePersonSearch(
  input: PersonSearchInput,
  today: string,
  emptyField: string,
): PersonSearchCriteria {
  const problems: FieldProblem[] = [];
  const criteria: PersonSearchCriteria = {};

  if (present(input.search)) {
    const text = input.search.trim();
    const crn = parseCrn(text);
    const pnc = normalisePnc(text, today);
    if (crn) criteria.crn = crn;
    else if (pnc) criteria.pnc = pnc;
    else if (/^[\d/.-]+$/.test(text)) criteria.dateOfBirth = readDate('search', text, today, problems);
    else if (readName('search', text, problems, 'Search')) criteria.nameWords = nameWords(text);
  }
  if (present(input.crn)) {
    const crn = parseCrn(input.crn);
    if (crn) criteria.crn = crn;
    else problems.push({ field: 'crn', problem: 'Enter a CRN in the correct format, like X123456' });
  }
  if (present(input.name) && readName('name', input.name, problems, 'Name'))
    criteria.nameWords = nameWords(input.name);
  if (present(input.forename))
    criteria.forename = readName('forename', input.forename, problems, 'First name');
  if (present(input.surname)) criteria.surname = readName('surname', input.surname, problems, 'Last name');
  if (present(input.dateOfBirth))
    criteria.dateOfBirth = readDate('dateOfBirth', input.dateOfBirth, today, problems);
  if (present(input.pnc)) {
    const pnc = normalisePnc(input.pnc, today);
    if (pnc) criteria.pnc = pnc;
    else
      problems.push({
        field: 'pnc',
        problem: 'Enter a PNC number in the correct format, like 2012/0123456X',
      });
  }

  if (problems.length > 0) throw new ValidationError(problems, 422);
  const given = Object.values(criteria).some((v) => v !== undefined);
  if (!given) {
    throw new ValidationError(
      [{ field: emptyField, problem: 'Enter a CRN, name, date of birth or PNC number' }],
      422,
    );
  }
  return criteria;
}
