import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCalculator } from '../calculation/run.js';
import { calculateDcSrp, dcSrpCalculator } from './dc-srp.js';
import { calculateIicSrp, iicSrpCalculator } from './iic-srp.js';

// DC-SRP and IIC-SRP: risk-predictors.md §11.7–11.8, calculation-api.md §6.11–6.12.

const CALCULATION_DATE = '2026-03-02';

/** The §6.11 example (the §6.5 worked example with 11 sanctions and the sexual-sanction date). */
const dcSrpExample = {
  sex: 'MALE',
  sexualOffenceHistory: true,
  currentOffenceSexuallyMotivated: true,
  supervisionStatus: 'COMMUNITY',
  assessmentDate: '2025-01-01',
  dateOfBirth: '1980-01-01',
  followUpStartDate: '2027-01-01',
  totalSanctions: 11,
  contactAdultSexualSanctions: 1,
  contactChildSexualSanctions: 2,
  nonContactSexualOffences: 3,
  indecentImageSanctions: 4,
  mostRecentSexualSanctionDate: '1994-01-01',
} as const;

const counts = {
  contactAdultSexualSanctions: 0,
  contactChildSexualSanctions: 0,
  nonContactSexualOffences: 0,
  indecentImageSanctions: 0,
};

function errors(
  outcome: { errors: { type: string; fields: string[] }[] } | { result: unknown },
): [string, string[]][] {
  return 'errors' in outcome ? outcome.errors.map((e) => [e.type, e.fields]) : [];
}

describe('DC-SRP', () => {
  it('gives the §6.11 example: 28 points, 1.54 %, MEDIUM, no reduction', () => {
    const response = runCalculator(dcSrpCalculator, dcSrpExample, CALCULATION_DATE);
    expect(response).toEqual({
      calculator: 'dc-srp',
      modelVersion: 'DCSRP-2026-1',
      thresholdsVersion: 'DCSRP-POINTS-2026',
      calculationDate: CALCULATION_DATE,
      points: 28,
      // §6.11 prints 0.015388904099572493, the binary floating-point value; see direct-contact-points.test.ts.
      probability: 0.015388904099572474,
      percent2dp: 1.54,
      band: 'MEDIUM',
      unreducedBand: 'MEDIUM',
      bandReductionApplied: false,
      femaleVersion: false,
      components: {
        contactAdult: 5,
        contactChild: 6,
        nonContact: 6,
        ageAtFollowUp: 5,
        ageAtLastSexualSanction: 0,
        anyPreviousSanction: 6,
        strangerVictim: 0,
      },
      warnings: [],
    });
  });

  it('is NOT_APPLICABLE for a female or a male without sexual history, needing only sex and history', () => {
    const notApplicable = {
      points: null,
      probability: 0,
      percent2dp: 0,
      band: 'NOT_APPLICABLE',
      unreducedBand: 'NOT_APPLICABLE',
      bandReductionApplied: null,
      components: null,
    };
    expect(calculateDcSrp({ sex: 'FEMALE', sexualOffenceHistory: true }, CALCULATION_DATE)).toEqual({
      result: {
        modelVersion: 'DCSRP-2026-1',
        thresholdsVersion: 'DCSRP-POINTS-2026',
        femaleVersion: true,
        ...notApplicable,
      },
      warnings: [],
    });
    expect(calculateDcSrp({ sex: 'MALE', sexualOffenceHistory: false }, CALCULATION_DATE)).toEqual({
      result: {
        modelVersion: 'DCSRP-2026-1',
        thresholdsVersion: 'DCSRP-POINTS-2026',
        femaleVersion: false,
        ...notApplicable,
      },
      warnings: [],
    });
  });

  it('requires the scored male fields, the most recent sexual sanction date included, in one error', () => {
    expect(errors(calculateDcSrp({ sex: 'MALE', sexualOffenceHistory: true }, CALCULATION_DATE))).toEqual([
      [
        'MISSING_MANDATORY_INPUT',
        [
          'contactAdultSexualSanctions',
          'contactChildSexualSanctions',
          'nonContactSexualOffences',
          'indecentImageSanctions',
          'dateOfBirth',
          'totalSanctions',
          'supervisionStatus',
          'mostRecentSexualSanctionDate',
          'followUpStartDate',
        ],
      ],
    ]);
    expect(
      errors(calculateDcSrp({ sex: null, sexualOffenceHistory: null } as never, CALCULATION_DATE)),
    ).toEqual([['MISSING_MANDATORY_INPUT', ['sex', 'sexualOffenceHistory']]]);
  });

  it('defaults the follow-up start to the conviction date', () => {
    const { followUpStartDate: _f, ...rest } = dcSrpExample;
    const outcome = calculateDcSrp({ ...rest, convictionDate: '2005-06-01' }, CALCULATION_DATE);
    // Age 25 at 2005-06-01 scores 14 − trunc(7 ÷ 3) = 12.
    expect('result' in outcome && outcome.result.components?.ageAtFollowUp).toBe(12);
  });

  it('scores a last sexual sanction below 16 as 0 without error, even below 10', () => {
    const outcome = calculateDcSrp(
      { ...dcSrpExample, mostRecentSexualSanctionDate: '1989-06-01' },
      CALCULATION_DATE,
    );
    expect('result' in outcome && outcome.result.components?.ageAtLastSexualSanction).toBe(0);
    const at16 = calculateDcSrp(
      { ...dcSrpExample, mostRecentSexualSanctionDate: '1996-01-01' },
      CALCULATION_DATE,
    );
    expect('result' in at16 && at16.result.components?.ageAtLastSexualSanction).toBe(5);
  });

  it('refuses counts given with no sexual history', () => {
    expect(
      errors(
        calculateDcSrp(
          { sex: 'MALE', sexualOffenceHistory: false, contactAdultSexualSanctions: 0 },
          CALCULATION_DATE,
        ),
      ),
    ).toEqual([
      [
        'SEXUAL_REOFFENDING_PREDICTOR_INCONSISTENT_INPUT',
        ['sexualOffenceHistory', 'contactAdultSexualSanctions'],
      ],
    ]);
  });

  it('refuses four zero counts', () => {
    expect(errors(calculateDcSrp({ ...dcSrpExample, ...counts }, CALCULATION_DATE)).map(([t]) => t)).toEqual([
      'SEXUAL_REOFFENDING_PREDICTOR_NO_SANCTIONS',
    ]);
  });

  it('refuses sexual counts that add up to more than totalSanctions', () => {
    expect(
      errors(calculateDcSrp({ ...dcSrpExample, totalSanctions: 9 }, CALCULATION_DATE)).map(([t]) => t),
    ).toEqual(['TOTAL_NUMBER_OF_SEXUAL_SANCTIONS_OUT_OF_RANGE']);
    expect(errors(calculateDcSrp({ ...dcSrpExample, totalSanctions: 10 }, CALCULATION_DATE))).toEqual([]);
  });

  it('needs 1 ≤ totalSanctions ≤ 999', () => {
    expect(
      errors(calculateDcSrp({ ...dcSrpExample, totalSanctions: 1000 }, CALCULATION_DATE)).map(([t]) => t),
    ).toEqual(['TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE']);
    expect(
      errors(
        calculateDcSrp(
          { ...dcSrpExample, ...counts, indecentImageSanctions: 1, totalSanctions: 0 },
          CALCULATION_DATE,
        ),
      ).map(([t]) => t),
    ).toEqual(['TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE', 'TOTAL_NUMBER_OF_SEXUAL_SANCTIONS_OUT_OF_RANGE']);
  });

  it('needs the follow-up start after the birth', () => {
    expect(
      errors(calculateDcSrp({ ...dcSrpExample, followUpStartDate: '1980-01-01' }, CALCULATION_DATE)).map(
        ([t]) => t,
      ),
    ).toEqual(['DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH']);
  });

  it('refuses wrong types and negative counts as INVALID_VALUE', () => {
    expect(
      errors(
        calculateDcSrp(
          { ...dcSrpExample, supervisionStatus: 'PRISON' as 'CUSTODY', contactAdultSexualSanctions: -1 },
          CALCULATION_DATE,
        ),
      ),
    ).toEqual([
      ['INVALID_VALUE', ['contactAdultSexualSanctions']],
      ['INVALID_VALUE', ['supervisionStatus']],
    ]);
    expect(
      errors(
        calculateDcSrp({ ...dcSrpExample, mostRecentSexualSanctionDate: '1979-12-31' }, CALCULATION_DATE),
      ),
    ).toEqual([['INVALID_VALUE', ['mostRecentSexualSanctionDate']]]);
  });

  it('reduces the band one step after 5 years in the community, leaving the probability', () => {
    const settled = {
      ...dcSrpExample,
      followUpStartDate: '2015-01-01',
      mostRecentSexualSanctionDate: '2010-01-01',
    };
    const outcome = calculateDcSrp(settled, CALCULATION_DATE);
    if (!('result' in outcome)) throw new Error('expected a result');
    // Age 35 at follow-up scores 14 − trunc(17 ÷ 3) = 9; the sexual sanction at 30 scores 10: 5+6+6+9+10+6 = 42.
    expect(outcome.result).toMatchObject({
      points: 42,
      unreducedBand: 'VERY_HIGH',
      band: 'HIGH',
      bandReductionApplied: true,
    });
    const inCustody = calculateDcSrp({ ...settled, supervisionStatus: 'CUSTODY' }, CALCULATION_DATE);
    expect('result' in inCustody && inCustody.result).toMatchObject({
      band: 'VERY_HIGH',
      bandReductionApplied: false,
      probability: outcome.result.probability,
    });
  });

  it('gives probability 0, band LOW and a null reduction flag at 0 points', () => {
    const outcome = calculateDcSrp(
      {
        ...dcSrpExample,
        ...counts,
        indecentImageSanctions: 1,
        totalSanctions: 1,
        dateOfBirth: '1950-01-01',
        followUpStartDate: '2015-01-01',
        mostRecentSexualSanctionDate: '1960-01-01',
      },
      CALCULATION_DATE,
    );
    expect('result' in outcome && outcome.result).toMatchObject({
      points: 0,
      probability: 0,
      percent2dp: 0,
      band: 'LOW',
      unreducedBand: 'LOW',
      bandReductionApplied: null,
    });
  });

  it('always gives a percentage in [0, 99.99] and the same answer twice', () => {
    fc.assert(
      fc.property(
        fc.record({
          a: fc.nat(5),
          c: fc.nat(5),
          n: fc.nat(5),
          i: fc.nat(5),
          extra: fc.nat(20),
          age: fc.integer({ min: 11, max: 90 }),
          stranger: fc.boolean(),
        }),
        ({ a, c, n, i, extra, age, stranger }) => {
          fc.pre(a + c + n + i > 0);
          const request = {
            ...dcSrpExample,
            contactAdultSexualSanctions: a,
            contactChildSexualSanctions: c,
            nonContactSexualOffences: n,
            indecentImageSanctions: i,
            totalSanctions: a + c + n + i + extra,
            followUpStartDate: `${1980 + age}-01-01`,
            currentOffenceAgainstStranger: stranger,
          };
          const outcome = calculateDcSrp(request, CALCULATION_DATE);
          expect(calculateDcSrp(request, CALCULATION_DATE)).toEqual(outcome);
          if (!('result' in outcome)) throw new Error(JSON.stringify(outcome));
          expect(outcome.result.percent2dp).toBeGreaterThanOrEqual(0);
          expect(outcome.result.percent2dp).toBeLessThanOrEqual(99.99);
          expect(outcome.result.probability).toBeGreaterThanOrEqual(0);
          expect(outcome.result.probability).toBeLessThan(1);
        },
      ),
    );
  });
});

describe('IIC-SRP', () => {
  it('gives the §6.12 example: 10.31 %, HIGH', () => {
    const response = runCalculator(
      iicSrpCalculator,
      { sex: 'MALE', sexualOffenceHistory: true, ...counts, indecentImageSanctions: 2 },
      CALCULATION_DATE,
    );
    expect(response).toEqual({
      calculator: 'iic-srp',
      modelVersion: 'IICSRP-2026-1',
      thresholdsVersion: 'IICSRP-HIERARCHY-2026',
      calculationDate: CALCULATION_DATE,
      probability: 0.1031,
      percent2dp: 10.31,
      band: 'HIGH',
      femaleVersion: false,
      warnings: [],
    });
  });

  it.each([
    [{ indecentImageSanctions: 2, contactChildSexualSanctions: 3 }, 0.1031, 10.31, 'HIGH'],
    [{ indecentImageSanctions: 1, contactChildSexualSanctions: 3 }, 0.03328, 3.33, 'MEDIUM'],
    [
      { contactChildSexualSanctions: 2, contactAdultSexualSanctions: 1, nonContactSexualOffences: 1 },
      0.00926,
      0.93,
      'LOW',
    ],
    [{ contactChildSexualSanctions: 1 }, 0.00634, 0.63, 'LOW'],
    [{ contactAdultSexualSanctions: 1, nonContactSexualOffences: 1 }, 0.00281, 0.28, 'LOW'],
    [{ contactAdultSexualSanctions: 1 }, 0, 0, 'LOW'],
    [{ nonContactSexualOffences: 2 }, 0, 0, 'LOW'],
  ])('takes the first matching row of the hierarchy: %o', (given, probability, percent2dp, band) => {
    expect(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: true, ...counts, ...given })).toEqual({
      result: {
        modelVersion: 'IICSRP-2026-1',
        thresholdsVersion: 'IICSRP-HIERARCHY-2026',
        femaleVersion: false,
        probability,
        percent2dp,
        band,
      },
      warnings: [],
    });
  });

  it('is NOT_APPLICABLE for a female or a male without sexual history', () => {
    expect(calculateIicSrp({ sex: 'FEMALE', sexualOffenceHistory: true })).toMatchObject({
      result: { band: 'NOT_APPLICABLE', probability: 0, percent2dp: 0, femaleVersion: true },
    });
    expect(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: false })).toMatchObject({
      result: { band: 'NOT_APPLICABLE', probability: 0, percent2dp: 0, femaleVersion: false },
    });
  });

  it('refuses with the 2026 error types', () => {
    expect(errors(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: true, ...counts }))).toEqual([
      ['SEXUAL_REOFFENDING_PREDICTOR_NO_SANCTIONS', Object.keys(counts)],
    ]);
    expect(
      errors(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: false, indecentImageSanctions: 1 })),
    ).toEqual([
      ['SEXUAL_REOFFENDING_PREDICTOR_INCONSISTENT_INPUT', ['sexualOffenceHistory', 'indecentImageSanctions']],
    ]);
    expect(
      errors(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: true, indecentImageSanctions: 1 })),
    ).toEqual([
      [
        'MISSING_MANDATORY_INPUT',
        ['contactAdultSexualSanctions', 'contactChildSexualSanctions', 'nonContactSexualOffences'],
      ],
    ]);
    expect(errors(calculateIicSrp({ sex: 'MALE', sexualOffenceHistory: 'yes' as never }))).toEqual([
      ['INVALID_VALUE', ['sexualOffenceHistory']],
    ]);
  });
});
