import type { EnforcementActionTable } from '../schema.js';

export interface EnforcementActionRow extends Omit<EnforcementActionTable, 'outstanding'> {
  outstanding: boolean;
}

function a(
  code: string,
  description: string,
  responseDays: number | null,
  outstanding: boolean,
): EnforcementActionRow {
  return { code, description, response_days: responseDays, outstanding };
}

// domain.md §7.3. Response periods are defaults an administrator can change: warning letters give the person
// 7 days to provide evidence, a decision pending their response 7 days, breach and recall steps a working week.
export const ENFORCEMENT_ACTIONS: readonly EnforcementActionRow[] = [
  a('ROM', 'Refer to offender manager', 2, true),
  a('NFA', 'No further action', null, false),
  a('EA12', 'Decision pending response from the person on probation', 7, true),
  a('IBR', 'Breach / recall initiated', 5, true),
  a('IMB', 'Immediate breach or recall', 1, true),
  a('BRE', 'Breach requested', 5, true),
  a('BRE02', 'Breach request actioned', null, false),
  a('EA09', 'Send confirmation of breach', 5, true),
  a('EA10', 'Breach confirmation sent', null, false),
  a('EA11', 'Recall requested', 1, true),
  a('EA02', 'First warning letter sent', 7, false),
  a('EA03', 'Second warning letter sent', 7, false),
  a('EA08', 'Breach letter sent', null, false),
  a('EA05', 'Other enforcement letter sent', 7, false),
  a('LCL', 'Licence compliance letter sent', 7, false),
  a('WLS', 'Enforcement letter requested', 2, true),
  a('EA06', 'Withdraw warning letter', null, false),
  a('EA07', 'Withdrawal of warning', null, false),
  a('EA13', 'YOT offender manager notified', null, false),
  a('C173', 'Breach action – decision pending response', 7, true),
];
