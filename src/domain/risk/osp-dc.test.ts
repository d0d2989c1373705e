import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { calculateOspDc, evaluateOspDc, ospDcCalculator, type OspDcInput } from './osp-dc.js';
import { isRefused } from './outcome.js';

// OSP/DC: risk-predictors.md §6, calculation-api.md §6.6.

const CALCULATION_DATE = '2026-03-02';

/** The §6.5 worked example (the current offence's motivation is not given there; the contract requires it). */
const example: OspDcInput = {
  sex: 'MALE',
  sexualOffenceHistory: true,
  currentOffenceSexuallyMotivated: true,
  supervisionStatus: 'COMMUNITY',
  dateOfBirth: '1980-01-01',
  followUpStartDate: '2027-01-01',
  assessmentDate: '2025-01-01',
  totalSanctions: 11,
  contactAdultSexualSanctions: 1,
  contactChildSexualSanctions: 2,
  nonContactSexualOffences: 3,
  indecentImageSanctions: 4,
  mostRecentSexualSanctionDate: '1994-01-01',
};

function result(input: CalcRequest) {
  const outcome = evaluateOspDc(input, CALCULATION_DATE);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

function errors(input: CalcRequest) {
  const outcome = evaluateOspDc(input, CALCULATION_DATE);
  return isRefused(outcome) ? outcome.errors : [];
}

describe('OSP/DC worked example (§6.5)', () => {
  it('scores 28 points: 1.54 %, band MEDIUM, no reduction because follow-up starts after the assessment', () => {
    const outcome = calculateOspDc(example, CALCULATION_DATE);
    expect(isRefused(outcome)).toBe(false);
    if (isRefused(outcome)) return;
    expect(outcome.result).toMatchObject({
      modelVersion: 'OSPDC-OASYS-1',
      thresholdsVersion: 'OSPDC-POINTS-1',
      points: 28,
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
    });
    // The spec's check value 0.015388904099572493 is a binary floating-point result; the 34-digit decimal value
    // (P1) is 0.0153889040995724743…, so the two agree to 16 significant digits.
    expect(outcome.result.probability).toBeCloseTo(0.015388904099572493, 16);
  });
});

describe('OSP/DC contract example (§6.6)', () => {
  const request = {
    sex: 'MALE',
    sexualOffenceHistory: true,
    currentOffenceSexuallyMotivated: true,
    supervisionStatus: 'COMMUNITY',
    assessmentDate: '2025-01-01',
    dateOfBirth: '1980-01-01',
    followUpStartDate: '2027-01-01',
    totalSanctions: 1,
    contactAdultSexualSanctions: 1,
    contactChildSexualSanctions: 2,
    nonContactSexualOffences: 3,
    indecentImageSanctions: 4,
  };

  it('scores 22 points, 0.6 %, band MEDIUM; a missing last-sanction date scores 0', () => {
    const response = runCalculator(ospDcCalculator, request, CALCULATION_DATE);
    expect(response).toMatchObject({
      calculator: 'osp-dc',
      modelVersion: 'OSPDC-OASYS-1',
      thresholdsVersion: 'OSPDC-POINTS-1',
      calculationDate: CALCULATION_DATE,
      points: 22,
      percent2dp: 0.6,
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
        anyPreviousSanction: 0,
        strangerVictim: 0,
      },
      warnings: [],
    });
    expect((response as { probability?: number }).probability).toBeCloseTo(0.005955895541805088, 16);
  });
});

describe('OSP/DC applicability (§6.1)', () => {
  const notApplicable = {
    points: null,
    probability: 0,
    percent2dp: 0,
    band: 'NOT_APPLICABLE',
    unreducedBand: 'NOT_APPLICABLE',
    bandReductionApplied: null,
    components: null,
  };

  it('does not apply to a female, whatever her counts', () => {
    expect(result({ ...example, sex: 'FEMALE' })).toMatchObject({ ...notApplicable, femaleVersion: true });
  });

  it('does not apply to a male without sexual-offence history, who needs no counts or motivation answer', () => {
    const noCounts = {
      contactAdultSexualSanctions: null,
      contactChildSexualSanctions: null,
      nonContactSexualOffences: null,
      indecentImageSanctions: null,
    };
    const request = {
      ...example,
      ...noCounts,
      currentOffenceSexuallyMotivated: null,
      sexualOffenceHistory: false,
    };
    expect(result(request)).toMatchObject({ ...notApplicable, femaleVersion: false });
  });

  it('refuses counts given for a male without sexual-offence history, even zero counts', () => {
    expect(errors({ ...example, sexualOffenceHistory: false }).map((e) => e.type)).toEqual([
      'SEXUAL_OFFENDING_INCONSISTENT_INPUT',
    ]);
    const oneCount = {
      ...example,
      contactChildSexualSanctions: null,
      nonContactSexualOffences: null,
      indecentImageSanctions: null,
    };
    expect(errors({ ...oneCount, sexualOffenceHistory: false, contactAdultSexualSanctions: 0 })).toEqual([
      expect.objectContaining({
        type: 'SEXUAL_OFFENDING_INCONSISTENT_INPUT',
        fields: ['sexualOffenceHistory', 'contactAdultSexualSanctions'],
      }),
    ]);
  });

  it('refuses a missing count for a male with sexual-offence history', () => {
    expect(errors({ ...example, nonContactSexualOffences: null })).toEqual([
      expect.objectContaining({
        type: 'SEXUAL_OFFENDING_MISSING_COUNTS',
        fields: ['nonContactSexualOffences'],
      }),
    ]);
  });

  it('refuses four zero counts for a male with sexual-offence history', () => {
    const zeros = {
      contactAdultSexualSanctions: 0,
      contactChildSexualSanctions: 0,
      nonContactSexualOffences: 0,
      indecentImageSanctions: 0,
    };
    expect(errors({ ...example, ...zeros }).map((e) => e.type)).toEqual(['SEXUAL_OFFENDING_MISSING_COUNTS']);
  });

  it('requires currentOffenceSexuallyMotivated for a male with sexual-offence history', () => {
    expect(errors({ ...example, currentOffenceSexuallyMotivated: undefined })).toEqual([
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        fields: ['currentOffenceSexuallyMotivated'],
      }),
    ]);
  });

  it('always requires sex, history, date of birth, follow-up start, sanctions and supervision status', () => {
    expect(errors({})).toEqual([
      expect.objectContaining({
        type: 'MISSING_MANDATORY_INPUT',
        fields: [
          'sex',
          'sexualOffenceHistory',
          'dateOfBirth',
          'followUpStartDate',
          'totalSanctions',
          'supervisionStatus',
        ],
      }),
    ]);
  });
});

describe('OSP/DC other refusals', () => {
  it('refuses fewer than one sanction', () => {
    expect(errors({ ...example, totalSanctions: 0 }).map((e) => e.type)).toEqual([
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
    ]);
  });

  it('refuses a follow-up start on or before the date of birth', () => {
    expect(errors({ ...example, followUpStartDate: '1980-01-01' }).map((e) => e.type)).toEqual([
      'DATE_OF_START_OF_FOLLOWUP_BEFORE_DATE_OF_BIRTH',
    ]);
  });

  it('refuses an age at the most recent sexual sanction below 10, and accepts 10', () => {
    expect(errors({ ...example, mostRecentSexualSanctionDate: '1989-12-31' }).map((e) => e.type)).toEqual([
      'AGE_AT_MOST_RECENT_SEXUAL_SANCTION_LESS_THAN_TEN',
    ]);
    expect(errors({ ...example, mostRecentSexualSanctionDate: '1990-01-01' })).toEqual([]);
  });

  it.each([
    ['contactAdultSexualSanctions', -1],
    ['supervisionStatus', 'PRISON'],
    ['mostRecentOffenceDate', '2020-02-30'],
    ['currentOffenceAgainstStranger', 'no'],
  ])('refuses %s = %j as INVALID_VALUE', (field, value) => {
    expect(errors({ ...example, [field]: value })).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: [field] }),
    ]);
  });
});

describe('OSP/DC points (§6.2)', () => {
  it.each([
    [0, 0],
    [1, 5],
    [2, 10],
    [3, 15],
    [7, 15],
  ])('contact-adult count %i scores %i', (count, points) => {
    expect(result({ ...example, contactAdultSexualSanctions: count }).components?.contactAdult).toBe(points);
  });

  it('scores age at the last sexual sanction <16 → 0, 16–17 → 5, 18+ → 10', () => {
    const at = (date: string) =>
      result({ ...example, mostRecentSexualSanctionDate: date }).components?.ageAtLastSexualSanction;
    expect(at('1995-12-31')).toBe(0);
    expect(at('1996-01-01')).toBe(5);
    expect(at('1997-12-31')).toBe(5);
    expect(at('1998-01-01')).toBe(10);
  });

  it('scores age at follow-up start 14 below 21, 13 at 21, 1 at 59 and 0 from 60', () => {
    const at = (year: number) =>
      result({ ...example, followUpStartDate: `${year}-01-01` }).components?.ageAtFollowUp;
    expect(at(2000)).toBe(14);
    expect(at(2001)).toBe(13);
    expect(at(2039)).toBe(1);
    expect(at(2040)).toBe(0);
  });

  it('scores the stranger item 4 when true and 0 when null', () => {
    expect(result({ ...example, currentOffenceAgainstStranger: true }).components?.strangerVictim).toBe(4);
    expect(result({ ...example, currentOffenceAgainstStranger: null }).components?.strangerVictim).toBe(0);
  });

  it('gives probability 0 and band LOW with no reduction flag at 0 points', () => {
    const zero = {
      ...example,
      totalSanctions: 1,
      followUpStartDate: '2045-01-01',
      mostRecentSexualSanctionDate: null,
      contactAdultSexualSanctions: 0,
      contactChildSexualSanctions: 0,
      nonContactSexualOffences: 0,
      indecentImageSanctions: 1,
    };
    expect(result(zero)).toMatchObject({
      points: 0,
      probability: 0,
      percent2dp: 0,
      band: 'LOW',
      unreducedBand: 'LOW',
      bandReductionApplied: null,
    });
  });
});

/**
 * A scored male born 1980-01-01 with exactly the given points: contact-adult and non-contact counts, the age
 * at follow-up start chosen to score `agePoints` (age 18 + 3 × (14 − points)), and an optional previous sanction.
 */
function withPoints(
  p: { contactAdult: number; nonContact?: number; agePoints: number; previousSanction?: boolean },
  status = 'CUSTODY',
): CalcRequest {
  const age = 18 + 3 * (14 - p.agePoints);
  return {
    sex: 'MALE',
    sexualOffenceHistory: true,
    currentOffenceSexuallyMotivated: true,
    supervisionStatus: status,
    dateOfBirth: '1980-01-01',
    followUpStartDate: `${1980 + age}-01-01`,
    totalSanctions: p.previousSanction ? 2 : 1,
    contactAdultSexualSanctions: p.contactAdult,
    contactChildSexualSanctions: 0,
    nonContactSexualOffences: p.nonContact ?? 0,
    indecentImageSanctions: 0,
  };
}

describe('OSP/DC bands from points (§6.3)', () => {
  it.each<[number, CalcRequest, string]>([
    [21, withPoints({ contactAdult: 2, agePoints: 11 }), 'LOW'],
    [22, withPoints({ contactAdult: 2, agePoints: 12 }), 'MEDIUM'],
    [29, withPoints({ contactAdult: 3, agePoints: 14 }), 'MEDIUM'],
    [30, withPoints({ contactAdult: 3, nonContact: 1, agePoints: 13 }), 'HIGH'],
    [35, withPoints({ contactAdult: 3, agePoints: 14, previousSanction: true }), 'HIGH'],
    [36, withPoints({ contactAdult: 3, nonContact: 1, agePoints: 13, previousSanction: true }), 'VERY_HIGH'],
  ])('%i points are %s', (points, request, band) => {
    const r = result(request);
    expect(r.points).toBe(points);
    expect(r.band).toBe(band);
    expect(r.unreducedBand).toBe(band);
  });
});

describe('OSP/DC one-step band reduction (§6.4)', () => {
  /** 36 points (VERY_HIGH), follow-up start 2001-01-01 (age 21). */
  const veryHigh = {
    ...withPoints({ contactAdult: 3, nonContact: 1, agePoints: 13, previousSanction: true }, 'COMMUNITY'),
  };
  const fiveYearsOn = '2006-01-01';

  it('moves the band one step down after 5 whole years in the community, leaving the probability alone', () => {
    const reduced = result({ ...veryHigh, assessmentDate: fiveYearsOn });
    const unreduced = result({ ...veryHigh, assessmentDate: fiveYearsOn, supervisionStatus: 'CUSTODY' });
    expect(reduced).toMatchObject({ band: 'HIGH', unreducedBand: 'VERY_HIGH', bandReductionApplied: true });
    expect(unreduced).toMatchObject({
      band: 'VERY_HIGH',
      unreducedBand: 'VERY_HIGH',
      bandReductionApplied: false,
    });
    expect(reduced.probability).toBe(unreduced.probability);
    expect(reduced.percent2dp).toBe(unreduced.percent2dp);
  });

  it('does not reduce one day before 5 whole years', () => {
    expect(result({ ...veryHigh, assessmentDate: '2005-12-31' })).toMatchObject({
      band: 'VERY_HIGH',
      bandReductionApplied: false,
    });
  });

  it('does not reduce for a person in custody; a person on remand can be reduced', () => {
    expect(
      result({ ...veryHigh, assessmentDate: fiveYearsOn, supervisionStatus: 'CUSTODY' }).bandReductionApplied,
    ).toBe(false);
    expect(
      result({ ...veryHigh, assessmentDate: fiveYearsOn, supervisionStatus: 'REMAND' }).bandReductionApplied,
    ).toBe(true);
  });

  it('needs 5 whole years since a given most recent offence and a given most recent sexual sanction', () => {
    const at = { ...veryHigh, assessmentDate: fiveYearsOn };
    expect(result({ ...at, mostRecentOffenceDate: '2001-01-02' }).bandReductionApplied).toBe(false);
    expect(result({ ...at, mostRecentOffenceDate: '2001-01-01' }).bandReductionApplied).toBe(true);
    // A sexual sanction at 18 or over adds 10 points but leaves the band VERY_HIGH.
    expect(result({ ...at, mostRecentSexualSanctionDate: '2001-01-02' }).bandReductionApplied).toBe(false);
    expect(result({ ...at, mostRecentSexualSanctionDate: '2001-01-01' }).bandReductionApplied).toBe(true);
  });

  it('moves HIGH to MEDIUM and MEDIUM to LOW, and never reduces LOW', () => {
    const high = {
      ...withPoints({ contactAdult: 3, nonContact: 1, agePoints: 13 }, 'COMMUNITY'),
      assessmentDate: fiveYearsOn,
    };
    const medium = { ...withPoints({ contactAdult: 2, agePoints: 12 }, 'COMMUNITY') };
    const low = { ...withPoints({ contactAdult: 2, agePoints: 11 }, 'COMMUNITY') };
    expect(result(high)).toMatchObject({ unreducedBand: 'HIGH', band: 'MEDIUM', bandReductionApplied: true });
    expect(result({ ...medium, assessmentDate: '2030-01-01' })).toMatchObject({
      unreducedBand: 'MEDIUM',
      band: 'LOW',
      bandReductionApplied: true,
    });
    expect(result({ ...low, assessmentDate: '2040-01-01' })).toMatchObject({
      unreducedBand: 'LOW',
      band: 'LOW',
      bandReductionApplied: false,
    });
  });

  it('defaults the assessment date to the calculation date', () => {
    const { assessmentDate: _none, ...noAssessment } = veryHigh as CalcRequest & { assessmentDate?: string };
    expect(result(noAssessment).bandReductionApplied).toBe(true);
  });
});

describe('OSP/DC properties', () => {
  const count = fc.integer({ min: 0, max: 6 });
  const request = fc
    .record({
      contactAdult: count,
      contactChild: count,
      nonContact: count,
      images: count,
      ageAtFollowUp: fc.integer({ min: 10, max: 90 }),
      lastSanctionAge: fc.option(fc.integer({ min: 10, max: 80 })),
      totalSanctions: fc.integer({ min: 1, max: 50 }),
      stranger: fc.boolean(),
      status: fc.constantFrom('CUSTODY', 'COMMUNITY', 'REMAND'),
      assessmentYear: fc.integer({ min: 1990, max: 2070 }),
    })
    .filter((p) => p.contactAdult + p.contactChild + p.nonContact + p.images > 0)
    .map((p) => ({
      sex: 'MALE',
      sexualOffenceHistory: true,
      currentOffenceSexuallyMotivated: false,
      supervisionStatus: p.status,
      dateOfBirth: '1950-06-01',
      followUpStartDate: `${1950 + p.ageAtFollowUp}-06-01`,
      assessmentDate: `${p.assessmentYear}-06-01`,
      totalSanctions: p.totalSanctions,
      contactAdultSexualSanctions: p.contactAdult,
      contactChildSexualSanctions: p.contactChild,
      nonContactSexualOffences: p.nonContact,
      indecentImageSanctions: p.images,
      mostRecentSexualSanctionDate: p.lastSanctionAge === null ? null : `${1950 + p.lastSanctionAge}-06-01`,
      currentOffenceAgainstStranger: p.stranger,
    }));

  it('gives 0–64 points that are the sum of the items, a probability in [0, 1) and percent2dp in [0, 99.99]', () => {
    fc.assert(
      fc.property(request, (req) => {
        const r = result(req);
        const points = r.points ?? -1;
        expect(points).toBe(Object.values(r.components ?? {}).reduce((a, b) => a + b, 0));
        expect(points >= 0 && points <= 64).toBe(true);
        expect(r.probability >= 0 && r.probability < 1).toBe(true);
        expect(r.probability === 0).toBe(points === 0);
        expect(r.percent2dp >= 0 && r.percent2dp <= 99.99).toBe(true);
        expect(r.bandReductionApplied === null).toBe(points === 0);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(evaluateOspDc(req, CALCULATION_DATE)).toEqual(evaluateOspDc({ ...req }, CALCULATION_DATE));
      }),
      { numRuns: 30 },
    );
  });
});
