import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_ITEMS,
  isOverdue,
  rejectionProblems,
  transferDeadline,
  transferKind,
  transferRequestProblems,
} from './transfer.js';
import { escalationDeadline, escalationProblems, roshRegisterCode } from './risk-escalation.js';
import { contactIntervalProblems, contactTier } from './watchdog.js';

const unit = (teamCode: string, pduCode: string, regionCode: string) => ({ teamCode, pduCode, regionCode });
const allConfirmed = Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.field, true]));

describe('transfer rules', () => {
  it('names the widest boundary a case crosses', () => {
    expect(transferKind(unit('T1', 'P1', 'R1'), unit('T1', 'P1', 'R1'))).toBe('PRACTITIONER');
    expect(transferKind(unit('T1', 'P1', 'R1'), unit('T2', 'P1', 'R1'))).toBe('TEAM');
    expect(transferKind(unit('T1', 'P1', 'R1'), unit('T3', 'P2', 'R1'))).toBe('PDU');
    expect(transferKind(unit('T1', 'P1', 'R1'), unit('T4', 'P3', 'R2'))).toBe('REGION');
  });

  it('gives the receiving side 2 working days, skipping weekends and bank holidays', () => {
    expect(transferDeadline('2026-11-02')).toBe('2026-11-04'); // Monday → Wednesday
    expect(transferDeadline('2026-11-06')).toBe('2026-11-10'); // Friday → Tuesday
    expect(transferDeadline('2026-12-24')).toBe('2026-12-30'); // Christmas and Boxing Day (substitute 28th)
    expect(isOverdue('2026-11-04', '2026-11-04')).toBe(false);
    expect(isOverdue('2026-11-04', '2026-11-05')).toBe(true);
  });

  it('asks for a reason from the list, a handover note and every checklist item, each by its field', () => {
    expect(
      transferRequestProblems({ reason: 'Change of address', handoverNote: 'n', checklist: allConfirmed }),
    ).toEqual([]);
    const problems = transferRequestProblems({
      reason: 'Because',
      handoverNote: '  ',
      checklist: { ...allConfirmed, mappa: false },
    });
    expect(problems.map((p) => p.field)).toEqual(['reason', 'handoverNote', 'mappa']);
    expect(problems[2]!.problem).toBe('Confirm MAPPA arrangements are passed on, or the case is not MAPPA');
    expect(rejectionProblems('')).toEqual([
      { field: 'rejectionReason', problem: 'Enter why the transfer is rejected' },
    ]);
  });
});

describe('risk escalation rules', () => {
  it('is decided within 1 working day, and maps RoSH to its register type', () => {
    expect(escalationDeadline('2026-11-06')).toBe('2026-11-09');
    expect(roshRegisterCode('VERY_HIGH')).toBe('RVHR');
    expect(roshRegisterCode('LOW')).toBe('RLRH');
  });

  it('refuses a future date, an unknown RoSH and a missing account, by field', () => {
    const problems = escalationProblems(
      { whatHappened: '', occurredOn: '2026-12-01', proposedRosh: 'EXTREME', urgency: 'ROUTINE' },
      '2026-11-29',
    );
    expect(problems.map((p) => p.field)).toEqual(['whatHappened', 'occurredOn', 'proposedRosh']);
  });
});

describe('watchdog settings', () => {
  it('reads the tier letter of a tier of record, anything else as untiered', () => {
    expect(contactTier('B2')).toBe('B');
    expect(contactTier('D0S')).toBe('D');
    expect(contactTier('E')).toBe('UNTIERED');
    expect(contactTier(null)).toBe('UNTIERED');
  });

  it('refuses a contact interval that is not 1 to 365 days for every tier', () => {
    expect(contactIntervalProblems({ A: 28, B: 42, C: 56, D: 91, UNTIERED: 42 })).toEqual([]);
    expect(contactIntervalProblems({ A: 0, B: 42, C: 56, D: 91.5 }).map((p) => p.field)).toEqual([
      'contactIntervalDays.A',
      'contactIntervalDays.D',
      'contactIntervalDays.UNTIERED',
    ]);
  });
});
