import { describe, expect, it } from 'vitest';
import { gradeFromDeliusCode, targetGradeFor } from './grades.js';
import {
  applyWeightOverrides,
  CMS_CONTACT_TYPES,
  DEFAULT_STANDARD_WEIGHTS,
  DEFAULT_T2A_WEIGHTS,
  DEFAULT_WEIGHTING_CONFIG as CONFIG,
  tierCodeFromLegacyNumber,
  V2_TIER_CODES,
  weightingConfigOn,
  weightingConfigProblems,
  weightsVersionId,
} from './weights.js';

describe('default weighting configuration (workload.md §3)', () => {
  it('holds the seed tier weights, report points, keep-percentages, targets and hours', () => {
    expect(CONFIG.standard.tierPoints.COMMUNITY.A3).toBe(206);
    expect(CONFIG.standard.tierPoints.LICENCE.A3).toBe(219);
    expect(CONFIG.standard.tierPoints.CUSTODY.A3).toBe(75);
    expect(CONFIG.standard.tierPoints.COMMUNITY.D0).toBe(29);
    expect(CONFIG.standard.reportPoints).toEqual({ standardReport: 138, fastReport: 65 });
    expect(CONFIG.standard.keepPct).toEqual({ warrants: 0, unpaidWork: 100, overdueTermination: 0 });
    expect(CONFIG.standard.weeklyTargetPoints).toEqual({ PO: 2176, PQIP: 2176, PSO: 2176, SPO: 2176 });
    expect(CONFIG.standard.defaultContractedHours).toEqual({ PO: 37, PQIP: 37, PSO: 37, SPO: 0 });
  });

  it('seeds T2A with the adult custody column for every location, 0 keep-percentages, flagged for review', () => {
    for (const location of ['COMMUNITY', 'LICENCE', 'CUSTODY'] as const) {
      for (const tier of V2_TIER_CODES)
        expect(DEFAULT_T2A_WEIGHTS.tierPoints[location][tier]).toBe(
          DEFAULT_STANDARD_WEIGHTS.tierPoints.CUSTODY[tier],
        );
    }
    expect(DEFAULT_T2A_WEIGHTS.keepPct).toEqual({ warrants: 0, unpaidWork: 0, overdueTermination: 0 });
    expect(DEFAULT_T2A_WEIGHTS.needsReview).toBe(true);
  });

  it('seeds the 36 banded CMS codes in legacy order and the 12 unbanded codes at 0', () => {
    expect(CMS_CONTACT_TYPES.find((t) => t.code === 'CMS01')).toEqual({
      code: 'CMS01',
      activity: 'Sentence plan intervention delivery',
      band: 'LOW',
    });
    expect(CMS_CONTACT_TYPES.find((t) => t.code === 'CMS36')).toEqual({
      code: 'CMS36',
      activity: 'ROTL assessments and support',
      band: 'HIGH',
    });
    expect(CONFIG.standard.cmsContactPoints.CMS30).toBe(18);
    expect(CONFIG.standard.cmsContactPoints.CMS28).toBe(5);
    expect(
      CMS_CONTACT_TYPES.filter((t) => t.band === 'UNBANDED').map(
        (t) => CONFIG.standard.cmsContactPoints[t.code],
      ),
    ).toEqual(Array(12).fill(0));
    expect(CMS_CONTACT_TYPES).toHaveLength(48);
  });

  it('keeps the retired weights at 0, outside anything a calculation reads', () => {
    expect(CONFIG.standard.retired.paroleReport).toBe(0);
    expect(Object.keys(CONFIG.standard.retired.groupSupervisionContactPoints)).toHaveLength(10);
  });

  it('passes its own validation', () => {
    expect(weightingConfigProblems(CONFIG)).toEqual([]);
  });
});

describe('versions and overrides', () => {
  it('names the versions used, marking overrides', () => {
    expect(weightsVersionId(CONFIG)).toBe('STANDARD-1/T2A-1');
    expect(weightsVersionId(applyWeightOverrides(CONFIG, { keepPct: { warrants: 10 } }))).toBe(
      'STANDARD-1/T2A-1+overrides',
    );
    expect(weightsVersionId(applyWeightOverrides(CONFIG, {}))).toBe('STANDARD-1/T2A-1');
  });

  it('replaces only the keys given and never changes the stored configuration', () => {
    const over = applyWeightOverrides(CONFIG, {
      tierPoints: { COMMUNITY: { A3: 1 } },
      t2aKeepPct: { unpaidWork: 50 },
    });
    expect(over.standard.tierPoints.COMMUNITY.A3).toBe(1);
    expect(over.standard.tierPoints.COMMUNITY.A2).toBe(158);
    expect(over.standard.tierPoints.LICENCE.A3).toBe(219);
    expect(over.t2a.keepPct).toEqual({ warrants: 0, unpaidWork: 50, overdueTermination: 0 });
    expect(CONFIG.standard.tierPoints.COMMUNITY.A3).toBe(206);
    expect(CONFIG.t2a.keepPct.unpaidWork).toBe(0);
  });

  it('picks the version in force on a date, with half-open effective ranges', () => {
    const v1 = { ...DEFAULT_STANDARD_WEIGHTS, effectiveTo: '2026-04-01' };
    const v2 = {
      ...DEFAULT_STANDARD_WEIGHTS,
      version: 2,
      effectiveFrom: '2026-04-01',
      keepPct: { warrants: 10, unpaidWork: 100, overdueTermination: 0 },
    };
    expect(weightingConfigOn([v1, v2], [DEFAULT_T2A_WEIGHTS], '2026-03-31').standard.version).toBe(1);
    expect(weightingConfigOn([v1, v2], [DEFAULT_T2A_WEIGHTS], '2026-04-01').standard.version).toBe(2);
    expect(() => weightingConfigOn([v1, v2], [DEFAULT_T2A_WEIGHTS], '2024-03-31')).toThrow();
  });

  it('reports out-of-range values in a configuration edit', () => {
    const bad = applyWeightOverrides(CONFIG, {
      keepPct: { warrants: 101 },
      cmsContactPoints: { CMS01: 9.5, CMS02: 1000 },
      tierPoints: { LICENCE: { A3: -1 } },
    });
    expect(weightingConfigProblems(bad).map((p) => p.field)).toEqual([
      'standard.tierPoints.LICENCE.A3',
      'standard.keepPct.warrants',
      'standard.cmsContactPoints.CMS01',
      'standard.cmsContactPoints.CMS02',
    ]);
  });
});

describe('legacy tier numbers (§2.3)', () => {
  it('maps 0 to untiered, 1–16 to A3 … D0 and 17–32 to the S variants', () => {
    expect(tierCodeFromLegacyNumber(0)).toBe('UNTIERED');
    expect(tierCodeFromLegacyNumber(1)).toBe('A3');
    expect(tierCodeFromLegacyNumber(6)).toBe('B2');
    expect(tierCodeFromLegacyNumber(16)).toBe('D0');
    expect(tierCodeFromLegacyNumber(17)).toBe('A3S');
    expect(tierCodeFromLegacyNumber(32)).toBe('D0S');
    expect(tierCodeFromLegacyNumber(33)).toBeNull();
    expect(tierCodeFromLegacyNumber(-1)).toBeNull();
  });
});

describe('grades (§6.1)', () => {
  it('maps nDelius grade codes, with PSO a PO band and PSQ the Probation Services Officer', () => {
    expect(gradeFromDeliusCode('PSO')).toBe('PO');
    expect(gradeFromDeliusCode('PSQ')).toBe('PSO');
    expect(gradeFromDeliusCode('Q')).toBe('PSO');
    expect(gradeFromDeliusCode('NPSC')).toBe('SPO');
    expect(gradeFromDeliusCode('CPQF')).toBe('PQIP');
    expect(gradeFromDeliusCode('CRC – PQF')).toBe('PQIP');
    expect(gradeFromDeliusCode('NPS-PQF')).toBe('PQIP');
    expect(gradeFromDeliusCode('NPQF')).toBe('UNGRADED');
    expect(gradeFromDeliusCode('OG03')).toBe('UNGRADED');
    expect(gradeFromDeliusCode('')).toBe('UNGRADED');
    expect(gradeFromDeliusCode(null)).toBe('UNGRADED');
  });

  it('gives NQO the PO target and UNGRADED none', () => {
    expect(targetGradeFor('NQO')).toBe('PO');
    expect(targetGradeFor('UNGRADED')).toBeNull();
  });
});
