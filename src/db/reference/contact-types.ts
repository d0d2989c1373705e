import { CMS_CONTACT_TYPES, type CmsContactType } from '../../domain/workload/weights.js';

type LocationRequired = 'YES' | 'NO' | 'OPTIONAL';

export interface ContactTypeRow {
  code: string;
  description: string;
  category: ContactCategory;
  attendance: boolean;
  national_standards: boolean;
  outcome_required: boolean;
  rar_activity: boolean;
  location_required: LocationRequired;
  sensitive_default: boolean;
  system_generated: boolean;
  person_level: boolean;
  /** A case management support type: a contact of it earns CMS points (workload.md §4.4). */
  workload_cms: boolean;
}

/** Activity-log categories used for filtering (domain.md §6.4). */
export const CONTACT_CATEGORIES = [
  'APPOINTMENTS',
  'APPROVED_PREMISES',
  'COMMUNICATION_OTHER_ORGANISATIONS',
  'COMMUNICATION_PERSON_ON_PROBATION',
  'COMMUNICATION_POLICE',
  'UNPAID_WORK',
  'INTERNAL_COMMUNICATIONS',
  'MULTI_AGENCY',
  'NON_COMPLIANCE_AND_ENFORCEMENT',
  'REFERRALS_AND_ASSESSMENTS',
  'SAFEGUARDING',
  'SYSTEM',
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

interface Options {
  ns?: boolean;
  outcome?: boolean;
  rar?: boolean;
  location?: LocationRequired;
  sensitive?: boolean;
  system?: boolean;
  event?: boolean;
  attendance?: boolean;
}

function c(code: string, description: string, category: ContactCategory, opts: Options = {}): ContactTypeRow {
  const attendance = opts.attendance ?? false;
  return {
    code,
    description,
    category,
    attendance,
    national_standards: opts.ns ?? false,
    outcome_required: opts.outcome ?? attendance,
    rar_activity: opts.rar ?? false,
    location_required: opts.location ?? 'NO',
    sensitive_default: opts.sensitive ?? false,
    system_generated: opts.system ?? false,
    person_level: !(opts.event ?? false),
    workload_cms: false,
  };
}

/** A national-standards appointment: attendance, outcome required, counts for compliance, tied to an event. */
function appt(
  code: string,
  description: string,
  location: LocationRequired,
  extra: Options = {},
): ContactTypeRow {
  return c(code, description, 'APPOINTMENTS', {
    attendance: true,
    ns: true,
    event: true,
    location,
    ...extra,
  });
}

const comm = (code: string, description: string, category: ContactCategory, extra: Options = {}) =>
  c(code, description, category, extra);
const sys = (code: string, description: string, category: ContactCategory, extra: Options = {}) =>
  c(code, description, category, { system: true, event: true, ...extra });

const BAND_WORDS: Readonly<Record<Exclude<CmsContactType['band'], 'UNBANDED'>, string>> = {
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
};

/** "CMS: home and prison visits (high)"; an unbanded code has no band in brackets. */
function cmsContactType(t: CmsContactType): ContactTypeRow {
  // Lower-case the activity's first letter in mid-sentence, but not an initialism's ("HDC", "ROTL").
  const activity = /^[A-Z][a-z]/.test(t.activity)
    ? t.activity[0]!.toLowerCase() + t.activity.slice(1)
    : t.activity;
  const band = t.band === 'UNBANDED' ? '' : ` (${BAND_WORDS[t.band]})`;
  return { ...c(t.code, `CMS: ${activity}${band}`, 'INTERNAL_COMMUNICATIONS'), workload_cms: true };
}

export const CONTACT_TYPES: readonly ContactTypeRow[] = [
  // §6.3 appointments (national standards)
  appt('COAP', 'Planned office visit (NS)', 'YES'),
  appt('COPT', 'Planned telephone contact (NS)', 'NO'),
  appt('COVC', 'Planned video contact (NS)', 'NO'),
  appt('COOO', 'Planned contact other than office (NS)', 'OPTIONAL'),
  appt('CODC', 'Planned doorstep contact (NS)', 'NO'),
  appt('COAI', 'Initial appointment – in office (NS)', 'YES'),
  appt('COHV', 'Initial appointment – home visit (NS)', 'NO'),
  appt('COVI', 'Initial appointment – by video (NS)', 'NO'),
  appt('CODI', 'Initial appointment – on doorstep (NS)', 'NO'),
  appt('CHVS', 'Home visit (NS)', 'NO'),
  appt('C084', 'Three-way meeting (NS)', 'OPTIONAL'),
  // Sentence-component appointments
  appt('RARS', 'Rehabilitation activity session (RAR)', 'OPTIONAL', { rar: true }),
  appt('CPRG', 'Accredited programme session', 'YES'),
  appt('CTRT', 'Treatment appointment (drug, alcohol or mental health)', 'OPTIONAL'),
  c('CUPA', 'Unpaid work appointment', 'UNPAID_WORK', {
    attendance: true,
    ns: true,
    event: true,
    location: 'OPTIONAL',
  }),
  c('CUPI', 'Unpaid work induction', 'UNPAID_WORK', {
    attendance: true,
    ns: true,
    event: true,
    location: 'YES',
  }),
  c('CPRE', 'Pre-release contact (custody)', 'APPOINTMENTS', {
    attendance: true,
    event: true,
    location: 'OPTIONAL',
  }),
  // §6.4 communications
  comm('CMOA', 'Email or text from person on probation', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CMOB', 'Email or text to person on probation', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CM3A', 'Email or text from other party', 'COMMUNICATION_OTHER_ORGANISATIONS'),
  comm('CM3B', 'Email or text to other party', 'COMMUNICATION_OTHER_ORGANISATIONS'),
  comm('CTOA', 'Phone contact from person on probation', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CTOB', 'Phone contact to person on probation', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CT3A', 'Phone contact from other party', 'COMMUNICATION_OTHER_ORGANISATIONS'),
  comm('CT3B', 'Phone contact to other party', 'COMMUNICATION_OTHER_ORGANISATIONS'),
  comm('C326', 'Internal communication', 'INTERNAL_COMMUNICATIONS'),
  comm('C204', 'Police liaison', 'COMMUNICATION_POLICE'),
  comm('C369', 'Police intelligence requested', 'COMMUNICATION_POLICE'),
  comm('C515', 'Police intelligence response received', 'COMMUNICATION_POLICE', { sensitive: true }),
  comm('MO1', 'Management oversight', 'INTERNAL_COMMUNICATIONS'),
  // Further types held as reference data (§6.4)
  comm('MAPM', 'MAPPA meeting', 'MULTI_AGENCY', { sensitive: true }),
  comm('MAPR', 'MAPPA referral', 'MULTI_AGENCY'),
  comm('MAPL', 'MAPPA level setting', 'MULTI_AGENCY'),
  comm('MARC', 'MARAC', 'MULTI_AGENCY', { sensitive: true }),
  comm('IOMM', 'IOM meeting', 'MULTI_AGENCY'),
  comm('CSDA', 'Police domestic abuse call-out enquiry requested', 'SAFEGUARDING'),
  comm('CSDR', 'Police domestic abuse call-out enquiry response received', 'SAFEGUARDING', {
    sensitive: true,
  }),
  comm('CSCE', "Children's services safeguarding enquiry requested", 'SAFEGUARDING'),
  comm('CSCR', "Children's services safeguarding enquiry response received", 'SAFEGUARDING', {
    sensitive: true,
  }),
  comm('CSAE', 'Adult safeguarding enquiry', 'SAFEGUARDING'),
  comm('CCDI', 'Case discussion', 'INTERNAL_COMMUNICATIONS'),
  comm('CPJU', 'Professional judgement', 'INTERNAL_COMMUNICATIONS'),
  comm('CVLI', 'Victim liaison', 'COMMUNICATION_OTHER_ORGANISATIONS', { sensitive: true }),
  comm('CVIS', 'ViSOR information', 'MULTI_AGENCY', { sensitive: true }),
  comm('CUNP', 'Unplanned contact from person on probation', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CTXT', 'Text message to send', 'COMMUNICATION_PERSON_ON_PROBATION'),
  comm('CREF', 'Referral to intervention or commissioned service', 'REFERRALS_AND_ASSESSMENTS', {
    event: true,
  }),
  comm('CRPP', 'Release planning', 'REFERRALS_AND_ASSESSMENTS', { event: true }),
  comm('CAST', 'Risk and needs assessment completed', 'REFERRALS_AND_ASSESSMENTS'),
  // Allocation (domain.md §10.3)
  sys('ARCC', 'Responsible officer change', 'SYSTEM', { event: false }),
  sys('ETOM', 'Offender manager transfer', 'SYSTEM', { event: false }),
  comm('AAOD', 'Allocation decision (SPO oversight)', 'INTERNAL_COMMUNICATIONS'),
  // §7.3 enforcement action contacts
  c('CENF', 'Enforcement action', 'NON_COMPLIANCE_AND_ENFORCEMENT', { event: true }),
  c('CWLS', 'Warning letter sent', 'NON_COMPLIANCE_AND_ENFORCEMENT', { event: true }),
  // §7.6 breach and recall system contacts
  sys('AIBR', 'Breach initiated', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABPC', 'Breach concluded', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABCC', 'Breach end – committed to custody', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABCF', 'Breach end – fine', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABNA', 'Breach end – no action', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABSD', 'Breach end – suspended sentence order imposed', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABWD', 'Breach end – withdrawn', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('AB NP', 'Breach end – not proven', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ABPP', 'Breach end – re-sentenced', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('ERCL', 'Recall to prison', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('CPSS', 'Start of post-sentence supervision', 'SYSTEM'),
  sys('ARWS', 'Review enforcement status', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('AROM', 'Refer to person manager', 'NON_COMPLIANCE_AND_ENFORCEMENT'),
  sys('EREL', 'Release from custody', 'SYSTEM'),
  // Case management support (workload.md §3.7): built from the weighting configuration's list, the one place
  // the codes are written.
  ...CMS_CONTACT_TYPES.map(cmsContactType),
];
