import type { FieldProblem } from '../validation.js';
import { addWorkingDays } from '../allocation/working-days.js';

// Transfers and handovers (domain.md §10.5, issue #6): what a request must carry, how far a case moves, and
// when a pending request becomes overdue. Pure rules; src/db/transfers.ts applies them in a transaction.

/**
 * Working days the receiving side has to accept or reject (issue #6). The spec's default SLA for transfers
 * between regions is 5 (domain.md §10.5); the issue tightens it to 2 for every transfer so a case never waits
 * a week between owners.
 */
export const TRANSFER_DEADLINE_WORKING_DAYS = 2;

/** Reasons for a transfer: the inter-area transfer reasons plus the reallocation ones that apply across teams. */
export const TRANSFER_REASONS = [
  'Change of address',
  'Risk to staff',
  'Risk to a victim or known adult',
  'Change in tier or risk',
  'Caseload adjustment',
  'Officer left',
  'Licence condition or court order',
  'Specialist team',
  'Other',
] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

/** The handover checklist: each must be confirmed done (or not applicable) before a transfer is requested. */
export const CHECKLIST_ITEMS = [
  {
    field: 'riskAssessmentCurrent',
    problem: 'Confirm the risk assessment and RoSH are current',
    column: 'risk_assessment_current',
    text: 'The risk assessment and RoSH are current',
  },
  {
    field: 'safeguardingPoliceChecks',
    problem: 'Confirm safeguarding and police (domestic abuse) checks are done and recorded',
    column: 'safeguarding_police_checks',
    text: 'Safeguarding and police (domestic abuse) checks are done and recorded',
  },
  {
    field: 'appointmentsEnforcement',
    problem: 'Confirm outstanding appointments and enforcement action are in the handover note',
    column: 'appointments_enforcement',
    text: 'Outstanding appointments and enforcement action are listed in the handover note',
  },
  {
    field: 'victimContact',
    problem: 'Confirm victim contact arrangements are passed on, or there is no victim contact',
    column: 'victim_contact',
    text: 'Victim contact arrangements are passed on, or there is no victim contact',
  },
  {
    field: 'mappa',
    problem: 'Confirm MAPPA arrangements are passed on, or the case is not MAPPA',
    column: 'mappa',
    text: 'MAPPA arrangements are passed on, or the case is not MAPPA',
  },
] as const;
export type ChecklistField = (typeof CHECKLIST_ITEMS)[number]['field'];
export type Checklist = Record<ChecklistField, boolean>;

export const MAX_HANDOVER_NOTE = 12000;
export const MAX_REJECTION_REASON = 4000;

export type TransferKind = 'PRACTITIONER' | 'TEAM' | 'PDU' | 'REGION';

export const TRANSFER_KIND_LABELS: Record<TransferKind, string> = {
  PRACTITIONER: 'Between practitioners of a team',
  TEAM: 'Between teams of a PDU',
  PDU: 'Between PDUs of a region',
  REGION: 'Between regions (probation areas)',
};

export interface Unit {
  teamCode: string;
  pduCode: string;
  regionCode: string;
}

/** How far a case moves: the widest boundary it crosses. */
export function transferKind(from: Unit, to: Unit): TransferKind {
  if (from.regionCode !== to.regionCode) return 'REGION';
  if (from.pduCode !== to.pduCode) return 'PDU';
  if (from.teamCode !== to.teamCode) return 'TEAM';
  return 'PRACTITIONER';
}

/** The last working day to accept or reject a transfer requested on `requestedOn` (a London date). */
export function transferDeadline(requestedOn: string): string {
  return addWorkingDays(requestedOn, TRANSFER_DEADLINE_WORKING_DAYS);
}

/** Overdue from the day after the deadline: the deadline day itself is still on time. */
export function isOverdue(deadlineDate: string, today: string): boolean {
  return today > deadlineDate;
}

export interface TransferRequestInput {
  reason: string | null | undefined;
  handoverNote: string | null | undefined;
  checklist: Partial<Record<ChecklistField, boolean>>;
}

/** What is wrong with the request's own fields, each naming its field; the database checks come after. */
export function transferRequestProblems(input: TransferRequestInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reason = (input.reason ?? '').trim();
  if (reason === '') problems.push({ field: 'reason', problem: 'Choose a reason for the transfer' });
  else if (!(TRANSFER_REASONS as readonly string[]).includes(reason))
    problems.push({
      field: 'reason',
      problem: `Choose a reason from the list: ${TRANSFER_REASONS.join(', ')}`,
    });
  const note = (input.handoverNote ?? '').trim();
  if (note === '')
    problems.push({
      field: 'handoverNote',
      problem: 'Enter a handover note: risks, current work and what the receiving practitioner must do first',
    });
  else if (note.length > MAX_HANDOVER_NOTE)
    problems.push({
      field: 'handoverNote',
      problem: `The handover note must be ${MAX_HANDOVER_NOTE} characters or fewer`,
    });
  for (const item of CHECKLIST_ITEMS) {
    if (input.checklist[item.field] !== true) problems.push({ field: item.field, problem: item.problem });
  }
  return problems;
}

export function rejectionProblems(reason: string | null | undefined): FieldProblem[] {
  const text = (reason ?? '').trim();
  if (text === '') return [{ field: 'rejectionReason', problem: 'Enter why the transfer is rejected' }];
  if (text.length > MAX_REJECTION_REASON)
    return [
      {
        field: 'rejectionReason',
        problem: `The reason must be ${MAX_REJECTION_REASON} characters or fewer`,
      },
    ];
  return [];
}
