import { describe, expect, it } from 'vitest';
import {
  allowanceHours,
  defaultEndDate,
  DEFAULT_REDUCTION_REASONS,
  maximumHours,
  reductionCountsOn,
  reductionHoursOn,
  reductionProblems,
  reductionsEndingSoon,
  reductionStatusOn,
  type Reduction,
  type ReductionForm,
} from './reductions.js';

const reasonNamed = (name: string) => DEFAULT_REDUCTION_REASONS.find((r) => r.name === name)!;
const r = (hours: number, startDate: string, endDate: string, status?: Reduction['status']): Reduction => ({
  hours,
  startDate,
  endDate,
  status,
});

describe('which reductions count (workload.md §7.2)', () => {
  it('counts from the start date to the end date, both included', () => {
    const reduction = r(3, '2026-01-05', '2026-06-30');
    expect(reductionCountsOn(reduction, '2026-01-04')).toBe(false);
    expect(reductionCountsOn(reduction, '2026-01-05')).toBe(true);
    expect(reductionCountsOn(reduction, '2026-06-30')).toBe(true);
    expect(reductionCountsOn(reduction, '2026-07-01')).toBe(false);
  });

  it('never counts a deleted reduction, and goes by the dates whatever the other statuses say', () => {
    expect(reductionCountsOn(r(3, '2026-01-05', '2026-06-30', 'DELETED'), '2026-03-02')).toBe(false);
    expect(reductionCountsOn(r(3, '2026-01-05', '2026-06-30', 'SCHEDULED'), '2026-03-02')).toBe(true);
    expect(reductionCountsOn(r(3, '2025-01-06', '2025-07-31', 'ACTIVE'), '2026-03-02')).toBe(false);
  });

  it('sums the hours of the reductions that count, exactly', () => {
    const reductions = [
      r(0.1, '2026-01-01', '2026-12-31'),
      r(0.2, '2026-01-01', '2026-12-31'),
      r(5, '2025-01-06', '2025-07-31', 'ARCHIVED'),
    ];
    expect(reductionHoursOn(reductions, '2026-03-02')).toBe(0.3);
  });

  it('keeps counting a reduction whose reason has since been disabled', () => {
    // The counting rule takes no reason at all, so disabling one cannot drop existing reductions.
    const disabledReason = { ...reasonNamed('VQ3'), enabled: false };
    const existing = { ...r(1.85, '2026-01-05', '2026-06-30', 'ACTIVE' as const), reason: disabledReason };
    expect(reductionHoursOn([existing], '2026-03-02')).toBe(1.85);
  });

  it('derives the status from the dates', () => {
    const reduction = r(3, '2026-01-05', '2026-06-30', 'ACTIVE');
    expect(reductionStatusOn(reduction, '2026-01-04')).toBe('SCHEDULED');
    expect(reductionStatusOn(reduction, '2026-01-05')).toBe('ACTIVE');
    expect(reductionStatusOn(reduction, '2026-07-01')).toBe('ARCHIVED');
    expect(reductionStatusOn({ ...reduction, status: 'DELETED' }, '2026-03-02')).toBe('DELETED');
  });
});

describe('allowance and maximum hours', () => {
  it('works out the allowance as a % of contracted hours, rounded to 2 dp', () => {
    expect(allowanceHours(reasonNamed('NQO (newly qualified officer)'), 37)).toBe(7.4);
    expect(allowanceHours(reasonNamed('VQ3'), 37)).toBe(1.85);
    expect(allowanceHours(reasonNamed('VQ3'), 37.5)).toBe(1.88);
    expect(allowanceHours(reasonNamed('PQiP, first 6 months'), 37)).toBe(29.6);
  });

  it('pre-fills nothing for reasons without an allowance, so the decision is recorded explicitly', () => {
    expect(allowanceHours(reasonNamed('Disability'), 37)).toBeNull();
    expect(reasonNamed('Disability').protectedCharacteristic).toBe(true);
  });

  it('caps at the assignment’s own contracted hours, so a 37.5-hour contract can take 37.5 hours', () => {
    expect(allowanceHours(reasonNamed('Long-term sickness absence'), 37.5)).toBe(37.5);
    expect(maximumHours(reasonNamed('Other'), 37.5)).toBe(37.5);
    expect(maximumHours(reasonNamed('Trade union facility time'), 37)).toBe(18.5);
    expect(maximumHours(reasonNamed('SPOC lead'), 37)).toBe(1.85);
  });

  it('pre-fills the end date as start + months to expiry', () => {
    expect(defaultEndDate(reasonNamed('Maternity leave'), '2026-03-02')).toBe('2026-09-02');
    expect(defaultEndDate(reasonNamed('NQO (newly qualified officer)'), '2026-05-31')).toBe('2027-02-28');
    expect(defaultEndDate(reasonNamed('Other'), '2026-03-02')).toBeNull();
  });
});

describe('validation', () => {
  const form = (over: Partial<ReductionForm> = {}): ReductionForm => ({
    reason: reasonNamed('Other'),
    hours: 3,
    startDate: '2026-03-02',
    endDate: '2026-06-30',
    notes: '',
    ...over,
  });
  const fields = (f: ReductionForm, contracted = 37, isNew = true) =>
    reductionProblems(f, contracted, isNew).map((p) => p.field);

  it('accepts a valid reduction', () => {
    expect(fields(form())).toEqual([]);
  });

  it('requires a reason, hours within the contracted and maximum hours, real dates in order and short notes', () => {
    expect(fields(form({ reason: null }))).toEqual(['reason']);
    expect(fields(form({ hours: 37.5 }), 37)).toEqual(['hours']);
    expect(fields(form({ hours: 37.5 }), 37.5)).toEqual([]);
    expect(fields(form({ hours: -1 }))).toEqual(['hours']);
    expect(fields(form({ reason: reasonNamed('SPOC lead'), hours: 1.86 }))).toEqual(['hours']);
    expect(fields(form({ reason: reasonNamed('SPOC lead'), hours: 1.85 }))).toEqual([]);
    expect(fields(form({ startDate: '2026-02-30' }))).toEqual(['startDate']);
    expect(fields(form({ endDate: '2026-03-02' }))).toEqual(['endDate']);
    expect(fields(form({ notes: 'x'.repeat(3999) }))).toEqual([]);
    expect(fields(form({ notes: 'x'.repeat(4000) }))).toEqual(['notes']);
  });

  it('refuses a disabled reason for a new reduction only', () => {
    const disabled = { ...reasonNamed('VQ3'), enabled: false };
    expect(fields(form({ reason: disabled, hours: 1 }), 37, true)).toEqual(['reason']);
    expect(fields(form({ reason: disabled, hours: 1 }), 37, false)).toEqual([]);
  });
});

describe('expiry notices', () => {
  it('finds reductions in force that end within 4 weeks', () => {
    const soon = r(3, '2026-01-05', '2026-03-30');
    const later = r(3, '2026-01-05', '2026-03-31');
    const deleted = r(3, '2026-01-05', '2026-03-10', 'DELETED');
    expect(reductionsEndingSoon([soon, later, deleted], '2026-03-02')).toEqual([soon]);
  });
});
