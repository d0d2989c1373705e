import type { TargetGrade } from './weights.js';
import { plusMonths } from './exact.js';

// Practitioner grades for workload (workload.md §6.1).

export type Grade = 'PO' | 'PQIP' | 'PSO' | 'SPO' | 'NQO' | 'UNGRADED';
export const GRADES: readonly Grade[] = ['PO', 'PQIP', 'PSO', 'SPO', 'NQO', 'UNGRADED'];

/**
 * The grade whose target and default hours apply. An NQO is a PO for targets (their NQO reduction lowers
 * their available points instead); UNGRADED has none, so it has no available points rather than borrowing
 * another grade's figures, which is how the legacy API came to give a PSO the PO target (§13 #1).
 */
export function targetGradeFor(grade: Grade): TargetGrade | null {
  switch (grade) {
    case 'PO':
    case 'NQO':
      return 'PO';
    case 'PQIP':
    case 'PSO':
    case 'SPO':
      return grade;
    case 'UNGRADED':
      return null;
  }
}

const DELIUS_GRADES: Readonly<Record<string, Grade>> = Object.fromEntries([
  // "PSO" is a PO band in nDelius ("PS" + "O"); the Probation Services Officer codes are PSQ and Q.
  ...[
    'M',
    'E',
    'D',
    'O',
    'J',
    'H',
    'N',
    'G',
    'F',
    'CRCM',
    'CRCO',
    'CRCN',
    'NPSM',
    'NPSO',
    'NPSN',
    'PSM',
    'PSO',
    'PSN',
  ].map((c) => [c, 'PO'] as const),
  ...['C', 'B', 'A', 'NPSC', 'PSC', 'CRCA', 'CRCB', 'NPSB', 'PSB', 'PSA'].map((c) => [c, 'SPO'] as const),
  ...['P', 'L', 'K', 'CRCP', 'NPSP', 'PSP', 'CPQF'].map((c) => [c, 'PQIP'] as const),
  ...['Q', 'Z', 'Y', 'CRCQ', 'NPSQ', 'PSQ', 'CRC1', 'CRC2', 'CRCC', 'PS4'].map((c) => [c, 'PSO'] as const),
]);

// "CRC – PQF" and "NPS – PQF" arrive with a hyphen, en dash or em dash and varying spaces.
const PQF_WITH_DASH = /^(CRC|NPS)\s*[-\u2010-\u2015]\s*PQF$/;

/**
 * Casework grade for an nDelius staff grade code. Anything not listed (OG01–OG08, R, S, T, NPQF, numeric
 * codes, blank, unknown) is UNGRADED, which has no available points.
 */
export function gradeFromDeliusCode(deliusCode: string | null | undefined): Grade {
  const c = (deliusCode ?? '').trim().toUpperCase();
  if (PQF_WITH_DASH.test(c)) return 'PQIP';
  return DELIUS_GRADES[c] ?? 'UNGRADED';
}

/** Staff grades as the staff record holds them (001_organisation_and_reference.sql). */
export type StaffGrade = 'PSO' | 'PQIP' | 'PO' | 'SPO' | 'MANAGER' | 'ADMIN';

/**
 * The workload grade of a staff record on `today`: the one place staff grades meet workload grades. A PO
 * qualified less than a year ago is an NQO (domain.md §9.2), which takes the PO target; managers and
 * administrators hold no target, so they are UNGRADED and have no available points.
 */
export function workloadGradeForStaff(
  grade: StaffGrade,
  qualificationDate: string | null,
  today: string,
): Grade {
  switch (grade) {
    case 'PO':
      return qualificationDate !== null &&
        qualificationDate <= today &&
        plusMonths(qualificationDate, 12) > today
        ? 'NQO'
        : 'PO';
    case 'PQIP':
    case 'PSO':
    case 'SPO':
      return grade;
    case 'MANAGER':
    case 'ADMIN':
      return 'UNGRADED';
  }
}
