import { describe, expect, it } from 'vitest';
import { isEffectiveOn, versionStartProblems } from './versions.js';

describe('dated configuration versions', () => {
  it('applies from the first day up to, not including, the next version’s first day', () => {
    const v = { effectiveFrom: '2026-04-01', effectiveTo: '2026-12-01' };
    expect(isEffectiveOn(v, '2026-03-31')).toBe(false);
    expect(isEffectiveOn(v, '2026-04-01')).toBe(true);
    expect(isEffectiveOn(v, '2026-11-30')).toBe(true);
    expect(isEffectiveOn(v, '2026-12-01')).toBe(false);
    expect(isEffectiveOn({ ...v, effectiveTo: null }, '2099-01-01')).toBe(true);
  });

  it('starts a new version today or later, never in the past, naming the field', () => {
    expect(versionStartProblems('2026-11-29', '2026-11-29', 'weights')).toEqual([]);
    expect(versionStartProblems('2026-12-01', '2026-11-29', 'weights')).toEqual([]);
    expect(versionStartProblems('2026-11-28', '2026-11-29', 'thresholds')).toEqual([
      {
        field: 'effectiveFrom',
        problem: 'The thresholds must apply from today or a later date; history is not rewritten',
      },
    ]);
    expect(versionStartProblems('2026-02-30', '2026-11-29', 'weights')[0]!.problem).toBe(
      'Enter a real date for when the weights apply',
    );
  });
});
