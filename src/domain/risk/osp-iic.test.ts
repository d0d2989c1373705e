import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalcRequest } from '../calculation/contract.js';
import { runCalculator } from '../calculation/run.js';
import { calculateOspIic, evaluateOspIic, ospIicCalculator } from './osp-iic.js';
import { isRefused } from './outcome.js';

// OSP/IIC: risk-predictors.md §7, calculation-api.md §6.7.

const CALCULATION_DATE = '2026-03-02';

function counts(contactAdult: number, contactChild: number, nonContact: number, images: number): CalcRequest {
  return {
    sex: 'MALE',
    sexualOffenceHistory: true,
    contactAdultSexualSanctions: contactAdult,
    contactChildSexualSanctions: contactChild,
    nonContactSexualOffences: nonContact,
    indecentImageSanctions: images,
  };
}

function result(input: CalcRequest) {
  const outcome = evaluateOspIic(input);
  if (isRefused(outcome)) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

describe('OSP/IIC contract example (§6.7)', () => {
  it('gives 10.31 %, band HIGH, for 4 image sanctions', () => {
    expect(runCalculator(ospIicCalculator, counts(1, 2, 3, 4), CALCULATION_DATE)).toEqual({
      calculator: 'osp-iic',
      modelVersion: 'OSPIIC-OASYS-1',
      thresholdsVersion: 'OSPIIC-HIERARCHY-1',
      calculationDate: CALCULATION_DATE,
      probability: 0.1031,
      percent2dp: 10.31,
      band: 'HIGH',
      femaleVersion: false,
      warnings: [],
    });
  });
});

describe('OSP/IIC hierarchy: the first matching row wins (§7)', () => {
  it.each<[string, CalcRequest, number, number, string]>([
    ['image sanctions ≥ 2', counts(0, 5, 0, 2), 0.1031, 10.31, 'HIGH'],
    ['image sanctions = 1, ahead of any contact-child count', counts(0, 5, 0, 1), 0.03328, 3.33, 'MEDIUM'],
    ['contact-child sanctions ≥ 2', counts(3, 2, 3, 0), 0.00926, 0.93, 'LOW'],
    ['contact-child sanctions = 1', counts(3, 1, 3, 0), 0.00634, 0.63, 'LOW'],
    ['anything else: contact adult only', counts(1, 0, 0, 0), 0.00281, 0.28, 'LOW'],
    ['anything else: non-contact only', counts(0, 0, 2, 0), 0.00281, 0.28, 'LOW'],
  ])('%s', (_rule, request, probability, percent, band) => {
    expect(result(request)).toMatchObject({ probability, percent2dp: percent, band });
  });

  it('cannot reach the all-zero row for a scored male, whose all-zero counts are refused', () => {
    const outcome = evaluateOspIic(counts(0, 0, 0, 0));
    expect(isRefused(outcome) && outcome.errors.map((e) => e.type)).toEqual([
      'SEXUAL_OFFENDING_MISSING_COUNTS',
    ]);
  });
});

describe('OSP/IIC applicability and refusals', () => {
  it('does not apply to a female or to a male without sexual-offence history', () => {
    expect(calculateOspIic({ sex: 'FEMALE', sexualOffenceHistory: true })).toEqual({
      result: {
        modelVersion: 'OSPIIC-OASYS-1',
        thresholdsVersion: 'OSPIIC-HIERARCHY-1',
        probability: 0,
        percent2dp: 0,
        band: 'NOT_APPLICABLE',
        femaleVersion: true,
      },
      warnings: [],
    });
    expect(result({ sex: 'MALE', sexualOffenceHistory: false })).toMatchObject({
      band: 'NOT_APPLICABLE',
      femaleVersion: false,
      percent2dp: 0,
    });
  });

  it('needs no dates, supervision status or motivation answer', () => {
    expect(isRefused(evaluateOspIic(counts(0, 0, 0, 1)))).toBe(false);
  });

  it('refuses counts for a male without sexual-offence history', () => {
    const outcome = evaluateOspIic({ ...counts(0, 0, 0, 1), sexualOffenceHistory: false });
    expect(isRefused(outcome) && outcome.errors.map((e) => e.type)).toEqual([
      'SEXUAL_OFFENDING_INCONSISTENT_INPUT',
    ]);
  });

  it('refuses a missing count for a male with sexual-offence history', () => {
    const outcome = evaluateOspIic({ ...counts(0, 0, 0, 1), indecentImageSanctions: null });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({
        type: 'SEXUAL_OFFENDING_MISSING_COUNTS',
        fields: ['indecentImageSanctions'],
      }),
    ]);
  });

  it('requires sex and sexual-offence history', () => {
    const outcome = evaluateOspIic({});
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'MISSING_MANDATORY_INPUT', fields: ['sex', 'sexualOffenceHistory'] }),
    ]);
  });

  it('refuses a negative or fractional count as INVALID_VALUE', () => {
    const outcome = evaluateOspIic({ ...counts(0, 0, 0, 1), contactChildSexualSanctions: 1.5 });
    expect(isRefused(outcome) && outcome.errors).toEqual([
      expect.objectContaining({ type: 'INVALID_VALUE', fields: ['contactChildSexualSanctions'] }),
    ]);
  });
});

describe('OSP/IIC properties', () => {
  const count = fc.integer({ min: 0, max: 20 });
  it('gives one of the published probabilities, with percent2dp its 2-dp percent, deterministically', () => {
    const published = new Map([
      [0.1031, 10.31],
      [0.03328, 3.33],
      [0.00926, 0.93],
      [0.00634, 0.63],
      [0.00281, 0.28],
    ]);
    fc.assert(
      fc.property(fc.tuple(count, count, count, count), ([a, b, c, d]) => {
        fc.pre(a + b + c + d > 0);
        const r = result(counts(a, b, c, d));
        expect(published.get(r.probability)).toBe(r.percent2dp);
        expect(evaluateOspIic(counts(a, b, c, d))).toEqual(evaluateOspIic(counts(a, b, c, d)));
      }),
    );
  });
});
