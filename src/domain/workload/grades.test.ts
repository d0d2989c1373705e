import { describe, expect, it } from 'vitest';
import { workloadGradeForStaff } from './grades.js';

describe('workloadGradeForStaff', () => {
  it('makes a PO qualified less than a year ago an NQO, and a PO after that a PO', () => {
    expect(workloadGradeForStaff('PO', '2025-11-30', '2026-11-29')).toBe('NQO');
    expect(workloadGradeForStaff('PO', '2025-11-29', '2026-11-29')).toBe('PO');
    expect(workloadGradeForStaff('PO', null, '2026-11-29')).toBe('PO');
    expect(workloadGradeForStaff('PO', '2026-12-01', '2026-11-29')).toBe('PO');
  });

  it('keeps PQiP, PSO and SPO, and gives managers and administrators no target', () => {
    expect(workloadGradeForStaff('PQIP', null, '2026-11-29')).toBe('PQIP');
    expect(workloadGradeForStaff('PSO', null, '2026-11-29')).toBe('PSO');
    expect(workloadGradeForStaff('SPO', null, '2026-11-29')).toBe('SPO');
    expect(workloadGradeForStaff('MANAGER', null, '2026-11-29')).toBe('UNGRADED');
    expect(workloadGradeForStaff('ADMIN', null, '2026-11-29')).toBe('UNGRADED');
  });
});
