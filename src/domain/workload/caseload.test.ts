import { describe, expect, it } from 'vitest';
import {
  caseLocationFor,
  caseloadBreakdown,
  caseloadFromFacts,
  caseloadRowsFromFacts,
  weighableCaseload,
  type CaseFacts,
} from './caseload.js';
import { applyWeightOverrides, DEFAULT_WEIGHTING_CONFIG } from './weights.js';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  sentenceType: 'SP',
  custodialStatus: null,
  tier: 'B2',
  t2a: false,
  activeWarrant: false,
  overdueTermination: false,
  unpaidWorkOnly: false,
  count: 1,
  ...over,
});

describe('caseLocationFor (domain.md §4.3)', () => {
  it.each([
    ['SP', null, 'COMMUNITY'],
    ['SC', 'IN_CUSTODY', 'CUSTODY'],
    ['NC', 'IN_CUSTODY', 'CUSTODY'],
    ['SC', 'RECALLED', 'CUSTODY'],
    ['SC', 'RELEASED_ON_LICENCE', 'LICENCE'],
    ['SC', 'POST_SENTENCE_SUPERVISION', 'LICENCE'],
    ['NC', 'RELEASED_ON_LICENCE', 'UNKNOWN'],
    ['SC', null, 'UNKNOWN'],
    [null, null, 'UNKNOWN'],
  ] as const)('%s with custodial status %s is %s', (type, status, location) => {
    expect(caseLocationFor(type, status)).toBe(location);
  });
});

describe('caseloadRowsFromFacts', () => {
  it('merges cases by location, tier and cohort and counts each inactive flag once, warrant first', () => {
    const rows = caseloadRowsFromFacts([
      facts({ count: 3 }),
      facts({ count: 2, activeWarrant: true, overdueTermination: true }),
      facts({ count: 1, overdueTermination: true, unpaidWorkOnly: true }),
      facts({ count: 4, unpaidWorkOnly: true }),
      facts({ t2a: true }),
      facts({ tier: null, sentenceType: 'SC', custodialStatus: 'IN_CUSTODY' }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        location: 'COMMUNITY',
        tier: 'B2',
        t2a: false,
        count: 10,
        warrants: 2,
        overdueTermination: 1,
        unpaidWork: 4,
      }),
      expect.objectContaining({ location: 'COMMUNITY', tier: 'B2', t2a: true, count: 1, warrants: 0 }),
      expect.objectContaining({ location: 'CUSTODY', tier: 'UNTIERED', count: 1 }),
    ]);
  });
});

describe('weighableCaseload', () => {
  it('merges rows that share a location, tier and cohort, and leaves already distinct rows as they are', () => {
    const row = {
      location: 'COMMUNITY' as const,
      tier: 'A3',
      t2a: false,
      count: 2,
      warrants: 1,
      unpaidWork: 0,
      overdueTermination: 0,
      suspended: 0,
      suspendedLifers: 0,
    };
    const distinct = [
      row,
      { ...row, t2a: true },
      { ...row, tier: 'B2' },
      { ...row, location: 'LICENCE' as const },
    ];
    expect(weighableCaseload(distinct, DEFAULT_WEIGHTING_CONFIG)).toEqual({
      rows: distinct,
      unweightedTierCases: 0,
    });
    const repeated = weighableCaseload([row, { ...row, count: 3, unpaidWork: 2 }], DEFAULT_WEIGHTING_CONFIG);
    expect(repeated).toEqual({
      rows: [{ ...row, count: 5, warrants: 2, unpaidWork: 2 }],
      unweightedTierCases: 0,
    });
  });

  it('counts a tier code with no weight as untiered and reports how many, without losing the cases', () => {
    const rows = caseloadRowsFromFacts([
      facts({ tier: 'C', count: 2 }),
      facts({ tier: null, count: 1 }),
      facts({ count: 5 }),
    ]);
    const { rows: weighable, unweightedTierCases } = weighableCaseload(rows, DEFAULT_WEIGHTING_CONFIG);
    expect(unweightedTierCases).toBe(2);
    expect(weighable.find((r) => r.tier === 'UNTIERED')!.count).toBe(3);
    expect(weighable.reduce((n, r) => n + r.count, 0)).toBe(8);
  });

  it('weighs the same recorded rows again once a configuration gives the code a weight', () => {
    const rows = caseloadRowsFromFacts([facts({ tier: 'C', count: 2 })]);
    const withV3 = applyWeightOverrides(DEFAULT_WEIGHTING_CONFIG, { tierPoints: { COMMUNITY: { C: 40 } } });
    expect(weighableCaseload(rows, withV3)).toEqual({
      rows: [expect.objectContaining({ tier: 'C', count: 2 })],
      unweightedTierCases: 0,
    });
    expect(caseloadBreakdown(weighableCaseload(rows, withV3).rows, withV3)[0]!.points).toBe(80);
  });
});

describe('caseloadBreakdown', () => {
  it('gives each row the points the workload calculation gives it, inactive keep-percentages included', () => {
    const { rows } = caseloadFromFacts(
      [
        facts({ count: 4 }),
        facts({ count: 1, activeWarrant: true }),
        facts({ count: 1, unpaidWorkOnly: true }),
      ],
      DEFAULT_WEIGHTING_CONFIG,
    );
    // B2 community is 115; a warrant keeps 0 %, unpaid work only keeps 100 %.
    expect(caseloadBreakdown(rows, DEFAULT_WEIGHTING_CONFIG)[0]!.points).toBe(115 * 5);
  });
});
