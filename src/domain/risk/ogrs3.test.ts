import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { offenceCodeMappingVersion } from './offence-code-mapping.js';
import { Dec } from './decimal.js';
import { FIXED_PLACES } from './fixed-point.js';
import {
  calculateOgrs3,
  evaluateOgrs3,
  ogrs3Band,
  ogrs3Calculator,
  type Ogrs3Input,
  scoresFor,
  scoresForFixed,
} from './ogrs3.js';
import { isRefused } from './outcome.js';

// OGRS3: risk-predictors.md §3, calculation-api.md §6.3.

const CALCULATION_DATE = '2026-03-02';

/** The §3.5 / §6.3 worked example. */
const example: Ogrs3Input = {
  sex: 'MALE',
  dateOfBirth: '1991-07-17',
  convictionDate: '2021-08-05',
  followUpStartDate: '2021-12-12',
  totalSanctions: 2,
  ageAtFirstSanction: 21,
  offenceCode: '11618',
};

function result(input: CalcRequest) {
  const outcome = evaluateOgrs3(input);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

function errorTypes(input: CalcRequest): string[] {
  const outcome = evaluateOgrs3(input);
  return isRefused(outcome) ? outcome.errors.map((e) => e.type) : [];
}

describe('OGRS3 worked example (§3.5, §6.3)', () => {
  const r = (() => {
    const outcome = calculateOgrs3(example);
    if (isRefused(outcome)) throw new Error('refused');
    return outcome.result;
  })();

  it('gives 9 % at one year and 17 % at two years, band LOW', () => {
    expect(r.oneYearPercent).toBe(9);
    expect(r.twoYearPercent).toBe(17);
    expect(r.band).toBe('LOW');
  });

  it('reports the probabilities rounded to 5 dp', () => {
    expect(r.oneYearProbability).toBe(0.08805);
    expect(r.twoYearProbability).toBe(0.1654);
  });

  it('reports each term of y = A + S + C + O', () => {
    expect(r.components.ageGender).toBe(-1.326);
    expect(r.components.convictionStatus).toBe(0.46306);
    expect(r.components.offence).toBe(-0.0607);
    // The spec prints C and y as binary floating-point results (…725585, …725587); Casework computes in 34-digit
    // decimal (P1), whose nearest doubles differ in the last digit or two.
    expect(r.components.copas).toBeCloseTo(-2.8166361950725585, 14);
    expect(r.linearPredictor).toBeCloseTo(-3.7402761950725587, 14);
    expect(Number(r.components.copas.toFixed(5))).toBe(-2.81664);
    expect(Number(r.linearPredictor.toFixed(5))).toBe(-3.74028);
  });

  it('answers through the contract with versions and the offence data version', () => {
    const response = runCalculator(ogrs3Calculator, { ...example }, CALCULATION_DATE);
    expect(response).toMatchObject({
      calculator: 'ogrs3',
      modelVersion: 'OGRS3-2009',
      thresholdsVersion: 'OGRS3-BANDS-1',
      offenceDataVersion: offenceCodeMappingVersion,
      calculationDate: CALCULATION_DATE,
      oneYearPercent: 9,
      twoYearPercent: 17,
      band: 'LOW',
      warnings: [],
    });
    expect(response.errors).toBeUndefined();
  });
});

describe('OGRS3 refusals', () => {
  it('lists every missing field once, in the contract example wording (§4.5)', () => {
    const response = runCalculator(ogrs3Calculator, {}, CALCULATION_DATE);
    expect(response.errors).toEqual([
      {
        type: 'MISSING_MANDATORY_INPUT',
        message:
          'Missing: sex, dateOfBirth, convictionDate, followUpStartDate, totalSanctions, ageAtFirstSanction, offenceCode',
        fields: [
          'sex',
          'dateOfBirth',
          'convictionDate',
          'followUpStartDate',
          'totalSanctions',
          'ageAtFirstSanction',
          'offenceCode',
        ],
      },
    ]);
    expect(response).not.toHaveProperty('twoYearPercent');
  });

  it.each([
    ['sex', 'male'],
    ['dateOfBirth', '1991-02-30'],
    ['totalSanctions', 1.5],
    ['ageAtFirstSanction', -1],
    ['firstSanctionDate', '2012-13-01'],
  ])('refuses %s = %j as INVALID_VALUE naming the field', (field, value) => {
    const outcome = evaluateOgrs3({ ...example, [field]: value });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: [field] }),
    ]);
  });

  it.each([
    ['1161', 'OFFENCE_CODE_INCORRECT_FORMAT'],
    [11618, 'OFFENCE_CODE_INCORRECT_FORMAT'],
    ['00003', 'OFFENCE_CODE_MAPPING_NOT_FOUND'],
    ['95000', 'OFFENCE_CODE_MAPPING_NOT_FOUND'],
    ['99955', 'OFFENCE_CODE_MAPPING_NOT_FOUND'],
    ['08800', 'NEED_DETAILS_OF_EXACT_OFFENCE'],
    ['11100', 'NEED_DETAILS_OF_EXACT_OFFENCE'],
    ['14100', 'NEED_DETAILS_OF_EXACT_OFFENCE'],
  ])('refuses offence code %j with %s', (offenceCode, type) => {
    const outcome = evaluateOgrs3({ ...example, offenceCode });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type, fields: ['offenceCode'] }),
    ]);
  });

  it('says why a generic code cannot be scored', () => {
    const outcome = evaluateOgrs3({ ...example, offenceCode: '08800' });
    expect(isRefused(outcome) && outcome.errors[0]?.message).toContain(
      'It is not possible to calculate an OGRS3 score without details of the exact offence',
    );
  });

  it('refuses a conviction on or before the date of birth', () => {
    expect(errorTypes({ ...example, convictionDate: example.dateOfBirth })).toContain(
      'DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH',
    );
    expect(errorTypes({ ...example, convictionDate: '1990-01-01' })).toContain(
      'DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH',
    );
  });

  it('refuses a follow-up start on or before the date of birth', () => {
    expect(errorTypes({ ...example, followUpStartDate: example.dateOfBirth })).toEqual([
      'DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH',
    ]);
  });

  it('refuses an age at conviction below 10, and accepts the 10th birthday', () => {
    const young = { ...example, dateOfBirth: '2011-08-06', ageAtFirstSanction: 9 };
    expect(errorTypes(young)).toContain('AGE_AT_CURRENT_CONVICTION_LESS_THAN_TEN');
    expect(errorTypes({ ...young, dateOfBirth: '2011-08-05' })).not.toContain(
      'AGE_AT_CURRENT_CONVICTION_LESS_THAN_TEN',
    );
  });

  it('refuses an age at follow-up start below 10, and accepts the 10th birthday', () => {
    const young = {
      ...example,
      dateOfBirth: '2008-01-01',
      convictionDate: '2018-01-01',
      followUpStartDate: '2017-12-31',
      ageAtFirstSanction: 10,
    };
    expect(errorTypes(young)).toEqual(['AGE_AT_START_OF_FOLLOWUP_BELOW_MODEL_RANGE']);
    expect(errorTypes({ ...young, followUpStartDate: '2018-01-01' })).toEqual([]);
  });

  it('refuses fewer than one sanction', () => {
    expect(errorTypes({ ...example, totalSanctions: 0 })).toEqual([
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
    ]);
  });

  it('refuses a first sanction at an older age than the conviction', () => {
    const outcome = evaluateOgrs3({ ...example, ageAtFirstSanction: 31 });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({
        type: 'AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION',
        fields: ['ageAtFirstSanction', 'convictionDate'],
      }),
    ]);
    expect(errorTypes({ ...example, ageAtFirstSanction: 30 })).toEqual([]);
  });

  it('reports every problem at once, never a partial score', () => {
    const outcome = evaluateOgrs3({ ...example, sex: undefined, totalSanctions: 0, offenceCode: '08800' });
    expect(isRefused(outcome) && outcome.errors.map((e) => e.type)).toEqual([
      'MISSING_MANDATORY_INPUT',
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
      'NEED_DETAILS_OF_EXACT_OFFENCE',
    ]);
    expect(outcome).not.toHaveProperty('result');
  });

  it('treats null as absent', () => {
    expect(errorTypes({ ...example, offenceCode: null })).toEqual(['MISSING_MANDATORY_INPUT']);
  });
});

describe('OGRS3 age at first sanction from a date (calculation-api.md §6.1)', () => {
  const { ageAtFirstSanction: _omitted, ...withoutAge } = example;

  it('derives the age from firstSanctionDate when ageAtFirstSanction is absent', () => {
    expect(result({ ...withoutAge, firstSanctionDate: '2012-07-17' })).toEqual(result(example));
    expect(result({ ...withoutAge, firstSanctionDate: '2012-07-16' })).toEqual(
      result({ ...example, ageAtFirstSanction: 20 }),
    );
  });

  it('prefers a given age to the date', () => {
    expect(result({ ...example, firstSanctionDate: '2000-01-01' })).toEqual(result(example));
  });

  it('names ageAtFirstSanction when both are missing', () => {
    const outcome = evaluateOgrs3(withoutAge);
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: ['ageAtFirstSanction'] }),
    ]);
  });
});

describe('OGRS3 age bands (A, §3.2)', () => {
  // Each row of the published table: the first age of the band and its male and female parameters.
  const table: [from: number, male: number, female: number][] = [
    [10, 0, 0.785],
    [12, 0.08392, 0.61385],
    [14, 0.07578, 0.66952],
    [16, -0.0616, -0.9592],
    [18, -0.6251, -0.8975],
    [21, -1.0515, -1.0285],
    [25, -1.1667, -1.0528],
    [30, -1.326, -1.1291],
    [35, -1.368, -1.4219],
    [40, -1.4997, -1.5247],
    [50, -2.0253, -2.4498],
  ];

  /** A person born 1960-06-15 whose follow-up starts on the day they are `age`, or the day before. */
  function ageGenderAt(sex: 'MALE' | 'FEMALE', age: number, dayBefore: boolean): number {
    const year = 1960 + age;
    return result({
      sex,
      dateOfBirth: '1960-06-15',
      convictionDate: '1975-01-01',
      followUpStartDate: dayBefore ? `${year}-06-14` : `${year}-06-15`,
      totalSanctions: 1,
      ageAtFirstSanction: 14,
      offenceCode: '11618',
    }).components.ageGender;
  }

  it.each(table)(
    'from age %i: male %d, female %d; the day before belongs to the band below',
    (from, male, female) => {
      expect(ageGenderAt('MALE', from, false)).toBe(male);
      expect(ageGenderAt('FEMALE', from, false)).toBe(female);
      const below = table.findIndex(([f]) => f === from) - 1;
      if (below >= 0) {
        expect(ageGenderAt('MALE', from, true)).toBe(table[below]![1]);
        expect(ageGenderAt('FEMALE', from, true)).toBe(table[below]![2]);
      }
    },
  );

  it('uses the 50+ row for any older age', () => {
    expect(ageGenderAt('MALE', 90, false)).toBe(-2.0253);
  });

  it('scores the first sanction 0.12614 and any later one 0.46306', () => {
    expect(result({ ...example, totalSanctions: 1 }).components.convictionStatus).toBe(0.12614);
    expect(result({ ...example, totalSanctions: 3 }).components.convictionStatus).toBe(0.46306);
  });
});

describe('OGRS3 bands on the 2-year percent (§3.3)', () => {
  it.each([
    [1, 'LOW'],
    [49, 'LOW'],
    [50, 'MEDIUM'],
    [74, 'MEDIUM'],
    [75, 'HIGH'],
    [89, 'HIGH'],
    [90, 'VERY_HIGH'],
    [99, 'VERY_HIGH'],
  ])('%i per cent is %s', (percent, band) => {
    expect(ogrs3Band(percent)).toBe(band);
  });
});

describe('OGRS3 properties', () => {
  const codes = ['11618', '02700', '03400', '04600', '07750', '01612', '08000', '00100'];
  const person = fc
    .record({
      sex: fc.constantFrom('MALE', 'FEMALE'),
      birthYear: fc.integer({ min: 1930, max: 2005 }),
      ageAtConviction: fc.integer({ min: 10, max: 80 }),
      monthsToFollowUp: fc.integer({ min: 0, max: 120 }),
      careerYears: fc.integer({ min: 0, max: 70 }),
      totalSanctions: fc.integer({ min: 1, max: 500 }),
      offenceCode: fc.constantFrom(...codes),
    })
    .map((p) => {
      const followUpYear = p.birthYear + p.ageAtConviction + Math.floor((p.monthsToFollowUp + 6) / 12);
      return {
        sex: p.sex,
        dateOfBirth: `${p.birthYear}-01-01`,
        convictionDate: `${p.birthYear + p.ageAtConviction}-07-01`,
        followUpStartDate: `${followUpYear}-07-01`,
        totalSanctions: p.totalSanctions,
        ageAtFirstSanction: Math.max(0, p.ageAtConviction - p.careerYears),
        offenceCode: p.offenceCode,
      };
    });

  it('gives probabilities in (0, 1), percents in [1, 99], a band that follows the 2-year percent, and terms that add up', () => {
    fc.assert(
      fc.property(person, (request) => {
        const r = result(request);
        for (const p of [r.oneYearProbability, r.twoYearProbability]) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(1);
        }
        for (const p of [r.oneYearPercent, r.twoYearPercent]) {
          expect(Number.isInteger(p) && p >= 1 && p <= 99).toBe(true);
        }
        expect(r.twoYearPercent).toBeGreaterThanOrEqual(r.oneYearPercent);
        expect(r.band).toBe(ogrs3Band(r.twoYearPercent));
        const sum =
          r.components.ageGender + r.components.convictionStatus + r.components.copas + r.components.offence;
        expect(r.linearPredictor).toBeCloseTo(sum, 12);
      }),
    );
  });

  it('gives the same response to the same request', () => {
    fc.assert(
      fc.property(person, (request) => {
        expect(runCalculator(ogrs3Calculator, request, CALCULATION_DATE)).toEqual(
          runCalculator(ogrs3Calculator, { ...request }, CALCULATION_DATE),
        );
      }),
      { numRuns: 30 },
    );
  });
});

describe('OGRS3 scores in fixed point', () => {
  it('are the numbers the Dec definition gives for the same y', () => {
    // y as OGRS3 forms it: a few constants of up to 5 places plus Copas × a 34-digit logarithm.
    const ys = fc
      .tuple(fc.integer({ min: -600_000, max: 400_000 }), fc.bigInt({ min: 0n, max: 10n ** 34n - 1n }))
      .map(([whole, digits]) => new Dec(`${whole}e-5`).plus(new Dec(`${digits}e-35`)));
    fc.assert(
      fc.property(ys, (y) => {
        const units = BigInt(y.toFixed(FIXED_PLACES).replace('.', ''));
        expect(scoresForFixed(units.toString())).toEqual(scoresFor(y.toString()));
      }),
      { numRuns: 3000 },
    );
  });
});
