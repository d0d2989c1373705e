import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addWorkingDays,
  bankHolidays,
  isWorkingDay,
  londonDate,
  workingDaysBetween,
} from './working-days.js';

describe('England and Wales working days', () => {
  it('knows the bank holidays, substitute days and one-off days, and no observances', () => {
    expect([...bankHolidays(2026)]).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-26',
      '2026-12-28',
    ]);
    expect(isWorkingDay('2022-09-19')).toBe(false); // State funeral of Queen Elizabeth II
    expect(isWorkingDay('2023-05-08')).toBe(false); // Coronation of King Charles III
    expect(isWorkingDay('2027-12-27')).toBe(false); // Christmas Day substitute
    expect(isWorkingDay('2027-12-28')).toBe(false); // Boxing Day substitute
    expect(isWorkingDay('2026-03-15')).toBe(false); // a Sunday (Mother's Day is an observance, not a holiday)
    expect(isWorkingDay('2026-12-24')).toBe(true);
  });

  it('counts 3 working days from a Friday to the Wednesday, skipping the weekend', () => {
    expect(addWorkingDays('2026-12-18', 3)).toBe('2026-12-23');
    expect(workingDaysBetween('2026-12-18', '2026-12-21')).toBe(1);
    expect(workingDaysBetween('2026-12-19', '2026-12-21')).toBe(1);
    expect(workingDaysBetween('2026-12-21', '2026-12-21')).toBe(0);
  });

  it('skips Christmas, Boxing Day substitute and Easter bank holidays', () => {
    // Thu 24 (1), Fri 25 and Mon 28 are holidays, Tue 29 (2), Wed 30 (3).
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-30');
    expect(workingDaysBetween('2026-12-23', '2026-12-29')).toBe(2);
    // Good Friday 3 April and Easter Monday 6 April 2026.
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
  });

  it('counts backwards from a release date across the new year', () => {
    // Fri 1 Jan 2027, Mon 28 and Fri 25 Dec 2026 are holidays.
    expect(addWorkingDays('2027-01-04', -10)).toBe('2026-12-16');
    expect(workingDaysBetween('2027-01-04', '2026-12-16')).toBe(-10);
  });

  it('adding n working days and counting them back agree, and land on a working day', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 40 }),
        (d, n) => {
          const start = d.toISOString().slice(0, 10);
          const end = addWorkingDays(start, n);
          expect(workingDaysBetween(start, end)).toBe(n);
          if (n > 0) expect(isWorkingDay(end)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('dates an instant in Europe/London, so a case queued after midnight BST belongs to the next day', () => {
    expect(londonDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
  });
});
