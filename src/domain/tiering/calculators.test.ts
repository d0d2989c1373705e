import { describe, expect, it } from 'vitest';
import { findCalculator } from '../calculation/registry.js';
import { runCalculator } from '../calculation/run.js';
import { tierV2Calculator, tierV3Calculator } from './calculators.js';

const v3 = (request: Record<string, unknown>) =>
  runCalculator(tierV3Calculator, { calculationDate: '2026-03-02', ...request });
const v2 = (request: Record<string, unknown>) =>
  runCalculator(tierV2Calculator, { calculationDate: '2026-03-02', ...request });

const activeV3 = {
  hasActiveEvent: true,
  oasysPredictors: {
    arp: { score: 10, staticOrDynamic: 'DYNAMIC' },
    csrp: { score: 0.2, staticOrDynamic: 'DYNAMIC' },
  },
};

describe('tier-v3 calculator (calculation-api.md §7.2)', () => {
  it('reproduces the worked example exactly', () => {
    const res = runCalculator(tierV3Calculator, {
      calculationDate: '2026-03-02',
      hasActiveEvent: true,
      registrations: [
        { code: 'RHRH', registrationDate: '2025-11-20' },
        { code: 'ADVP', registrationDate: '2025-06-02' },
      ],
      latestReleaseDate: null,
      oasysPredictors: {
        arp: { score: 62.0, staticOrDynamic: 'DYNAMIC' },
        csrp: { score: 3.4, staticOrDynamic: 'DYNAMIC' },
        dcSrp: { score: 0, band: 'NOT_APPLICABLE' },
      },
      everCommittedSexualOffence: false,
    });
    expect(res).toEqual({
      calculator: 'tier-v3',
      modelVersion: 'V3',
      calculationDate: '2026-03-02',
      tier: 'C',
      provisional: false,
      ruleResults: {
        reoffending: 'C',
        sexualReoffending: null,
        mappaRosh: 'D',
        liferIpp: null,
        domesticAbuse: 'E',
        stalking: null,
        childProtection: null,
        sexualOffences: null,
      },
      derived: {
        rosh: 'HIGH',
        mappaCategory: null,
        liferIpp: false,
        domesticAbuse: true,
        stalking: false,
        childProtection: false,
      },
      warnings: [],
    });
  });

  it('refuses without hasActiveEvent, listing it once as missing', () => {
    const res = v3({ hasActiveEvent: null });
    expect(res.errors).toEqual([
      { type: 'MISSING_MANDATORY_INPUT', message: 'Missing: hasActiveEvent', fields: ['hasActiveEvent'] },
    ]);
    expect(res).not.toHaveProperty('tier');
  });

  it('refuses a negative ARP or CSRP score as INVALID_VALUE naming the field', () => {
    const res = v3({
      hasActiveEvent: true,
      oasysPredictors: { arp: { score: -0.01 }, csrp: { score: -1 } },
    });
    expect(res.errors?.map((e) => [e.type, e.fields])).toEqual([
      ['INVALID_VALUE', ['oasysPredictors.arp.score']],
      ['INVALID_VALUE', ['oasysPredictors.csrp.score']],
    ]);
  });

  it('refuses a MEDIUM DC-SRP score above 0 but below 0.60', () => {
    const res = v3({
      ...activeV3,
      oasysPredictors: { ...activeV3.oasysPredictors, dcSrp: { score: 0.59, band: 'MEDIUM' } },
    });
    expect(res.errors).toEqual([
      expect.objectContaining({
        type: 'DC_SRP_SCORE_INCONSISTENT_WITH_BAND',
        fields: ['oasysPredictors.dcSrp.score', 'oasysPredictors.dcSrp.band'],
      }),
    ]);
    expect(res).not.toHaveProperty('tier');
  });

  it('reports every problem together: missing field, bad enum, bad date, bad registration, inconsistent DC-SRP', () => {
    const res = v3({
      registrations: [{ code: 'RHRH' }, { level: 'M1' }, { code: 'MAPP', registrationDate: '2025-02-29' }],
      latestReleaseDate: '2026-13-01',
      oasysPredictors: {
        arp: { score: 5, staticOrDynamic: 'static' },
        csrp: { score: 1 },
        dcSrp: { score: 0.3, band: 'MEDIUM' },
      },
    });
    expect(res.errors?.map((e) => [e.type, e.fields])).toEqual([
      ['MISSING_MANDATORY_INPUT', ['hasActiveEvent', 'registrations[1].code']],
      ['INVALID_VALUE', ['registrations[2].registrationDate']],
      ['INVALID_VALUE', ['latestReleaseDate']],
      ['INVALID_VALUE', ['oasysPredictors.arp.staticOrDynamic']],
      ['DC_SRP_SCORE_INCONSISTENT_WITH_BAND', ['oasysPredictors.dcSrp.score', 'oasysPredictors.dcSrp.band']],
    ]);
  });

  it('accepts a DC-SRP of 0 with a MEDIUM band, and a null band, without error', () => {
    expect(
      v3({
        ...activeV3,
        oasysPredictors: { ...activeV3.oasysPredictors, dcSrp: { score: 0, band: 'MEDIUM' } },
      }),
    ).toMatchObject({ tier: 'G' });
    expect(
      v3({
        ...activeV3,
        oasysPredictors: { ...activeV3.oasysPredictors, dcSrp: { score: 0.3, band: null } },
      }),
    ).toMatchObject({ tier: 'G' });
  });

  it('gives MISSING with no rule results when there is no predictor record', () => {
    const res = v3({
      hasActiveEvent: true,
      registrations: [{ code: 'RVHR' }, { code: 'MAPP', category: 'M2' }],
    });
    expect(res).toMatchObject({ tier: 'MISSING', provisional: false, ruleResults: null });
    expect(res).toMatchObject({ derived: { rosh: 'VERY_HIGH', mappaCategory: 'M2' } });
  });

  it('warns once about unknown fields and still calculates', () => {
    const res = v3({ ...activeV3, crn: 'X123456' });
    expect(res.warnings).toEqual([expect.objectContaining({ type: 'UNKNOWN_FIELD', fields: ['crn'] })]);
    expect(res).toMatchObject({ tier: 'G' });
  });
});

const v2Example = {
  sex: 'FEMALE',
  calculationDate: '2026-03-02',
  registrations: [
    { code: 'RMRH', registrationDate: '2025-09-01' },
    { code: 'RMDO', registrationDate: '2025-03-11' },
    { code: 'ALSH', registrationDate: '2024-12-19' },
  ],
  events: [{ sentenceTypeCode: 'SP', requirements: [{ mainCategoryCode: 'F', restrictive: false }] }],
  rsrScore: 4.2,
  ogrsScore: 56,
  previousEnforcementActivity: true,
  needsAssessment: {
    completedDate: '2025-10-14',
    status: 'COMPLETE',
    sanIndicator: false,
    sections: {
      ACCOMMODATION: {
        noFixedAbodeOrTransient: 'YES',
        suitabilityOfAccommodation: 'SIGNIFICANT',
        permanenceOfAccommodation: 'SIGNIFICANT',
        locationOfAccommodation: 'SOME',
      },
    },
    sectionSeverities: {
      EDUCATION_TRAINING_AND_EMPLOYABILITY: 'STANDARD',
      RELATIONSHIPS: 'NO_NEED',
      LIFESTYLE_AND_ASSOCIATES: 'NO_NEED',
      DRUG_MISUSE: 'STANDARD',
      ALCOHOL_MISUSE: 'NO_NEED',
      THINKING_AND_BEHAVIOUR: 'SEVERE',
      ATTITUDES: 'STANDARD',
    },
    womenFactors: { parentingResponsibilities: 'YES', impulsivity: 'SOME', temperControl: 'NONE' },
  },
};

describe('tier-v2 calculator (calculation-api.md §7.3)', () => {
  it('reproduces the worked example exactly', () => {
    expect(runCalculator(tierV2Calculator, v2Example)).toEqual({
      calculator: 'tier-v2',
      modelVersion: 'V2',
      calculationDate: '2026-03-02',
      tier: 'B2',
      unsupervised: false,
      protect: {
        level: 'B',
        points: 20,
        components: { rsr: 10, rosh: 10, mappa: 0, complexity: 4, additionalFactorsForWomen: 6 },
      },
      change: {
        level: 2,
        points: 15,
        reason: null,
        components: { needs: 10, ogrs: 5, iom: 0 },
        needs: {
          ACCOMMODATION: { score: 7, severity: 'SEVERE', weight: 1, points: 2 },
          EDUCATION_TRAINING_AND_EMPLOYABILITY: { score: null, severity: 'STANDARD', weight: 1, points: 1 },
          RELATIONSHIPS: { score: null, severity: 'NO_NEED', weight: 1, points: 0 },
          LIFESTYLE_AND_ASSOCIATES: { score: null, severity: 'NO_NEED', weight: 1, points: 0 },
          DRUG_MISUSE: { score: null, severity: 'STANDARD', weight: 1, points: 1 },
          ALCOHOL_MISUSE: { score: null, severity: 'NO_NEED', weight: 1, points: 0 },
          THINKING_AND_BEHAVIOUR: { score: null, severity: 'SEVERE', weight: 2, points: 4 },
          ATTITUDES: { score: null, severity: 'STANDARD', weight: 2, points: 2 },
        },
      },
      warnings: [],
    });
  });

  it('gives B2S with a PRC registration', () => {
    const res = v2({ ...v2Example, registrations: [...v2Example.registrations, { code: 'PRC' }] });
    expect(res).toMatchObject({ tier: 'B2S', unsupervised: true });
  });

  it('refuses with every missing field in one MISSING_MANDATORY_INPUT, including nested required fields', () => {
    const res = v2({ events: [{ requirements: [{ mainCategoryCode: 'F' }] }] });
    expect(res.errors).toEqual([
      {
        type: 'MISSING_MANDATORY_INPUT',
        message: 'Missing: sex, events[0].sentenceTypeCode, events[0].requirements[0].restrictive',
        fields: ['sex', 'events[0].sentenceTypeCode', 'events[0].requirements[0].restrictive'],
      },
    ]);
  });

  it('refuses a section given both as answers and as a severity with CONFLICTING_INPUT', () => {
    const res = v2({
      ...v2Example,
      needsAssessment: { ...v2Example.needsAssessment, sectionSeverities: { ACCOMMODATION: 'SEVERE' } },
    });
    expect(res.errors).toEqual([
      expect.objectContaining({
        type: 'CONFLICTING_INPUT',
        fields: ['needsAssessment.sections.ACCOMMODATION', 'needsAssessment.sectionSeverities.ACCOMMODATION'],
      }),
    ]);
  });

  it('refuses invalid values naming each field path', () => {
    const res = v2({
      sex: 'female',
      events: [],
      rsrScore: -1,
      ogrsScore: 56.5,
      registrations: [{ code: 7 }],
      needsAssessment: {
        status: 'DONE',
        sections: { HOUSING: {}, DRUG_MISUSE: { currentDrugNoted: 'MAYBE' } },
        sectionSeverities: { ATTITUDES: 'HIGH' },
        womenFactors: { impulsivity: 3 },
      },
    });
    expect(res.errors?.every((e) => e.type === 'INVALID_VALUE')).toBe(true);
    expect(res.errors?.map((e) => e.fields[0])).toEqual([
      'sex',
      'registrations[0].code',
      'rsrScore',
      'ogrsScore',
      'needsAssessment.status',
      'needsAssessment.sections.HOUSING',
      'needsAssessment.sections.DRUG_MISUSE.currentDrugNoted',
      'needsAssessment.sectionSeverities.ATTITUDES',
      'needsAssessment.womenFactors.impulsivity',
    ]);
  });

  it('refuses an OGRS score above 100', () => {
    expect(v2({ sex: 'MALE', events: [], ogrsScore: 101 }).errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: ['ogrsScore'] }),
    ]);
  });

  it('warns RSR_SCORE_OUT_OF_RANGE above 99.99 and scores it 0', () => {
    const res = v2({ sex: 'MALE', events: [], rsrScore: 100 });
    expect(res).toMatchObject({ tier: 'D0', protect: { points: 0, components: { rsr: 0 } } });
    expect(res.warnings).toEqual([
      expect.objectContaining({ type: 'RSR_SCORE_OUT_OF_RANGE', fields: ['rsrScore'] }),
    ]);
  });

  it('needs no warning at exactly 99.99', () => {
    const res = v2({ sex: 'MALE', events: [], rsrScore: 99.99 });
    expect(res).toMatchObject({ protect: { points: 20, level: 'B' } });
    expect(res.warnings).toEqual([]);
  });
});

describe('registry', () => {
  it('offers both tier calculators under their contract names and model versions', () => {
    expect(findCalculator('tier-v3')).toBe(tierV3Calculator);
    expect(findCalculator('tier-v2')).toBe(tierV2Calculator);
    expect([tierV3Calculator.modelVersion, tierV2Calculator.modelVersion]).toEqual(['V3', 'V2']);
  });
});
