import { describe, expect, it } from 'vitest';
import { notionalEndDate } from './sentence-length.js';

describe('notionalEndDate', () => {
  it('adds the length in its unit, clamping to the end of a shorter month', () => {
    expect(notionalEndDate('2026-01-31', 12, 'MONTHS')).toBe('2027-01-31');
    expect(notionalEndDate('2026-01-31', 1, 'MONTHS')).toBe('2026-02-28');
    expect(notionalEndDate('2026-11-30', 2, 'WEEKS')).toBe('2026-12-14');
    expect(notionalEndDate('2026-11-30', 10, 'DAYS')).toBe('2026-12-10');
    expect(notionalEndDate('2024-02-29', 1, 'YEARS')).toBe('2025-02-28');
  });
});
