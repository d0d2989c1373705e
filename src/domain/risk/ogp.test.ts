import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { offenceCodeMappingVersion } from './offence-code-mapping.js';
import { calculateOgp, evaluateOgp, ogpBand, ogpCalculator, type OgpInput } from './ogp.js';
import { isRefused } from './outcome.js';

// OGP: risk-predictors.md §4, calculation-api.md §6.4.

const CALCULATION_DATE = '2026-03-02';

/** The §4.4 / §6.4 worked example. */
const example: OgpInput = {
  ogrs3TwoYearPercent: 17,
  noFixedAbode: false,
  unemployed: true,
  regularActivitiesEncourageOffending: 1,
  drugMisuse: 2,
  motivationToTackleDrugMisuse: 0,
  problemSolving: 1,
  awarenessOfConsequences: 1,
  understandsOthersViews: 0,
  proCriminalAttitudes: 1,
};

/** The OGRS3 worked example's inputs (§3.5), whose 2-year percent is 17. */
const ogrs3Inputs = {
  sex: 'MALE',
  dateOfBirth: '1991-07-17',
  convictionDate: '2021-08-05',
  followUpStartDate: '2021-12-12',
  totalSanctions: 2,
  ageAtFirstSanction: 21,
  offenceCode: '11618',
} as const;

function result(input: CalcRequest) {
  const outcome = evaluateOgp(input);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

describe('OGP worked example (§4.4, §6.4)', () => {
  it('scores 31 points: 15 % at one year, 24 % at two years, band LOW', () => {
    const outcome = calculateOgp(example);
    expect(isRefused(outcome)).toBe(false);
    expect(!isRefused(outcome) && outcome.result).toEqual({
      modelVersion: 'OGP-OASYS-1',
      thresholdsVersion: 'OGP-BANDS-1',
      points: 31,
      oneYearPercent: 15,
      twoYearPercent: 24,
      band: 'LOW',
      ogrs3TwoYearPercent: 17,
      components: {
        ogrs3: 10,
        accommodation: 0,
        employment: 5,
        lifestyle: 3,
        drugs: 8,
        thinkingAndBehaviour: 2,
        attitudes: 3,
      },
    });
  });

  it('answers through the contract exactly as the example response', () => {
    expect(runCalculator(ogpCalculator, { ...example }, CALCULATION_DATE)).toEqual({
      calculator: 'ogp',
      modelVersion: 'OGP-OASYS-1',
      thresholdsVersion: 'OGP-BANDS-1',
      calculationDate: CALCULATION_DATE,
      points: 31,
      oneYearPercent: 15,
      twoYearPercent: 24,
      band: 'LOW',
      ogrs3TwoYearPercent: 17,
      components: {
        ogrs3: 10,
        accommodation: 0,
        employment: 5,
        lifestyle: 3,
        drugs: 8,
        thinkingAndBehaviour: 2,
        attitudes: 3,
      },
      warnings: [],
    });
  });
});

describe('OGP points (§4.2)', () => {
  it('scores the drug domain 0, 4, 8, 11, 15 for drug misuse + motivation of 0 to 4', () => {
    const drugs = [
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
      [2, 2],
    ].map(
      ([d, m]) => result({ ...example, drugMisuse: d, motivationToTackleDrugMisuse: m }).components.drugs,
    );
    expect(drugs).toEqual([0, 4, 8, 11, 15]);
  });

  it('rounds thinking and behaviour from exact 5 × sum ÷ 6, so a sum of 3 (2.5) gives 3', () => {
    const thinking = (a: number, b: number, c: number) =>
      result({ ...example, problemSolving: a, awarenessOfConsequences: b, understandsOthersViews: c })
        .components.thinkingAndBehaviour;
    expect(thinking(1, 1, 1)).toBe(3);
    expect(thinking(1, 1, 0)).toBe(2);
    expect(thinking(0, 0, 0)).toBe(0);
    expect(thinking(2, 2, 2)).toBe(5);
  });

  it('scores lifestyle and attitudes 0 / 3 / 5, and each flag 5', () => {
    const points = (v: 0 | 1 | 2) =>
      result({ ...example, regularActivitiesEncourageOffending: v, proCriminalAttitudes: v }).components;
    expect([0, 1, 2].map((v) => points(v as 0 | 1 | 2).lifestyle)).toEqual([0, 3, 5]);
    expect([0, 1, 2].map((v) => points(v as 0 | 1 | 2).attitudes)).toEqual([0, 3, 5]);
    expect(result({ ...example, noFixedAbode: true }).components.accommodation).toBe(5);
    expect(result({ ...example, unemployed: false }).components.employment).toBe(0);
  });

  it('rounds 0.6 × the OGRS3 percent half-up (0.6 × 17 = 10.2 → 10; 0.6 × 99 = 59.4 → 59)', () => {
    expect(result({ ...example, ogrs3TwoYearPercent: 99 }).components.ogrs3).toBe(59);
  });

  it('reaches at most 99 points', () => {
    const worst = {
      ...example,
      ogrs3TwoYearPercent: 99,
      noFixedAbode: true,
      unemployed: true,
      regularActivitiesEncourageOffending: 2,
    };
    const r = result({
      ...worst,
      drugMisuse: 2,
      motivationToTackleDrugMisuse: 2,
      problemSolving: 2,
      awarenessOfConsequences: 2,
      understandsOthersViews: 2,
      proCriminalAttitudes: 2,
    });
    expect(r.points).toBe(99);
  });
});

describe('OGP bands on the 2-year percent (§4.3)', () => {
  it.each([
    [1, 'LOW'],
    [33, 'LOW'],
    [34, 'MEDIUM'],
    [66, 'MEDIUM'],
    [67, 'HIGH'],
    [84, 'HIGH'],
    [85, 'VERY_HIGH'],
    [99, 'VERY_HIGH'],
  ])('%i per cent is %s', (percent, band) => {
    expect(ogpBand(percent)).toBe(band);
  });
});

describe('OGP with OGRS3 computed from its inputs (§6.4)', () => {
  const { ogrs3TwoYearPercent: _omitted, ...items } = example;

  it('computes OGRS3 itself and gives the same result, with the offence data version', () => {
    const r = result({ ...items, ...ogrs3Inputs });
    expect(r.ogrs3TwoYearPercent).toBe(17);
    expect(r.points).toBe(31);
    expect(r.offenceDataVersion).toBe(offenceCodeMappingVersion);
  });

  it('uses a given ogrs3TwoYearPercent as it stands, even with OGRS3 inputs present', () => {
    expect(result({ ...example, ...ogrs3Inputs, ogrs3TwoYearPercent: 90 }).ogrs3TwoYearPercent).toBe(90);
  });

  it('refuses with COMPONENT_VALIDATION_ERROR, then the OGRS3 errors, when OGRS3 is refused', () => {
    const outcome = evaluateOgp({ ...items, ...ogrs3Inputs, offenceCode: '08800' });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({
        type: 'COMPONENT_VALIDATION_ERROR',
        components: ['ogrs3'],
        fields: ['offenceCode'],
      }),
      expect.objectContaining({
        type: 'NEED_DETAILS_OF_EXACT_OFFENCE',
        component: 'ogrs3',
        fields: ['offenceCode'],
      }),
    ]);
  });

  it('asks for ogrs3TwoYearPercent when neither it nor any OGRS3 input is given', () => {
    const outcome = evaluateOgp(items);
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: ['ogrs3TwoYearPercent'] }),
    ]);
  });
});

describe('OGP refusals', () => {
  it('lists every missing item once (no static fallback)', () => {
    const outcome = evaluateOgp({});
    expect(isRefused(outcome) && outcome.errors).toEqual([
      {
        type: 'MISSING_MANDATORY_INPUT',
        message: expect.any(String),
        fields: [
          'ogrs3TwoYearPercent',
          'noFixedAbode',
          'unemployed',
          'regularActivitiesEncourageOffending',
          'drugMisuse',
          'motivationToTackleDrugMisuse',
          'problemSolving',
          'awarenessOfConsequences',
          'understandsOthersViews',
          'proCriminalAttitudes',
        ],
      },
    ]);
  });

  it.each([
    ['ogrs3TwoYearPercent', 0],
    ['ogrs3TwoYearPercent', 100],
    ['ogrs3TwoYearPercent', 17.5],
    ['drugMisuse', 3],
    ['unemployed', 'yes'],
  ])('refuses %s = %j as INVALID_VALUE', (field, value) => {
    const outcome = evaluateOgp({ ...example, [field]: value });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: [field] }),
    ]);
  });
});

describe('OGP properties', () => {
  const item = fc.constantFrom(0, 1, 2);
  const request = fc.record({
    ogrs3TwoYearPercent: fc.integer({ min: 1, max: 99 }),
    noFixedAbode: fc.boolean(),
    unemployed: fc.boolean(),
    regularActivitiesEncourageOffending: item,
    drugMisuse: item,
    motivationToTackleDrugMisuse: item,
    problemSolving: item,
    awarenessOfConsequences: item,
    understandsOthersViews: item,
    proCriminalAttitudes: item,
  });

  it('gives 0–99 points that are the sum of the items, percents in [1, 99] and a band from the 2-year percent', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = result(req);
        expect(r.points).toBe(Object.values(r.components).reduce((a, b) => a + b, 0));
        expect(r.points).toBeGreaterThanOrEqual(0);
        expect(r.points).toBeLessThanOrEqual(99);
        for (const p of [r.oneYearPercent, r.twoYearPercent])
          expect(Number.isInteger(p) && p >= 1 && p <= 99).toBe(true);
        expect(r.band).toBe(ogpBand(r.twoYearPercent));
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(evaluateOgp(req)).toEqual(evaluateOgp({ ...req }));
      }),
      { numRuns: 30 },
    );
  });
});
