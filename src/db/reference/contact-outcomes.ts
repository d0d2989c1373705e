import type { ContactOutcomeTable } from '../schema.js';

export interface ContactOutcomeRow extends Omit<
  ContactOutcomeTable,
  'enforceable' | 'action_required' | 'unpaid_work'
> {
  enforceable: boolean;
  action_required: boolean;
  unpaid_work: boolean;
}

function o(
  code: string,
  description: string,
  attended: boolean | null,
  compliant: boolean | null,
  enforceable = false,
  actionRequired = false,
  unpaidWork = false,
): ContactOutcomeRow {
  return {
    code,
    description,
    attended,
    compliant,
    enforceable,
    action_required: actionRequired,
    unpaid_work: unpaidWork,
  };
}

// domain.md §7.2. Failures to comply (compliant = false) are enforceable and need an enforcement decision;
// acceptable absences and reschedules are compliant and need none. AFTA is provisional: not yet judged.
export const CONTACT_OUTCOMES: readonly ContactOutcomeRow[] = [
  o('ATTC', 'Attended – complied', true, true),
  o('AFTC', 'Attended – failed to comply', true, false, true, true),
  o('ATSH', 'Attended – sent home (behaviour)', true, false, true, true),
  o('ATSS', 'Attended – sent home (service issues)', true, true),
  o('UAAB', 'Unacceptable absence', false, false, true, true),
  o('AFTA', 'Failed to attend', false, null, false, true),
  o('AACL', 'Acceptable absence – court or legal', false, true),
  o('AAEM', 'Acceptable absence – employment', false, true),
  o('AAFC', 'Acceptable absence – family or childcare', false, true),
  o('AAHO', 'Acceptable absence – holiday', false, true),
  o('AAME', 'Acceptable absence – medical', false, true),
  o('AARE', 'Acceptable absence – religious', false, true),
  o('AARC', 'Acceptable absence – remanded in custody', false, true),
  o('CO05', 'Acceptable absence – professional judgement', false, true),
  o('CO10', 'Acceptable failure – none in the following 12 months', false, true),
  o('RSSR', 'Rescheduled – service request', null, null),
  o('RSSL', 'Rescheduled – service request', null, null),
  o('RSOF', 'Rescheduled – request of the person on probation', null, null),
  o('AFDA', 'Failure to comply deemed acceptable', true, true, false, false, true),
  o('ATFI', 'Failed to comply with another instruction', true, false, true, true, true),
  o('AASD', 'Stood down', false, true, false, false, true),
  o('CO38', 'Warrant outstanding', false, null, false, false, true),
  o('CO39', 'YOT breach not enforceable', false, false, false, false, true),
  o('CO40', 'Suspended', false, true, false, false, true),
  o('ATCH', 'Concurrent hours', true, true, false, false, true),
];
