import type { FieldProblem } from '../validation.js';
import { isIsoDate } from '../calculation/fields.js';
import { addWorkingDays } from '../allocation/working-days.js';
import { ROSH_CODES, type RoshLevel } from '../tiering/registrations.js';

// Risk escalation (issue #6): a practitioner who learns something new (a domestic abuse call-out, an arrest)
// escalates in one page; an SPO decides within 1 working day.

export const ESCALATION_DEADLINE_WORKING_DAYS = 1;

export const ROSH_LEVELS: readonly RoshLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];
export const ROSH_LABELS: Record<RoshLevel, string> = {
  LOW: 'Low',
  MEDIUM: 'Medium',
  HIGH: 'High',
  VERY_HIGH: 'Very high',
};

export const URGENCIES = ['IMMEDIATE', 'URGENT', 'ROUTINE'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  IMMEDIATE: 'Immediate: someone may be at risk now',
  URGENT: 'Urgent: needs a decision today',
  ROUTINE: 'Routine: within 1 working day',
};

export const MAX_WHAT_HAPPENED = 12000;

/** The RoSH register type for a level: the registration the tiers read RoSH from (tiering.md §2.2). */
export function roshRegisterCode(level: RoshLevel): string {
  return Object.entries(ROSH_CODES).find(([, l]) => l === level)![0];
}

/** The last working day for the SPO's decision on an escalation raised on `raisedOn` (a London date). */
export function escalationDeadline(raisedOn: string): string {
  return addWorkingDays(raisedOn, ESCALATION_DEADLINE_WORKING_DAYS);
}

export interface EscalationInput {
  whatHappened: string | null | undefined;
  occurredOn: string | null | undefined;
  proposedRosh: string | null | undefined;
  urgency: string | null | undefined;
}

export function escalationProblems(input: EscalationInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const what = (input.whatHappened ?? '').trim();
  if (what === '') problems.push({ field: 'whatHappened', problem: 'Enter what happened' });
  else if (what.length > MAX_WHAT_HAPPENED)
    problems.push({ field: 'whatHappened', problem: `Must be ${MAX_WHAT_HAPPENED} characters or fewer` });
  const date = input.occurredOn ?? '';
  if (date === '') problems.push({ field: 'occurredOn', problem: 'Enter the date it happened' });
  else if (!isIsoDate(date))
    problems.push({
      field: 'occurredOn',
      problem: 'The date it happened must be a real date, like 2026-11-27',
    });
  else if (date > today)
    problems.push({ field: 'occurredOn', problem: 'The date it happened must be today or in the past' });
  if (!(ROSH_LEVELS as readonly string[]).includes(input.proposedRosh ?? ''))
    problems.push({ field: 'proposedRosh', problem: 'Choose the RoSH level you propose' });
  if (!(URGENCIES as readonly string[]).includes(input.urgency ?? ''))
    problems.push({ field: 'urgency', problem: 'Choose how urgent the decision is' });
  return problems;
}
