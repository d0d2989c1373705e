import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../validation.js';
import {
  calculateOmicPoints,
  calculateWorkloadPoints,
  exactCasePoints,
  pointTotals,
  wholeCasePointsInHundredths,
  caseloadIssues,
  cmsAdjustmentsForContact,
  completedInReportWindow,
  effectiveCmsPoints,
  inactiveFlag,
  isCmsContactEffective,
  type CaseloadInput,
  type CaseloadRow,
} from './points.js';
import {
  applyWeightOverrides,
  DEFAULT_WEIGHTING_CONFIG as CONFIG,
  V2_S_TIER_CODES,
  V2_TIER_CODES,
  type TierPoints,
} from './weights.js';

function row(partial: Partial<CaseloadRow> & Pick<CaseloadRow, 'location' | 'tier'>): CaseloadRow {
  return {
    t2a: false,
    count: 1,
    warrants: 0,
    unpaidWork: 0,
    overdueTermination: 0,
    suspended: 0,
    suspendedLifers: 0,
    ...partial,
  };
}

function input(cases: CaseloadRow[], extra: Partial<CaseloadInput> = {}): CaseloadInput {
  return {
    cases,
    standardReports: 0,
    fastReports: 0,
    contactsOutsideOwnCaseload: {},
    contactsByOthersOnMyCases: {},
    ...extra,
  };
}

// workload.md §11: the worked example, with default weights.
const WORKED_EXAMPLE = [
  row({ location: 'COMMUNITY', tier: 'B2', count: 4 }),
  row({ location: 'COMMUNITY', tier: 'C1', count: 6 }),
  row({ location: 'COMMUNITY', tier: 'D2', count: 3 }),
  row({ location: 'LICENCE', tier: 'A2', count: 2 }),
  row({ location: 'LICENCE', tier: 'C2', count: 5 }),
  row({ location: 'CUSTODY', tier: 'B1', count: 3 }),
  row({ location: 'CUSTODY', tier: 'D1', count: 2 }),
];

describe('workload points: worked example (workload.md §11)', () => {
  it('scores 883 community, 675 licence and 167 custody case points', () => {
    const byLocation = (location: CaseloadRow['location']) =>
      calculateWorkloadPoints(input(WORKED_EXAMPLE.filter((r) => r.location === location)), CONFIG)
        .casePoints;
    expect(byLocation('COMMUNITY')).toBe(883);
    expect(byLocation('LICENCE')).toBe(675);
    expect(byLocation('CUSTODY')).toBe(167);
  });

  it('adds 2 PSRs and 1 FDR as 341 report points, for a total of 2066', () => {
    const result = calculateWorkloadPoints(
      input(WORKED_EXAMPLE, { standardReports: 2, fastReports: 1 }),
      CONFIG,
    );
    expect(result.sdrPoints + result.fdrPoints).toBe(341);
    expect(result.totalPoints).toBe(2066);
    expect(result.totalCases).toBe(25);
    expect(result.weightsVersion).toBe('STANDARD-1/T2A-1');
  });
});

describe('case points', () => {
  it('keeps the default share of flagged cases: warrant 0 %, UPW-only 100 %, overdue termination 0 %', () => {
    const one = (flag: 'warrants' | 'unpaidWork' | 'overdueTermination') =>
      calculateWorkloadPoints(input([row({ location: 'COMMUNITY', tier: 'B2', [flag]: 1 })]), CONFIG)
        .casePoints;
    expect(one('warrants')).toBe(0);
    expect(one('unpaidWork')).toBe(115);
    expect(one('overdueTermination')).toBe(0);
  });

  it('weights T2A cases with the T2A set and its keep-percentages (0 % for UPW-only by default)', () => {
    const result = calculateWorkloadPoints(
      input([
        row({ location: 'COMMUNITY', tier: 'A3', t2a: true }),
        row({ location: 'COMMUNITY', tier: 'B2', t2a: true, count: 2, unpaidWork: 1 }),
        row({ location: 'COMMUNITY', tier: 'A3' }),
      ]),
      CONFIG,
    );
    expect(result.t2aCasePoints).toBe(75 + 48);
    expect(result.standardCasePoints).toBe(206);
    expect(result.t2aCases).toBe(3);
    expect(result.totalCases).toBe(4);
    expect(result.inactiveCases).toBe(1);
  });

  it('seeds every S tier at the matching non-S weight', () => {
    for (const location of ['COMMUNITY', 'LICENCE', 'CUSTODY'] as const) {
      V2_TIER_CODES.forEach((tier, i) => {
        expect(CONFIG.standard.tierPoints[location][V2_S_TIER_CODES[i]!]).toBe(
          CONFIG.standard.tierPoints[location][tier],
        );
      });
    }
  });

  it('counts untiered and unknown-location cases but gives them no points', () => {
    const result = calculateWorkloadPoints(
      input([
        row({ location: 'LICENCE', tier: 'UNTIERED', count: 2 }),
        row({ location: 'UNKNOWN', tier: 'A3', count: 3 }),
      ]),
      CONFIG,
    );
    expect(result.totalPoints).toBe(0);
    expect(result.totalCases).toBe(5);
    expect(result.untieredCases).toBe(2);
    expect(result.unknownLocationCases).toBe(3);
  });

  it('gives level-0 tiers no custody or licence points', () => {
    const result = calculateWorkloadPoints(
      input([row({ location: 'CUSTODY', tier: 'A0' }), row({ location: 'LICENCE', tier: 'D0' })]),
      CONFIG,
    );
    expect(result.casePoints).toBe(0);
  });

  it('takes tier codes as configuration data, such as V3 letters once they are weighted', () => {
    const withV3 = applyWeightOverrides(CONFIG, { tierPoints: { COMMUNITY: { A: 300 } } });
    expect(
      calculateWorkloadPoints(input([row({ location: 'COMMUNITY', tier: 'A' })]), withV3).casePoints,
    ).toBe(300);
    expect(() => calculateWorkloadPoints(input([row({ location: 'COMMUNITY', tier: 'A' })]), CONFIG)).toThrow(
      ValidationError,
    );
  });

  it('refuses a row whose inactive counts exceed its cases rather than scoring it', () => {
    const bad = input([
      row({ location: 'COMMUNITY', tier: 'B2', count: 2, warrants: 1, unpaidWork: 1, overdueTermination: 1 }),
    ]);
    expect(caseloadIssues(bad, CONFIG).map((i) => i.type)).toEqual(['INACTIVE_COUNTS_EXCEED_CASES']);
    expect(() => calculateWorkloadPoints(bad, CONFIG)).toThrow(ValidationError);
  });

  it('applies precedence W, then O, then U when several inactive flags apply', () => {
    expect(inactiveFlag({ activeWarrant: true, overdueTermination: true, unpaidWorkOnly: true })).toBe('W');
    expect(inactiveFlag({ activeWarrant: false, overdueTermination: true, unpaidWorkOnly: true })).toBe('O');
    expect(inactiveFlag({ activeWarrant: false, overdueTermination: false, unpaidWorkOnly: true })).toBe('U');
    expect(
      inactiveFlag({ activeWarrant: false, overdueTermination: false, unpaidWorkOnly: false }),
    ).toBeNull();
  });
});

describe('total rounding (half-up, halves away from zero)', () => {
  const half = applyWeightOverrides(CONFIG, { keepPct: { warrants: 50 } });

  it('rounds 14.5 up to 15', () => {
    const result = calculateWorkloadPoints(
      input([row({ location: 'COMMUNITY', tier: 'D1', warrants: 1 })]),
      half,
    );
    expect(result.unroundedTotalPoints).toBe(14.5);
    expect(result.totalPoints).toBe(15);
  });

  it('rounds −0.5 to −1', () => {
    const cms = applyWeightOverrides(CONFIG, { cmsContactPoints: { CMS01: 0.5 } });
    const result = calculateWorkloadPoints(input([], { contactsByOthersOnMyCases: { CMS01: 1 } }), cms);
    expect(result.unroundedTotalPoints).toBe(-0.5);
    expect(result.totalPoints).toBe(-1);
  });
});

describe('CMS adjustments', () => {
  it('adds contacts done for others and subtracts contacts others did on own cases, at the seed weights', () => {
    // CMS06 is "Completing and assisting with referrals – High" (26); CMS22 "Victims services liaison – Low" (5).
    const result = calculateWorkloadPoints(
      input([], { contactsOutsideOwnCaseload: { CMS06: 2 }, contactsByOthersOnMyCases: { CMS22: 3 } }),
      CONFIG,
    );
    expect(result.cmsAdjustmentPoints).toBe(2 * 26 - 3 * 5);
  });

  it('scores a contact type with no weight as 0', () => {
    expect(
      calculateWorkloadPoints(input([], { contactsOutsideOwnCaseload: { XYZ: 4, CMS40: 1 } }), CONFIG)
        .cmsAdjustmentPoints,
    ).toBe(0);
  });

  it('creates + for the doer and − for the holder, which cancel for the same assignment', () => {
    const contact = {
      contactTypeCode: 'CMS03',
      contactDate: '2026-03-01',
      doneByAssignmentId: 'a',
      caseHeldByAssignmentId: 'b',
    };
    const [plus, minus] = cmsAdjustmentsForContact(contact, CONFIG);
    expect(plus).toMatchObject({ assignmentId: 'a', points: 18 });
    expect(minus).toMatchObject({ assignmentId: 'b', points: -18 });
    const own = cmsAdjustmentsForContact({ ...contact, caseHeldByAssignmentId: 'a' }, CONFIG);
    expect(effectiveCmsPoints(own, 'a', '2026-03-01')).toBe(0);
  });

  it('keeps an adjustment for 7 days from the contact date, that day included', () => {
    expect(isCmsContactEffective('2026-03-01', '2026-03-01')).toBe(true);
    expect(isCmsContactEffective('2026-03-01', '2026-03-07')).toBe(true);
    expect(isCmsContactEffective('2026-03-01', '2026-03-08')).toBe(false);
    expect(isCmsContactEffective('2026-03-02', '2026-03-01')).toBe(false);
    const adjustments = cmsAdjustmentsForContact(
      {
        contactTypeCode: 'CMS03',
        contactDate: '2026-03-01',
        doneByAssignmentId: 'a',
        caseHeldByAssignmentId: 'b',
      },
      CONFIG,
    );
    expect(effectiveCmsPoints(adjustments, 'b', '2026-03-07')).toBe(-18);
    expect(effectiveCmsPoints(adjustments, 'b', '2026-03-08')).toBe(0);
  });
});

describe('report window', () => {
  it('counts reports completed today and in the 29 days before, and no earlier', () => {
    expect(completedInReportWindow('2026-03-02', '2026-03-02')).toBe(true);
    expect(completedInReportWindow('2026-02-01', '2026-03-02')).toBe(true);
    expect(completedInReportWindow('2026-01-31', '2026-03-02')).toBe(false);
    expect(completedInReportWindow('2026-03-03', '2026-03-02')).toBe(false);
  });
});

describe('OMIC', () => {
  it('scores every custody case at full weight and projects the licence points', () => {
    const result = calculateOmicPoints(
      [
        row({ location: 'CUSTODY', tier: 'A3', count: 2, warrants: 1 }),
        row({ location: 'CUSTODY', tier: 'C2' }),
        row({ location: 'COMMUNITY', tier: 'A3' }),
      ],
      CONFIG,
    );
    expect(result.custodyPoints).toBe(2 * 75 + 24);
    expect(result.projectedLicencePoints).toBe(2 * 219 + 65);
  });
});

describe('properties', () => {
  const tiers = [...V2_TIER_CODES, ...V2_S_TIER_CODES, 'UNTIERED'];
  const arbRow = fc
    .record({
      location: fc.constantFrom(
        'COMMUNITY' as const,
        'LICENCE' as const,
        'CUSTODY' as const,
        'UNKNOWN' as const,
      ),
      tier: fc.constantFrom(...tiers),
      t2a: fc.boolean(),
      count: fc.integer({ min: 0, max: 20 }),
      flagged: fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)),
    })
    .map(({ flagged: [w, u, o], ...r }) => {
      const warrants = Math.min(w, r.count);
      const unpaidWork = Math.min(u, r.count - warrants);
      const overdueTermination = Math.min(o, r.count - warrants - unpaidWork);
      return row({ ...r, warrants, unpaidWork, overdueTermination });
    });

  it('whole-number point totals agree exactly with the decimal definition, and give way to it for fractions', () => {
    const value = fc.oneof(
      fc.nat(1000),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
    );
    const pct = fc.oneof(
      fc.integer({ min: -20, max: 120 }),
      fc.integer({ min: 0, max: 1000 }).map((n) => n / 10),
    );
    fc.assert(
      fc.property(
        fc.array(arbRow, { maxLength: 12 }),
        fc.array(value, { minLength: tiers.length * 3, maxLength: tiers.length * 3 }),
        fc.tuple(pct, pct, pct),
        fc.tuple(value, value, fc.nat(6), fc.nat(6)),
        // CMS contacts done for others and by others (the net may be negative), with an overridden weight.
        fc.option(fc.tuple(fc.nat(4), fc.nat(40), value)),
        (rows, weights, [warrants, unpaidWork, overdueTermination], [psr, fdr, psrs, fdrs], cms) => {
          const tierPoints = Object.fromEntries(
            (['COMMUNITY', 'LICENCE', 'CUSTODY'] as const).map((location, l) => [
              location,
              Object.fromEntries(tiers.map((t, i) => [t, weights[l * tiers.length + i]!])),
            ]),
          ) as unknown as TierPoints;
          const keepPct = { warrants, unpaidWork, overdueTermination };
          const config = {
            ...CONFIG,
            standard: {
              ...CONFIG.standard,
              tierPoints,
              keepPct,
              reportPoints: { standardReport: psr, fastReport: fdr },
              cmsContactPoints: { ...CONFIG.standard.cmsContactPoints, CMS01: cms?.[2] ?? 9 },
            },
            t2a: { ...CONFIG.t2a, tierPoints, keepPct },
          };
          const caseload = input(rows, {
            standardReports: psrs,
            fastReports: fdrs,
            contactsOutsideOwnCaseload: cms ? { CMS01: cms[0], CMS18: 1 } : {},
            contactsByOthersOnMyCases: cms ? { CMS01: cms[1], CMS51: 2 } : {},
          });
          const standard = rows.filter((r) => !r.t2a);
          const t2a = rows.filter((r) => r.t2a);
          expect(pointTotals(caseload, config, standard, t2a)).toEqual(
            pointTotals(caseload, config, standard, t2a, true),
          );
          const whole = wholeCasePointsInHundredths(rows, tierPoints, keepPct);
          if (whole !== null)
            expect(exactCasePoints(rows, tierPoints, keepPct).times(100).equals(whole)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('adding a case never lowers the points', () => {
    fc.assert(
      fc.property(
        fc.array(arbRow, { maxLength: 10 }),
        arbRow,
        fc.nat(5),
        fc.nat(5),
        (cases, extra, psr, fdr) => {
          const before = calculateWorkloadPoints(
            input(cases, { standardReports: psr, fastReports: fdr }),
            CONFIG,
          );
          const after = calculateWorkloadPoints(
            input([...cases, { ...extra, count: extra.count + 1 }], {
              standardReports: psr,
              fastReports: fdr,
            }),
            CONFIG,
          );
          expect(after.unroundedTotalPoints).toBeGreaterThanOrEqual(before.unroundedTotalPoints);
          expect(after.totalPoints).toBeGreaterThanOrEqual(before.totalPoints);
        },
      ),
    );
  });

  it('points do not depend on how a caseload is split into rows', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 10 }), (cases) => {
        const singles = cases.flatMap((r) => [
          ...Array.from({ length: r.warrants }, () =>
            row({ ...r, count: 1, warrants: 1, unpaidWork: 0, overdueTermination: 0 }),
          ),
          ...Array.from({ length: r.unpaidWork }, () =>
            row({ ...r, count: 1, warrants: 0, unpaidWork: 1, overdueTermination: 0 }),
          ),
          ...Array.from({ length: r.overdueTermination }, () =>
            row({ ...r, count: 1, warrants: 0, unpaidWork: 0, overdueTermination: 1 }),
          ),
          row({
            ...r,
            count: r.count - r.warrants - r.unpaidWork - r.overdueTermination,
            warrants: 0,
            unpaidWork: 0,
            overdueTermination: 0,
          }),
        ]);
        expect(calculateWorkloadPoints(input(singles), CONFIG).totalPoints).toBe(
          calculateWorkloadPoints(input(cases), CONFIG).totalPoints,
        );
      }),
    );
  });
});
