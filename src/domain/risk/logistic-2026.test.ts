import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcResponse, CalcResult } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { arpCalculator, calculateArp } from './arp.js';
import { bandFromCutOffs } from './bands.js';
import { isRefused } from './outcome.js';
import { offenceCategoriesVersion } from './offence-data.js';
import type { RiskFieldValues } from './risk-inputs.js';
import { calculateSvrp, svrpCalculator, svrpModel } from './svrp.js';
import { arpModel } from './arp.js';
import { calculateVrp, vrpCalculator, vrpModel } from './vrp.js';

// ARP, VRP and SVRP: risk-predictors.md §11.1–11.6 and §11.10, calculation-api.md §6.10.

const CALCULATION_DATE = '2026-03-02';

/** The §11.10 / §6.10 worked example. */
const arpExample = {
  sex: 'MALE',
  dateOfBirth: '1991-07-17',
  convictionDate: '2021-08-05',
  followUpStartDate: '2021-12-12',
  assessmentDate: '2025-01-01',
  totalSanctions: 2,
  ageAtFirstSanction: 21,
  offenceCode: '11618',
} as const;

/** The §6.13 CSRP example person, whose SVRP is 0.18 %. */
const svrpExample = {
  sex: 'MALE',
  dateOfBirth: '1980-01-01',
  convictionDate: '2020-01-01',
  followUpStartDate: '2024-01-01',
  assessmentDate: '2025-01-01',
  totalSanctions: 1,
  violentSanctions: 1,
  ageAtFirstSanction: 40,
  offenceCode: '02700',
} as const;

const ARP_DYNAMIC = {
  accommodationSuitability: 2,
  unemployed: true,
  partnerRelationship: 1,
  evidenceOfDomesticAbuse: true,
  relationshipStatus: 'LIVING_WITH_PARTNER',
  regularActivitiesEncourageOffending: 1,
  alcoholCurrentUse: 2,
  alcoholBingeDrinking: 1,
  impulsivity: 2,
  proCriminalAttitudes: 1,
} as const;
const VRP_DYNAMIC = {
  ...ARP_DYNAMIC,
  proCriminalAttitudes: undefined,
  motivationToTackleDrugMisuse: 1,
  temperControl: 2,
} as const;
const SVRP_DYNAMIC = {
  weaponInCurrentOffence: true,
  accommodationSuitability: 1,
  unemployed: false,
  alcoholCurrentUse: 1,
  temperControl: 2,
  proCriminalAttitudes: 0,
  previousSeriousConvictions: [] as RiskFieldValues['previousSeriousConvictions'],
} as const;

function result<R>(outcome: { result: R } | { errors: unknown }): R {
  if (!('result' in outcome)) throw new Error(`expected a result, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

function errorTypes(request: Record<string, unknown>, calculator = arpCalculator): string[] {
  const outcome = calculator.calculate(request, CALCULATION_DATE);
  return 'errors' in outcome ? outcome.errors.map((e) => e.type) : [];
}

function componentsOf(response: CalcResponse): Record<string, number> {
  return (response as CalcResult).components as Record<string, number>;
}

function sumOf(components: Record<string, number | undefined>): number {
  return Object.values(components)
    .reduce<Decimal>((s, v) => s.plus(v ?? 0), new Decimal(0))
    .toNumber();
}

describe('ARP worked example (§11.10, §6.10)', () => {
  const response = runCalculator(arpCalculator, { ...arpExample, calculationDate: CALCULATION_DATE });

  it('gives 4.27 %, LOW, with the published probability and linear predictor', () => {
    expect(response).toMatchObject({
      calculator: 'arp',
      modelVersion: 'ARP-2026-1',
      thresholdsVersion: 'ARP-BANDS-2026',
      offenceDataVersion: offenceCategoriesVersion,
      calculationDate: CALCULATION_DATE,
      scoreType: 'STATIC',
      offenceCategory: 'OTHER_OFFENCES',
      probability: 0.042725610822796425,
      percent2dp: 4.27,
      band: 'LOW',
      linearPredictor: -3.109291542898093,
    });
    expect(response.errors).toBeUndefined();
  });

  it('reports every term', () => {
    const { agePoly, ...others } = componentsOf(response);
    expect(others).toEqual({
      intercept: 5.01702292499072,
      gender: 0,
      offence: 0.0384434393037725,
      numberOfSanctions: -3.06189212045904,
      totalSanctions: -0.008551460256999,
      secondSanctionGap: -0.3888466552456506,
      ofm: -1.744142600199456,
      threePlus: 0,
      threePlusSquared: 0,
    });
    // §6.10 prints −2.9613250710314403, the binary floating-point sum. In 34-digit decimal (P1) the polynomial
    // is exactly −2.96132507103144; the two differ only in the last binary digit.
    expect(agePoly).toBe(-2.96132507103144);
    expect(agePoly).toBeCloseTo(-2.9613250710314403, 15);
    expect(Object.keys(componentsOf(response))).toEqual([
      'intercept',
      'gender',
      'agePoly',
      'offence',
      'numberOfSanctions',
      'totalSanctions',
      'secondSanctionGap',
      'ofm',
      'threePlus',
      'threePlusSquared',
    ]);
  });

  it('warns that the static model was used, listing the missing dynamic items', () => {
    expect(response.warnings).toEqual([
      {
        type: 'MISSING_DYNAMIC_INPUT',
        message: 'Dynamic items missing, so the static model was used',
        fields: [
          'accommodationSuitability',
          'unemployed',
          'partnerRelationship',
          'evidenceOfDomesticAbuse',
          'relationshipStatus',
          'regularActivitiesEncourageOffending',
          'alcoholCurrentUse',
          'alcoholBingeDrinking',
          'impulsivity',
          'proCriminalAttitudes',
        ],
      },
    ]);
  });

  it('gives the same figures through the typed function', () => {
    const r = result(calculateArp(arpExample, CALCULATION_DATE));
    expect(r).toMatchObject({
      modelVersion: 'ARP-2026-1',
      percent2dp: 4.27,
      band: 'LOW',
      linearPredictor: -3.109291542898093,
    });
  });
});

describe('VRP worked example (§6.10)', () => {
  it('gives 2.32 %, LOW, linear predictor −3.7405186856961588 with violentSanctions 2', () => {
    const response = runCalculator(vrpCalculator, { ...arpExample, violentSanctions: 2 }, CALCULATION_DATE);
    expect(response).toMatchObject({
      calculator: 'vrp',
      modelVersion: 'VRP-2026-1',
      thresholdsVersion: 'VRP-BANDS-2026',
      percent2dp: 2.32,
      band: 'LOW',
      linearPredictor: -3.7405186856961588,
      scoreType: 'STATIC',
    });
    expect(Object.keys(componentsOf(response))).toEqual([
      'intercept',
      'gender',
      'agePoly',
      'offence',
      'numberOfSanctions',
      'totalSanctions',
      'secondSanctionGap',
      'ofm',
      'threePlus',
      'violentHistory',
      'violentSanctions',
      'violenceRate',
    ]);
  });
});

describe('SVRP (§6.13 example person)', () => {
  it('gives 0.18 %, LOW, static, with the SVRP terms and vatp', () => {
    const response = runCalculator(svrpCalculator, svrpExample, CALCULATION_DATE);
    expect(response).toMatchObject({
      calculator: 'svrp',
      modelVersion: 'SVRP-2026-1',
      thresholdsVersion: 'SVRP-BANDS-2026',
      percent2dp: 0.18,
      band: 'LOW',
      scoreType: 'STATIC',
      offenceCategory: 'OTHER_OFFENCES',
    });
    expect(Object.keys(componentsOf(response)).at(-1)).toBe('vatp');
    expect(response.warnings.map((w) => w.type)).toEqual(['MISSING_DYNAMIC_INPUT']);
  });

  it('reports the violence add-on of "x + y" categories apart as vatp', () => {
    // 00100 is VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: 0.0032426570273524 + 0.0881806276607277 (static).
    const abhPlus = result(calculateSvrp({ ...svrpExample, offenceCode: '00100' }, CALCULATION_DATE));
    expect(abhPlus.offenceCategory).toBe('VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS');
    expect(abhPlus.components.offence).toBe(0.0032426570273524);
    expect(abhPlus.components.vatp).toBe(0.0881806276607277);
    // 00821 is VIOLENCE_AGAINST_THE_PERSON_SUB_ABH, whose cell is the single number 0.0881806276607277.
    const subAbh = result(calculateSvrp({ ...svrpExample, offenceCode: '00821' }, CALCULATION_DATE));
    expect(subAbh.components.offence).toBe(0.0881806276607277);
    expect(subAbh.components.vatp).toBe(0);
  });

  it('scores a long record low: 380 sanctions, 170 violent', () => {
    // §12 quotes 0.13 % for this record without the rest of the person; here only the direction is checked.
    const r = result(
      calculateSvrp(
        { ...svrpExample, totalSanctions: 380, violentSanctions: 170, ageAtFirstSanction: 12 },
        CALCULATION_DATE,
      ),
    );
    expect(r.components.totalSanctions).toBe(-9.517578420708814);
    expect(r.percent2dp).toBeLessThan(1);
  });
});

describe('criminal-history terms (§11.1)', () => {
  it('uses the first-sanction constant at S = 1 and no gap term', () => {
    const r = result(calculateArp({ ...arpExample, totalSanctions: 1 }, CALCULATION_DATE));
    expect(r.components.numberOfSanctions).toBe(-3.94357049933093);
    expect(r.components.secondSanctionGap).toBe(0);
  });

  it('uses the Copas terms from S = 3, with no sanction constant', () => {
    // VRP adds 12 in the denominator: S = 24 with ac = af gives ln(24 ÷ 12) = ln 2.
    const r = result(
      calculateVrp(
        { ...arpExample, totalSanctions: 24, ageAtFirstSanction: 30, violentSanctions: 0 },
        CALCULATION_DATE,
      ),
    );
    expect(r.components.numberOfSanctions).toBe(0);
    expect(r.components.threePlus).toBeCloseTo(Math.LN2 * 0.620598396891494, 15);
    // ARP adds 26 and squares the logarithm for the second term: S = 52, ac = af gives ln 2 again.
    const a = result(
      calculateArp({ ...arpExample, totalSanctions: 52, ageAtFirstSanction: 30 }, CALCULATION_DATE),
    );
    expect(a.components.threePlus).toBeCloseTo(Math.LN2 * 1.55298303083717, 15);
    expect(a.components.threePlusSquared).toBeCloseTo(Math.LN2 ** 2 * 0.129334968245905, 15);
  });

  it('uses the never-violent constant for V = 0, the once-violent one for V = 1, and the rate only when V > 0', () => {
    const never = result(calculateVrp({ ...arpExample, violentSanctions: 0 }, CALCULATION_DATE));
    expect(never.components).toMatchObject({
      violentHistory: -2.19912021141319,
      violentSanctions: 0,
      violenceRate: 0,
    });
    const once = result(calculateVrp({ ...arpExample, violentSanctions: 1 }, CALCULATION_DATE));
    expect(once.components.violentHistory).toBe(0.164824968220639);
    expect(once.components.violentSanctions).toBe(0.0185294325031695);
    // ln(1 ÷ (9 + 30)) × 0.522272685793084
    expect(once.components.violenceRate).toBeCloseTo(Math.log(1 / 39) * 0.522272685793084, 15);
  });

  it('uses the female constant and the female coefficients', () => {
    const r = result(calculateArp({ ...arpExample, sex: 'FEMALE' }, CALCULATION_DATE));
    expect(r.components.gender).toBe(-2.95224200717183);
    expect(r.components.secondSanctionGap).toBe(-0.3851984842574463);
  });

  it('counts offence-free months from the follow-up start, capped at 36, and 0 before it', () => {
    const months = (assessmentDate: string) =>
      result(calculateArp({ ...arpExample, assessmentDate }, CALCULATION_DATE)).components.ofm;
    expect(months('2024-12-12')).toBe(months('2025-01-01'));
    expect(months('2021-12-11')).toBe(0);
    expect(months('2021-12-12')).toBe(0);
    // One whole month: j1 + j2 + j3 + j4.
    expect(months('2022-01-12')).toBe(-0.074564442449002);
    expect(months('2022-01-11')).toBe(0);
  });

  it('defaults the follow-up start to the conviction date and the assessment date to the calculation date', () => {
    const { followUpStartDate: _f, assessmentDate: _a, ...rest } = arpExample;
    const defaulted = result(calculateArp(rest, '2021-09-05'));
    const explicit = result(
      calculateArp(
        { ...rest, followUpStartDate: rest.convictionDate, assessmentDate: '2021-09-05' },
        CALCULATION_DATE,
      ),
    );
    expect(defaulted).toEqual(explicit);
  });

  it('derives the age at first sanction from firstSanctionDate when the age is absent', () => {
    const { ageAtFirstSanction: _af, ...rest } = arpExample;
    const derived = result(calculateArp({ ...rest, firstSanctionDate: '2012-07-17' }, CALCULATION_DATE));
    expect(derived.components.secondSanctionGap).toBe(-0.3888466552456506);
    const dayBefore = result(calculateArp({ ...rest, firstSanctionDate: '2012-07-16' }, CALCULATION_DATE));
    expect(dayBefore.components.secondSanctionGap).toBe(-0.432051839161834);
  });
});

describe('score type (§6.10)', () => {
  it('uses the dynamic model when every dynamic item is present', () => {
    const r = result(calculateArp({ ...arpExample, ...ARP_DYNAMIC }, CALCULATION_DATE));
    expect(r.scoreType).toBe('DYNAMIC');
    expect(r.components.intercept).toBe(3.83654148692014);
    expect(r.components).toMatchObject({
      accommodation: 0.1696098316711506,
      unemployed: 0.0635567467618754,
      livingWithPartner: -0.266331545877519,
      partner: 0.0364051885005138,
      livingWithPartnerRelationship: 0.141655261924428,
      dv: 0.0635669196833949,
      activities: 0.126491602592029,
      drugMotivation: 0,
      chronicDrink: 0.1490013407203544,
      binge: 0.0338427436465108,
      impulsivity: 0.0843976740190594,
      procrim: 0.0439083095441417,
      drugs: 0,
    });
  });

  it('gives the live-in × relationship term only to someone living with their partner', () => {
    const r = result(
      calculateArp(
        { ...arpExample, ...ARP_DYNAMIC, relationshipStatus: 'PARTNER_NOT_LIVING_TOGETHER' },
        CALCULATION_DATE,
      ),
    );
    expect(r.components.livingWithPartner).toBe(0);
    expect(r.components.livingWithPartnerRelationship).toBe(0);
    expect(r.components.partner).toBe(0.0364051885005138);
  });

  it('falls back to static with MISSING_DYNAMIC_INPUT naming only the missing items', () => {
    const { impulsivity: _i, ...someItems } = ARP_DYNAMIC;
    const outcome = calculateArp({ ...arpExample, ...someItems }, CALCULATION_DATE);
    expect(result(outcome).scoreType).toBe('STATIC');
    expect(outcome.warnings).toEqual([
      {
        type: 'MISSING_DYNAMIC_INPUT',
        message: 'Dynamic items missing, so the static model was used',
        fields: ['impulsivity'],
      },
    ]);
  });

  it('uses the static model without warnings when forced STATIC', () => {
    const outcome = calculateArp(
      { ...arpExample, ...ARP_DYNAMIC, forceScoreType: 'STATIC' },
      CALCULATION_DATE,
    );
    expect(result(outcome).scoreType).toBe('STATIC');
    expect(outcome.warnings).toEqual([]);
    const bare = calculateArp({ ...arpExample, forceScoreType: 'STATIC' }, CALCULATION_DATE);
    expect(bare.warnings).toEqual([]);
  });

  it('refuses with a MISSING_DYNAMIC_INPUT error when forced DYNAMIC with items missing', () => {
    const { temperControl: _t, ...items } = SVRP_DYNAMIC;
    const outcome = calculateSvrp({ ...svrpExample, ...items, forceScoreType: 'DYNAMIC' }, CALCULATION_DATE);
    expect(outcome).toEqual({
      errors: [
        {
          type: 'MISSING_DYNAMIC_INPUT',
          message: expect.stringContaining('temperControl'),
          fields: ['temperControl'],
        },
      ],
      warnings: [],
    });
  });

  it('treats absent ARP drug motivation as full motivation, but falls back to static when drugs are listed', () => {
    const none = result(calculateArp({ ...arpExample, ...ARP_DYNAMIC, drugsUsed: [] }, CALCULATION_DATE));
    expect(none.scoreType).toBe('DYNAMIC');
    const inconsistent = calculateArp(
      { ...arpExample, ...ARP_DYNAMIC, drugsUsed: ['CANNABIS'] },
      CALCULATION_DATE,
    );
    expect(result(inconsistent).scoreType).toBe('STATIC');
    expect(inconsistent.warnings).toEqual([
      {
        type: 'MOTIVATION_TO_TACKLE_DRUG_MISUSE_INCONSISTENT',
        message: expect.any(String),
        fields: ['motivationToTackleDrugMisuse', 'drugsUsed'],
      },
    ]);
    const forced = calculateArp(
      { ...arpExample, ...ARP_DYNAMIC, drugsUsed: ['CANNABIS'], forceScoreType: 'DYNAMIC' },
      CALCULATION_DATE,
    );
    expect(isRefused(forced) && forced.errors.map((e) => [e.type, e.fields])).toEqual([
      ['MISSING_DYNAMIC_INPUT', ['motivationToTackleDrugMisuse']],
    ]);
  });

  it('needs drug motivation for a dynamic VRP, and warns when drugs are listed without it', () => {
    const { motivationToTackleDrugMisuse: _m, ...items } = VRP_DYNAMIC;
    const outcome = calculateVrp(
      { ...arpExample, violentSanctions: 1, ...items, drugsUsed: ['HEROIN'] },
      CALCULATION_DATE,
    );
    expect(result(outcome).scoreType).toBe('STATIC');
    expect(outcome.warnings.map((w) => [w.type, w.fields])).toEqual([
      ['MISSING_DYNAMIC_INPUT', ['motivationToTackleDrugMisuse']],
      ['MOTIVATION_TO_TACKLE_DRUG_MISUSE_INCONSISTENT', ['motivationToTackleDrugMisuse', 'drugsUsed']],
    ]);
  });
});

describe('drug flags (§11.4)', () => {
  const arpDrugs = (drugsUsed: RiskFieldValues['drugsUsed']) =>
    result(
      calculateArp(
        { ...arpExample, ...ARP_DYNAMIC, motivationToTackleDrugMisuse: 0, drugsUsed },
        CALCULATION_DATE,
      ),
    ).components.drugs;
  const vrpDrugs = (drugsUsed: RiskFieldValues['drugsUsed']) =>
    result(calculateVrp({ ...arpExample, violentSanctions: 1, ...VRP_DYNAMIC, drugsUsed }, CALCULATION_DATE))
      .components.drugs;

  it('weighs heroin in ARP and methadone in VRP, not the other way round', () => {
    expect(arpDrugs(['HEROIN'])).toBe(0.182096496867273);
    expect(arpDrugs(['METHADONE'])).toBe(0);
    expect(vrpDrugs(['METHADONE'])).toBe(0.0576906845544844);
    expect(vrpDrugs(['HEROIN'])).toBe(0);
  });

  it('counts the "other" group once and ignores amphetamines, ecstasy and duplicates', () => {
    expect(arpDrugs(['KETAMINE', 'SPICE', 'SOLVENTS', 'HALLUCINOGENS', 'OTHER_DRUGS'])).toBe(
      0.0267794308651123,
    );
    expect(arpDrugs(['AMPHETAMINES', 'ECSTASY'])).toBe(0);
    expect(arpDrugs(['CANNABIS', 'CANNABIS'])).toBe(0.049300440360878);
    expect(vrpDrugs(['STEROIDS', 'KETAMINE'])).toBe(0.492250760043424);
  });

  it('refuses an unknown drug, naming its position', () => {
    const outcome = calculateArp(
      { ...arpExample, drugsUsed: ['CANNABIS', 'TEA' as 'CANNABIS'] },
      CALCULATION_DATE,
    );
    expect(isRefused(outcome) && outcome.errors.map((e) => [e.type, e.fields])).toEqual([
      ['INVALID_VALUE', ['drugsUsed[1]']],
    ]);
  });
});

describe('SVRP dynamic items (§11.4)', () => {
  it('adds the weapon, item and previous-conviction terms, each previous kind once', () => {
    const r = result(
      calculateSvrp(
        {
          ...svrpExample,
          ...SVRP_DYNAMIC,
          unemployed: true,
          previousSeriousConvictions: ['HOMICIDE', 'ARSON', 'HOMICIDE'],
        },
        CALCULATION_DATE,
      ),
    );
    expect(r.scoreType).toBe('DYNAMIC');
    expect(r.components).toMatchObject({
      weapon: 0.385215247009075,
      accommodation: 0.0442239531567977,
      unemployed: 0.1469256932366586,
      chronicDrink: 0.0765545992903705,
      temper: 0.248414814714752,
      procrim: 0,
      prevConv: 0.3626737222907807,
    });
  });
});

describe('validation (§11.6, calculation-api.md §6.10)', () => {
  it('lists every missing mandatory field in one MISSING_MANDATORY_INPUT, treating null as missing', () => {
    const outcome = vrpCalculator.calculate({ dateOfBirth: null }, CALCULATION_DATE);
    expect(outcome).toEqual({
      errors: [
        {
          type: 'MISSING_MANDATORY_INPUT',
          message: expect.any(String),
          fields: [
            'sex',
            'dateOfBirth',
            'convictionDate',
            'ageAtFirstSanction',
            'offenceCode',
            'totalSanctions',
            'violentSanctions',
          ],
        },
      ],
      warnings: [],
    });
  });

  it('refuses wrong types and unknown enumerated values with INVALID_VALUE', () => {
    expect(
      errorTypes({
        ...arpExample,
        sex: 'male',
        totalSanctions: 2.5,
        dateOfBirth: '1991-02-30',
        accommodationSuitability: 3,
      }),
    ).toEqual(['INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE']);
  });

  it('needs 1 ≤ S ≤ 999', () => {
    expect(errorTypes({ ...arpExample, totalSanctions: 0 })).toEqual([
      'TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, totalSanctions: 1000 })).toEqual([
      'TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, totalSanctions: 999 })).toEqual([]);
  });

  it('needs 0 ≤ V ≤ S', () => {
    expect(errorTypes({ ...arpExample, violentSanctions: -1 }, vrpCalculator)).toEqual([
      'VIOLENT_SANCTION_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, violentSanctions: 3 }, svrpCalculator)).toEqual([
      'VIOLENT_SANCTION_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, violentSanctions: 2 }, svrpCalculator)).toEqual([]);
  });

  it('needs the age at first sanction between 0 and 109', () => {
    expect(errorTypes({ ...arpExample, ageAtFirstSanction: -1 })).toEqual([
      'AGE_AT_FIRST_SANCTION_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, ageAtFirstSanction: 110 })).toEqual([
      'AGE_AT_FIRST_SANCTION_OUT_OF_RANGE',
    ]);
    expect(errorTypes({ ...arpExample, ageAtFirstSanction: 0 })).toEqual([]);
    const { ageAtFirstSanction: _af, ...rest } = arpExample;
    expect(errorTypes({ ...rest, firstSanctionDate: '1990-01-01' })).toEqual([
      'AGE_AT_FIRST_SANCTION_OUT_OF_RANGE',
    ]);
  });

  it('needs the conviction after the birth', () => {
    expect(errorTypes({ ...arpExample, convictionDate: arpExample.dateOfBirth })).toEqual([
      'DATE_OF_CURRENT_CONVICTION_BEFORE_DATE_OF_BIRTH',
    ]);
  });

  it('needs the first sanction no later than the conviction', () => {
    expect(errorTypes({ ...arpExample, ageAtFirstSanction: 31 })).toEqual([
      'AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION',
    ]);
    expect(errorTypes({ ...arpExample, ageAtFirstSanction: 30 })).toEqual([]);
  });

  it('refuses a conviction more than 3 calendar months after the assessment', () => {
    const at = (convictionDate: string, assessmentDate: string) =>
      errorTypes({ ...arpExample, convictionDate, followUpStartDate: convictionDate, assessmentDate });
    expect(at('2026-04-01', '2026-01-01')).toEqual([]);
    expect(at('2026-04-02', '2026-01-01')).toEqual([
      'DATE_OF_CURRENT_CONVICTION_WITHIN_THREE_MONTHS_OF_ASSESSMENT_DATE',
    ]);
    expect(at('2026-02-28', '2025-11-30')).toEqual([]);
    expect(at('2026-03-01', '2025-11-30')).toEqual([
      'DATE_OF_CURRENT_CONVICTION_WITHIN_THREE_MONTHS_OF_ASSESSMENT_DATE',
    ]);
  });

  it('needs the follow-up start after the birth and before the 110th birthday', () => {
    expect(errorTypes({ ...arpExample, followUpStartDate: '1991-07-17' })).toEqual([
      'DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH',
    ]);
    expect(
      errorTypes({ ...arpExample, followUpStartDate: '2101-07-17', assessmentDate: '2101-07-17' }),
    ).toEqual(['DATE_OF_START_OF_FOLLOWUP_OUT_OF_RANGE']);
    expect(
      errorTypes({ ...arpExample, followUpStartDate: '2101-07-16', assessmentDate: '2101-07-17' }),
    ).not.toContain('DATE_OF_START_OF_FOLLOWUP_OUT_OF_RANGE');
  });

  it('refuses an offence code that is not five digits, or has no category', () => {
    expect(errorTypes({ ...arpExample, offenceCode: '1161' })).toEqual(['OFFENCE_CODE_INCORRECT_FORMAT']);
    expect(errorTypes({ ...arpExample, offenceCode: 11618 })).toEqual(['OFFENCE_CODE_INCORRECT_FORMAT']);
    expect(errorTypes({ ...arpExample, offenceCode: '00000' })).toEqual(['OFFENCE_CODE_MAPPING_NOT_FOUND']);
    expect(errorTypes({ ...arpExample, offenceCode: '00001' })).toEqual(['OFFENCE_CODE_MAPPING_NOT_FOUND']);
    expect(errorTypes({ ...arpExample, offenceCode: '99999' })).toEqual(['OFFENCE_CODE_MAPPING_NOT_FOUND']);
  });

  it('reports every problem at once', () => {
    const types = errorTypes({
      ...arpExample,
      totalSanctions: 0,
      offenceCode: 'x',
      ageAtFirstSanction: 200,
      sex: undefined,
    });
    expect(types[0]).toBe('MISSING_MANDATORY_INPUT');
    expect([...types].sort()).toEqual([
      'AGE_AT_FIRST_SANCTION_OUT_OF_RANGE',
      'MISSING_MANDATORY_INPUT',
      'OFFENCE_CODE_INCORRECT_FORMAT',
      'TOTAL_NUMBER_OF_SANCTIONS_OUT_OF_RANGE',
    ]);
  });

  it('refuses an ARP or VRP that rounds to 0.00 %, but reports such an SVRP', () => {
    const veryOld = {
      ...arpExample,
      dateOfBirth: '1916-01-01',
      convictionDate: '2020-01-01',
      followUpStartDate: '2021-01-01',
      ageAtFirstSanction: 103,
      totalSanctions: 1,
      violentSanctions: 0,
      offenceCode: '05333',
    };
    expect(errorTypes(veryOld)).toEqual(['SCORE_BELOW_REPORTABLE_RANGE']);
    expect(errorTypes(veryOld, vrpCalculator)).toEqual(['SCORE_BELOW_REPORTABLE_RANGE']);
    expect(result(svrpCalculator.calculate(veryOld, CALCULATION_DATE))).toMatchObject({
      percent2dp: expect.any(Number),
      band: 'LOW',
    });
  });
});

describe('bands on percent2dp, half-open (§11.5)', () => {
  it.each([
    ['arp', arpModel.cutOffs, [50, 75, 90]],
    ['vrp', vrpModel.cutOffs, [30, 60, 80]],
    ['svrp', svrpModel.cutOffs, [1, 3, 6.9]],
  ] as const)('%s moves up a band exactly at each cut-off', (_name, cutOffs, expected) => {
    expect(cutOffs).toEqual(expected);
    const [medium, high, veryHigh] = expected;
    const below = (x: number) => Math.round((x - 0.01) * 100) / 100;
    const above = (x: number) => Math.round((x + 0.01) * 100) / 100;
    expect([below(medium), medium, above(medium)].map((v) => bandFromCutOffs(v, cutOffs))).toEqual([
      'LOW',
      'MEDIUM',
      'MEDIUM',
    ]);
    expect([below(high), high, above(high)].map((v) => bandFromCutOffs(v, cutOffs))).toEqual([
      'MEDIUM',
      'HIGH',
      'HIGH',
    ]);
    expect([below(veryHigh), veryHigh, above(veryHigh)].map((v) => bandFromCutOffs(v, cutOffs))).toEqual([
      'HIGH',
      'VERY_HIGH',
      'VERY_HIGH',
    ]);
    expect(bandFromCutOffs(0, cutOffs)).toBe('LOW');
    expect(bandFromCutOffs(99.99, cutOffs)).toBe('VERY_HIGH');
  });
});

describe('properties', () => {
  const item = fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>;
  const codes = ['11618', '00100', '00821', '02900', '05333', '09943', '01911', '08100', '00514'];
  const person = fc
    .record({
      sex: fc.constantFrom('MALE', 'FEMALE'),
      birthYear: fc.integer({ min: 1920, max: 2008 }),
      convictionOffsetYears: fc.integer({ min: 10, max: 90 }),
      followUpMonths: fc.integer({ min: 0, max: 60 }),
      assessmentMonths: fc.integer({ min: 0, max: 80 }),
      firstSanctionYearsBefore: fc.integer({ min: 0, max: 60 }),
      totalSanctions: fc.integer({ min: 1, max: 999 }),
      violentShare: fc.double({ min: 0, max: 1, noNaN: true }),
      offenceCode: fc.constantFrom(...codes),
      dynamic: fc.option(
        fc.record({
          accommodationSuitability: item,
          unemployed: fc.boolean(),
          partnerRelationship: item,
          evidenceOfDomesticAbuse: fc.boolean(),
          relationshipStatus: fc.constantFrom(
            'LIVING_WITH_PARTNER',
            'PARTNER_NOT_LIVING_TOGETHER',
            'NO_RELATIONSHIP',
          ),
          regularActivitiesEncourageOffending: item,
          alcoholCurrentUse: item,
          alcoholBingeDrinking: item,
          impulsivity: item,
          proCriminalAttitudes: item,
          motivationToTackleDrugMisuse: item,
          temperControl: item,
          weaponInCurrentOffence: fc.boolean(),
          drugsUsed: fc.subarray([
            'HEROIN',
            'METHADONE',
            'CRACK_COCAINE',
            'STEROIDS',
            'KETAMINE',
            'AMPHETAMINES',
          ] as const),
          previousSeriousConvictions: fc.subarray([
            'HOMICIDE',
            'FIREARMS',
            'CRIMINAL_DAMAGE',
            'ARSON',
          ] as const),
        }),
        { nil: undefined },
      ),
    })
    .map((p) => {
      const year = (y: number, months = 0) => {
        const total = y * 12 + months;
        return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-15`;
      };
      const convictionYear = Math.min(p.birthYear + p.convictionOffsetYears, 2030);
      const ageAtConviction = convictionYear - p.birthYear - 1;
      return {
        sex: p.sex,
        dateOfBirth: `${p.birthYear}-06-20`,
        convictionDate: year(convictionYear),
        followUpStartDate: year(convictionYear, p.followUpMonths),
        assessmentDate: year(convictionYear, p.assessmentMonths),
        ageAtFirstSanction: Math.max(0, ageAtConviction - p.firstSanctionYearsBefore),
        totalSanctions: p.totalSanctions,
        violentSanctions: Math.floor(p.violentShare * p.totalSanctions),
        offenceCode: p.offenceCode,
        ...p.dynamic,
      };
    });

  it.each([arpCalculator, vrpCalculator, svrpCalculator])(
    '$name: probability in (0, 1), percent2dp in [0, 99.99], terms add up, band follows percent2dp, same answer twice',
    (calculator) => {
      fc.assert(
        fc.property(person, (request) => {
          const first = calculator.calculate(request, CALCULATION_DATE);
          expect(calculator.calculate(request, CALCULATION_DATE)).toEqual(first);
          if (!('result' in first)) {
            // The only refusals these inputs can meet are the 0.00 % floor (ARP, VRP) and the 3-month rule.
            expect(first.errors.map((e) => e.type)).toEqual([
              expect.stringMatching(
                /^(SCORE_BELOW_REPORTABLE_RANGE|DATE_OF_CURRENT_CONVICTION_WITHIN_THREE_MONTHS_OF_ASSESSMENT_DATE)$/,
              ),
            ]);
            return;
          }
          const r = first.result as {
            probability: number;
            percent2dp: number;
            linearPredictor: number;
            band: string;
            components: Record<string, number>;
          };
          expect(r.probability).toBeGreaterThan(0);
          expect(r.probability).toBeLessThan(1);
          expect(r.percent2dp).toBeGreaterThanOrEqual(0);
          expect(r.percent2dp).toBeLessThanOrEqual(99.99);
          expect(sumOf(r.components)).toBeCloseTo(r.linearPredictor, 10);
          const model = { arp: arpModel, vrp: vrpModel, svrp: svrpModel }[calculator.name as 'arp'];
          expect(r.band).toBe(bandFromCutOffs(r.percent2dp, model.cutOffs));
        }),
        { numRuns: 300 },
      );
    },
  );
});
