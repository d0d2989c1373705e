import { describe, expect, it } from 'vitest';
import { latestStampOn } from './index.js';

describe('the latest moment a seeded record may start', () => {
  it('is the moment the seed ran when it seeds the day it runs on, so nothing starts later that day', () => {
    expect(latestStampOn('2026-11-30', new Date('2026-11-30T00:25:53.123Z'))).toBe('2026-11-30T00:25:53Z');
    // Just after midnight in London in summer, which is still the day before in UTC.
    expect(latestStampOn('2026-07-01', new Date('2026-06-30T23:30:00Z'))).toBe('2026-06-30T23:30:00Z');
  });

  it('is the end of the seed’s day for any other day, past or future', () => {
    expect(latestStampOn('2026-11-02', new Date('2026-11-30T10:00:00Z'))).toBe('2026-11-02T23:59:59Z');
    expect(latestStampOn('2026-12-25', new Date('2026-11-30T10:00:00Z'))).toBe('2026-12-25T23:59:59Z');
  });
});
