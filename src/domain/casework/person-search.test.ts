import { describe, expect, it } from 'vitest';
import { normalisePnc, parsePersonSearch } from './person-search.js';
import { ValidationError } from '../validation.js';

const TODAY = '2026-11-02';

function problems(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('parsePersonSearch', () => {
  it('normalises a CRN, names, a UK or ISO date of birth and a PNC number', () => {
    expect(
      parsePersonSearch(
        { crn: ' x123456 ', forename: 'Ann', surname: "O'Brien", dateOfBirth: '7/3/1990', pnc: '12/123x' },
        TODAY,
        'crn',
      ),
    ).toEqual({
      crn: 'X123456',
      forename: 'ann',
      surname: "o'brien",
      dateOfBirth: '1990-03-07',
      pnc: '2012/0000123X',
    });
  });

  it('reads one search box as a CRN, a PNC number, a date of birth or names', () => {
    expect(parsePersonSearch({ search: 'a000001' }, TODAY, 'search')).toEqual({ crn: 'A000001' });
    expect(parsePersonSearch({ search: '2008/2332168Y' }, TODAY, 'search')).toEqual({ pnc: '2008/2332168Y' });
    expect(parsePersonSearch({ search: '1990-03-07' }, TODAY, 'search')).toEqual({
      dateOfBirth: '1990-03-07',
    });
    expect(parsePersonSearch({ search: ' Sam  SMITH ' }, TODAY, 'search')).toEqual({
      nameWords: ['sam', 'smith'],
    });
  });

  it('names every field that is wrong', () => {
    expect(
      problems(() =>
        parsePersonSearch(
          { crn: 'X12', surname: 'Sm1th', dateOfBirth: '31/2/1990', pnc: 'nope' },
          TODAY,
          'crn',
        ),
      ).map((p) => p.field),
    ).toEqual(['crn', 'surname', 'dateOfBirth', 'pnc']);
    expect(
      problems(() => parsePersonSearch({ dateOfBirth: '2030-01-01' }, TODAY, 'crn'))[0]!.problem,
    ).toMatch(/past/);
  });

  it('blames the given field when nothing was entered', () => {
    expect(problems(() => parsePersonSearch({ crn: '  ' }, TODAY, 'search'))).toEqual([
      { field: 'search', problem: 'Enter a CRN, name, date of birth or PNC number' },
    ]);
  });
});

describe('normalisePnc', () => {
  it('takes a 2-digit year as this century unless that is in the future', () => {
    expect(normalisePnc('26/1A', TODAY)).toBe('2026/0000001A');
    expect(normalisePnc('95/1A', TODAY)).toBe('1995/0000001A');
    expect(normalisePnc('2026/12345678A', TODAY)).toBeUndefined();
  });
});
