import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTING_CONFIG } from '../workload/index.js';
import {
  DEFAULT_RANKING_RULES,
  recommend,
  type Candidate,
  type RecommendationCase,
} from './recommendation.js';

const weights = DEFAULT_WEIGHTING_CONFIG;
const lowCase: RecommendationCase = {
  rosh: 'LOW',
  mappaLevel: null,
  v3Tier: 'E',
  registerCodes: [],
  workload: { location: 'COMMUNITY', tier: 'C1', t2a: false },
};
const highCase: RecommendationCase = {
  ...lowCase,
  rosh: 'HIGH',
  v3Tier: 'B',
  workload: { location: 'COMMUNITY', tier: 'A3', t2a: false },
};

let nextId = 1;
const candidate = (patch: Partial<Candidate>): Candidate => ({
  staffId: nextId++,
  teamCode: 'N07T01',
  name: `Officer ${nextId}`,
  grade: 'PO',
  current: { totalPoints: 1000, availablePoints: 2000 },
  previouslyManaged: false,
  recentAllocations: 0,
  blocked: false,
  ...patch,
});

describe('recommendation', () => {
  it('shows the impact statement from the workload core (workload.md §11: 103.4% → 113.7%)', () => {
    const [r] = recommend(highCase, [candidate({ current: { totalPoints: 2066, availablePoints: 1999 } })], {
      weights,
    });
    expect(r!.displayPctBefore).toBe(103.4);
    expect(r!.displayPctAfter).toBe(113.7);
    expect(r!.impact.projectedTotalPoints).toBe(2272);
    expect(r!.bandAfter).toBe('RED');
    expect(r!.guardrails.map((g) => g.rule)).toEqual(['OVER_CAPACITY']);
    expect(r!.choosable).toBe(true);
  });

  it('gives each position its reasons and points', () => {
    const po = candidate({
      name: 'Pat PO',
      grade: 'PO',
      current: { totalPoints: 1000, availablePoints: 2000 },
    });
    const [r] = recommend(highCase, [po], { weights });
    // 1000 + 206 = 1206 of 2000 = 60.3%: 49.7 points of headroom, capped at 40.
    expect(r!.reasons).toEqual([
      { text: 'Grade fits this case (PO)', points: 30 },
      { text: 'Workload after this case 60.3% (within capacity)', points: 40 },
    ]);
    expect(r!.score).toBe(70);
    expect(r!.rank).toBe(1);
  });

  it('ranks a PO above a PSO for a high-risk case, and tells the PSO why', () => {
    const pso = candidate({
      name: 'Sam PSO',
      grade: 'PSO',
      current: { totalPoints: 0, availablePoints: 2176 },
    });
    const po = candidate({
      name: 'Pat PO',
      grade: 'PO',
      current: { totalPoints: 1500, availablePoints: 2000 },
    });
    const ranked = recommend(highCase, [pso, po], { weights });
    expect(ranked.map((r) => r.candidate.name)).toEqual(['Pat PO', 'Sam PSO']);
    expect(ranked[1]!.reasons[0]).toEqual({
      text: 'A case with high RoSH, tier B needs a PO; this practitioner is a PSO.',
      points: -40,
    });
    expect(ranked[1]!.choosable).toBe(true);
  });

  it('prefers a PSO for a case without high-harm features, keeping PO time for PO work', () => {
    const pso = candidate({ name: 'Sam PSO', grade: 'PSO' });
    const po = candidate({ name: 'Pat PO', grade: 'PO' });
    const ranked = recommend(lowCase, [po, pso], { weights });
    expect(ranked.map((r) => r.candidate.name)).toEqual(['Sam PSO', 'Pat PO']);
    expect(ranked[0]!.reasons).toContainEqual({
      text: 'PSO preferred for a case without high-harm features',
      points: 10,
    });
  });

  it('rewards continuity and discounts recent allocations', () => {
    const busy = candidate({ name: 'Busy', recentAllocations: 3 });
    const previous = candidate({ name: 'Previous', previouslyManaged: true });
    const plain = candidate({ name: 'Plain' });
    const ranked = recommend(lowCase, [busy, plain, previous], { weights });
    expect(ranked.map((r) => r.candidate.name)).toEqual(['Previous', 'Plain', 'Busy']);
    expect(ranked[0]!.reasons).toContainEqual({ text: 'Managed this person before', points: 20 });
    expect(ranked[2]!.reasons).toContainEqual({ text: '3 cases allocated in the last 7 days', points: -15 });
  });

  it('prefers the practitioner with more room after the case', () => {
    const full = candidate({ name: 'Full', current: { totalPoints: 2100, availablePoints: 2000 } });
    const room = candidate({ name: 'Room', current: { totalPoints: 1900, availablePoints: 2000 } });
    const ranked = recommend(lowCase, [full, room], { weights });
    expect(ranked.map((r) => r.candidate.name)).toEqual(['Room', 'Full']);
    // 2150 of 2000 = 107.5%: 2.5 points of headroom. 1950 → 97.5%: 12.5.
    expect(ranked[1]!.reasons.find((r) => r.text.startsWith('Workload'))).toEqual({
      text: 'Workload after this case 107.5% (within capacity)',
      points: 2.5,
    });
  });

  it('lists a blocked practitioner, unranked and not choosable, after everyone else', () => {
    const excluded = candidate({ name: 'Excluded', previouslyManaged: true, blocked: true });
    const other = candidate({ name: 'Other', current: { totalPoints: 2500, availablePoints: 2000 } });
    const ranked = recommend(lowCase, [excluded, other], { weights });
    expect(ranked.map((r) => [r.candidate.name, r.rank, r.choosable])).toEqual([
      ['Other', 1, true],
      ['Excluded', null, false],
    ]);
    expect(ranked[1]!.reasons).toEqual([{ text: 'Excluded from this case (limited access)', points: 0 }]);
  });

  it('does not offer SPOs or ungraded staff', () => {
    const ranked = recommend(
      lowCase,
      [candidate({ grade: 'SPO' }), candidate({ grade: 'UNGRADED' }), candidate({ grade: 'NQO' })],
      { weights },
    );
    expect(ranked.map((r) => r.candidate.grade)).toEqual(['NQO']);
  });

  it('counts a practitioner with no calculation as 0 points and the grade’s full available points', () => {
    const [r] = recommend(lowCase, [candidate({ current: null })], { weights });
    expect(r!.impact.availablePoints).toBe(2176);
    expect(r!.displayPctBefore).toBe(0);
  });

  it('reads every weight from the rules', () => {
    const ranking = {
      ...DEFAULT_RANKING_RULES,
      continuity: { points: 100 },
      capacity: { pointsPerPct: 0, maxPoints: 0 },
    };
    const previous = candidate({ name: 'Previous', grade: 'PQIP', previouslyManaged: true });
    const pso = candidate({ name: 'PSO', grade: 'PSO' });
    expect(recommend(lowCase, [pso, previous], { weights, ranking }).map((r) => r.candidate.name)).toEqual([
      'Previous',
      'PSO',
    ]);
  });

  it('makes a practitioner unchoosable when a guardrail blocks', () => {
    const guardrails = {
      poGrade: {
        enabled: true,
        outcome: 'BLOCK' as const,
        grades: ['PSO' as const],
        roshLevels: ['HIGH' as const],
        mappaLevels: [],
        v3Tiers: [],
        registerCodes: [],
      },
      newOfficer: {
        enabled: false,
        outcome: 'OVERRIDE' as const,
        grades: [],
        roshLevels: [],
        mappaLevels: [],
      },
      overCapacity: { enabled: false, outcome: 'JUSTIFICATION' as const },
      overrideRoles: ['SPO'],
    };
    const [r] = recommend(highCase, [candidate({ grade: 'PSO' })], { weights, guardrails });
    expect(r!.choosable).toBe(false);
    expect(r!.rank).toBeNull();
  });
});
