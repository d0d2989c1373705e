import { describe, expect, it } from 'vitest';
import {
  orderByUrgency,
  queueAgeing,
  queueManagementStatus,
  type CaseRisk,
  type UrgencyItem,
} from './queue.js';

describe('queue ageing', () => {
  it('is on time up to the third working day and overdue after it, across a weekend', () => {
    const item = { unallocatedSince: '2026-12-18', releaseDate: null };
    const wednesday = queueAgeing(item, '2026-12-23');
    expect(wednesday).toMatchObject({
      workingDaysWaiting: 3,
      targetDate: '2026-12-23',
      dueDate: '2026-12-23',
      dueReason: 'TARGET',
      overdue: false,
      workingDaysToDue: 0,
      releaseDeadline: null,
      releaseWithinDeadline: false,
    });
    const thursday = queueAgeing(item, '2026-12-24');
    expect(thursday.overdue).toBe(true);
    expect(thursday.workingDaysWaiting).toBe(4);
    expect(thursday.workingDaysToDue).toBe(-1);
  });

  it('does not age over the Christmas bank holidays', () => {
    const ageing = queueAgeing({ unallocatedSince: '2026-12-23', releaseDate: null }, '2026-12-29');
    expect(ageing.workingDaysWaiting).toBe(2);
    expect(ageing.overdue).toBe(false);
    expect(ageing.dueDate).toBe('2026-12-30');
  });

  it('a case queued at a weekend has waited 0 working days until Monday', () => {
    expect(
      queueAgeing({ unallocatedSince: '2026-12-19', releaseDate: null }, '2026-12-20').workingDaysWaiting,
    ).toBe(0);
  });

  it('makes a custody case due 10 working days before release when that is sooner than the target', () => {
    const ageing = queueAgeing({ unallocatedSince: '2026-12-14', releaseDate: '2027-01-04' }, '2026-12-15');
    expect(ageing.releaseDeadline).toBe('2026-12-16');
    expect(ageing.dueDate).toBe('2026-12-16');
    expect(ageing.dueReason).toBe('RELEASE');
    expect(ageing.releaseWithinDeadline).toBe(false);
    const late = queueAgeing({ unallocatedSince: '2026-12-14', releaseDate: '2027-01-04' }, '2026-12-17');
    expect(late.overdue).toBe(true);
    expect(late.releaseWithinDeadline).toBe(true);
  });

  it('keeps the 3-day target for a custody case released long after it', () => {
    const ageing = queueAgeing({ unallocatedSince: '2026-11-02', releaseDate: '2027-06-01' }, '2026-11-02');
    expect(ageing.dueReason).toBe('TARGET');
    expect(ageing.dueDate).toBe('2026-11-05');
  });

  it('reads both limits from configuration', () => {
    const rules = { targetWorkingDays: 5, custodyWorkingDaysBeforeRelease: 15 };
    expect(
      queueAgeing({ unallocatedSince: '2026-12-18', releaseDate: null }, '2026-12-18', rules).targetDate,
    ).toBe('2026-12-29');
    expect(
      queueAgeing({ unallocatedSince: '2026-11-02', releaseDate: '2027-01-04' }, '2026-11-02', rules)
        .releaseDeadline,
    ).toBe('2026-12-09');
  });
});

describe('urgency order', () => {
  const risk = (
    rosh: CaseRisk['rosh'],
    mappaLevel: CaseRisk['mappaLevel'] = null,
    v3Tier: string | null = null,
  ): CaseRisk => ({
    rosh,
    mappaLevel,
    v3Tier,
  });
  const item = (crn: string, since: string, r: CaseRisk | null, today = '2026-11-30'): UrgencyItem => ({
    crn,
    unallocatedSince: since,
    risk: r,
    ageing: queueAgeing({ unallocatedSince: since, releaseDate: null }, today),
  });

  it('puts overdue cases first, then the riskier case, then the one due sooner', () => {
    const ordered = orderByUrgency([
      item('A000001', '2026-11-27', risk('VERY_HIGH')),
      item('A000002', '2026-11-20', risk('LOW')),
      item('A000003', '2026-11-26', risk('MEDIUM')),
      item('A000004', '2026-11-27', risk('MEDIUM', 'M2')),
      item('A000005', '2026-11-19', risk('HIGH')),
      item('A000006', '2026-11-26', null),
      item('A000007', '2026-11-27', risk('MEDIUM', 'M2', 'A')),
    ]);
    expect(ordered.map((i) => i.crn)).toEqual([
      'A000005', // overdue, high
      'A000002', // overdue, low
      'A000001', // very high
      'A000007', // medium, MAPPA 2, tier A
      'A000004', // medium, MAPPA 2
      'A000003', // medium
      'A000006', // restricted: no risk known to order by
    ]);
  });

  it('orders equal risk by due date, then time waiting, then CRN', () => {
    const ordered = orderByUrgency([
      item('B000003', '2026-11-27', risk('LOW')),
      item('B000002', '2026-11-26', risk('LOW')),
      item('B000001', '2026-11-27', risk('LOW')),
    ]);
    expect(ordered.map((i) => i.crn)).toEqual(['B000002', 'B000001', 'B000003']);
  });
});

describe('management status of a queued case', () => {
  it('is new to probation with one sentence, previously managed when the others have ended', () => {
    expect(queueManagementStatus({ sentences: 1, activeSentences: 1 })).toBe('NEW_TO_PROBATION');
    expect(queueManagementStatus({ sentences: 3, activeSentences: 1 })).toBe('PREVIOUSLY_MANAGED');
    expect(queueManagementStatus({ sentences: 2, activeSentences: 2 })).toBe('UNKNOWN');
    expect(queueManagementStatus({ sentences: 0, activeSentences: 0 })).toBe('UNKNOWN');
  });
});
