import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { calculators, findCalculator } from '../calculation/registry.js';
import { runCalculator } from '../calculation/run.js';
import {
  availablePointsCalculator,
  createAvailablePointsCalculator,
  workloadPointsCalculator,
} from './calculators.js';
import { applyWeightOverrides, DEFAULT_WEIGHTING_CONFIG } from './weights.js';

const TODAY = '2026-03-02';
const workload = (request: CalcRequest) => runCalculator(workloadPointsCalculator, request, TODAY);
const available = (request: CalcRequest) => runCalculator(availablePointsCalculator, request, TODAY);
const types = (issues: unknown) => (issues as { type: string }[] | undefined)?.map((i) => i.type);

describe('workload-points (calculation-api.md §8.2)', () => {
  it('gives the published example response exactly', () => {
    const response = workload({
      cases: [
        { location: 'COMMUNITY', tier: 'B2', count: 4 },
        { location: 'COMMUNITY', tier: 'C1', count: 6 },
        { location: 'COMMUNITY', tier: 'D2', count: 3 },
        { location: 'LICENCE', tier: 'A2', count: 2 },
        { location: 'LICENCE', tier: 'C2', count: 5 },
        { location: 'CUSTODY', tier: 'B1', count: 3 },
        { location: 'CUSTODY', tier: 'D1', count: 2 },
      ],
      standardReports: 2,
      fastReports: 1,
    });
    expect(response).toEqual({
      calculator: 'workload-points',
      modelVersion: 'WORKLOAD-POINTS-1',
      weightsVersion: 'STANDARD-1/T2A-1',
      calculationDate: '2026-03-02',
      totalPoints: 2066,
      unroundedTotalPoints: 2066,
      casePoints: 1725,
      standardCasePoints: 1725,
      t2aCasePoints: 0,
      sdrPoints: 276,
      fdrPoints: 65,
      cmsAdjustmentPoints: 0,
      totalCases: 25,
      t2aCases: 0,
      untieredCases: 0,
      inactiveCases: 0,
      warnings: [],
    });
  });

  it('accepts an empty caseload and defaults count to 1', () => {
    expect(workload({ cases: [] })).toMatchObject({ totalPoints: 0, totalCases: 0 });
    expect(workload({ cases: [{ location: 'LICENCE', tier: 'A3' }] })).toMatchObject({
      totalPoints: 219,
      totalCases: 1,
    });
  });

  it('refuses a row whose inactive counts exceed its cases with INACTIVE_COUNTS_EXCEED_CASES', () => {
    const response = workload({
      cases: [{ location: 'COMMUNITY', tier: 'B2', count: 2, warrants: 2, unpaidWork: 1 }],
    });
    expect(types(response.errors)).toEqual(['INACTIVE_COUNTS_EXCEED_CASES']);
    expect(response.errors![0]!.fields).toEqual([
      'cases[0].warrants',
      'cases[0].unpaidWork',
      'cases[0].overdueTermination',
      'cases[0].count',
    ]);
    expect(response).not.toHaveProperty('totalPoints');
  });

  it('warns UNKNOWN_LOCATION and counts those cases with no points', () => {
    const response = workload({
      cases: [
        { location: 'UNKNOWN', tier: 'A3', count: 2 },
        { location: 'COMMUNITY', tier: 'A3' },
      ],
    });
    expect(response).toMatchObject({ totalPoints: 206, totalCases: 3 });
    expect(response.warnings).toEqual([
      expect.objectContaining({ type: 'UNKNOWN_LOCATION', fields: ['cases[0].location'] }),
    ]);
  });

  it('refuses an unweighted tier code, a bad location and bad counts, reporting every problem and every missing field once', () => {
    const response = workload({
      cases: [
        { location: 'COMMUNITY', tier: 'Z9' },
        { location: 'community', tier: 'A3' },
        { location: 'LICENCE', tier: 'A3', count: 1.5 },
        { tier: 'A3' },
        { location: 'LICENCE' },
      ],
      standardReports: -1,
    });
    expect(types(response.errors)).toEqual([
      'MISSING_MANDATORY_INPUT',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
    ]);
    expect(response.errors![0]!.fields).toEqual(['cases[3].location', 'cases[4].tier']);
    expect(response.errors!.flatMap((e) => e.fields)).toEqual(
      expect.arrayContaining(['cases[0].tier', 'cases[1].location', 'cases[2].count', 'standardReports']),
    );
  });

  it('requires cases', () => {
    expect(workload({}).errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: ['cases'] }),
    ]);
  });

  it('applies CMS contacts with the seed weights', () => {
    const response = workload({
      cases: [],
      contactsOutsideOwnCaseload: { CMS06: 2 },
      contactsByOthersOnMyCases: { CMS22: 3, NOPE: 5 },
    });
    expect(response).toMatchObject({ cmsAdjustmentPoints: 37, totalPoints: 37 });
  });

  it('applies weight overrides key by key and marks the version', () => {
    const response = workload({
      cases: [
        { location: 'COMMUNITY', tier: 'A3', count: 2, warrants: 1 },
        { location: 'COMMUNITY', tier: 'A2', t2a: true },
      ],
      fastReports: 1,
      weights: {
        tierPoints: { COMMUNITY: { A3: 200 } },
        keepPct: { warrants: 50 },
        t2aTierPoints: { COMMUNITY: { A2: 100 } },
        reportPoints: { fastReport: 70 },
      },
    });
    expect(response).toMatchObject({
      standardCasePoints: 300,
      t2aCasePoints: 100,
      fdrPoints: 70,
      totalPoints: 470,
      weightsVersion: 'STANDARD-1/T2A-1+overrides',
    });
  });

  it('refuses out-of-range weights as INVALID_VALUE', () => {
    const response = workload({
      cases: [],
      weights: {
        keepPct: { warrants: 101 },
        tierPoints: { LICENCE: { A3: -1, UNTIERED: 5 } },
        cmsContactPoints: { CMS01: 'x' },
      },
    });
    expect(types(response.errors)).toEqual([
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
      'INVALID_VALUE',
    ]);
    expect(response.errors!.flatMap((e) => e.fields).sort()).toEqual([
      'weights.cmsContactPoints.CMS01',
      'weights.keepPct.warrants',
      'weights.tierPoints.LICENCE.A3',
      'weights.tierPoints.LICENCE.UNTIERED',
    ]);
  });

  it('ignores available-points weights quietly and lists other unknown weights in a warning', () => {
    const response = workload({
      cases: [],
      weights: { weeklyTargetPoints: { PO: 1 }, tierpoints: {}, keepPct: { warrant: 5 } },
    });
    expect(response).toMatchObject({ totalPoints: 0, weightsVersion: 'STANDARD-1/T2A-1' });
    expect(response.warnings).toEqual([
      expect.objectContaining({
        type: 'UNKNOWN_FIELD',
        fields: ['weights.tierpoints', 'weights.keepPct.warrant'],
      }),
    ]);
  });

  it('warns about unknown top-level fields without refusing', () => {
    const response = workload({ cases: [], grade: 'PO' });
    expect(types(response.warnings)).toEqual(['UNKNOWN_FIELD']);
    expect(response).toMatchObject({ totalPoints: 0 });
  });
});

describe('available-points (calculation-api.md §8.3)', () => {
  it('gives the published example response exactly, counting only the reduction in force', () => {
    const response = available({
      grade: 'PO',
      contractedHours: 37,
      reductions: [
        { hours: 3, startDate: '2026-01-05', endDate: '2026-06-30', status: 'ACTIVE' },
        { hours: 5, startDate: '2025-01-06', endDate: '2025-07-31', status: 'ARCHIVED' },
      ],
      calculationDate: '2026-03-02',
    });
    expect(response).toEqual({
      calculator: 'available-points',
      modelVersion: 'AVAILABLE-POINTS-1',
      weightsVersion: 'STANDARD-1/T2A-1',
      calculationDate: '2026-03-02',
      grade: 'PO',
      availablePoints: 1999,
      contractedHours: 37,
      defaultContractedHours: 37,
      reductionHours: 3,
      availableHours: 34,
      weeklyTargetPoints: 2176,
      warnings: [],
    });
  });

  it('gives the workload.md §5 examples from reductionHours', () => {
    expect(available({ grade: 'PO', contractedHours: 37, reductionHours: 1.8 })).toMatchObject({
      availablePoints: 2070,
    });
    expect(available({ grade: 'PO', contractedHours: 30, reductionHours: 1.8 })).toMatchObject({
      availablePoints: 1658,
    });
  });

  it('uses calculationDate to decide which reductions are in force, ignoring deleted ones', () => {
    const reductions = [
      { hours: 3, startDate: '2026-01-05', endDate: '2026-06-30' },
      { hours: 10, startDate: '2026-01-05', endDate: '2026-06-30', status: 'DELETED' },
    ];
    expect(available({ grade: 'PO', reductions, calculationDate: '2026-06-30' })).toMatchObject({
      reductionHours: 3,
      availablePoints: 1999,
      contractedHours: 37,
    });
    expect(available({ grade: 'PO', reductions, calculationDate: '2026-07-01' })).toMatchObject({
      reductionHours: 0,
      availablePoints: 2176,
    });
  });

  it('warns NO_AVAILABLE_HOURS for UNGRADED, for the SPO default of 0 hours, and for 0 contracted hours', () => {
    const ungraded = available({ grade: 'UNGRADED' });
    expect(ungraded).toMatchObject({
      availablePoints: 0,
      contractedHours: null,
      defaultContractedHours: null,
      availableHours: null,
      weeklyTargetPoints: null,
    });
    expect(types(ungraded.warnings)).toEqual(['NO_AVAILABLE_HOURS']);
    expect(types(available({ grade: 'SPO', contractedHours: 37 }).warnings)).toEqual(['NO_AVAILABLE_HOURS']);
    const zero = available({ grade: 'PSO', contractedHours: 0 });
    expect(zero).toMatchObject({ availablePoints: 0 });
    expect(zero.warnings).toEqual([
      expect.objectContaining({ type: 'NO_AVAILABLE_HOURS', fields: ['contractedHours'] }),
    ]);
  });

  it('clamps to 0 with REDUCTIONS_EXCEED_HOURS, leaving availableHours negative', () => {
    const response = available({ grade: 'PO', contractedHours: 20, reductionHours: 22.5 });
    expect(response).toMatchObject({ availablePoints: 0, availableHours: -2.5 });
    expect(response.warnings).toEqual([
      expect.objectContaining({ type: 'REDUCTIONS_EXCEED_HOURS', fields: ['reductionHours'] }),
    ]);
  });

  it('refuses reductionHours with reductions as CONFLICTING_INPUT', () => {
    const response = available({ grade: 'PO', reductionHours: 1, reductions: [] });
    expect(types(response.errors)).toEqual(['CONFLICTING_INPUT']);
  });

  it('refuses a missing grade, an unknown grade, negative hours and bad reductions', () => {
    expect(available({}).errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: ['grade'] }),
    ]);
    expect(types(available({ grade: 'po' }).errors)).toEqual(['INVALID_VALUE']);
    expect(types(available({ grade: 'PO', contractedHours: -1 }).errors)).toEqual(['INVALID_VALUE']);
    const bad = available({
      grade: 'PO',
      reductions: [
        { hours: 1, startDate: '2026-02-30', endDate: '2026-03-01', status: 'GONE' },
        { hours: 1 },
      ],
    });
    expect(types(bad.errors)).toEqual(['MISSING_MANDATORY_INPUT', 'INVALID_VALUE', 'INVALID_VALUE']);
    expect(bad.errors![0]!.fields).toEqual(['reductions[1].startDate', 'reductions[1].endDate']);
  });

  it('applies target and default-hours overrides per grade', () => {
    const response = available({
      grade: 'NQO',
      contractedHours: 37.5,
      weights: { weeklyTargetPoints: { PO: 2000 }, defaultContractedHours: { PO: 37.5 } },
    });
    expect(response).toMatchObject({ availablePoints: 2000, weightsVersion: 'STANDARD-1/T2A-1+overrides' });
    expect(types(available({ grade: 'PO', weights: { defaultContractedHours: { PO: -1 } } }).errors)).toEqual(
      ['INVALID_VALUE'],
    );
  });

  it('takes its configuration as a parameter', () => {
    const config = applyWeightOverrides(DEFAULT_WEIGHTING_CONFIG, { defaultContractedHours: { SPO: 37 } });
    expect(
      runCalculator(createAvailablePointsCalculator(config), { grade: 'SPO', reductionHours: 3 }, TODAY),
    ).toMatchObject({ availablePoints: 1999 });
  });
});

describe('registry', () => {
  it('registers both workload calculators, in calculation-api.md §1 order after the tiering calculators', () => {
    expect(findCalculator('workload-points')).toBe(workloadPointsCalculator);
    expect(findCalculator('available-points')).toBe(availablePointsCalculator);
    const names = calculators.map((c) => c.name);
    expect(names.indexOf('available-points')).toBe(names.indexOf('workload-points') + 1);
    expect(names.indexOf('workload-points')).toBeGreaterThan(names.indexOf('tier-v2'));
  });
});
