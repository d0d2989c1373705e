import { describe, expect, it } from 'vitest';
import {
  directContactBand,
  directContactPoints,
  directContactProbability,
  reduceDirectContactBand,
} from './direct-contact-points.js';
import { percent2dp } from './rounding.js';

// risk-predictors.md §6.2–6.5: the points scale shared by OSP/DC and DC-SRP.

const workedExample = {
  contactAdultSexualSanctions: 1,
  contactChildSexualSanctions: 2,
  nonContactSexualOffences: 3,
  ageAtFollowUpStart: 47,
  ageAtLastSexualSanction: 14,
  totalSanctions: 11,
  currentOffenceAgainstStranger: false,
};

describe('direct-contact points', () => {
  it('scores the §6.5 worked example at 28 points, 1.54 %, MEDIUM', () => {
    const { points, components } = directContactPoints(workedExample);
    expect(components).toEqual({
      contactAdult: 5,
      contactChild: 6,
      nonContact: 6,
      ageAtFollowUp: 5,
      ageAtLastSexualSanction: 0,
      anyPreviousSanction: 6,
      strangerVictim: 0,
    });
    expect(points).toBe(28);
    // The §6.3 check value 0.015388904099572493 is the binary floating-point result: 0.1598 × 28 is not exact
    // in binary. P1's 34-digit decimal gives logistic(−4.1586) = 0.0153889040995724743…, whose nearest double
    // is …474. The two agree to 16 significant digits; P1 governs.
    expect(directContactProbability(28).toNumber()).toBe(0.015388904099572474);
    expect(directContactProbability(28).toNumber()).toBeCloseTo(0.015388904099572493, 16);
    expect(percent2dp(directContactProbability(28))).toBe(1.54);
    expect(directContactBand(28)).toBe('MEDIUM');
  });

  it('caps each count at three and gives the stranger and previous-sanction points', () => {
    const { components, points } = directContactPoints({
      ...workedExample,
      contactAdultSexualSanctions: 7,
      contactChildSexualSanctions: 3,
      nonContactSexualOffences: 9,
      ageAtFollowUpStart: 20,
      ageAtLastSexualSanction: 18,
      currentOffenceAgainstStranger: true,
    });
    expect(components).toEqual({
      contactAdult: 15,
      contactChild: 9,
      nonContact: 6,
      ageAtFollowUp: 14,
      ageAtLastSexualSanction: 10,
      anyPreviousSanction: 6,
      strangerVictim: 4,
    });
    expect(points).toBe(64);
  });

  it('scores age at follow-up start 14 − trunc((age − 18) / 3), and 0 from 60', () => {
    const at = (age: number) =>
      directContactPoints({ ...workedExample, ageAtFollowUpStart: age }).components.ageAtFollowUp;
    expect([15, 20, 21, 23, 24, 56, 57, 59, 60, 80].map(at)).toEqual([14, 14, 13, 13, 12, 2, 1, 1, 0, 0]);
  });

  it('scores age at the last sexual sanction <16 → 0, 16–17 → 5, 18+ → 10, missing → 0', () => {
    const at = (age: number | undefined) =>
      directContactPoints({ ...workedExample, ageAtLastSexualSanction: age }).components
        .ageAtLastSexualSanction;
    expect([undefined, 9, 15, 16, 17, 18, 40].map(at)).toEqual([0, 0, 0, 5, 5, 10, 10]);
  });

  it('gives probability 0 at 0 points', () => {
    expect(directContactProbability(0).toNumber()).toBe(0);
  });

  it('bands on points: LOW to 21, MEDIUM 22–29, HIGH 30–35, VERY_HIGH from 36', () => {
    expect([0, 21, 22, 29, 30, 35, 36, 64].map(directContactBand)).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'VERY_HIGH',
      'VERY_HIGH',
    ]);
  });
});

describe('band reduction (§6.4)', () => {
  const facts = {
    supervisionStatus: 'COMMUNITY' as const,
    followUpStartDate: '2020-01-01',
    assessmentDate: '2025-01-01',
  };

  it('moves MEDIUM, HIGH and VERY_HIGH one step down after 5 whole years in the community', () => {
    expect(reduceDirectContactBand('VERY_HIGH', facts)).toEqual({ band: 'HIGH', bandReductionApplied: true });
    expect(reduceDirectContactBand('HIGH', facts)).toEqual({ band: 'MEDIUM', bandReductionApplied: true });
    expect(reduceDirectContactBand('MEDIUM', facts)).toEqual({ band: 'LOW', bandReductionApplied: true });
    expect(reduceDirectContactBand('LOW', facts)).toEqual({ band: 'LOW', bandReductionApplied: false });
  });

  it('needs 5 whole years since the follow-up start, and since any most recent offence or sexual sanction given', () => {
    expect(
      reduceDirectContactBand('HIGH', { ...facts, followUpStartDate: '2020-01-02' }).bandReductionApplied,
    ).toBe(false);
    expect(
      reduceDirectContactBand('HIGH', { ...facts, mostRecentOffenceDate: '2020-01-02' }).bandReductionApplied,
    ).toBe(false);
    expect(
      reduceDirectContactBand('HIGH', { ...facts, mostRecentSexualSanctionDate: '2020-01-02' })
        .bandReductionApplied,
    ).toBe(false);
    expect(
      reduceDirectContactBand('HIGH', { ...facts, mostRecentSexualSanctionDate: '2020-01-01' })
        .bandReductionApplied,
    ).toBe(true);
  });

  it('never applies in custody', () => {
    expect(reduceDirectContactBand('HIGH', { ...facts, supervisionStatus: 'CUSTODY' })).toEqual({
      band: 'HIGH',
      bandReductionApplied: false,
    });
  });
});
