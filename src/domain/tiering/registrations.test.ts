import { describe, expect, it } from 'vitest';
import {
  activeRegistrationsNewestFirst,
  deriveRegistrationFlags,
  type Registration,
} from './registrations.js';

const codes = (regs: Registration[]) => activeRegistrationsNewestFirst(regs).map((r) => r.code);

describe('activeRegistrationsNewestFirst (calculation-api.md §7.1)', () => {
  it('drops HREG and deregistered flags', () => {
    expect(
      codes([{ code: 'HREG' }, { code: 'hreg' }, { code: 'ADVP', deregistered: true }, { code: 'SPO' }]),
    ).toEqual(['SPO']);
  });

  it('puts the newest first, undated last, and keeps the given order for equal or missing dates', () => {
    const regs: Registration[] = [
      { code: 'U1' },
      { code: 'OLD', registrationDate: '2020-01-01' },
      { code: 'SAME1', registrationDate: '2024-05-05' },
      { code: 'U2', registrationDate: null },
      { code: 'SAME2', registrationDate: '2024-05-05' },
      { code: 'NEW', registrationDate: '2025-01-01' },
    ];
    expect(codes(regs)).toEqual(['NEW', 'SAME1', 'SAME2', 'OLD', 'U1', 'U2']);
  });

  it('orders equal dates by creation time, newest first, when it is known', () => {
    const regs: Registration[] = [
      { code: 'EARLIER', registrationDate: '2024-05-05', createdAt: '2024-05-05T09:00:00Z' },
      { code: 'LATER', registrationDate: '2024-05-05', createdAt: '2024-05-05T15:30:00Z' },
    ];
    expect(codes(regs)).toEqual(['LATER', 'EARLIER']);
  });
});

describe('deriveRegistrationFlags (tiering.md §2.2)', () => {
  it('derives every flag, comparing codes case-insensitively', () => {
    const flags = deriveRegistrationFlags([
      { code: 'rhrh' },
      { code: 'MAPP', level: 'm3', category: 'M2' },
      { code: 'Rmdo' },
      { code: 'RCPR' },
      { code: 'iiom' },
      { code: 'INLL' },
      { code: 'REG30' },
      { code: 'spo' },
      { code: 'prc' },
    ]);
    expect(flags).toEqual({
      rosh: 'HIGH',
      mappaLevel: 'M3',
      mappaCategory: 'M2',
      complexityFactors: ['RMDO', 'RCPR'],
      iomNominal: true,
      liferIpp: true,
      domesticAbuse: true,
      stalking: true,
      childProtection: true,
      unsupervised: true,
    });
  });

  it('searches back for a valid MAPPA level but takes the category of the newest MAPP only', () => {
    const flags = deriveRegistrationFlags([
      { code: 'MAPP', level: 'M0', category: null, registrationDate: '2025-01-01' },
      { code: 'MAPP', level: 'M2', category: 'M1', registrationDate: '2024-01-01' },
    ]);
    expect(flags).toMatchObject({ mappaLevel: 'M2', mappaCategory: null });
  });

  it('ignores a HREG that is newer than a RoSH registration', () => {
    expect(
      deriveRegistrationFlags([{ code: 'HREG', registrationDate: '2026-01-01' }, { code: 'RLRH' }]).rosh,
    ).toBe('LOW');
  });
});
