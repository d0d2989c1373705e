import { describe, expect, it } from 'vitest';
import { firstDayMoreThanYearsAfter, subtractCalendarYears, subtractWeeks } from './calendar.js';

describe('subtractCalendarYears', () => {
  it('gives 28 February for 29 February minus a year', () => {
    expect(subtractCalendarYears('2024-02-29', 1)).toBe('2023-02-28');
    expect(subtractCalendarYears('2028-02-29', 5)).toBe('2023-02-28');
  });

  it('keeps 29 February when the earlier year is a leap year', () => {
    expect(subtractCalendarYears('2028-02-29', 4)).toBe('2024-02-29');
  });

  it('keeps the day of the month otherwise', () => {
    expect(subtractCalendarYears('2026-03-02', 1)).toBe('2025-03-02');
    expect(subtractCalendarYears('2026-01-01', 5)).toBe('2021-01-01');
  });
});

describe('subtractWeeks', () => {
  it('counts 55 weeks as 385 days, across a leap day', () => {
    expect(subtractWeeks('2026-03-02', 55)).toBe('2025-02-10');
    expect(subtractWeeks('2025-03-10', 55)).toBe('2024-02-19');
  });
});

describe('firstDayMoreThanYearsAfter', () => {
  it('is the day after the anniversary in ordinary years', () => {
    expect(firstDayMoreThanYearsAfter('2025-06-10', 1)).toBe('2026-06-11');
  });

  it('skips 29 February when it still maps back onto the date', () => {
    // 2024-02-29 minus a year is 2023-02-28, so a 2023-02-28 release is still "within 1 year" that day.
    expect(firstDayMoreThanYearsAfter('2023-02-28', 1)).toBe('2024-03-01');
  });

  it('handles a 29 February start', () => {
    expect(firstDayMoreThanYearsAfter('2024-02-29', 1)).toBe('2025-03-01');
    expect(firstDayMoreThanYearsAfter('2024-02-29', 4)).toBe('2028-03-01');
  });
});
