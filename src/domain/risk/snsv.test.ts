import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { offenceCodeMappingVersion } from './offence-code-mapping.js';
import { isRefused } from './outcome.js';
import { calculateSnsv, evaluateSnsv, snsvCalculator, type SnsvInput } from './snsv.js';

// SNSV: risk-predictors.md §8, calculation-api.md §6.8.

const CALCULATION_DATE = '2026-03-02';

/** The §8.4 / §6.8 worked example (static fallback). */
const example: SnsvInput = {
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
};

const dynamicItems = {
  weaponInCurrentOffence: true,
  accommodationSuitability: 2,
  unemployed: true,
  partnerRelationship: 1,
  alcoholCurrentUse: 2,
  alcoholBingeDrinking: 1,
  impulsivity: 2,
  temperControl: 1,
  proCriminalAttitudes: 2,
  previousSeriousConvictions: ['HOMICIDE', 'ARSON'],
} as const;

const MISSING_ITEMS = [
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
];

function result(input: CalcRequest) {
  const outcome = evaluateSnsv(input, CALCULATION_DATE);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

function errorTypes(input: CalcRequest): string[] {
  const outcome = evaluateSnsv(input, CALCULATION_DATE);
  return isRefused(outcome) ? outcome.errors.map((e) => e.type) : [];
}

const round5 = (x: number) => Number(x.toFixed(5));

describe('SNSV worked example (§8.4, §6.8)', () => {
  const outcome = calculateSnsv(example, CALCULATION_DATE);
  const r = (() => {
    if (isRefused(outcome)) throw new Error('refused');
    return outcome.result;
  })();

  it('gives 0.14 % from the static model, with a MISSING_DYNAMIC_INPUT warning listing the missing items', () => {
    expect(r.percent2dp).toBe(0.14);
    expect(r.scoreType).toBe('STATIC_WITH_VALIDATION_ERRORS');
    expect(outcome.warnings).toEqual([
      {
        type: 'MISSING_DYNAMIC_INPUT',
        message: 'Dynamic items missing, so the static model was used',
        fields: MISSING_ITEMS,
      },
    ]);
  });

  it('reports the terms of §8.4 (to 5 dp) and the static terms the coefficients give exactly', () => {
    expect(Object.keys(r.components)).toEqual([
      'intercept',
      'gender',
      'agePoly',
      'offence',
      'secondSanctionGap',
      'ofm',
      'threePlus',
      'violentHistory',
      'violentSanctions',
      'violenceRate',
      'vatp',
      'totalSanctions',
      'numberOfSanctions',
    ]);
    expect(round5(r.components.intercept)).toBe(3.60408);
    expect(round5(r.components.agePoly)).toBe(-6.82614);
    expect(round5(r.components.offence)).toBe(-0.21578);
    expect(round5(r.components.ofm)).toBe(-0.30022);
    expect(round5(r.components.violentHistory)).toBe(-0.06336);
    expect(round5(r.components.violentSanctions)).toBe(0.01887);
    expect(round5(r.components.violenceRate)).toBe(-0.70555);
    expect(round5(r.components.totalSanctions)).toBe(-0.01475);
    expect(round5(r.components.numberOfSanctions)).toBe(-2.09448);
    // §8.4 prints the sum as −6.59734, but its own terms add to −6.59733 and the §6.8 example gives
    // −6.597327613…, so the sum is checked against §6.8 below.
    expect(r.components).toMatchObject({
      intercept: 3.60407707356772,
      gender: 0,
      offence: -0.215779995107354,
      secondSanctionGap: 0,
      threePlus: 0,
      violentHistory: -0.0633592949212861,
      violentSanctions: 0.0188685880078656,
      vatp: 0,
      totalSanctions: -0.0147495874606046,
      numberOfSanctions: -2.09447596484765,
    });
  });

  it('agrees with the contract example figures, which were printed from binary floating point', () => {
    // P1 computes in 34-digit decimal, so the last one or two digits of these doubles differ from the example.
    expect(r.components.agePoly).toBeCloseTo(-6.826137178106254, 13);
    expect(r.components.ofm).toBeCloseTo(-0.3002186126359078, 15);
    expect(r.components.violenceRate).toBeCloseTo(-0.7055526418214411, 15);
    expect(r.linearPredictor).toBeCloseTo(-6.597327613324913, 13);
    expect(r.probability).toBeCloseTo(0.001362150344516094, 17);
  });

  it('answers through the contract without a band', () => {
    const response = runCalculator(snsvCalculator, { ...example }, CALCULATION_DATE);
    expect(response).toMatchObject({
      calculator: 'snsv',
      modelVersion: 'SNSV-OASYS-1',
      thresholdsVersion: 'NONE',
      offenceDataVersion: offenceCodeMappingVersion,
      scoreType: 'STATIC_WITH_VALIDATION_ERRORS',
      percent2dp: 0.14,
    });
    expect(response).not.toHaveProperty('band');
  });
});

describe('SNSV score type (§8.1, §6.8)', () => {
  it('uses the static model without a warning when STATIC is forced, even with every item present', () => {
    const outcome = evaluateSnsv({ ...example, ...dynamicItems, forceScoreType: 'STATIC' }, CALCULATION_DATE);
    expect(!isRefused(outcome) && outcome.result.scoreType).toBe('STATIC');
    expect(outcome.warnings).toEqual([]);
    expect(!isRefused(outcome) && outcome.result.components).not.toHaveProperty('weapon');
  });

  it('uses the dynamic model, with every dynamic term, when every item is present', () => {
    const r = result({ ...example, ...dynamicItems });
    expect(r.scoreType).toBe('DYNAMIC');
    expect(r.components.intercept).toBe(2.39022796091603);
    expect(r.components).toMatchObject({
      weapon: 0.15071282416667,
      accommodation: 2 * 0.0619710049121293,
      unemployed: 2 * 0.0389109699626767,
      partner: 0.0259107268767618,
      dv: 0.0847839330659903,
      prevConv: 0.399463399258737 + 0.12261588608151,
    });
    const sum = Object.values(r.components).reduce((a, b) => a + b, 0);
    expect(r.linearPredictor).toBeCloseTo(sum, 12);
  });

  it('refuses a forced dynamic score with items missing, listing them', () => {
    const outcome = evaluateSnsv({ ...example, forceScoreType: 'DYNAMIC' }, CALCULATION_DATE);
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'MISSING_DYNAMIC_INPUT', fields: MISSING_ITEMS }),
    ]);
    expect(outcome).not.toHaveProperty('result');
  });

  it('derives the domestic-violence perpetrator: false without evidence, the partner answer with it', () => {
    const {
      evidenceOfDomesticAbuse: _e,
      domesticAbuseAgainstPartner: _d,
      ...noDv
    } = { ...example, ...dynamicItems };
    expect(
      result({ ...noDv, evidenceOfDomesticAbuse: false, domesticAbuseAgainstPartner: true }).components.dv,
    ).toBe(0);
    expect(
      result({ ...noDv, evidenceOfDomesticAbuse: true, domesticAbuseAgainstPartner: false }).components.dv,
    ).toBe(0);
    const missingPartner = evaluateSnsv({ ...noDv, evidenceOfDomesticAbuse: true }, CALCULATION_DATE);
    expect(missingPartner.warnings).toEqual([
      expect.objectContaining({ type: 'MISSING_DYNAMIC_INPUT', fields: ['domesticAbuseAgainstPartner'] }),
    ]);
    const missingEvidence = evaluateSnsv(noDv, CALCULATION_DATE);
    expect(missingEvidence.warnings).toEqual([
      expect.objectContaining({ fields: ['evidenceOfDomesticAbuse'] }),
    ]);
  });

  it('counts each kind of previous serious conviction once, however often it is listed', () => {
    const once = result({ ...example, ...dynamicItems, previousSeriousConvictions: ['WOUNDING_GBH'] });
    const twice = result({
      ...example,
      ...dynamicItems,
      previousSeriousConvictions: ['WOUNDING_GBH', 'WOUNDING_GBH'],
    });
    expect(once.components.prevConv).toBe(0.451029720739399);
    expect(twice).toEqual(once);
    expect(result({ ...example, ...dynamicItems, previousSeriousConvictions: [] }).components.prevConv).toBe(
      0,
    );
  });
});

describe('SNSV terms', () => {
  it('caps offence-free months at 36 and counts none when the follow-up starts on or after the assessment', () => {
    const at = (assessmentDate: string) => result({ ...example, assessmentDate }).components.ofm;
    expect(at('2027-01-01')).toBe(at('2030-06-01'));
    expect(at('2026-12-31')).not.toBe(at('2027-01-01'));
    expect(at('2024-01-01')).toBe(0);
    expect(at('2023-06-01')).toBe(0);
  });

  it('defaults the assessment date to the calculation date', () => {
    const { assessmentDate: _none, ...noAssessment } = example;
    expect(result(noAssessment)).toEqual(result({ ...example, assessmentDate: CALCULATION_DATE }));
  });

  it('uses the sanction-count terms for S = 2 and S ≥ 3', () => {
    const two = result({ ...example, totalSanctions: 2, ageAtFirstSanction: 35 });
    expect(two.components.numberOfSanctions).toBe(-1.67613460779912);
    expect(two.components.secondSanctionGap).toBeCloseTo(5 * -0.0292205730647305, 15);
    expect(two.components.threePlus).toBe(0);
    const three = result({ ...example, totalSanctions: 3, ageAtFirstSanction: 35 });
    expect(three.components.numberOfSanctions).toBe(0);
    expect(three.components.secondSanctionGap).toBe(0);
    expect(three.components.threePlus).toBeCloseTo(Math.log(3 / 17) * 0.769213898314811, 14);
  });

  it('uses the never-violent constant for V = 0 and no violence rate', () => {
    const r = result({ ...example, violentSanctions: 0, sex: 'FEMALE' });
    expect(r.components.violentHistory).toBe(-2.32321324569237);
    expect(r.components.violenceRate).toBe(0);
    expect(r.components.gender).toBe(-16.6220270089011);
  });

  it('adds the VATP weight of a violent offence code from the reference data', () => {
    expect(result({ ...example, offenceCode: '00100' }).components.vatp).toBe(0.238802610774108);
  });

  it('scores a generic code (OGRS3 weighting 999), which only OGRS3 refuses', () => {
    expect(errorTypes({ ...example, offenceCode: '08800' })).toEqual([]);
  });
});

describe('SNSV refusals (§8.1, §6.8)', () => {
  it.each<[string, CalcRequest, string]>([
    ['violent > total', { ...example, violentSanctions: 2 }, 'VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS'],
    [
      'follow-up before conviction',
      { ...example, followUpStartDate: '2019-12-31' },
      'FOLLOW_UP_DATE_BEFORE_CONVICTION_DATE',
    ],
    [
      'first sanction after conviction age',
      { ...example, ageAtFirstSanction: 41 },
      'AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION',
    ],
    ['offence code format', { ...example, offenceCode: '2700' }, 'OFFENCE_CODE_INCORRECT_FORMAT'],
    ['no offence mapping', { ...example, offenceCode: '95000' }, 'OFFENCE_CODE_MAPPING_NOT_FOUND'],
    [
      'total sanctions 0',
      { ...example, totalSanctions: 0, violentSanctions: 0 },
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
    ],
  ])('%s', (_name, request, type) => {
    expect(errorTypes(request)).toEqual([type]);
  });

  it('refuses a conviction and a follow-up start on or before the date of birth', () => {
    const types = errorTypes({ ...example, convictionDate: '1980-01-01', followUpStartDate: '1980-01-01' });
    expect(types).toContain('DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH');
    expect(types).toContain('DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH');
  });

  it('refuses ages at conviction and follow-up start below 10', () => {
    const young = {
      ...example,
      dateOfBirth: '2010-01-02',
      convictionDate: '2020-01-01',
      followUpStartDate: '2020-01-01',
      ageAtFirstSanction: 9,
    };
    expect(errorTypes(young)).toEqual([
      'AGE_AT_CURRENT_CONVICTION_LESS_THAN_TEN',
      'AGE_AT_START_OF_FOLLOWUP_BELOW_MODEL_RANGE',
    ]);
    expect(errorTypes({ ...young, dateOfBirth: '2010-01-01' })).toEqual([]);
  });

  it('lists every missing static field once, including supervision status', () => {
    const outcome = evaluateSnsv({}, CALCULATION_DATE);
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        fields: [
          'sex',
          'dateOfBirth',
          'convictionDate',
          'followUpStartDate',
          'totalSanctions',
          'violentSanctions',
          'ageAtFirstSanction',
          'offenceCode',
          'supervisionStatus',
        ],
      }),
    ]);
  });

  it.each([
    ['accommodationSuitability', 3, 'accommodationSuitability'],
    ['previousSeriousConvictions', ['MURDER'], 'previousSeriousConvictions[0]'],
    ['forceScoreType', 'dynamic', 'forceScoreType'],
    ['violentSanctions', -1, 'violentSanctions'],
  ])('refuses %s = %j as INVALID_VALUE at %s', (field, value, path) => {
    const outcome = evaluateSnsv({ ...example, [field]: value }, CALCULATION_DATE);
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: [path] }),
    ]);
  });
});

describe('SNSV properties', () => {
  const item = fc.constantFrom(0, 1, 2);
  const codes = ['02700', '00100', '03400', '08800', '11618', '81700', '05600'];
  const request = fc
    .record({
      sex: fc.constantFrom('MALE', 'FEMALE'),
      ageAtConviction: fc.integer({ min: 10, max: 90 }),
      careerYears: fc.integer({ min: 0, max: 80 }),
      yearsToFollowUp: fc.integer({ min: 0, max: 10 }),
      monthsToAssessment: fc.integer({ min: -24, max: 80 }),
      totalSanctions: fc.integer({ min: 1, max: 400 }),
      violentShare: fc.double({ min: 0, max: 1, noNaN: true }),
      offenceCode: fc.constantFrom(...codes),
      dynamic: fc.option(
        fc.record({
          weaponInCurrentOffence: fc.boolean(),
          accommodationSuitability: item,
          unemployed: fc.boolean(),
          partnerRelationship: item,
          alcoholCurrentUse: item,
          alcoholBingeDrinking: item,
          impulsivity: item,
          temperControl: item,
          proCriminalAttitudes: item,
          previousSeriousConvictions: fc.subarray([
            'HOMICIDE',
            'WOUNDING_GBH',
            'FIREARMS',
            'CRIMINAL_DAMAGE',
          ] as const),
          evidenceOfDomesticAbuse: fc.boolean(),
          domesticAbuseAgainstPartner: fc.boolean(),
        }),
      ),
    })
    .map((p) => {
      const conviction = 1920 + p.ageAtConviction;
      const followUp = conviction + p.yearsToFollowUp;
      const assessmentMonths = 12 * followUp + 6 + p.monthsToAssessment;
      return {
        sex: p.sex,
        dateOfBirth: '1920-01-15',
        convictionDate: `${conviction}-06-15`,
        followUpStartDate: `${followUp}-06-15`,
        assessmentDate: `${Math.floor(assessmentMonths / 12)}-${String((assessmentMonths % 12) + 1).padStart(2, '0')}-15`,
        totalSanctions: p.totalSanctions,
        violentSanctions: Math.floor(p.violentShare * p.totalSanctions),
        ageAtFirstSanction: Math.max(0, p.ageAtConviction - p.careerYears),
        offenceCode: p.offenceCode,
        supervisionStatus: 'COMMUNITY',
        ...(p.dynamic ?? {}),
      };
    });

  it('gives a probability in (0, 1), percent2dp in [0, 99.99], and terms that add up to the linear predictor', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = result(req);
        expect(r.probability).toBeGreaterThan(0);
        expect(r.probability).toBeLessThan(1);
        expect(r.percent2dp >= 0 && r.percent2dp <= 99.99).toBe(true);
        const sum = Object.values(r.components).reduce((a, b) => a + b, 0);
        expect(r.linearPredictor).toBeCloseTo(sum, 10);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(evaluateSnsv(req, CALCULATION_DATE)).toEqual(evaluateSnsv({ ...req }, CALCULATION_DATE));
      }),
      { numRuns: 30 },
    );
  });
});
