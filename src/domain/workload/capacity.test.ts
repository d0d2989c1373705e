import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation.js';
import {
  aggregateWorkload,
  allocationImpact,
  availabilityPct,
  calculateAvailablePoints,
  contractedHoursProblems,
  displayHours,
  displayWorkloadPct,
  remainingPoints,
  workloadPct,
  workloadPcts,
  type AggregateMember,
} from './capacity.js';
import { GRADES } from './grades.js';
import { applyWeightOverrides, DEFAULT_WEIGHTING_CONFIG as CONFIG } from './weights.js';

const po = (contractedHours: number | null, reductionHours: number) =>
  calculateAvailablePoints({ grade: 'PO', contractedHours, reductionHours }, CONFIG);

describe('available points (workload.md §5)', () => {
  it('gives 2070 for a PO on 37 h with a 1.8 h reduction', () => {
    expect(po(37, 1.8).availablePoints).toBe(2070);
  });

  it('gives 1658 for a PO on 30 h with a 1.8 h reduction (the legacy 2 dp rounding gave 1656)', () => {
    expect(po(30, 1.8).availablePoints).toBe(1658);
  });

  it('gives 1999 for the worked example: PO, 37 h, 3 h reduction (§11)', () => {
    const result = po(37, 3);
    expect(result).toMatchObject({
      availablePoints: 1999,
      contractedHours: 37,
      defaultContractedHours: 37,
      reductionHours: 3,
      availableHours: 34,
      weeklyTargetPoints: 2176,
      flags: [],
    });
  });

  it('gives the full target at the default hours with no reduction, and uses the default when no hours are given', () => {
    expect(po(37, 0).availablePoints).toBe(2176);
    expect(po(null, 0)).toMatchObject({ availablePoints: 2176, contractedHours: 37 });
  });

  it('rounds down only at the end, exactly on whole results', () => {
    // 2176 × 18.5 ÷ 37 = 1088 exactly; 2176 × 37.5 ÷ 37 = 2205.405…
    expect(po(18.5, 0).availablePoints).toBe(1088);
    expect(po(37.5, 0).availablePoints).toBe(2205);
    // 2176 × (16.4 − 7.15) ÷ 37 = 2176 × 9.25 ÷ 37 = 544 exactly; in binary floating point 16.4 − 7.15 is
    // 9.249999999999998, which would floor to 543.
    expect(16.4 - 7.15).toBeLessThan(9.25);
    expect(po(16.4, 7.15).availablePoints).toBe(544);
  });

  it('treats an NQO as a PO for targets', () => {
    expect(
      calculateAvailablePoints({ grade: 'NQO', contractedHours: 37, reductionHours: 3 }, CONFIG),
    ).toMatchObject({ grade: 'NQO', availablePoints: 1999, weeklyTargetPoints: 2176 });
  });

  it('gives an SPO 0 available points, flagged NO_AVAILABLE_HOURS, while the SPO default hours are 0', () => {
    expect(
      calculateAvailablePoints({ grade: 'SPO', contractedHours: 37, reductionHours: 0 }, CONFIG),
    ).toMatchObject({ availablePoints: 0, defaultContractedHours: 0, flags: ['NO_AVAILABLE_HOURS'] });
    const withSpoHours = applyWeightOverrides(CONFIG, { defaultContractedHours: { SPO: 37 } });
    expect(
      calculateAvailablePoints({ grade: 'SPO', contractedHours: 37, reductionHours: 3 }, withSpoHours)
        .availablePoints,
    ).toBe(1999);
  });

  it('gives UNGRADED 0 points with no target or default hours, never another grade’s figures', () => {
    expect(
      calculateAvailablePoints({ grade: 'UNGRADED', contractedHours: 37, reductionHours: 2 }, CONFIG),
    ).toMatchObject({
      availablePoints: 0,
      contractedHours: 37,
      availableHours: 35,
      defaultContractedHours: null,
      weeklyTargetPoints: null,
      flags: ['NO_AVAILABLE_HOURS'],
    });
  });

  it('flags NO_AVAILABLE_HOURS when the base hours are 0', () => {
    expect(po(0, 0)).toMatchObject({ availablePoints: 0, flags: ['NO_AVAILABLE_HOURS'] });
  });

  it('clamps to 0 and flags REDUCTIONS_EXCEED_HOURS when reductions exceed the hours, leaving availableHours negative', () => {
    expect(po(30, 31.5)).toMatchObject({
      availablePoints: 0,
      availableHours: -1.5,
      flags: ['REDUCTIONS_EXCEED_HOURS'],
    });
    expect(po(30, 30)).toMatchObject({ availablePoints: 0, flags: [] });
  });

  it('keys targets by grade, with no fallback from PSO to another grade', () => {
    const config = applyWeightOverrides(CONFIG, { weeklyTargetPoints: { PSO: 1850, SPO: 999 } });
    expect(
      calculateAvailablePoints({ grade: 'PSO', contractedHours: 37, reductionHours: 0 }, config)
        .availablePoints,
    ).toBe(1850);
    expect(
      calculateAvailablePoints({ grade: 'PO', contractedHours: 37, reductionHours: 0 }, config)
        .availablePoints,
    ).toBe(2176);
  });

  it('refuses negative hours', () => {
    expect(() => po(-1, 0)).toThrow(ValidationError);
    expect(() => po(37, -1)).toThrow(ValidationError);
  });

  it('accepts contracted hours from 0 to 37.5 on edit', () => {
    expect(contractedHoursProblems(37.5)).toEqual([]);
    expect(contractedHoursProblems(0)).toEqual([]);
    expect(contractedHoursProblems(37.6)).toHaveLength(1);
    expect(contractedHoursProblems(null)).toHaveLength(1);
  });

  it('more reduction hours never raise available points', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...GRADES),
        fc.option(
          fc.integer({ min: 0, max: 750 }).map((n) => n / 20),
          { nil: null },
        ),
        fc.integer({ min: 0, max: 800 }).map((n) => n / 20),
        fc.integer({ min: 0, max: 800 }).map((n) => n / 20),
        (grade, contractedHours, a, b) => {
          const [less, more] = a <= b ? [a, b] : [b, a];
          const fewer = calculateAvailablePoints(
            { grade, contractedHours, reductionHours: less },
            CONFIG,
          ).availablePoints;
          const most = calculateAvailablePoints(
            { grade, contractedHours, reductionHours: more },
            CONFIG,
          ).availablePoints;
          expect(most).toBeLessThanOrEqual(fewer);
          expect(most).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(most)).toBe(true);
        },
      ),
    );
  });
});

describe('whole-number routes agree with the decimal definition', () => {
  it('gives the same available points and hours in whole hundredths as in decimal', () => {
    const hours = fc.oneof(
      fc.integer({ min: 0, max: 3750 }).map((n) => n / 100),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000),
      fc.constantFrom(0, 37, 37.5, 1.8, 0.1, 0.2, 22.2),
    );
    const targets = fc.oneof(
      fc.integer({ min: 0, max: 5000 }),
      fc.integer({ min: 0, max: 50_000 }).map((n) => n / 10),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...GRADES),
        fc.option(hours, { nil: null }),
        hours,
        targets,
        hours,
        (grade, contractedHours, reductionHours, target, defaultHours) => {
          const config = {
            ...CONFIG,
            standard: {
              ...CONFIG.standard,
              weeklyTargetPoints: { ...CONFIG.standard.weeklyTargetPoints, PO: target, PSO: target },
              defaultContractedHours: { ...CONFIG.standard.defaultContractedHours, PO: defaultHours },
            },
          };
          const input = { grade, contractedHours, reductionHours };
          expect(calculateAvailablePoints(input, config)).toEqual(
            calculateAvailablePoints(input, config, true),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives the same workload % and 1 dp display from whole numbers as from decimals', () => {
    const points = fc.oneof(
      fc.integer({ min: -5000, max: 100_000 }),
      fc.constantFrom(0, 1, 2066, 2067, 1999, 2000, Number.MAX_SAFE_INTEGER),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10),
    );
    const available = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(0, 1, 3, 7, 1999, 2000));
    fc.assert(
      fc.property(points, available, (total, avail) => {
        const decimal = workloadPcts(total, avail, true);
        expect(workloadPcts(total, avail)).toEqual(decimal);
        expect(workloadPct(total, avail)).toBe(decimal.workloadPct);
        expect(displayWorkloadPct(total, avail)).toBe(decimal.displayPct);
      }),
      { numRuns: 20_000 },
    );
    // Halves round away from zero, and a whole zero is never −0.
    expect(workloadPcts(-2067, 2000)).toEqual(workloadPcts(-2067, 2000, true));
    expect(Object.is(workloadPcts(-1, 100_000).displayPct, 0)).toBe(true);
  });
});

describe('workload % and related measures (§6.2)', () => {
  it('is 103.4 % for the worked example (2066 ÷ 1999)', () => {
    expect(displayWorkloadPct(2066, 1999)).toBe(103.4);
    expect(remainingPoints(2066, 1999)).toBe(-67);
  });

  it('is undefined, not 0 %, with no available points', () => {
    expect(workloadPct(500, 0)).toBeNull();
    expect(displayWorkloadPct(500, 0)).toBeNull();
  });

  it('rounds the shown figure half-up on the exact value', () => {
    // 2067 ÷ 2000 = 103.35 % exactly.
    expect(displayWorkloadPct(2067, 2000)).toBe(103.4);
    expect(displayWorkloadPct(2066, 2000)).toBe(103.3);
  });

  it('works out availability as (base − reduction) ÷ base', () => {
    expect(availabilityPct(37, 3.7)).toBe(90);
    expect(availabilityPct(0, 0)).toBeNull();
  });
});

describe('aggregation: a ratio of sums (§6.3)', () => {
  const member = (
    id: string,
    totalPoints: number,
    availablePoints: number,
    contractedHours = 37,
    reductionHours = 0,
  ): AggregateMember => ({
    id,
    totalPoints,
    availablePoints,
    contractedHours,
    reductionHours,
    cmsAdjustmentPoints: 0,
    cases: 1,
  });

  it('gives 125 / 170 = 73.53 % for 90 / 100 and 35 / 70, not the 70 % mean of percentages', () => {
    const team = aggregateWorkload([member('a', 90, 100), member('b', 35, 70)]);
    expect(team.totalPoints).toBe(125);
    expect(team.availablePoints).toBe(170);
    expect(displayWorkloadPct(team.totalPoints, team.availablePoints, 2)).toBe(73.53);
    const meanOfPercentages = (workloadPct(90, 100)! + workloadPct(35, 70)!) / 2;
    expect(meanOfPercentages).toBe(70);
    expect(team.workloadPct).not.toBeCloseTo(meanOfPercentages, 1);
  });

  it('adds the points of a member with no available points to the numerator only, and lists it', () => {
    const team = aggregateWorkload([member('a', 90, 100), member('spo', 50, 0)]);
    expect(team.workloadPct).toBe(140);
    expect(team.withoutAvailablePoints).toEqual(['spo']);
  });

  it('sums hours exactly for display to 1 dp', () => {
    const team = aggregateWorkload([member('a', 0, 0, 37.5, 0.1), member('b', 0, 0, 22.2, 0.2)]);
    expect(team.contractedHours).toBe(59.7);
    expect(team.reductionHours).toBe(0.3);
    expect(displayHours(1.25)).toBe(1.3);
  });

  it('gives the same figures whether a PDU is built from teams or straight from assignments', () => {
    const arbMember = fc.record({
      id: fc.uuid(),
      totalPoints: fc.integer({ min: -100, max: 4000 }),
      availablePoints: fc.integer({ min: 0, max: 2500 }),
      contractedHours: fc.integer({ min: 0, max: 75 }).map((n) => n / 2),
      reductionHours: fc.integer({ min: 0, max: 370 }).map((n) => n / 10),
      cmsAdjustmentPoints: fc.integer({ min: -100, max: 100 }),
      cases: fc.nat(60),
    });
    fc.assert(
      fc.property(fc.array(fc.array(arbMember, { maxLength: 6 }), { maxLength: 5 }), (teams) => {
        const viaTeams = aggregateWorkload(
          teams.map((t, i) => ({ id: `team${i}`, ...aggregateWorkload(t) })),
        );
        const direct = aggregateWorkload(teams.flat());
        expect(viaTeams).toEqual(direct);
      }),
    );
  });
});

describe('allocation impact (§10, §11)', () => {
  it('takes the worked example from 103.4 % to 113.7 % with one more community A3 case', () => {
    const impact = allocationImpact(
      {
        grade: 'PO',
        current: { totalPoints: 2066, availablePoints: 1999 },
        case: { location: 'COMMUNITY', tier: 'A3', t2a: false },
        alreadyHeld: null,
      },
      CONFIG,
    );
    expect(impact.projectedTotalPoints).toBe(2272);
    expect(displayWorkloadPct(2066, 1999)).toBe(103.4);
    expect(displayWorkloadPct(impact.projectedTotalPoints, impact.availablePoints)).toBe(113.7);
  });

  it('says the workload stays the same when the case is already held with the same tier and location', () => {
    const impact = allocationImpact(
      {
        grade: 'PO',
        current: { totalPoints: 2066, availablePoints: 1999 },
        case: { location: 'COMMUNITY', tier: 'B2', t2a: false },
        alreadyHeld: { points: 115, location: 'COMMUNITY', tier: 'B2' },
      },
      CONFIG,
    );
    expect(impact).toMatchObject({ unchanged: true, projectedTotalPoints: 2066 });
  });

  it('replaces the points a held case already earns when its tier changes', () => {
    const impact = allocationImpact(
      {
        grade: 'PO',
        current: { totalPoints: 2066, availablePoints: 1999 },
        case: { location: 'COMMUNITY', tier: 'A3', t2a: false },
        alreadyHeld: { points: 115, location: 'COMMUNITY', tier: 'B2' },
      },
      CONFIG,
    );
    expect(impact.projectedTotalPoints).toBe(2066 - 115 + 206);
  });

  it('counts a practitioner with no calculation as 0 points and the grade’s full available points', () => {
    const impact = allocationImpact(
      {
        grade: 'PO',
        current: null,
        case: { location: 'LICENCE', tier: 'A3', t2a: false },
        alreadyHeld: null,
      },
      CONFIG,
    );
    expect(impact).toMatchObject({ fromPct: 0, availablePoints: 2176, projectedTotalPoints: 219 });
  });

  it('uses the T2A weights for a T2A case', () => {
    const impact = allocationImpact(
      {
        grade: 'PO',
        current: null,
        case: { location: 'COMMUNITY', tier: 'A3', t2a: true },
        alreadyHeld: null,
      },
      CONFIG,
    );
    expect(impact.projectedTotalPoints).toBe(75);
  });
});
