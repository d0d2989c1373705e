import type { RequirementTypeTable } from '../schema.js';

export interface RequirementTypeRow extends Omit<RequirementTypeTable, 'rar'> {
  rar: boolean;
}

function r(
  code: string,
  description: string,
  lengthUnit: RequirementTypeRow['length_unit'],
  restrictive: boolean,
  rar = false,
): RequirementTypeRow {
  return { code, description, length_unit: lengthUnit, restrictive, rar };
}

// domain.md §5.1. "Restrictive" decides the mandate for change in tiering.md §4.2: punitive or restrictive
// requirements are true, rehabilitative and treatment requirements false. Unpaid work is neither, and tiering
// ignores W and W1 by code; it is recorded as non-restrictive as in nDelius.
export const REQUIREMENT_TYPES: readonly RequirementTypeRow[] = [
  r('F', 'Rehabilitation Activity Requirement (RAR)', 'DAYS', false, true),
  r('W', 'Unpaid Work', 'HOURS', false),
  r('W1', 'Order Extended', null, false),
  r('RM38', 'Accredited Programme', 'DAYS', false),
  r('7', 'Accredited Programme (legacy)', 'DAYS', false),
  r('J', 'Curfew', 'MONTHS', true),
  r('JE', 'Curfew (Electronic Monitored)', 'MONTHS', true),
  r('X', 'Exclusion', 'MONTHS', true),
  r('P', 'Prohibited Activity', 'MONTHS', true),
  r('RS', 'Residence', 'MONTHS', true),
  r('FTP', 'Foreign Travel Prohibition', 'MONTHS', true),
  r('AAMR', 'Alcohol Abstinence and Monitoring', 'DAYS', true),
  r('EM', 'Electronic Monitoring', 'MONTHS', true),
  r('D', 'Drug Rehabilitation', 'MONTHS', false),
  r('A', 'Alcohol Treatment', 'MONTHS', false),
  r('M', 'Mental Health Treatment', 'MONTHS', false),
  r('AC', 'Attendance Centre', 'HOURS', false),
];
