import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLOCATION_CONFIG,
  allocationConfigProblems,
  isReallocationReason,
  type AllocationConfig,
} from './config.js';

describe('allocation configuration', () => {
  it('accepts the defaults', () => {
    expect(allocationConfigProblems(DEFAULT_ALLOCATION_CONFIG)).toEqual([]);
  });

  it('names each unusable value by its field', () => {
    const bad: AllocationConfig = structuredClone(DEFAULT_ALLOCATION_CONFIG) as AllocationConfig;
    bad.timeliness = { targetWorkingDays: 0, custodyWorkingDaysBeforeRelease: 2.5 };
    bad.guardrails = {
      ...bad.guardrails,
      overrideRoles: [],
      poGrade: { ...bad.guardrails.poGrade, v3Tiers: ['Z'], outcome: 'WARN' as never },
    };
    bad.ranking = { ...bad.ranking, guardrailPenalty: -1, eligibleGrades: ['PO', 'BOSS' as never] };
    expect(allocationConfigProblems(bad)).toEqual([
      { field: 'timeliness.targetWorkingDays', problem: 'must be a whole number from 1 to 60' },
      { field: 'timeliness.custodyWorkingDaysBeforeRelease', problem: 'must be a whole number from 0 to 60' },
      { field: 'guardrails.poGrade.outcome', problem: 'must be one of OVERRIDE, JUSTIFICATION, BLOCK' },
      { field: 'guardrails.poGrade.v3Tiers', problem: 'unknown value(s): Z' },
      { field: 'guardrails.overrideRoles', problem: 'name at least one role' },
      { field: 'ranking.eligibleGrades', problem: 'unknown value(s): BOSS' },
      { field: 'ranking.guardrailPenalty', problem: 'must be a number from 0 to 1000' },
    ]);
  });

  it('knows the reallocation reasons of domain.md §10.5', () => {
    expect(isReallocationReason('Officer left')).toBe(true);
    expect(isReallocationReason('Felt like it')).toBe(false);
  });
});
