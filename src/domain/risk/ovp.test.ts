import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { isRefused } from './outcome.js';
import { calculateOvp, evaluateOvp, ovpBand, ovpCalculator, type OvpInput } from './ovp.js';

// OVP: risk-predictors.md §5, calculation-api.md §6.5.

const CALCULATION_DATE = '2026-03-02';

/** The §5.4 / §6.5 worked example: male, 19 at follow-up start, 31 sanctions of which 17 violent. */
const example: OvpInput = {
  sex: 'MALE',
  dateOfBirth: '2000-10-15',
  followUpStartDate: '2019-12-12',
  totalSanctions: 31,
  violentSanctions: 17,
  recognisesImpactOfOffending: false,
  noFixedAbode: true,
  unemployed: true,
  alcoholCurrentUse: 1,
  alcoholBingeDrinking: 0,
  currentPsychiatricTreatment: false,
  temperControl: 2,
  proCriminalAttitudes: 1,
};

function result(input: CalcRequest) {
  const outcome = evaluateOvp(input);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

function errorTypes(input: CalcRequest): string[] {
  const outcome = evaluateOvp(input);
  return isRefused(outcome) ? outcome.errors.map((e) => e.type) : [];
}

describe('OVP worked example (§5.4, §6.5)', () => {
  it('scores 82 points: 80 % at one year, 89 % at two years, band VERY_HIGH', () => {
    const outcome = calculateOvp(example);
    expect(!isRefused(outcome) && outcome.result).toEqual({
      modelVersion: 'OVP-OASYS-1',
      thresholdsVersion: 'OVP-BANDS-1',
      points: 82,
      oneYearPercent: 80,
      twoYearPercent: 89,
      band: 'VERY_HIGH',
      components: {
        anySanction: 5,
        violentSanctions: 24,
        nonViolentSanctions: 4,
        ageAtFollowUp: 20,
        male: 5,
        doesNotRecogniseImpact: 4,
        noFixedAbode: 4,
        unemployed: 4,
        alcohol: 3,
        psychiatricTreatment: 0,
        temperControl: 6,
        proCriminalAttitudes: 3,
      },
    });
  });

  it('answers through the contract', () => {
    expect(runCalculator(ovpCalculator, { ...example }, CALCULATION_DATE)).toMatchObject({
      calculator: 'ovp',
      modelVersion: 'OVP-OASYS-1',
      thresholdsVersion: 'OVP-BANDS-1',
      points: 82,
      warnings: [],
    });
  });
});

describe('OVP points (§5.2)', () => {
  it.each([
    [0, 0],
    [1, 4],
    [2, 7],
    [3, 9],
    [4, 11],
    [5, 12],
    [6, 13],
    [17, 24],
    [18, 25],
    [40, 25],
  ])('%i violent sanctions score %i', (violent, points) => {
    expect(
      result({ ...example, totalSanctions: 60, violentSanctions: violent }).components.violentSanctions,
    ).toBe(points);
  });

  it.each([
    [0, 0],
    [2, 0],
    [3, 2],
    [4, 2],
    [5, 3],
    [10, 3],
    [11, 4],
    [20, 4],
    [21, 5],
    [50, 5],
  ])('%i non-violent sanctions score %i', (nonViolent, points) => {
    expect(
      result({ ...example, totalSanctions: nonViolent + 1, violentSanctions: 1 }).components
        .nonViolentSanctions,
    ).toBe(points);
  });

  /** The age at follow-up start on the birthday itself (born 15 October). */
  const atAge = (age: number) =>
    result({ ...example, followUpStartDate: `${2000 + age}-10-15` }).components.ageAtFollowUp;
  it.each([
    [18, 20],
    [19, 20],
    [20, 17],
    [21, 17],
    [22, 14],
    [23, 14],
    [24, 12],
    [25, 12],
    [26, 10],
    [30, 10],
    [31, 8],
    [35, 8],
    [36, 6],
    [40, 6],
    [41, 4],
    [45, 4],
    [46, 2],
    [50, 2],
    [51, 0],
  ])('age %i at follow-up start scores %i', (age, points) => {
    expect(atAge(age)).toBe(points);
  });

  it('scores alcohol ceil(2.5 × (current use + binge)): 0, 3, 5, 8, 10', () => {
    const alcohol = [
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
      [2, 2],
    ].map(
      ([use, binge]) =>
        result({ ...example, alcoholCurrentUse: use, alcoholBingeDrinking: binge }).components.alcohol,
    );
    expect(alcohol).toEqual([0, 3, 5, 8, 10]);
  });

  it('scores 5 for every person for "any sanctions", and 5 for males only', () => {
    expect(result({ ...example, totalSanctions: 1, violentSanctions: 0 }).components.anySanction).toBe(5);
    expect(result({ ...example, sex: 'FEMALE' }).components.male).toBe(0);
  });

  it('scores 4 for each dynamic flag and 3 per point of temper and attitudes', () => {
    const r = result({
      ...example,
      recognisesImpactOfOffending: true,
      currentPsychiatricTreatment: true,
      temperControl: 1,
      proCriminalAttitudes: 2,
    });
    expect(r.components).toMatchObject({
      doesNotRecogniseImpact: 0,
      psychiatricTreatment: 4,
      temperControl: 3,
      proCriminalAttitudes: 6,
    });
  });
});

describe('OVP bands on the 2-year percent (§5.3)', () => {
  it.each([
    [1, 'LOW'],
    [29, 'LOW'],
    [30, 'MEDIUM'],
    [59, 'MEDIUM'],
    [60, 'HIGH'],
    [79, 'HIGH'],
    [80, 'VERY_HIGH'],
    [99, 'VERY_HIGH'],
  ])('%i per cent is %s', (percent, band) => {
    expect(ovpBand(percent)).toBe(band);
  });
});

describe('OVP refusals', () => {
  it('lists all 13 inputs when none is given', () => {
    const outcome = evaluateOvp({});
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: Object.keys(example) }),
    ]);
  });

  it('refuses an age at follow-up start below 18, and accepts the 18th birthday', () => {
    expect(errorTypes({ ...example, followUpStartDate: '2018-10-14' })).toEqual([
      'AGE_AT_START_OF_FOLLOWUP_BELOW_MODEL_RANGE',
    ]);
    expect(errorTypes({ ...example, followUpStartDate: '2018-10-15' })).toEqual([]);
  });

  it('refuses a follow-up start on or before the date of birth', () => {
    expect(errorTypes({ ...example, followUpStartDate: '2000-10-15' })).toEqual([
      'DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH',
    ]);
  });

  it('refuses fewer than one sanction, and more violent sanctions than sanctions', () => {
    expect(errorTypes({ ...example, totalSanctions: 0, violentSanctions: 0 })).toEqual([
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
    ]);
    expect(errorTypes({ ...example, totalSanctions: 17, violentSanctions: 18 })).toEqual([
      'VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS',
    ]);
    expect(errorTypes({ ...example, totalSanctions: 17, violentSanctions: 17 })).toEqual([]);
  });

  it.each([
    ['violentSanctions', -1],
    ['temperControl', 3],
    ['noFixedAbode', 1],
    ['sex', 'M'],
  ])('refuses %s = %j as INVALID_VALUE', (field, value) => {
    const outcome = evaluateOvp({ ...example, [field]: value });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: [field] }),
    ]);
  });
});

describe('OVP properties', () => {
  const item = fc.constantFrom(0, 1, 2);
  const request = fc
    .record({
      sex: fc.constantFrom('MALE', 'FEMALE'),
      ageAtFollowUp: fc.integer({ min: 18, max: 90 }),
      totalSanctions: fc.integer({ min: 1, max: 300 }),
      violentShare: fc.double({ min: 0, max: 1, noNaN: true }),
      recognisesImpactOfOffending: fc.boolean(),
      noFixedAbode: fc.boolean(),
      unemployed: fc.boolean(),
      alcoholCurrentUse: item,
      alcoholBingeDrinking: item,
      currentPsychiatricTreatment: fc.boolean(),
      temperControl: item,
      proCriminalAttitudes: item,
    })
    .map(({ ageAtFollowUp, violentShare, ...rest }) => ({
      ...rest,
      dateOfBirth: '1930-03-01',
      followUpStartDate: `${1930 + ageAtFollowUp}-03-01`,
      violentSanctions: Math.floor(violentShare * rest.totalSanctions),
    }));

  it('gives points that are the sum of the items, percents in [1, 99] and a band from the 2-year percent', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = result(req);
        expect(r.points).toBe(Object.values(r.components).reduce((a, b) => a + b, 0));
        for (const p of [r.oneYearPercent, r.twoYearPercent])
          expect(Number.isInteger(p) && p >= 1 && p <= 99).toBe(true);
        expect(r.band).toBe(ovpBand(r.twoYearPercent));
        expect(r.components.anySanction).toBe(5);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(evaluateOvp(req)).toEqual(evaluateOvp({ ...req }));
      }),
      { numRuns: 30 },
    );
  });
});
