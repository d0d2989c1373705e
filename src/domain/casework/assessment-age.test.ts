import { describe, expect, it } from 'vitest';
import { isAssessmentStale } from './assessment-age.js';

describe('isAssessmentStale', () => {
  it('is fresh up to and including the day the configured age is reached, stale after', () => {
    // 55 weeks (385 days) after 2025-01-01 is 2026-01-21.
    expect(isAssessmentStale('2025-01-01', '2026-01-21', 55)).toBe(false);
    expect(isAssessmentStale('2025-01-01', '2026-01-22', 55)).toBe(true);
    expect(isAssessmentStale('2026-01-01', '2026-01-02', 55)).toBe(false);
  });
});
