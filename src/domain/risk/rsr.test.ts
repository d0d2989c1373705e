import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { evaluateOspDc } from './osp-dc.js';
import { evaluateOspIic } from './osp-iic.js';
import { offenceCodeMappingVersion } from './offence-code-mapping.js';
import { isRefused } from './outcome.js';
import { calculateRsr, evaluateRsr, rsrBand, rsrCalculator, type RsrInput } from './rsr.js';
import { evaluateSnsv } from './snsv.js';

// RSR: risk-predictors.md §9, calculation-api.md §6.9.

const CALCULATION_DATE = '2026-03-02';

/** The §6.9 contract example. */
const example: RsrInput = {
  sex: 'MALE',
  dateOfBirth: '1980-01-01',
  assessmentDate: '2025-01-01',
  convictionDate: '2020-01-01',
  offenceCode: '02700',
  totalSanctions: 1,
  ageAtFirstSanction: 40,
  supervisionStatus: 'COMMUNITY',
  followUpStartDate: '2024-01-01',
  violentSanctions: 1,
  evidenceOfDomesticAbuse: true,
  domesticAbuseAgainstPartner: true,
  sexualOffenceHistory: false,
};

/**
 * A person for the §9.4 worked example: the §6.9 person assessed on 2025-03-01 (SNSV 0.13 %), with a
 * sexual-offence history giving 30 OSP/DC points (contact adult 2 → 10, contact child 2 → 6, non-contact
 * 2 → 4, age 44 at follow-up → 6, stranger → 4) and 5 image sanctions.
 */
const workedExample: RsrInput = {
  ...example,
  assessmentDate: '2025-03-01',
  sexualOffenceHistory: true,
  currentOffenceSexuallyMotivated: true,
  currentOffenceAgainstStranger: true,
  contactAdultSexualSanctions: 2,
  contactChildSexualSanctions: 2,
  nonContactSexualOffences: 2,
  indecentImageSanctions: 5,
};

function result(input: CalcRequest) {
  const outcome = evaluateRsr(input, CALCULATION_DATE);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

describe('RSR contract example (§6.9)', () => {
  it('gives 0.14 %, band LOW, from a static SNSV, passing its warning up', () => {
    expect(runCalculator(rsrCalculator, { ...example }, CALCULATION_DATE)).toEqual({
      calculator: 'rsr',
      modelVersion: 'RSR-OASYS-5',
      thresholdsVersion: 'RSR-BANDS-1',
      offenceDataVersion: offenceCodeMappingVersion,
      calculationDate: CALCULATION_DATE,
      percent2dp: 0.14,
      band: 'LOW',
      scoreType: 'STATIC_WITH_VALIDATION_ERRORS',
      components: {
        snsvPercent2dp: 0.14,
        ospDcPercent2dp: 0,
        ospIicPercent2dp: 0,
        femaleConstantPercent2dp: 0,
      },
      ospDcBand: 'NOT_APPLICABLE',
      ospIicBand: 'NOT_APPLICABLE',
      warnings: [
        {
          type: 'MISSING_DYNAMIC_INPUT',
          component: 'snsv',
          message: 'Dynamic items missing, so the static model was used',
          fields: [
            'weaponInCurrentOffence',
            'accommodationSuitability',
            'unemployed',
            'partnerRelationship',
            'alcoholCurrentUse',
            'alcoholBingeDrinking',
            'impulsivity',
            'temperControl',
            'proCriminalAttitudes',
            'previousSeriousConvictions',
          ],
        },
      ],
    });
  });
});

describe('RSR worked example (§9.4)', () => {
  it('adds SNSV 0.13 % + OSP/DC 2.11 % (30 points) + OSP/IIC 10.31 % = 12.55 %, band HIGH', () => {
    const outcome = calculateRsr(workedExample, CALCULATION_DATE);
    expect(isRefused(outcome)).toBe(false);
    if (isRefused(outcome)) return;
    expect(outcome.result.components).toEqual({
      snsvPercent2dp: 0.13,
      ospDcPercent2dp: 2.11,
      ospIicPercent2dp: 10.31,
      femaleConstantPercent2dp: 0,
    });
    expect(outcome.result.percent2dp).toBe(12.55);
    expect(outcome.result.band).toBe('HIGH');
    expect(outcome.result).toMatchObject({ ospDcBand: 'HIGH', ospIicBand: 'HIGH' });
    const ospDc = evaluateOspDc(workedExample, CALCULATION_DATE);
    expect(!isRefused(ospDc) && ospDc.result.points).toBe(30);
  });
});

describe('RSR combination rules (§9.1)', () => {
  it('uses the unreduced OSP/DC probability while showing the reduced band', () => {
    // Follow-up start 2004 (age 24, 12 points): 5 whole years before the assessment, in the community.
    const reduced = {
      ...workedExample,
      convictionDate: '2004-01-01',
      followUpStartDate: '2004-01-01',
      ageAtFirstSanction: 24,
      assessmentDate: '2009-01-01',
    };
    const r = result(reduced);
    const ospDc = evaluateOspDc(reduced, CALCULATION_DATE);
    if (isRefused(ospDc)) throw new Error('refused');
    expect(ospDc.result.bandReductionApplied).toBe(true);
    expect(r.ospDcBand).toBe(ospDc.result.band);
    expect(r.ospDcBand).not.toBe(ospDc.result.unreducedBand);
    expect(r.components.ospDcPercent2dp).toBe(ospDc.result.percent2dp);
  });

  it('adds 0.38 for a female with a sexual-offence history, whose OSP components are not applicable', () => {
    const r = result({ ...example, sex: 'FEMALE', sexualOffenceHistory: true });
    expect(r.components).toEqual({
      snsvPercent2dp: r.components.snsvPercent2dp,
      ospDcPercent2dp: 0,
      ospIicPercent2dp: 0,
      femaleConstantPercent2dp: 0.38,
    });
    expect(r.percent2dp).toBeCloseTo(r.components.snsvPercent2dp + 0.38, 10);
    expect(r).toMatchObject({ ospDcBand: 'NOT_APPLICABLE', ospIicBand: 'NOT_APPLICABLE' });
  });

  it('adds nothing for a female without a sexual-offence history', () => {
    expect(result({ ...example, sex: 'FEMALE' }).components.femaleConstantPercent2dp).toBe(0);
  });

  it('inherits SNSV’s score type', () => {
    expect(result({ ...example, forceScoreType: 'STATIC' }).scoreType).toBe('STATIC');
  });
});

describe('RSR bands (§9.2, half-open)', () => {
  it.each([
    [0, 'LOW'],
    [2.99, 'LOW'],
    [3, 'MEDIUM'],
    [6.89, 'MEDIUM'],
    [6.9, 'HIGH'],
    [99.99, 'HIGH'],
  ])('%d per cent is %s', (percent, band) => {
    expect(rsrBand(percent)).toBe(band);
  });
});

describe('RSR is never reported when a component is refused (P4, §9.3)', () => {
  it('is refused when sexual-offence history is unanswered, even though SNSV could be calculated', () => {
    const { sexualOffenceHistory: _none, ...unanswered } = example;
    expect(isRefused(evaluateSnsv(unanswered, CALCULATION_DATE))).toBe(false);
    const response = runCalculator(rsrCalculator, unanswered, CALCULATION_DATE);
    expect(response.errors).toEqual([
      expect.objectContaining({
        type: 'COMPONENT_VALIDATION_ERROR',
        components: ['osp-dc', 'osp-iic'],
        fields: ['sexualOffenceHistory'],
      }),
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        component: 'osp-dc',
        fields: ['sexualOffenceHistory'],
      }),
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        component: 'osp-iic',
        fields: ['sexualOffenceHistory'],
      }),
    ]);
    expect(response).not.toHaveProperty('percent2dp');
    expect(response).not.toHaveProperty('band');
  });

  it('is refused when a forced dynamic SNSV has items missing', () => {
    const outcome = evaluateRsr({ ...example, forceScoreType: 'DYNAMIC' }, CALCULATION_DATE);
    expect(isRefused(outcome) && outcome.errors.map((e) => [e.type, e.component, e.components])).toEqual([
      ['COMPONENT_VALIDATION_ERROR', undefined, ['snsv']],
      ['MISSING_DYNAMIC_INPUT', 'snsv', undefined],
    ]);
  });

  it('is refused when the history is true and the offence sexually motivated but every count is 0', () => {
    const zeros = {
      contactAdultSexualSanctions: 0,
      contactChildSexualSanctions: 0,
      nonContactSexualOffences: 0,
      indecentImageSanctions: 0,
    };
    const outcome = evaluateRsr({ ...workedExample, ...zeros }, CALCULATION_DATE);
    expect(isRefused(outcome) && outcome.errors.map((e) => e.type)).toEqual([
      'COMPONENT_VALIDATION_ERROR',
      'SEXUAL_OFFENDING_MISSING_COUNTS',
      'SEXUAL_OFFENDING_MISSING_COUNTS',
    ]);
  });

  it('is refused when the "current offence sexually motivated" answer is missing', () => {
    const outcome = evaluateRsr(
      { ...workedExample, currentOffenceSexuallyMotivated: null },
      CALCULATION_DATE,
    );
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'COMPONENT_VALIDATION_ERROR', components: ['osp-dc'] }),
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        component: 'osp-dc',
        fields: ['currentOffenceSexuallyMotivated'],
      }),
    ]);
  });

  it('names every refused component and passes each error up', () => {
    const outcome = evaluateRsr(
      { ...workedExample, offenceCode: '1', indecentImageSanctions: -2 },
      CALCULATION_DATE,
    );
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({
        type: 'COMPONENT_VALIDATION_ERROR',
        components: ['snsv', 'osp-dc', 'osp-iic'],
      }),
      expect.objectContaining({ type: 'OFFENCE_CODE_INCORRECT_FORMAT', component: 'snsv' }),
      expect.objectContaining({
        type: 'INVALID_VALUE',
        component: 'osp-dc',
        fields: ['indecentImageSanctions'],
      }),
      expect.objectContaining({
        type: 'INVALID_VALUE',
        component: 'osp-iic',
        fields: ['indecentImageSanctions'],
      }),
    ]);
  });
});

describe('RSR properties', () => {
  const count = fc.integer({ min: 0, max: 5 });
  const request = fc
    .record({
      sex: fc.constantFrom('MALE', 'FEMALE'),
      history: fc.boolean(),
      counts: fc.tuple(count, count, count, fc.integer({ min: 1, max: 5 })),
      totalSanctions: fc.integer({ min: 1, max: 200 }),
      violentShare: fc.double({ min: 0, max: 1, noNaN: true }),
      assessmentYear: fc.integer({ min: 2024, max: 2035 }),
      stranger: fc.boolean(),
    })
    .map((p) => {
      const scored = p.sex === 'MALE' && p.history;
      return {
        ...example,
        sex: p.sex,
        sexualOffenceHistory: p.history,
        totalSanctions: p.totalSanctions,
        violentSanctions: Math.floor(p.violentShare * p.totalSanctions),
        ageAtFirstSanction: 20,
        assessmentDate: `${p.assessmentYear}-01-01`,
        currentOffenceAgainstStranger: p.stranger,
        ...(scored
          ? {
              currentOffenceSexuallyMotivated: true,
              contactAdultSexualSanctions: p.counts[0],
              contactChildSexualSanctions: p.counts[1],
              nonContactSexualOffences: p.counts[2],
              indecentImageSanctions: p.counts[3],
            }
          : {}),
      };
    });

  it('is the clamped sum of its 2-dp components, in [0, 99.99], banded on the half-open intervals', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = result(req);
        const c = r.components;
        const sum =
          Math.round(
            (c.snsvPercent2dp + c.ospDcPercent2dp + c.ospIicPercent2dp + c.femaleConstantPercent2dp) * 100,
          ) / 100;
        expect(r.percent2dp).toBe(Math.min(99.99, sum));
        expect(r.percent2dp >= 0 && r.percent2dp <= 99.99).toBe(true);
        expect(r.band).toBe(rsrBand(r.percent2dp));
        const snsv = evaluateSnsv(req, CALCULATION_DATE);
        const iic = evaluateOspIic(req);
        expect(!isRefused(snsv) && snsv.result.percent2dp).toBe(c.snsvPercent2dp);
        expect(!isRefused(iic) && iic.result.percent2dp).toBe(c.ospIicPercent2dp);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(evaluateRsr(req, CALCULATION_DATE)).toEqual(evaluateRsr({ ...req }, CALCULATION_DATE));
      }),
      { numRuns: 30 },
    );
  });
});
