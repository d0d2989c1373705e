import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCalculator } from '../calculation/run.js';
import { bandFromCutOffs } from './bands.js';
import { calculateCsrp, CSRP_CUT_OFFS, csrpCalculator } from './csrp.js';
import { calculateDcSrp } from './dc-srp.js';
import { calculateIicSrp } from './iic-srp.js';
import { offenceCategoriesVersion } from './offence-data.js';
import { calculateSvrp } from './svrp.js';

// CSRP: risk-predictors.md §11.9 and P4, calculation-api.md §6.13.

const CALCULATION_DATE = '2026-03-02';

/** The §6.13 example. */
const csrpExample = {
  sex: 'MALE',
  dateOfBirth: '1980-01-01',
  convictionDate: '2020-01-01',
  followUpStartDate: '2024-01-01',
  assessmentDate: '2025-01-01',
  totalSanctions: 1,
  violentSanctions: 1,
  ageAtFirstSanction: 40,
  offenceCode: '02700',
  sexualOffenceHistory: false,
} as const;

/** A male with sexual history whom all three components score. */
const scoredMale = {
  ...csrpExample,
  totalSanctions: 11,
  ageAtFirstSanction: 30,
  sexualOffenceHistory: true,
  supervisionStatus: 'COMMUNITY',
  contactAdultSexualSanctions: 1,
  contactChildSexualSanctions: 2,
  nonContactSexualOffences: 3,
  indecentImageSanctions: 4,
  mostRecentSexualSanctionDate: '2019-06-01',
} as const;

function value<R>(outcome: { result: R } | { errors: unknown }): R {
  if (!('result' in outcome)) throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

const add = (...xs: number[]) => xs.reduce((s, x) => s.plus(x), new Decimal(0)).toNumber();

describe('CSRP', () => {
  it('gives the §6.13 example: 0.18 %, LOW, with the SVRP static fallback passed up', () => {
    expect(runCalculator(csrpCalculator, csrpExample, CALCULATION_DATE)).toEqual({
      calculator: 'csrp',
      modelVersion: 'CSRP-2026-1',
      thresholdsVersion: 'CSRP-BANDS-2026',
      offenceDataVersion: offenceCategoriesVersion,
      calculationDate: CALCULATION_DATE,
      percent2dp: 0.18,
      band: 'LOW',
      scoreType: 'STATIC',
      components: {
        seriousViolentPercent2dp: 0.18,
        directContactSexualPercent2dp: 0,
        imagesIndirectContactPercent2dp: 0,
        femaleConstantPercent2dp: 0,
      },
      dcSrpBand: 'NOT_APPLICABLE',
      iicSrpBand: 'NOT_APPLICABLE',
      warnings: [
        {
          type: 'MISSING_DYNAMIC_INPUT',
          component: 'svrp',
          message: 'Dynamic items missing, so the static model was used',
          fields: [
            'weaponInCurrentOffence',
            'accommodationSuitability',
            'unemployed',
            'alcoholCurrentUse',
            'temperControl',
            'proCriminalAttitudes',
            'previousSeriousConvictions',
          ],
        },
      ],
    });
  });

  it('adds the three component percentages for a scored male', () => {
    const csrp = value(calculateCsrp(scoredMale, CALCULATION_DATE));
    const svrp = value(calculateSvrp(scoredMale, CALCULATION_DATE));
    const dcSrp = value(calculateDcSrp(scoredMale, CALCULATION_DATE));
    const iicSrp = value(calculateIicSrp(scoredMale));
    expect(csrp.components).toEqual({
      seriousViolentPercent2dp: svrp.percent2dp,
      directContactSexualPercent2dp: dcSrp.percent2dp,
      imagesIndirectContactPercent2dp: 10.31,
      femaleConstantPercent2dp: 0,
    });
    expect(csrp.percent2dp).toBe(add(svrp.percent2dp, dcSrp.percent2dp, iicSrp.percent2dp));
    expect(csrp).toMatchObject({
      band: 'VERY_HIGH',
      dcSrpBand: dcSrp.band,
      iicSrpBand: 'HIGH',
      scoreType: 'STATIC',
    });
  });

  it('adds 0.38 for a female with sexual history, in place of the sexual predictors', () => {
    const female = { ...csrpExample, sex: 'FEMALE', sexualOffenceHistory: true } as const;
    const csrp = value(calculateCsrp(female, CALCULATION_DATE));
    const svrp = value(calculateSvrp(female, CALCULATION_DATE));
    expect(csrp.components).toEqual({
      seriousViolentPercent2dp: svrp.percent2dp,
      directContactSexualPercent2dp: 0,
      imagesIndirectContactPercent2dp: 0,
      femaleConstantPercent2dp: 0.38,
    });
    expect(csrp.percent2dp).toBe(add(svrp.percent2dp, 0.38));
    expect(
      value(calculateCsrp({ ...female, sexualOffenceHistory: false }, CALCULATION_DATE)).components
        .femaleConstantPercent2dp,
    ).toBe(0);
  });

  it('adds the DC-SRP probability unchanged by a band reduction, and shows the final DC-SRP band', () => {
    const settled = {
      ...scoredMale,
      followUpStartDate: '2015-01-01',
      convictionDate: '2014-06-01',
      mostRecentSexualSanctionDate: '2010-01-01',
    } as const;
    const dcSrp = value(calculateDcSrp(settled, CALCULATION_DATE));
    expect(dcSrp.bandReductionApplied).toBe(true);
    const csrp = value(calculateCsrp(settled, CALCULATION_DATE));
    expect(csrp.components.directContactSexualPercent2dp).toBe(dcSrp.percent2dp);
    expect(csrp.dcSrpBand).toBe(dcSrp.band);
    expect(csrp.dcSrpBand).not.toBe(dcSrp.unreducedBand);
  });

  it('takes its score type from SVRP', () => {
    const dynamic = {
      ...csrpExample,
      weaponInCurrentOffence: false,
      accommodationSuitability: 0,
      unemployed: false,
      alcoholCurrentUse: 0,
      temperControl: 0,
      proCriminalAttitudes: 0,
      previousSeriousConvictions: [],
    } as const;
    const outcome = calculateCsrp({ ...dynamic, previousSeriousConvictions: [] }, CALCULATION_DATE);
    expect(value(outcome).scoreType).toBe('DYNAMIC');
    expect(outcome.warnings).toEqual([]);
  });

  describe('never reported when a component was refused (P4)', () => {
    it('refuses when SVRP is refused, naming it and passing up its errors', () => {
      const outcome = calculateCsrp({ ...csrpExample, offenceCode: '00000' }, CALCULATION_DATE);
      expect(outcome).toEqual({
        errors: [
          {
            type: 'COMPONENT_VALIDATION_ERROR',
            message: expect.any(String),
            fields: ['offenceCode'],
            components: ['svrp'],
          },
          {
            type: 'OFFENCE_CODE_MAPPING_NOT_FOUND',
            message: expect.any(String),
            fields: ['offenceCode'],
            component: 'svrp',
          },
        ],
        warnings: [],
      });
    });

    it('refuses when DC-SRP is refused, for example without the most recent sexual sanction date', () => {
      const { mostRecentSexualSanctionDate: _d, ...rest } = scoredMale;
      const outcome = calculateCsrp(rest, CALCULATION_DATE);
      expect('errors' in outcome && outcome.errors.map((e) => [e.type, e.components ?? e.component])).toEqual(
        [
          ['COMPONENT_VALIDATION_ERROR', ['dc-srp']],
          ['MISSING_MANDATORY_INPUT', 'dc-srp'],
        ],
      );
      expect(outcome).not.toHaveProperty('result');
    });

    it('refuses when sexualOffenceHistory is missing, though SVRP could be calculated', () => {
      const { sexualOffenceHistory: _h, ...rest } = csrpExample;
      const outcome = runCalculator(csrpCalculator, rest, CALCULATION_DATE);
      expect(outcome.errors?.[0]).toMatchObject({
        type: 'COMPONENT_VALIDATION_ERROR',
        components: ['dc-srp', 'iic-srp'],
      });
      expect(outcome.errors?.slice(1).map((e) => [e.type, e.component, e.fields])).toEqual([
        ['MISSING_MANDATORY_INPUT', 'dc-srp', ['sexualOffenceHistory']],
        ['MISSING_MANDATORY_INPUT', 'iic-srp', ['sexualOffenceHistory']],
      ]);
      expect(outcome).not.toHaveProperty('percent2dp');
      expect(outcome.warnings.map((w) => [w.type, w.component])).toEqual([['MISSING_DYNAMIC_INPUT', 'svrp']]);
    });

    it('refuses when IIC-SRP is refused', () => {
      const outcome = calculateCsrp(
        { ...csrpExample, sexualOffenceHistory: false, indecentImageSanctions: 1 },
        CALCULATION_DATE,
      );
      expect('errors' in outcome && outcome.errors.map((e) => e.components ?? e.component)).toEqual([
        ['dc-srp', 'iic-srp'],
        'dc-srp',
        'iic-srp',
      ]);
    });

    it('refuses when SVRP is forced dynamic with items missing', () => {
      const outcome = calculateCsrp({ ...csrpExample, forceScoreType: 'DYNAMIC' }, CALCULATION_DATE);
      expect('errors' in outcome && outcome.errors.map((e) => [e.type, e.components ?? e.component])).toEqual(
        [
          ['COMPONENT_VALIDATION_ERROR', ['svrp']],
          ['MISSING_DYNAMIC_INPUT', 'svrp'],
        ],
      );
    });
  });

  it('bands on half-open intervals with four bands', () => {
    expect(CSRP_CUT_OFFS).toEqual([1, 3, 6.9]);
    expect(
      [0, 0.99, 1, 1.01, 2.99, 3, 3.01, 6.89, 6.9, 6.91, 99.99].map((v) => bandFromCutOffs(v, CSRP_CUT_OFFS)),
    ).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'HIGH',
      'VERY_HIGH',
      'VERY_HIGH',
      'VERY_HIGH',
    ]);
  });

  it('is the clamped sum of its components, deterministic, and within [0, 99.99]', () => {
    fc.assert(
      fc.property(
        fc.record({
          sex: fc.constantFrom('MALE', 'FEMALE'),
          history: fc.boolean(),
          images: fc.nat(3),
          child: fc.nat(3),
          totalSanctions: fc.integer({ min: 7, max: 400 }),
          violent: fc.nat(6),
          code: fc.constantFrom('02700', '00100', '00821', '05333', '09943'),
        }),
        ({ sex, history, images, child, totalSanctions, violent, code }) => {
          const scored = sex === 'MALE' && history;
          const request = {
            ...csrpExample,
            sex,
            sexualOffenceHistory: history,
            totalSanctions,
            violentSanctions: violent,
            ageAtFirstSanction: 20,
            offenceCode: code,
            ...(scored
              ? {
                  supervisionStatus: 'COMMUNITY' as const,
                  contactAdultSexualSanctions: 1,
                  contactChildSexualSanctions: child,
                  nonContactSexualOffences: 0,
                  indecentImageSanctions: images,
                  mostRecentSexualSanctionDate: '2019-06-01',
                }
              : {}),
          };
          const outcome = calculateCsrp(request, CALCULATION_DATE);
          expect(calculateCsrp(request, CALCULATION_DATE)).toEqual(outcome);
          const r = value(outcome);
          const sum = add(...Object.values(r.components));
          expect(r.percent2dp).toBe(Math.min(99.99, sum));
          expect(r.percent2dp).toBeGreaterThanOrEqual(0);
          expect(r.band).toBe(bandFromCutOffs(r.percent2dp, CSRP_CUT_OFFS));
        },
      ),
    );
  });
});
