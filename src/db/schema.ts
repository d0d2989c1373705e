// Kysely table types, written to match src/db/migrations/*.sql. A migration that changes a table changes
// its interface here in the same commit.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** ISO calendar date, e.g. "2026-11-22" (DATE columns are parsed as strings, see connection.ts). */
export type IsoDate = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type Id = Generated<number>;
type Flag = ColumnType<boolean, boolean | undefined, boolean>;

export type Grade = 'PSO' | 'PQIP' | 'PO' | 'SPO' | 'MANAGER' | 'ADMIN';
export type Role = 'PRACTITIONER' | 'SPO' | 'PDU_HEAD' | 'ADMIN' | 'INSPECTOR';
export type RoshLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH';
export type SentenceType = 'SP' | 'SC' | 'NC';
export type CustodialStatus = 'IN_CUSTODY' | 'RELEASED_ON_LICENCE' | 'POST_SENTENCE_SUPERVISION' | 'RECALLED';

export interface RegionTable {
  code: string;
  name: string;
  start_date: ColumnType<IsoDate, IsoDate | undefined>;
  end_date: IsoDate | null;
}
export interface PduTable {
  code: string;
  region_code: string;
  name: string;
  start_date: ColumnType<IsoDate, IsoDate | undefined>;
  end_date: IsoDate | null;
}
export interface TeamTable {
  code: string;
  pdu_code: string;
  name: string;
  start_date: ColumnType<IsoDate, IsoDate | undefined>;
  end_date: IsoDate | null;
}
export interface OfficeLocationTable {
  code: string;
  pdu_code: string;
  description: string;
  address: string;
  postcode: string | null;
}

export interface StaffTable {
  id: Id;
  staff_code: string;
  forename: string;
  surname: string;
  grade: Grade;
  qualification_date: IsoDate | null;
  email: string | null;
  start_date: IsoDate;
  end_date: IsoDate | null;
  created_at: TimestampDefault;
}

export interface StaffTeamTable {
  staff_id: number;
  team_code: string;
  contracted_hours: ColumnType<string, string | number, string | number>;
  start_date: IsoDate;
  end_date: IsoDate | null;
}

export interface AppUserTable {
  id: Id;
  username: string;
  display_name: string;
  staff_id: number | null;
  password_hash: string;
  roles: Role[];
  home_pdu_code: string | null;
  active: Flag;
  created_at: TimestampDefault;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  csrf_secret: string;
  created_at: TimestampDefault;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface OffenceCodeTable {
  code: string;
  description: string;
  group_description: string;
  actuarial_category: string;
  opd_violence_sex: boolean;
  is_violent_sanction: boolean;
}
export interface CourtTable {
  code: string;
  name: string;
}
export interface DisposalTypeTable {
  code: string;
  description: string;
  sentence_type: SentenceType;
  youth: Flag;
  ftc_limit: ColumnType<number, number | undefined>;
  legislation: string | null;
}
export interface RequirementTypeTable {
  code: string;
  description: string;
  length_unit: 'DAYS' | 'HOURS' | 'MONTHS' | null;
  restrictive: boolean;
  rar: Flag;
}
export interface RegisterTypeTable {
  code: string;
  description: string;
  flag_level: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATION_ONLY';
  colour: string;
  review_period_months: number | null;
  safeguarding_group: 'DOMESTIC_ABUSE' | 'CHILD_SAFEGUARDING' | null;
  guidance: string | null;
}
export interface ContactTypeTable {
  code: string;
  description: string;
  category: string;
  attendance: Flag;
  national_standards: Flag;
  outcome_required: Flag;
  rar_activity: Flag;
  location_required: ColumnType<'YES' | 'NO' | 'OPTIONAL', 'YES' | 'NO' | 'OPTIONAL' | undefined>;
  sensitive_default: Flag;
  system_generated: Flag;
  person_level: Flag;
  workload_cms: Flag;
}
export interface ContactOutcomeTable {
  code: string;
  description: string;
  attended: boolean | null;
  compliant: boolean | null;
  enforceable: Flag;
  action_required: Flag;
  unpaid_work: Flag;
}
export interface EnforcementActionTable {
  code: string;
  description: string;
  response_days: number | null;
  outstanding: Flag;
}
export interface SettingTable {
  key: string;
  value: Json;
  updated_at: TimestampDefault;
}

export interface PersonTable {
  id: Id;
  crn: string;
  forename: string;
  middle_names: string | null;
  surname: string;
  preferred_name: string | null;
  date_of_birth: IsoDate;
  date_of_death: IsoDate | null;
  sex: 'MALE' | 'FEMALE' | 'NOT_KNOWN';
  gender_identity: string | null;
  nomis_number: string | null;
  pnc_number: string | null;
  ethnicity: string | null;
  religion: string | null;
  sexual_orientation: string | null;
  preferred_language: string | null;
  interpreter_required: Flag;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  exclusion_message: string | null;
  restriction_message: string | null;
  case_status: ColumnType<'ACTIVE' | 'TERMINATED', 'ACTIVE' | 'TERMINATED' | undefined>;
  soft_deleted: Flag;
  merged_into_person_id: number | null;
  row_version: Generated<number>;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

interface PersonOwned {
  person_id: number;
  id: Id;
}

export interface PersonAliasTable extends PersonOwned {
  forename: string;
  surname: string;
  date_of_birth: IsoDate | null;
  soft_deleted: Flag;
}
export interface PersonAddressTable extends PersonOwned {
  address_type: string | null;
  status: 'MAIN' | 'OTHER' | 'PREVIOUS';
  building_name: string | null;
  address_number: string | null;
  street_name: string | null;
  district: string | null;
  town: string | null;
  county: string | null;
  postcode: string | null;
  telephone: string | null;
  no_fixed_abode: Flag;
  verified: Flag;
  from_date: IsoDate;
  to_date: IsoDate | null;
  notes: string | null;
  soft_deleted: Flag;
}
export interface PersonalContactTable extends PersonOwned {
  name: string;
  relationship: string;
  address: string | null;
  phone: string | null;
  soft_deleted: Flag;
}
export interface PersonCircumstanceTable extends PersonOwned {
  kind: 'DISABILITY' | 'PROVISION' | 'CIRCUMSTANCE';
  type: string;
  subtype: string | null;
  start_date: IsoDate;
  end_date: IsoDate | null;
  verified: Flag;
  notes: string | null;
  soft_deleted: Flag;
}

export interface EventTable extends PersonOwned {
  event_number: number;
  active: Flag;
  conviction_date: IsoDate | null;
  referral_date: IsoDate;
  in_breach: Flag;
  breach_end_date: IsoDate | null;
  soft_deleted: Flag;
  created_at: TimestampDefault;
}
export interface OffenceTable extends PersonOwned {
  event_id: number;
  offence_code: string;
  offence_date: IsoDate | null;
  offence_count: ColumnType<number, number | undefined>;
  main: boolean;
  soft_deleted: Flag;
}
export interface CourtAppearanceTable extends PersonOwned {
  event_id: number;
  court_code: string;
  appearance_date: IsoDate;
  appearance_type: string;
  outcome: string | null;
}
export interface SentenceTable extends PersonOwned {
  event_id: number;
  disposal_type_code: string;
  sentence_date: IsoDate;
  length: number | null;
  length_unit: 'DAYS' | 'WEEKS' | 'MONTHS' | 'YEARS' | null;
  expected_end_date: IsoDate | null;
  termination_date: IsoDate | null;
  termination_reason: string | null;
  custodial_status: CustodialStatus | null;
  sentence_expiry_date: IsoDate | null;
  licence_expiry_date: IsoDate | null;
  expected_release_date: IsoDate | null;
  actual_release_date: IsoDate | null;
  pss_end_date: IsoDate | null;
  soft_deleted: Flag;
}
export interface RequirementTable extends PersonOwned {
  sentence_id: number;
  requirement_type_code: string;
  sub_category: string | null;
  length: number | null;
  expected_start_date: IsoDate | null;
  actual_start_date: IsoDate | null;
  expected_end_date: IsoDate | null;
  actual_end_date: IsoDate | null;
  termination_reason: string | null;
  notes: string | null;
  active: Flag;
  soft_deleted: Flag;
}
export interface LicenceConditionTable extends PersonOwned {
  sentence_id: number;
  main_category: string;
  sub_category: string | null;
  imposed_date: IsoDate;
  actual_start_date: IsoDate | null;
  end_date: IsoDate | null;
  notes: string | null;
  active: Flag;
  soft_deleted: Flag;
}
export interface InterventionTable extends PersonOwned {
  event_id: number | null;
  requirement_id: number | null;
  licence_condition_id: number | null;
  type_code: string;
  status: string;
  start_date: IsoDate | null;
  end_date: IsoDate | null;
  outcome: string | null;
  soft_deleted: Flag;
}
export interface RegistrationTable extends PersonOwned {
  register_type_code: string;
  category: string | null;
  level: string | null;
  registration_date: IsoDate;
  next_review_date: IsoDate | null;
  notes: string | null;
  registered_by_staff_id: number | null;
  deregistration_date: IsoDate | null;
  deregistered_by_staff_id: number | null;
  deregistration_notes: string | null;
  soft_deleted: Flag;
}
export interface RegistrationReviewTable extends PersonOwned {
  registration_id: number;
  review_date: IsoDate;
  reviewer_staff_id: number | null;
  notes: string | null;
  next_review_date: IsoDate | null;
}
export interface ContactTable extends PersonOwned {
  contact_type_code: string;
  contact_date: IsoDate;
  start_time: string | null;
  end_time: string | null;
  event_id: number | null;
  requirement_id: number | null;
  licence_condition_id: number | null;
  intervention_id: number | null;
  linked_contact_id: number | null;
  staff_id: number | null;
  team_code: string | null;
  office_location_code: string | null;
  outcome_code: string | null;
  attended: boolean | null;
  complied: boolean | null;
  rar_activity: Flag;
  sensitive: Flag;
  alert: Flag;
  visor: Flag;
  enforcement_action_code: string | null;
  notes: string | null;
  external_reference: string | null;
  created_by_user_id: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  soft_deleted: Flag;
}
export interface AssessmentTable extends PersonOwned {
  assessment_type: string;
  status: 'IN_PROGRESS' | 'COMPLETE' | 'LOCKED_INCOMPLETE';
  initiated_date: IsoDate;
  completed_date: IsoDate | null;
  rosh_children: RoshLevel | null;
  rosh_public: RoshLevel | null;
  rosh_known_adult: RoshLevel | null;
  rosh_staff: RoshLevel | null;
  rosh_prisoners: RoshLevel | null;
  rosh_overall: RoshLevel | null;
  risk_to_self: Json | null;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  needs: ColumnType<unknown[], string | undefined, string>;
  opd_eligible: boolean | null;
  assessor_staff_id: number | null;
  countersigned_by_staff_id: number | null;
  countersigned_at: Timestamp | null;
  soft_deleted: Flag;
}
export interface PredictorScoreTable extends PersonOwned {
  assessment_id: number | null;
  predictor: string;
  model_version: string;
  score: string | null;
  band: string | null;
  /** Null when the predictor refused (status REFUSED); `errors` then holds why. */
  result: Json | null;
  inputs: Json;
  calculated_at: TimestampDefault;
  recalculation_id: number | null;
  status: ColumnType<'SCORED' | 'REFUSED', 'SCORED' | 'REFUSED' | undefined>;
  errors: Json | null;
  warnings: ColumnType<unknown[], string | undefined, string>;
  thresholds_version: string | null;
  calculation_date: IsoDate | null;
  follow_up_start_rule: FollowUpStartRule | null;
  superseded_at: Timestamp | null;
  /** Migration 014; null on rows stored before it. */
  fingerprint: string | null;
}
export type FollowUpStartRule =
  'SENTENCE_DATE' | 'EXPECTED_RELEASE_DATE' | 'RELEASE_DATE' | 'CONVICTION_DATE';
export type TierModel = 'PROTECT_CHANGE' | 'SINGLE_AXIS';
export type RecalculationTrigger =
  | 'REGISTRATION_ADDED'
  | 'REGISTRATION_REMOVED'
  | 'ASSESSMENT_COMPLETED'
  | 'SENTENCE_STARTED'
  | 'SENTENCE_ENDED'
  | 'RELEASED'
  | 'SCHEDULED'
  | 'ON_DEMAND'
  | 'SEED';
export interface RiskRecalculationTable extends PersonOwned {
  calculated_at: TimestampDefault;
  calculation_date: IsoDate;
  trigger: RecalculationTrigger;
  reason: string;
  assessment_id: number | null;
  actor_user_id: number | null;
  changed: ColumnType<string[], string[] | undefined, string[]>;
  tier_errors: Json | null;
}
export type OverrideStatus = 'PROPOSED' | 'APPROVED' | 'REJECTED';
export interface RiskOverrideTable extends PersonOwned {
  kind: 'ROSH' | 'TIER';
  model: TierModel | null;
  calculated_value: string | null;
  proposed_value: string;
  reason: string;
  status: ColumnType<OverrideStatus, OverrideStatus | undefined, OverrideStatus>;
  proposed_by_user_id: number;
  proposed_at: TimestampDefault;
  decided_by_user_id: number | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}
export interface TierCalculationTable extends PersonOwned {
  model: TierModel;
  model_version: string;
  tier: string;
  provisional: Flag;
  rules: Json;
  inputs: Json;
  reason: string;
  calculated_at: TimestampDefault;
  superseded_at: Timestamp | null;
  recalculation_id: number | null;
  calculation_date: IsoDate | null;
  previous_tier: string | null;
  changes: ColumnType<string[], string | undefined, string>;
  /** Migration 014; null on rows stored before it. */
  fingerprint: string | null;
}
export interface ResponsibilityTable extends PersonOwned {
  role: 'COM' | 'POM';
  responsible_officer: boolean;
  team_code: string;
  staff_id: number | null;
  prison_code: string | null;
  start_at: Timestamp;
  end_at: Timestamp | null;
  allocation_reason: string;
  allocated_by_user_id: number | null;
  notes: string | null;
}
export interface AccessExclusionTable extends PersonOwned {
  user_id: number;
  start_date: IsoDate;
  end_date: IsoDate | null;
  reason: string | null;
}
export interface AccessRestrictionTable extends PersonOwned {
  user_id: number;
  start_date: IsoDate;
  end_date: IsoDate | null;
}
export interface AuditEventTable {
  id: Id;
  occurred_at: TimestampDefault;
  actor_user_id: number | null;
  actor: string;
  person_id: number | null;
  crn: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  before: Json | null;
  after: Json | null;
  correlation_id: string | null;
}
export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: TimestampDefault;
}

// Workload (006_workload.sql). numeric columns arrive as strings, so decimal hours keep their digits.
type Decimal = ColumnType<string, string | number, string | number>;
export interface WorkloadWeightingVersionTable {
  cohort: 'STANDARD' | 'T2A';
  version: number;
  effective_from: IsoDate;
  effective_to: IsoDate | null;
  weights: Json;
  created_by: string;
  created_at: TimestampDefault;
}
export interface WorkloadThresholdVersionTable {
  version: number;
  effective_from: IsoDate;
  effective_to: IsoDate | null;
  highlight_above_pct: ColumnType<string, number, number>;
  over_capacity_above_pct: ColumnType<string, number, number>;
  excessive_above_pct: ColumnType<string, number, number>;
  excessive_consecutive_weeks: number;
  created_by: string;
  created_at: TimestampDefault;
}
export interface WorkloadReductionReasonTable {
  id: Id;
  name: string;
  short_name: string;
  category: 'PERSONAL_CIRCUMSTANCES' | 'COMMUNITY_JUSTICE_LEARNING' | 'WORK_CIRCUMSTANCES';
  allowance_pct: Decimal | null;
  max_pct: Decimal | null;
  months_to_expiry: number | null;
  protected_characteristic: Flag;
  enabled: Flag;
}
export interface WorkloadReductionTable {
  id: Id;
  staff_id: number;
  team_code: string;
  reason_id: number;
  hours: Decimal;
  start_date: IsoDate;
  end_date: IsoDate;
  status: 'SCHEDULED' | 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  notes: string | null;
  removal_reason: string | null;
  created_by_user_id: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export interface CourtReportTable extends PersonOwned {
  event_id: number | null;
  report_type: 'PSR' | 'FDR' | 'ORAL';
  author_staff_id: number;
  team_code: string;
  requested_date: IsoDate;
  completed_date: IsoDate | null;
  soft_deleted: Flag;
  created_at: TimestampDefault;
}
export interface StaffWorkloadTable {
  staff_id: number;
  team_code: string;
  grade: 'PO' | 'PQIP' | 'PSO' | 'SPO' | 'NQO' | 'UNGRADED';
  contracted_hours: Decimal;
  reduction_hours: Decimal;
  available_points: number;
  total_points: number;
  case_points: Decimal;
  t2a_case_points: Decimal;
  sdr_points: Decimal;
  fdr_points: Decimal;
  cms_points: Decimal;
  total_cases: number;
  community_cases: number;
  licence_cases: number;
  custody_cases: number;
  t2a_cases: number;
  untiered_cases: number;
  inactive_cases: number;
  unknown_location_cases: number;
  psr_count: number;
  fdr_count: number;
  oral_count: number;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  caseload: ColumnType<unknown, string | undefined, string>;
  cms_contacts: ColumnType<unknown, string | null | undefined, string | null>;
  weights_version: string;
  calculated_on: IsoDate;
  calculated_at: TimestampDefault;
}
export interface StaffWorkloadSnapshotTable {
  week_ending: IsoDate;
  staff_id: number;
  team_code: string;
  grade: string;
  contracted_hours: Decimal;
  reduction_hours: Decimal;
  available_points: number;
  total_points: number;
  total_cases: number;
  weights_version: string;
  taken_at: TimestampDefault;
}

// Allocation (007).
export type AllocationKind = 'ALLOCATION' | 'REALLOCATION';
export type GuardrailRuleCode = 'PO_GRADE' | 'NEW_OFFICER' | 'OVER_CAPACITY';
export interface AllocationTable extends PersonOwned {
  kind: AllocationKind;
  from_responsibility_id: number;
  to_responsibility_id: number;
  team_code: string;
  staff_id: number;
  previous_staff_id: number | null;
  reason: string;
  notes: string;
  notes_sensitive: Flag;
  allocated_at: Timestamp;
  allocated_by_user_id: number;
  unallocated_since: Timestamp | null;
  due_date: IsoDate | null;
  working_days_waited: number | null;
  recommended_rank: number | null;
  workload_pct_before: ColumnType<string | null, string | number | null, string | number | null>;
  workload_pct_after: ColumnType<string | null, string | number | null, string | number | null>;
}
export interface AllocationOverrideTable extends PersonOwned {
  allocation_id: number;
  rule: GuardrailRuleCode;
  outcome: 'OVERRIDE' | 'JUSTIFICATION';
  message: string;
  reason: string;
  approved_by_user_id: number;
  created_at: TimestampDefault;
}
export interface NotificationTable extends PersonOwned {
  recipient_staff_id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  action: string | null;
  allocation_id: number | null;
  transfer_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: TimestampDefault;
  read_at: Timestamp | null;
}
export type NotificationKind =
  | 'CASE_ALLOCATED'
  | 'CASE_REALLOCATED_AWAY'
  | 'TRANSFER_REQUESTED'
  | 'TRANSFER_ACCEPTED'
  | 'TRANSFER_REJECTED'
  | 'TRANSFER_OVERDUE'
  | 'RISK_ESCALATION_RAISED'
  | 'RISK_ESCALATION_DECIDED';
export type TransferKind = 'PRACTITIONER' | 'TEAM' | 'PDU' | 'REGION';
export type TransferStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'CANCELLED';
export interface TransferTable extends PersonOwned {
  kind: TransferKind;
  status: ColumnType<TransferStatus, TransferStatus | undefined, TransferStatus>;
  from_responsibility_id: number;
  from_team_code: string;
  from_staff_id: number | null;
  from_pdu_code: string;
  from_region_code: string;
  to_team_code: string;
  to_staff_id: number | null;
  to_pdu_code: string;
  to_region_code: string;
  reason: string;
  handover_note: string;
  risk_assessment_current: boolean;
  safeguarding_police_checks: boolean;
  appointments_enforcement: boolean;
  victim_contact: boolean;
  mappa: boolean;
  requested_at: Timestamp;
  requested_by_user_id: number;
  deadline_date: IsoDate;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decided_by_user_id: ColumnType<number | null, number | null | undefined, number | null>;
  rejection_reason: ColumnType<string | null, string | null | undefined, string | null>;
  to_responsibility_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface TransferEscalationTable {
  person_id: number;
  transfer_id: number;
  escalated_at: Timestamp;
  deadline_date: IsoDate;
}
export type EscalationUrgency = 'IMMEDIATE' | 'URGENT' | 'ROUTINE';
export interface RiskEscalationTable extends PersonOwned {
  what_happened: string;
  occurred_on: IsoDate;
  current_rosh: RoshLevel | null;
  proposed_rosh: RoshLevel;
  urgency: EscalationUrgency;
  status: ColumnType<'PENDING' | 'APPROVED' | 'REJECTED', 'PENDING' | undefined, 'APPROVED' | 'REJECTED'>;
  raised_at: Timestamp;
  raised_by_user_id: number;
  deadline_date: IsoDate;
  decided_at: ColumnType<Date | null, undefined, Date | string>;
  decided_by_user_id: ColumnType<number | null, undefined, number>;
  decision_notes: ColumnType<string | null, undefined, string>;
  registration_id: ColumnType<number | null, undefined, number | null>;
  reallocation_responsibility_id: ColumnType<number | null, undefined, number | null>;
}
export interface AllocationConfigTable {
  id: Id;
  region_code: string | null;
  config: Json;
  created_by_user_id: number | null;
  created_at: TimestampDefault;
}

export interface DB {
  region: RegionTable;
  pdu: PduTable;
  team: TeamTable;
  office_location: OfficeLocationTable;
  staff: StaffTable;
  staff_team: StaffTeamTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  offence_code: OffenceCodeTable;
  court: CourtTable;
  disposal_type: DisposalTypeTable;
  requirement_type: RequirementTypeTable;
  register_type: RegisterTypeTable;
  contact_type: ContactTypeTable;
  contact_outcome: ContactOutcomeTable;
  enforcement_action: EnforcementActionTable;
  setting: SettingTable;
  person: PersonTable;
  person_alias: PersonAliasTable;
  person_address: PersonAddressTable;
  personal_contact: PersonalContactTable;
  person_circumstance: PersonCircumstanceTable;
  event: EventTable;
  offence: OffenceTable;
  court_appearance: CourtAppearanceTable;
  sentence: SentenceTable;
  requirement: RequirementTable;
  licence_condition: LicenceConditionTable;
  intervention: InterventionTable;
  registration: RegistrationTable;
  registration_review: RegistrationReviewTable;
  contact: ContactTable;
  assessment: AssessmentTable;
  predictor_score: PredictorScoreTable;
  tier_calculation: TierCalculationTable;
  risk_recalculation: RiskRecalculationTable;
  risk_override: RiskOverrideTable;
  responsibility: ResponsibilityTable;
  access_exclusion: AccessExclusionTable;
  access_restriction: AccessRestrictionTable;
  audit_event: AuditEventTable;
  schema_migration: SchemaMigrationTable;
  workload_weighting_version: WorkloadWeightingVersionTable;
  workload_threshold_version: WorkloadThresholdVersionTable;
  workload_reduction_reason: WorkloadReductionReasonTable;
  workload_reduction: WorkloadReductionTable;
  court_report: CourtReportTable;
  staff_workload: StaffWorkloadTable;
  staff_workload_snapshot: StaffWorkloadSnapshotTable;
  allocation: AllocationTable;
  allocation_override: AllocationOverrideTable;
  notification: NotificationTable;
  allocation_config: AllocationConfigTable;
  transfer: TransferTable;
  transfer_escalation: TransferEscalationTable;
  risk_escalation: RiskEscalationTable;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type AppUser = Selectable<AppUserTable>;
export type Staff = Selectable<StaffTable>;
