import { describe, expect, it } from 'vitest';
import { addMonths, ageAt, offenceFreeMonths, wholeMonthsBetween, wholeYearsBetween } from './age.js';

describe('ageAt (risk-predictors.md §2.1)', () => {
  it('counts the birthday on the day itself', () => {
    expect(ageAt('1991-07-17', '2021-07-16')).toBe(29);
    expect(ageAt('1991-07-17', '2021-07-17')).toBe(30);
  });

  it('reaches a 29 February birthday on 1 March in a non-leap year, and on the day in a leap year', () => {
    expect(ageAt('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageAt('2000-02-29', '2018-03-01')).toBe(18);
    expect(ageAt('2000-02-29', '2020-02-29')).toBe(20);
  });
});

describe('wholeMonthsBetween', () => {
  it('completes a month only when the end day is at or after the start day, with no end-of-month clamping', () => {
    expect(wholeMonthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(wholeMonthsBetween('2024-01-31', '2024-03-31')).toBe(2);
    expect(wholeMonthsBetween('2024-01-15', '2024-02-14')).toBe(0);
    expect(wholeMonthsBetween('2024-01-15', '2024-02-15')).toBe(1);
  });

  it('is negative when the end comes first', () => {
    expect(wholeMonthsBetween('2025-03-15', '2025-03-10')).toBe(-1);
  });
});

describe('wholeYearsBetween', () => {
  it('is whole months ÷ 12, truncated', () => {
    expect(wholeYearsBetween('2020-01-02', '2025-01-01')).toBe(4);
    expect(wholeYearsBetween('2020-01-01', '2025-01-01')).toBe(5);
  });
});

describe('addMonths', () => {
  it('clamps to the end of a shorter month', () => {
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2026-01-01', 3)).toBe('2026-04-01');
  });
});

describe('offenceFreeMonths', () => {
  it('counts whole months from the follow-up start, 0 before it, capped at 36', () => {
    expect(offenceFreeMonths('2021-12-12', '2021-12-11')).toBe(0);
    expect(offenceFreeMonths('2021-12-12', '2022-01-11')).toBe(0);
    expect(offenceFreeMonths('2021-12-12', '2022-01-12')).toBe(1);
    expect(offenceFreeMonths('2021-12-12', '2024-12-11')).toBe(35);
    expect(offenceFreeMonths('2021-12-12', '2024-12-12')).toBe(36);
    expect(offenceFreeMonths('2021-12-12', '2025-01-01')).toBe(36);
  });
});
