import type { Faker } from '@faker-js/faker';
import type { RoshLevel } from '../db/schema.js';
import { COURTS } from '../db/reference/courts.js';
import { TableRows } from '../db/csv-rows.js';
import { addDays, addMonths, fromDayNumber, toDayNumber, weekday, yearsBetween } from './dates.js';
import type { Organisation, Staff, Team } from './organisation.js';
import { PRISONS } from './organisation-data.js';
import { Random, Weighted } from './random.js';
import { DEFAULT_TIMELINESS_RULES } from '../domain/allocation/queue.js';
import { addWorkingDays } from '../domain/allocation/working-days.js';
import { DEFAULT_CONTACT_INTERVALS } from '../domain/casework/watchdog.js';

export type SupervisionType = 'COMMUNITY' | 'LICENCE' | 'CUSTODY';

export interface OffenceInfo {
  code: string;
  category: string;
  violent: boolean;
}

/** Everything later steps (tiers, tests) need to know about one generated person. */
export interface PersonSummary {
  id: number;
  crn: string;
  active: boolean;
}

export const TABLE_COLUMNS = {
  person: [
    'id',
    'crn',
    'forename',
    'middle_names',
    'surname',
    'preferred_name',
    'date_of_birth',
    'sex',
    'gender_identity',
    'nomis_number',
    'pnc_number',
    'ethnicity',
    'religion',
    'sexual_orientation',
    'preferred_language',
    'interpreter_required',
    'phone',
    'mobile',
    'email',
    'exclusion_message',
    'restriction_message',
    'case_status',
  ],
  person_alias: ['person_id', 'id', 'forename', 'surname', 'date_of_birth'],
  person_address: [
    'person_id',
    'id',
    'address_type',
    'status',
    'address_number',
    'street_name',
    'district',
    'town',
    'county',
    'postcode',
    'no_fixed_abode',
    'verified',
    'from_date',
    'to_date',
  ],
  personal_contact: ['person_id', 'id', 'name', 'relationship', 'phone'],
  person_circumstance: ['person_id', 'id', 'kind', 'type', 'subtype', 'start_date', 'verified'],
  event: [
    'person_id',
    'id',
    'event_number',
    'active',
    'conviction_date',
    'referral_date',
    'in_breach',
    'breach_end_date',
  ],
  offence: ['person_id', 'id', 'event_id', 'offence_code', 'offence_date', 'offence_count', 'main'],
  court_appearance: [
    'person_id',
    'id',
    'event_id',
    'court_code',
    'appearance_date',
    'appearance_type',
    'outcome',
  ],
  sentence: [
    'person_id',
    'id',
    'event_id',
    'disposal_type_code',
    'sentence_date',
    'length',
    'length_unit',
    'expected_end_date',
    'termination_date',
    'termination_reason',
    'custodial_status',
    'sentence_expiry_date',
    'licence_expiry_date',
    'expected_release_date',
    'actual_release_date',
    'pss_end_date',
  ],
  requirement: [
    'person_id',
    'id',
    'sentence_id',
    'requirement_type_code',
    'sub_category',
    'length',
    'expected_start_date',
    'actual_start_date',
    'expected_end_date',
    'actual_end_date',
    'termination_reason',
    'active',
  ],
  licence_condition: [
    'person_id',
    'id',
    'sentence_id',
    'main_category',
    'sub_category',
    'imposed_date',
    'actual_start_date',
    'end_date',
    'active',
  ],
  intervention: [
    'person_id',
    'id',
    'event_id',
    'requirement_id',
    'type_code',
    'status',
    'start_date',
    'end_date',
    'outcome',
  ],
  registration: [
    'person_id',
    'id',
    'register_type_code',
    'category',
    'level',
    'registration_date',
    'next_review_date',
    'notes',
    'registered_by_staff_id',
    'deregistration_date',
    'deregistered_by_staff_id',
    'deregistration_notes',
  ],
  registration_review: [
    'person_id',
    'id',
    'registration_id',
    'review_date',
    'reviewer_staff_id',
    'notes',
    'next_review_date',
  ],
  assessment: [
    'person_id',
    'id',
    'assessment_type',
    'status',
    'initiated_date',
    'completed_date',
    'rosh_children',
    'rosh_public',
    'rosh_known_adult',
    'rosh_staff',
    'rosh_prisoners',
    'rosh_overall',
    'risk_to_self',
    'answers',
    'needs',
    'opd_eligible',
    'assessor_staff_id',
    'countersigned_by_staff_id',
    'countersigned_at',
  ],
  responsibility: [
    'person_id',
    'id',
    'role',
    'responsible_officer',
    'team_code',
    'staff_id',
    'prison_code',
    'start_at',
    'end_at',
    'allocation_reason',
    'notes',
  ],
  access_exclusion: ['person_id', 'id', 'user_id', 'start_date', 'end_date', 'reason'],
  access_restriction: ['person_id', 'id', 'user_id', 'start_date', 'end_date'],
  contact: [
    'person_id',
    'id',
    'contact_type_code',
    'contact_date',
    'start_time',
    'end_time',
    'event_id',
    'requirement_id',
    'licence_condition_id',
    'linked_contact_id',
    'staff_id',
    'team_code',
    'office_location_code',
    'outcome_code',
    'attended',
    'complied',
    'rar_activity',
    'sensitive',
    'alert',
    'enforcement_action_code',
    'notes',
  ],
} as const;

export type CaseTable = keyof typeof TABLE_COLUMNS;
/** Copy order: parents before children. */
export const CASE_TABLES = Object.keys(TABLE_COLUMNS) as CaseTable[];

export type Tables = Record<CaseTable, TableRows>;

export function newTables(): Tables {
  return Object.fromEntries(CASE_TABLES.map((t) => [t, new TableRows(t, TABLE_COLUMNS[t])])) as Tables;
}

export type IdCounters = Record<CaseTable, number>;

// ---------------------------------------------------------------------------------------------------------
// Distributions (context.md §1–2; "Modelling default" unless the spec gives an official figure)

const ROSH_BY_TYPE: Record<SupervisionType, Weighted<RoshLevel>> = {
  COMMUNITY: new Weighted([
    ['LOW', 39.5],
    ['MEDIUM', 50],
    ['HIGH', 10],
    ['VERY_HIGH', 0.5],
  ]),
  LICENCE: new Weighted([
    ['LOW', 22],
    ['MEDIUM', 49],
    ['HIGH', 26],
    ['VERY_HIGH', 3],
  ]),
  CUSTODY: new Weighted([
    ['LOW', 22],
    ['MEDIUM', 49],
    ['HIGH', 26],
    ['VERY_HIGH', 3],
  ]),
};

const SUPERVISION = new Weighted<SupervisionType>([
  ['COMMUNITY', 45],
  ['LICENCE', 30],
  ['CUSTODY', 25],
]);

const OFFENCE_MIX: Record<'COMMUNITY' | 'CUSTODIAL', Weighted<string>> = {
  COMMUNITY: new Weighted([
    ['VIOLENCE_AGAINST_THE_PERSON_SUB_ABH', 14],
    ['VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS', 9],
    ['THEFT_NON_MOTOR', 12],
    ['DRUG_POSSESSION_OR_SUPPLY', 10],
    ['PUBLIC_ORDER_AND_HARRASSMENT', 9],
    ['DRINK_DRIVING', 6],
    ['MOTORING_OFFENCES', 5],
    ['CRIMINAL_DAMAGE', 5],
    ['FRAUD_AND_FORGERY', 4],
    ['WEAPONS_NON_FIREARM', 4],
    ['BURGLARY_DOMESTIC', 2],
    ['BURGLARY_OTHER', 2],
    ['HANDLING_STOLEN_GOODS', 2],
    ['SEXUAL_NOT_AGAINST_CHILD', 1.5],
    ['SEXUAL_AGAINST_CHILD', 1.5],
    ['ABSCONDING_OR_BAIL', 2],
    ['VEHICLE_RELATED_THEFT', 2],
    ['WELFARE_FRAUD', 1],
    ['DRUNKENNESS', 1],
    ['OTHER_OFFENCES', 8],
  ]),
  CUSTODIAL: new Weighted([
    ['VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS', 18],
    ['VIOLENCE_AGAINST_THE_PERSON_SUB_ABH', 7],
    ['DRUG_POSSESSION_OR_SUPPLY', 10],
    ['DRUG_IMPORT_EXPORT_OR_PRODUCTION', 4],
    ['ACQUISITIVE_VIOLENCE', 8],
    ['BURGLARY_DOMESTIC', 7],
    ['BURGLARY_OTHER', 3],
    ['THEFT_NON_MOTOR', 7],
    ['SEXUAL_NOT_AGAINST_CHILD', 6],
    ['SEXUAL_AGAINST_CHILD', 6],
    ['WEAPONS_NON_FIREARM', 5],
    ['FIREARMS_MOST_SERIOUS', 1],
    ['FIREARMS_OTHER', 1],
    ['PUBLIC_ORDER_AND_HARRASSMENT', 5],
    ['FRAUD_AND_FORGERY', 3],
    ['MOTORING_OFFENCES', 2],
    ['OTHER_OFFENCES', 6],
  ]),
};

const RAR_DAYS = new Weighted([
  [5, 5],
  [10, 20],
  [15, 15],
  [20, 25],
  [25, 10],
  [30, 15],
  [40, 5],
  [60, 5],
] as const);
const UPW_HOURS = new Weighted([
  [40, 8],
  [60, 10],
  [80, 15],
  [100, 12],
  [120, 12],
  [150, 15],
  [180, 10],
  [200, 8],
  [250, 5],
  [300, 5],
] as const);
const ETHNICITY = new Weighted([
  ['White: English, Welsh, Scottish, Northern Irish or British', 70],
  ['White: Any other White background', 7],
  ['Black or Black British: Caribbean', 4],
  ['Black or Black British: African', 3.5],
  ['Black or Black British: Any other Black background', 1.5],
  ['Asian or Asian British: Pakistani', 3],
  ['Asian or Asian British: Indian', 1.5],
  ['Asian or Asian British: Bangladeshi', 1],
  ['Asian or Asian British: Any other Asian background', 1.5],
  ['Mixed: White and Black Caribbean', 2.5],
  ['Mixed: Any other mixed background', 1.5],
  ['Other: Any other ethnic group', 1],
  ['Not stated', 1],
] as const);
const RELIGION = new Weighted([
  ['No religion', 45],
  ['Christian', 30],
  ['Muslim', 12],
  ['Not stated', 8],
  ['Sikh', 1],
  ['Hindu', 1],
  ['Buddhist', 1],
  ['Jewish', 0.5],
  ['Other', 1.5],
] as const);
const APPOINTMENT_TYPES = new Weighted([
  ['COAP', 60],
  ['COPT', 14],
  ['COVC', 6],
  ['CHVS', 7],
  ['COOO', 5],
  ['C084', 4],
  ['CODC', 2],
] as const);
const OTHER_CONTACTS = new Weighted([
  ['CTOB', 20],
  ['CTOA', 12],
  ['CMOB', 12],
  ['CMOA', 8],
  ['CT3B', 10],
  ['CT3A', 7],
  ['CM3B', 8],
  ['CM3A', 6],
  ['C326', 8],
  ['C204', 3],
  ['C369', 1.5],
  ['C515', 1],
  ['CCDI', 2],
  ['CPJU', 1],
  ['CUNP', 2],
  ['CTXT', 4],
] as const);
/** Outcome of a past national-standards appointment: 10–20 % failures, about half unacceptable (§1.11). */
const APPOINTMENT_OUTCOMES = new Weighted([
  ['ATTC', 82],
  ['UAAB', 6.5],
  ['AFTC', 1.5],
  ['ATSH', 0.5],
  ['AFTA', 1],
  ['AAME', 2.5],
  ['AAEM', 1.5],
  ['AAFC', 1],
  ['AACL', 0.5],
  ['AAHO', 0.3],
  ['CO05', 0.7],
  ['RSOF', 1.2],
  ['RSSR', 0.8],
] as const);
const UPW_OUTCOMES = new Weighted([
  ['ATTC', 74],
  ['UAAB', 8],
  ['ATFI', 1.5],
  ['ATSH', 1],
  ['AAME', 5],
  ['AAEM', 3],
  ['AASD', 4],
  ['AFDA', 1.5],
  ['AAFC', 2],
] as const);
const APPOINTMENT_NOTES = [
  'Discussed progress since last appointment; no concerns raised.',
  'Reviewed accommodation situation and next steps with housing.',
  'Completed sentence plan review together.',
  'Discussed employment search and referral to ETE provider.',
  'Explored triggers for offending and coping strategies.',
  'Reminded of licence conditions and consequences of non-compliance.',
  'Talked through substance use; agreed to attend treatment service.',
  'Checked in about family contact arrangements.',
  'Reported feeling low; signposted to GP and mental health support.',
  'Victim awareness work continued.',
];
const LICENCE_CONDITIONS = [
  ['Residence at a specified place', 'Reside at address approved by probation'],
  ['Restriction of residency', 'Not to reside where children under 18 live'],
  ['Making or maintaining contact with a person', 'Not to contact named victim directly or indirectly'],
  [
    'Participation in, or co-operation with, a programme or set of activities',
    'Attend and engage with drug services',
  ],
  [
    'Possession, ownership, control or inspection of specified items or documents',
    'Not to own more than one mobile phone',
  ],
  ['Disclosure of information', 'Notify supervising officer of any developing relationships'],
  ['Curfew arrangement', 'Electronically monitored curfew 19:00–07:00'],
  ['Freedom of movement', 'Exclusion zone as shown on map'],
  ['Supervision in the community by the supervising officer', 'Drug testing'],
  ['Polygraph condition', 'Comply with polygraph examinations'],
] as const;
const PROGRAMMES = [
  'Building Better Relationships',
  'Thinking Skills Programme',
  'Becoming New Me+',
  'Horizon',
  'Kaizen',
  'Resolve',
];
const RAR_ACTIVITIES = [
  'Stepping Stones',
  'Choices and Changes',
  'Emotional Management',
  'Finance, Benefit and Debt',
  'Accommodation',
  'Education, Training and Employment',
];

const SEXUAL = new Set(['SEXUAL_NOT_AGAINST_CHILD', 'SEXUAL_AGAINST_CHILD']);
const NEEDS_SECTIONS = {
  ACCOMMODATION: {
    keys: [
      'noFixedAbodeOrTransient',
      'suitabilityOfAccommodation',
      'permanenceOfAccommodation',
      'locationOfAccommodation',
    ],
    standard: 2,
    severe: 7,
  },
  EDUCATION_TRAINING_AND_EMPLOYABILITY: {
    keys: ['unemployed', 'employmentHistory', 'workRelatedSkills', 'attitudeToEmployment'],
    standard: 3,
    severe: 7,
  },
  RELATIONSHIPS: {
    keys: ['closeFamilyRelationships', 'experienceOfChildhood', 'previousCloseRelationships'],
    standard: 2,
    severe: 5,
  },
  LIFESTYLE_AND_ASSOCIATES: {
    keys: ['regularActivitiesEncourageOffending', 'easilyInfluenced', 'recklessness'],
    standard: 2,
    severe: 5,
  },
  DRUG_MISUSE: {
    keys: [
      'currentDrugNoted',
      'levelOfUseOfMainDrug',
      'motivationToTackleDrugMisuse',
      'drugsMajorActivity',
      'everInjectedDrugs',
    ],
    standard: 2,
    severe: 8,
  },
  ALCOHOL_MISUSE: {
    keys: [
      'alcoholCurrentUse',
      'alcoholBingeDrinking',
      'frequencyAndLevelOfAlcohol',
      'motivationToTackleAlcoholMisuse',
    ],
    standard: 4,
    severe: 7,
  },
  THINKING_AND_BEHAVIOUR: {
    keys: ['recognisesProblems', 'problemSolving', 'awarenessOfConsequences', 'understandsOthersViews'],
    standard: 4,
    severe: 7,
  },
  ATTITUDES: {
    keys: [
      'proCriminalAttitudes',
      'attitudeToSupervision',
      'attitudeToCommunity',
      'motivationToAddressOffending',
    ],
    standard: 2,
    severe: 7,
  },
} as const;
const YES_NO_KEYS = new Set(['noFixedAbodeOrTransient', 'unemployed', 'currentDrugNoted']);
const FREQUENCY_KEYS = new Set(['everInjectedDrugs']);
const PROBLEM = ['NONE', 'SOME', 'SIGNIFICANT'] as const;
const ROSH_ORDER: RoshLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];
const ROSH_REGISTER: Record<RoshLevel, string> = {
  LOW: 'RLRH',
  MEDIUM: 'RMRH',
  HIGH: 'RHRH',
  VERY_HIGH: 'RVHR',
};

// ---------------------------------------------------------------------------------------------------------

export interface GeneratorContext {
  random: Random;
  /** Draws for the rebooked appointments that keep every case in touch (writeContacts); a stream of its own so
   * that adding them changed no other record. */
  rebookRandom: Random;
  faker: Faker;
  today: string;
  todayDay: number;
  /**
   * The latest moment a record may start or end: the end of `today`, or the moment the seed started when that
   * is earlier (seeding today before 9 am must not start anyone's responsibility later in the day, or the first
   * change to it would end it before it began). ISO, to the second.
   */
  latestStamp: string;
  org: Organisation;
  offencesByCategory: Map<string, OffenceInfo[]>;
  tables: Tables;
  ids: IdCounters;
  crns: Set<string>;
  nomis: Set<string>;
  unallocatedShare: number;
  limitedAccessShare: number;
}

interface Profile {
  id: number;
  crn: string;
  sex: 'MALE' | 'FEMALE';
  dob: string;
  supervision: SupervisionType;
  rosh: RoshLevel;
  category: string;
  offence: OffenceInfo;
  sexual: boolean;
  active: boolean;
  staff: Staff | null;
}

/** Generates one team's people: profiles first (so cases can be shared out by grade), then every record. */
export function generateTeam(ctx: GeneratorContext, team: Team, onPerson: (p: PersonSummary) => void): void {
  const { random } = ctx;
  const profiles: Profile[] = [];
  for (let i = 0; i < team.people; i++) profiles.push(newProfile(ctx));
  allocate(ctx, team, profiles);

  const isDemoTeam = team === ctx.org.demo.team;
  profiles.forEach((profile, index) => {
    // Limited access: on the demo team, person 0 excludes the demo practitioner and person 1 has a
    // restriction list without them; elsewhere a small random share.
    let lao: 'EXCLUSION' | 'RESTRICTION' | null = null;
    if (isDemoTeam && index < 2) lao = index === 0 ? 'EXCLUSION' : 'RESTRICTION';
    else if (profile.active && random.chance(ctx.limitedAccessShare))
      lao = random.chance(0.5) ? 'EXCLUSION' : 'RESTRICTION';
    // Only the two fixed demo cases bar the demo practitioner; random ones never bar the case's own officer.
    writePerson(ctx, team, profile, lao, isDemoTeam && index < 2);
    onPerson({ id: profile.id, crn: profile.crn, active: profile.active });
  });
}

function newProfile(ctx: GeneratorContext): Profile {
  const { random } = ctx;
  const supervision = SUPERVISION.draw(random);
  const sex = random.chance(0.9) ? 'MALE' : 'FEMALE';
  // Age: median about 33, range 18–80 (context.md §2.2).
  const age = Math.min(80, 18 + Math.exp(random.normal(Math.log(15), 0.62)));
  const dob = addDays(ctx.today, -Math.floor(age * 365.25) - random.int(0, 364));
  const category = OFFENCE_MIX[supervision === 'COMMUNITY' ? 'COMMUNITY' : 'CUSTODIAL'].draw(random);
  const sexual = SEXUAL.has(category) && sex === 'MALE' ? true : SEXUAL.has(category);
  let rosh = ROSH_BY_TYPE[supervision].draw(random);
  if (sexual && rosh === 'LOW') rosh = 'MEDIUM';
  const offence = random.pick(ctx.offencesByCategory.get(category)!);
  // 3 % of people have finished supervision: their records stay, with no current manager.
  const active = !random.chance(0.03);
  return {
    id: ctx.ids.person++,
    crn: newCrn(ctx),
    sex,
    dob,
    supervision,
    rosh,
    category,
    offence,
    sexual,
    active,
    staff: null,
  };
}

function newCrn(ctx: GeneratorContext): string {
  for (;;) {
    const crn =
      String.fromCharCode(65 + ctx.random.int(0, 25)) + String(ctx.random.int(0, 999_999)).padStart(6, '0');
    if (!ctx.crns.has(crn)) {
      ctx.crns.add(crn);
      return crn;
    }
  }
}

/**
 * Shares a team's active cases among its practitioners in proportion to each one's target caseload: high and
 * very high RoSH mostly to POs (domain.md §10.4), a few left unallocated in the team queue.
 */
function allocate(ctx: GeneratorContext, team: Team, profiles: Profile[]): void {
  const { random } = ctx;
  const practitioners = team.practitioners;
  const active = profiles.filter((p) => p.active);
  const totalTarget = practitioners.reduce((a, s) => a + s.targetCaseload, 0);
  const scale = active.length / Math.max(1, totalTarget);
  const remaining = new Map(practitioners.map((s) => [s, s.targetCaseload * scale]));
  const choose = (pool: Staff[]): Staff => {
    const weights = pool.map((s) => [s, Math.max(0.05, remaining.get(s)!)] as const);
    const s = new Weighted(weights).draw(random);
    remaining.set(s, remaining.get(s)! - 1);
    return s;
  };
  const pos = practitioners.filter((s) => s.grade === 'PO');
  const ordered = [...active].sort((a, b) => ROSH_ORDER.indexOf(b.rosh) - ROSH_ORDER.indexOf(a.rosh));
  const isDemo = team === ctx.org.demo.team;
  for (const p of ordered) {
    // The demo team's first two people are the limited-access examples and must be held by someone else.
    if (random.chance(ctx.unallocatedShare) && !(isDemo && profiles.indexOf(p) < 2)) continue;
    const highRisk = p.rosh === 'HIGH' || p.rosh === 'VERY_HIGH' || p.sexual;
    let pool = highRisk && pos.length > 0 && !random.chance(0.1) ? pos : practitioners;
    if (isDemo && profiles.indexOf(p) < 2) pool = pool.filter((s) => s !== ctx.org.demo.practitioner);
    p.staff = choose(pool.length > 0 ? pool : practitioners);
  }
}

interface SentenceInfo {
  eventId: number;
  sentenceId: number;
  start: string;
  end: string | null;
  /** Start of supervision in the community (sentence date, or release). */
  communityStart: string | null;
  requirements: { id: number; code: string; length: number | null; start: string; end: string }[];
  licenceConditionIds: number[];
  releaseDate: string | null;
  expectedRelease: string | null;
  lifer: boolean;
  status: string | null;
}

function writePerson(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  lao: 'EXCLUSION' | 'RESTRICTION' | null,
  barDemoPractitioner: boolean,
): void {
  const { random, faker, tables, ids, today } = ctx;
  const female = p.sex === 'FEMALE';
  const forename = faker.person.firstName(female ? 'female' : 'male');
  const surname = faker.person.lastName();
  const custodial = p.supervision !== 'COMMUNITY';
  let nomis: string | null = null;
  if (custodial) {
    do {
      nomis = `${String.fromCharCode(65 + random.int(0, 25))}${random.int(1000, 9999)}${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`;
    } while (ctx.nomis.has(nomis));
    ctx.nomis.add(nomis);
  }
  const pncYear = Math.max(Number(p.dob.slice(0, 4)) + 12, 1995 + random.int(0, 28));
  const pnc = `${Math.min(pncYear, Number(today.slice(0, 4)))}/${String(random.int(0, 9_999_999)).padStart(7, '0')}${String.fromCharCode(65 + random.int(0, 25))}`;
  const exclusionMessage =
    lao === 'EXCLUSION'
      ? 'You are excluded from viewing this case. Contact the case manager or the PDU head if you need access.'
      : null;
  const restrictionMessage =
    lao === 'RESTRICTION'
      ? 'This case is restricted to named staff. Contact the case manager or the PDU head if you need access.'
      : null;
  tables.person.add([
    p.id,
    p.crn,
    forename,
    random.chance(0.4) ? faker.person.firstName(female ? 'female' : 'male') : null,
    surname,
    random.chance(0.08) ? faker.person.firstName(female ? 'female' : 'male') : null,
    p.dob,
    p.sex,
    random.chance(0.01) ? 'Prefer to self-describe' : null,
    nomis,
    pnc,
    ETHNICITY.draw(random),
    RELIGION.draw(random),
    random.chance(0.7) ? 'Heterosexual' : random.chance(0.15) ? 'Gay or lesbian' : 'Not stated',
    random.chance(0.93)
      ? 'English'
      : random.pick(['Polish', 'Romanian', 'Urdu', 'Punjabi', 'Arabic', 'Welsh', 'Lithuanian']),
    random.chance(0.03),
    random.chance(0.3) ? faker.phone.number() : null,
    random.chance(0.85) ? `07${random.int(100_000_000, 999_999_999)}` : null,
    random.chance(0.4)
      ? `${forename}.${surname}${random.int(1, 99)}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '')
      : null,
    exclusionMessage,
    restrictionMessage,
    // Inserted as TERMINATED and switched to ACTIVE once the responsibility rows exist, because each COPY
    // commits on its own and the one-owner trigger checks every active person at commit.
    'TERMINATED',
  ]);
  if (random.chance(0.15)) {
    tables.person_alias.add([
      p.id,
      ids.person_alias++,
      random.chance(0.5) ? forename : faker.person.firstName(female ? 'female' : 'male'),
      random.chance(0.5) ? surname : faker.person.lastName(),
      random.chance(0.5) ? p.dob : null,
    ]);
  }
  const town = random.pick(team.pdu.towns);
  const nfa = random.chance(custodial ? 0.08 : 0.05);
  const addressFrom = addDays(today, -random.int(30, 2500));
  if (random.chance(0.4)) {
    tables.person_address.add([
      p.id,
      ids.person_address++,
      'Previous address',
      'PREVIOUS',
      String(random.int(1, 200)),
      faker.location.street(),
      null,
      random.pick(team.pdu.towns),
      team.pdu.region.county,
      faker.location.zipCode(),
      false,
      true,
      addDays(addressFrom, -random.int(200, 2000)),
      addDays(addressFrom, -1),
    ]);
  }
  tables.person_address.add([
    p.id,
    ids.person_address++,
    nfa
      ? 'No fixed abode'
      : random.pick([
          'Householder',
          'Rented (private)',
          'Rented (social)',
          'Family or friends',
          'Approved Premises',
        ]),
    'MAIN',
    nfa ? null : String(random.int(1, 200)),
    nfa ? null : faker.location.street(),
    null,
    town,
    team.pdu.region.county,
    nfa ? null : faker.location.zipCode(),
    nfa,
    !nfa && random.chance(0.8),
    addressFrom,
    null,
  ]);
  if (random.chance(0.3)) {
    tables.personal_contact.add([
      p.id,
      ids.personal_contact++,
      faker.person.fullName(),
      random.pick(['Mother', 'Father', 'Partner', 'Sister', 'Brother', 'GP', 'Support worker', 'Friend']),
      faker.phone.number(),
    ]);
  }
  if (random.chance(0.15)) {
    const kind = random.pick(['DISABILITY', 'PROVISION', 'CIRCUMSTANCE'] as const);
    const type =
      kind === 'DISABILITY'
        ? random.pick([
            'Learning difficulties',
            'Mental health condition',
            'Mobility',
            'Hearing impairment',
            'Autism spectrum',
          ])
        : kind === 'PROVISION'
          ? random.pick(['Extra time', 'Large print', 'Quiet waiting area', 'Interpreter'])
          : random.pick([
              'Employment',
              'Accommodation',
              'Relationship',
              'Parenting responsibilities',
              'Veteran',
            ]);
    tables.person_circumstance.add([
      p.id,
      ids.person_circumstance++,
      kind,
      type,
      null,
      addDays(today, -random.int(30, 1500)),
      random.chance(0.6),
    ]);
  }

  // Criminal history: sanctions and first sanction (risk-predictors.md §2.3).
  const age = yearsBetween(p.dob, today);
  const ageAtFirst = Math.min(
    age,
    Math.max(10, Math.round(random.normal(p.sexual ? 28 : 18, p.sexual ? 10 : 5))),
  );
  const yearsOffending = Math.max(0, age - ageAtFirst);
  const totalSanctions = Math.max(
    1,
    Math.min(90, Math.round(Math.exp(random.normal(Math.log(1.5 + yearsOffending * 0.5), 0.7)))),
  );
  const violentShare = p.offence.violent ? 0.45 : 0.15;
  let violentSanctions = 0;
  for (let i = 0; i < totalSanctions; i++) if (random.chance(violentShare)) violentSanctions++;
  if (p.offence.violent) violentSanctions = Math.max(1, violentSanctions);

  // Previous (terminated) probation events, then the current one.
  const previous = p.active
    ? Math.min(3, Math.floor(Math.max(0, random.normal(totalSanctions / 25, 0.75))))
    : 0;
  let eventNumber = 0;
  let cursor = addDays(today, -random.int(900, 900 + previous * 700));
  for (let i = 0; i < previous; i++) {
    eventNumber++;
    const months = random.pick([6, 12, 12, 18, 24]);
    const start = cursor;
    const end = addMonths(start, months);
    writeEvent(
      ctx,
      team,
      p,
      eventNumber,
      random.pick(ctx.offencesByCategory.get(OFFENCE_MIX.COMMUNITY.draw(random))!),
      start,
      false,
    );
    writeSimpleSentence(
      ctx,
      p,
      ids.event - 1,
      'ORA_CO',
      start,
      months,
      end,
      random.chance(0.85) ? 'Completed' : 'Revoked – re-sentenced',
    );
    cursor = addDays(end, random.int(60, 500));
  }
  eventNumber++;
  const current = writeCurrentSentence(ctx, team, p, eventNumber);

  // Assessment, registrations, responsibility, contacts.
  const flags = writeRiskRecords(ctx, team, p, current, { totalSanctions, violentSanctions, ageAtFirst });
  writeResponsibility(ctx, team, p, current);
  if (lao) writeLimitedAccess(ctx, team, p, lao, barDemoPractitioner);
  if (p.active) writeContacts(ctx, team, p, current, flags);
}

function writeEvent(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  eventNumber: number,
  offence: OffenceInfo,
  sentenceDate: string,
  active: boolean,
  inBreach = false,
): number {
  const { random, tables, ids } = ctx;
  const eventId = ids.event++;
  const convictionDate = random.chance(0.5) ? sentenceDate : addDays(sentenceDate, -random.int(7, 42));
  tables.event.add([p.id, eventId, eventNumber, active, convictionDate, convictionDate, inBreach, null]);
  tables.offence.add([
    p.id,
    ids.offence++,
    eventId,
    offence.code,
    addDays(convictionDate, -random.int(20, 400)),
    1,
    true,
  ]);
  if (random.chance(0.3)) {
    const extra = random.pick(ctx.offencesByCategory.get('OTHER_OFFENCES')!);
    tables.offence.add([
      p.id,
      ids.offence++,
      eventId,
      extra.code,
      addDays(convictionDate, -random.int(20, 400)),
      random.int(1, 3),
      false,
    ]);
  }
  const courts = regionCourts(team.pdu.region.code);
  const crown = p.supervision !== 'COMMUNITY' && random.chance(0.7);
  const court = random.pick(crown ? courts.crown : courts.magistrates);
  if (convictionDate !== sentenceDate) {
    tables.court_appearance.add([
      p.id,
      ids.court_appearance++,
      eventId,
      court,
      convictionDate,
      'Trial/Adjournment',
      'Adjourned for pre-sentence report',
    ]);
  }
  tables.court_appearance.add([
    p.id,
    ids.court_appearance++,
    eventId,
    court,
    sentenceDate,
    'Sentence',
    'Sentenced',
  ]);
  return eventId;
}

const courtCache = new Map<string, { crown: string[]; magistrates: string[] }>();
function regionCourts(regionCode: string): { crown: string[]; magistrates: string[] } {
  let c = courtCache.get(regionCode);
  if (!c) {
    const inRegion = COURTS.filter((x) => x.regionCode === regionCode);
    c = {
      crown: inRegion.filter((x) => x.name.endsWith('Crown Court')).map((x) => x.code),
      magistrates: inRegion.filter((x) => !x.name.endsWith('Crown Court')).map((x) => x.code),
    };
    courtCache.set(regionCode, c);
  }
  return c;
}

function writeSimpleSentence(
  ctx: GeneratorContext,
  p: Profile,
  eventId: number,
  disposal: string,
  start: string,
  months: number,
  end: string,
  reason: string,
): void {
  const { tables, ids } = ctx;
  tables.sentence.add([
    p.id,
    ids.sentence++,
    eventId,
    disposal,
    start,
    months,
    'MONTHS',
    end,
    end,
    reason,
    null,
    null,
    null,
    null,
    null,
    null,
  ]);
}

function writeCurrentSentence(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  eventNumber: number,
): SentenceInfo {
  const { random, tables, ids, today, todayDay } = ctx;
  const info: SentenceInfo = {
    eventId: 0,
    sentenceId: 0,
    start: today,
    end: null,
    communityStart: null,
    requirements: [],
    licenceConditionIds: [],
    releaseDate: null,
    expectedRelease: null,
    lifer: false,
    status: null,
  };
  if (p.supervision === 'COMMUNITY') {
    const disposal = random.chance(0.55) ? 'ORA_CO' : 'ORA_SSO';
    const months = random.pick([6, 12, 12, 12, 18, 18, 24, 24, 24, 36]);
    const lengthDays = toDayNumber(addMonths(today, months)) - todayDay;
    // Finished people ended up to a year ago; active ones are anywhere in their order.
    const elapsed = p.active ? random.int(0, lengthDays - 1) : lengthDays + random.int(1, 365);
    const start = addDays(today, -elapsed);
    const end = addMonths(start, months);
    const eventId = writeEvent(ctx, team, p, eventNumber, p.offence, start, p.active);
    const sentenceId = ids.sentence++;
    tables.sentence.add([
      p.id,
      sentenceId,
      eventId,
      disposal,
      start,
      months,
      'MONTHS',
      end,
      p.active ? null : end,
      p.active ? null : 'Completed',
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    Object.assign(info, { eventId, sentenceId, start, end, communityStart: start, status: null });
    writeRequirements(ctx, p, info, months);
    return info;
  }

  // Custodial: length, release point (SDS40 for standard determinate sentences), licence and PSS.
  const lifer = random.chance(0.02);
  const months = lifer ? 0 : random.pick([4, 6, 8, 10, 12, 18, 24, 30, 36, 48, 60, 72, 96, 120, 144]);
  const youthful = yearsBetween(p.dob, today) <= 21 && random.chance(0.3);
  const disposal = lifer
    ? random.chance(0.7)
      ? 'LIFE'
      : 'IPP'
    : youthful
      ? 'DYOI'
      : months < 12
        ? 'SDS_U12'
        : random.chance(0.05)
          ? 'EDS'
          : random.chance(0.02)
            ? 'SOPC'
            : random.chance(0.02)
              ? 'CJA91'
              : 'SDS';
  const releaseFraction =
    disposal === 'EDS' || disposal === 'SOPC' ? 2 / 3 : disposal === 'CJA91' ? 0.5 : 0.4;
  const custodyDays = lifer ? random.int(3650, 7300) : Math.round(months * 30.44 * releaseFraction);
  let sentenceDate: string;
  let release: string | null = null;
  let expectedRelease: string | null = null;
  let status: 'IN_CUSTODY' | 'RELEASED_ON_LICENCE' | 'POST_SENTENCE_SUPERVISION' | 'RECALLED';
  if (p.supervision === 'LICENCE' || !p.active) {
    const licenceDays = lifer
      ? 3650
      : Math.max(60, Math.round(months * 30.44 * (1 - releaseFraction)) + (months < 24 ? 365 : 0));
    const sinceRelease = p.active
      ? random.int(1, Math.min(licenceDays - 1, 730))
      : licenceDays + random.int(1, 365);
    release = addDays(today, -sinceRelease);
    sentenceDate = addDays(release, -custodyDays);
    const led = lifer ? null : addMonths(sentenceDate, months);
    status = !lifer && led! < today ? 'POST_SENTENCE_SUPERVISION' : 'RELEASED_ON_LICENCE';
    if (status === 'POST_SENTENCE_SUPERVISION' && months >= 24) status = 'RELEASED_ON_LICENCE';
  } else {
    const recalled = random.chance(0.12);
    const toRelease = lifer && random.chance(0.5) ? null : random.int(1, Math.min(custodyDays, 900));
    sentenceDate = addDays(today, -(custodyDays - (toRelease ?? custodyDays / 2)));
    if (sentenceDate > today) sentenceDate = addDays(today, -random.int(1, 60));
    expectedRelease = toRelease === null ? null : addDays(today, toRelease);
    // A release this close is allocated before anything else in the queue, so a case still waiting there is
    // released after its allocation deadline (the watchdog's RELEASE_UNALLOCATED, issue #6): due tomorrow at most.
    const lead = DEFAULT_TIMELINESS_RULES.custodyWorkingDaysBeforeRelease;
    if (p.active && !p.staff && expectedRelease && addWorkingDays(expectedRelease, -lead) <= today)
      expectedRelease = addWorkingDays(today, lead + 1);
    status = recalled ? 'RECALLED' : 'IN_CUSTODY';
    if (recalled) release = addDays(today, -random.int(20, 200));
    if (release && release <= sentenceDate) release = addDays(sentenceDate, 1);
    if (release && release >= today) release = null;
  }
  const sed = lifer ? null : addMonths(sentenceDate, months);
  const pssEnd = !lifer && months < 24 && release ? addMonths(release, 12) : null;
  const end = lifer ? null : pssEnd && pssEnd > sed! ? pssEnd : sed;
  const eventId = writeEvent(ctx, team, p, eventNumber, p.offence, sentenceDate, p.active);
  const sentenceId = ids.sentence++;
  const terminated = !p.active;
  tables.sentence.add([
    p.id,
    sentenceId,
    eventId,
    disposal,
    sentenceDate,
    lifer ? null : months,
    lifer ? null : 'MONTHS',
    end,
    terminated ? (end ?? today) : null,
    terminated ? 'Licence expired' : null,
    terminated ? null : status,
    sed,
    sed,
    expectedRelease ?? release,
    release,
    pssEnd,
  ]);
  Object.assign(info, {
    eventId,
    sentenceId,
    start: sentenceDate,
    end,
    communityStart:
      status === 'RELEASED_ON_LICENCE' || status === 'POST_SENTENCE_SUPERVISION' ? release : null,
    releaseDate: release,
    expectedRelease,
    lifer,
    status,
  });
  if (
    release &&
    (status === 'RELEASED_ON_LICENCE' || status === 'POST_SENTENCE_SUPERVISION' || status === 'RECALLED')
  ) {
    const count = random.int(2, 5);
    const chosen = new Set<number>([0]);
    while (chosen.size < count) chosen.add(random.int(0, LICENCE_CONDITIONS.length - 1));
    for (const i of chosen) {
      const [main, sub] = LICENCE_CONDITIONS[i]!;
      if (i === 9 && !p.sexual) continue;
      const id = ids.licence_condition++;
      info.licenceConditionIds.push(id);
      tables.licence_condition.add([
        p.id,
        id,
        sentenceId,
        main,
        sub,
        release,
        release,
        status === 'RECALLED' ? release : null,
        status !== 'RECALLED' && !terminated,
      ]);
    }
  }
  return info;
}

function writeRequirements(ctx: GeneratorContext, p: Profile, info: SentenceInfo, months: number): void {
  const { random, tables, ids } = ctx;
  const codes: string[] = [];
  if (random.chance(0.5)) codes.push('F');
  if (random.chance(0.45)) codes.push('W');
  if (random.chance(0.1)) codes.push('RM38');
  if (random.chance(0.1)) codes.push(random.pick(['D', 'A', 'M']));
  if (random.chance(0.15)) codes.push('JE');
  if (random.chance(0.03)) codes.push('X');
  if (random.chance(0.02)) codes.push('P');
  if (codes.length === 0) codes.push(random.chance(0.55) ? 'F' : 'W');
  while (codes.length > 3) codes.splice(random.int(0, codes.length - 1), 1);
  for (const code of codes) {
    let length: number | null;
    let sub: string | null = null;
    let end = info.end!;
    switch (code) {
      case 'F':
        length = RAR_DAYS.draw(random);
        sub = 'Rehabilitation Activity Requirement';
        break;
      case 'W':
        length = UPW_HOURS.draw(random);
        sub = random.chance(0.85) ? 'Unpaid Work – Regular' : 'Unpaid Work – Intensive';
        end = addMonths(info.start, 12);
        break;
      case 'RM38':
        length = random.int(19, 31);
        sub = p.sexual ? random.pick(['Horizon', 'Kaizen']) : random.pick(PROGRAMMES.slice(0, 3));
        break;
      case 'JE':
        length = random.int(1, 6);
        sub = 'Curfew (Electronic Monitored)';
        end = addMonths(info.start, length);
        break;
      case 'X':
      case 'P':
        length = random.int(3, Math.max(3, months));
        end = addMonths(info.start, length);
        break;
      default:
        length = random.int(6, Math.max(6, months));
        end = addMonths(info.start, length);
    }
    if (info.end && end > info.end) end = info.end;
    const ended = end < ctx.today || !p.active;
    const id = ids.requirement++;
    tables.requirement.add([
      p.id,
      id,
      info.sentenceId,
      code,
      sub,
      length,
      info.start,
      addDays(info.start, random.int(0, 10)),
      end,
      ended ? end : null,
      ended ? 'Completed' : null,
      !ended,
    ]);
    info.requirements.push({ id, code, length, start: info.start, end });
  }
}

interface RiskFlags {
  mappa: boolean;
  mappaLevel: number;
  childProtection: boolean;
  domesticAbuse: boolean;
  veryHigh: boolean;
  assessmentDate: string | null;
  /** Registered PRC: supervision suspended in the final third (domain.md §11). */
  probationReset: boolean;
}

function writeRiskRecords(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  s: SentenceInfo,
  history: { totalSanctions: number; violentSanctions: number; ageAtFirst: number },
): RiskFlags {
  const { random, tables, ids, today } = ctx;
  const staffId = p.staff?.id ?? team.spo.id;
  const supervisionStart = s.communityStart ?? s.start;

  // Assessment: most people have a completed one; some only in progress or none (tiering edge cases).
  const sinceStart = toDayNumber(today) - toDayNumber(s.start);
  const r = random.next();
  let status: 'COMPLETE' | 'IN_PROGRESS' | null = 'COMPLETE';
  if (r < 0.03 || sinceStart < 10) status = sinceStart < 10 && r < 0.5 ? null : 'IN_PROGRESS';
  else if (r < 0.07) status = 'IN_PROGRESS';
  let completed: string | null = null;
  if (status === 'COMPLETE') {
    // Usually reviewed within the year; about one in ten older than 55 weeks (stale).
    const stale = random.chance(0.1) && sinceStart > 420;
    const ago = stale
      ? random.int(390, Math.min(sinceStart, 700))
      : random.int(1, Math.max(1, Math.min(sinceStart - 7, 360)));
    completed = addDays(today, -ago);
  }
  const domesticAbuse = random.chance(p.sex === 'MALE' ? (p.offence.violent ? 0.38 : 0.16) : 0.08);
  const children = p.category === 'SEXUAL_AGAINST_CHILD' || random.chance(domesticAbuse ? 0.18 : 0.05);
  const groups = writeAssessment(
    ctx,
    p,
    s,
    status,
    completed,
    domesticAbuse,
    children,
    history,
    staffId,
    team.spo.id,
  );

  // Registrations (domain.md §8).
  const reg = (
    code: string,
    date: string,
    opts: { category?: string; level?: string; deregistered?: string; notes?: string } = {},
  ) => {
    const review = REVIEW_MONTHS[code] ?? null;
    let next: string | null = null;
    let lastReview: string | null = null;
    if (review && !opts.deregistered) {
      next = addMonths(date, review);
      const overdue = random.chance(0.08);
      while (next < today) {
        lastReview = next;
        next = addMonths(next, review);
      }
      if (overdue && lastReview) {
        next = lastReview;
        lastReview = lastReview > addMonths(date, review) ? addMonths(lastReview, -review) : null;
      }
    }
    const id = ids.registration++;
    tables.registration.add([
      p.id,
      id,
      code,
      opts.category ?? null,
      opts.level ?? null,
      date,
      next,
      opts.notes ?? null,
      staffId,
      opts.deregistered ?? null,
      opts.deregistered ? staffId : null,
      opts.deregistered ? 'No longer applicable' : null,
    ]);
    if (lastReview)
      tables.registration_review.add([
        p.id,
        ids.registration_review++,
        id,
        lastReview,
        staffId,
        'Reviewed: registration still appropriate',
        next,
      ]);
  };
  const regDate = (min: string) => {
    const from = toDayNumber(min < today ? min : today);
    return fromDayNumber(Math.min(toDayNumber(today), from + random.int(0, 40)));
  };

  // The RoSH flag follows the assessment; 5 % have none (missing RoSH, provisional tiers).
  if (groups.overall && random.chance(0.95)) {
    const date = completed ?? regDate(supervisionStart);
    if (random.chance(0.15)) {
      const earlier = ROSH_ORDER[Math.max(0, ROSH_ORDER.indexOf(groups.overall) - 1)]!;
      const earlierDate = addDays(date, -random.int(120, 700));
      reg(ROSH_REGISTER[earlier], earlierDate, { deregistered: date });
    }
    reg(ROSH_REGISTER[groups.overall], date);
  }
  // MAPPA: category 1 for sexual offences, 2 for violence with 12 months or more in custody, 3 and 4 rare.
  let mappaCategory: string | null = null;
  if (p.sexual) mappaCategory = 'M1';
  else if (p.supervision !== 'COMMUNITY' && p.offence.violent && random.chance(0.75)) mappaCategory = 'M2';
  else if (random.chance(groups.overall === 'HIGH' || groups.overall === 'VERY_HIGH' ? 0.12 : 0.01))
    mappaCategory = 'M3';
  else if (random.chance(0.002)) mappaCategory = 'M4';
  let mappaLevel = 0;
  if (mappaCategory) {
    mappaLevel =
      groups.overall === 'VERY_HIGH'
        ? random.chance(0.5)
          ? 3
          : 2
        : groups.overall === 'HIGH' && random.chance(0.12)
          ? 2
          : 1;
    if (mappaCategory === 'M4') mappaLevel = Math.max(2, mappaLevel);
    reg('MAPP', regDate(s.start), { category: mappaCategory, level: `M${mappaLevel}` });
    if (mappaCategory === 'M4') reg('RTAO', regDate(s.start));
  }
  if (p.sexual) {
    reg(random.chance(0.9) ? 'ARSO' : 'ANSO', regDate(s.start));
    if (random.chance(0.6)) reg('SOPS', regDate(s.start));
    if (random.chance(0.5)) reg('AVIS', regDate(s.start));
  }
  if (domesticAbuse) reg(random.chance(0.8) ? 'ADVP' : 'REG30', regDate(s.start));
  if (p.sex === 'FEMALE' && random.chance(0.25)) reg('ADVV', regDate(s.start));
  let childProtection = false;
  if (children) {
    const code = p.category === 'SEXUAL_AGAINST_CHILD' ? 'RCHD' : random.chance(0.4) ? 'RCPR' : 'RCCO';
    childProtection = code === 'RCPR';
    reg(code, regDate(s.start));
    if (p.category === 'SEXUAL_AGAINST_CHILD' && random.chance(0.08)) reg('CSEP', regDate(s.start));
  }
  const optional: readonly [string, number][] = [
    ['ALSH', 0.1],
    ['RMDO', 0.03],
    ['RVLN', 0.05],
    ['AV2S', 0.02],
    ['IIOM', history.totalSanctions > 15 ? 0.25 : 0.03],
    ['STRG', 0.02],
    ['WEAP', p.offence.category === 'WEAPONS_NON_FIREARM' ? 0.6 : 0.02],
    ['SPO', 0.005],
    ['RSTO', domesticAbuse ? 0.4 : 0.02],
    ['RVAD', 0.01],
    ['RPIR', 0.004],
    ['AMHL', 0.06],
    ['REG26', 0.005],
    ['IRMO', 0.01],
  ];
  for (const [code, share] of optional) if (random.chance(share)) reg(code, regDate(s.start));
  if (s.lifer) reg('INLL', s.start);
  if (random.chance(0.03))
    reg('HREG', addDays(s.start, -random.int(400, 3000)), {
      notes: 'Historic registration migrated from a previous system',
    });

  // Probation Reset: non-exempt community and licence cases in their final third get PRC (domain.md §11).
  const veryHigh = groups.overall === 'VERY_HIGH';
  let probationReset = false;
  if (p.active && s.communityStart && s.end && !mappaCategory && !veryHigh && !childProtection) {
    const startDay = toDayNumber(s.communityStart);
    const twoThirds = fromDayNumber(startDay + Math.round(((toDayNumber(s.end) - startDay) * 2) / 3));
    if (twoThirds <= today) {
      reg('PRC', twoThirds);
      probationReset = true;
    }
  }
  return {
    mappa: mappaCategory !== null,
    mappaLevel,
    childProtection,
    domesticAbuse,
    veryHigh,
    assessmentDate: completed,
    probationReset,
  };
}

const REVIEW_MONTHS: Record<string, number> = {
  RVHR: 6,
  RHRH: 6,
  RMRH: 6,
  RLRH: 6,
  MAPP: 3,
  ARSO: 3,
  ANSO: 3,
  ADVP: 3,
  ADVV: 6,
  RCCO: 3,
  RCPR: 3,
  RCHD: 3,
  CSEP: 3,
  AV2S: 6,
  ALSH: 6,
  RVAD: 6,
  INLL: 12,
};

function writeAssessment(
  ctx: GeneratorContext,
  p: Profile,
  s: SentenceInfo,
  status: 'COMPLETE' | 'IN_PROGRESS' | null,
  completed: string | null,
  domesticAbuse: boolean,
  children: boolean,
  history: { totalSanctions: number; violentSanctions: number; ageAtFirst: number },
  assessorId: number,
  spoId: number,
): { overall: RoshLevel | null } {
  const { random, tables, ids, today } = ctx;
  if (status === null) return { overall: null };
  const overall = p.rosh;
  const lower = (max: RoshLevel): RoshLevel => ROSH_ORDER[random.int(0, ROSH_ORDER.indexOf(max))]!;
  let publicR = random.chance(0.7) ? overall : lower(overall);
  const knownAdult = domesticAbuse ? overall : lower(overall);
  const childrenR = children ? overall : random.chance(0.7) ? 'LOW' : lower(overall);
  const staffR = lower(overall === 'VERY_HIGH' ? 'HIGH' : overall);
  const prisoners = p.supervision === 'COMMUNITY' ? 'LOW' : lower(overall);
  if (![publicR, knownAdult, childrenR, staffR, prisoners].includes(overall)) publicR = overall;

  const level = (weights: readonly number[]) =>
    new Weighted(weights.map((w, i) => [i as 0 | 1 | 2, w] as const)).draw(random);
  const needy = p.rosh === 'LOW' ? [0.6, 0.3, 0.1] : [0.35, 0.4, 0.25];
  const drugs = random.chance(p.category.startsWith('DRUG') ? 0.7 : 0.35);
  const alcohol = random.chance(p.category === 'DRINK_DRIVING' || p.category === 'DRUNKENNESS' ? 0.8 : 0.3);
  const relationshipStatus = random.pick([
    'LIVING_WITH_PARTNER',
    'PARTNER_NOT_LIVING_TOGETHER',
    'NO_RELATIONSHIP',
    'NO_RELATIONSHIP',
  ] as const);
  const convictionDate = s.start;
  const followUpStartDate = s.communityStart ?? s.expectedRelease ?? s.start;
  const answers: Record<string, unknown> = {
    convictionDate,
    followUpStartDate,
    offenceCode: p.offence.code,
    totalSanctions: history.totalSanctions,
    violentSanctions: history.violentSanctions,
    ageAtFirstSanction: history.ageAtFirst,
    supervisionStatus: p.supervision === 'COMMUNITY' || s.communityStart ? 'COMMUNITY' : 'CUSTODY',
    mostRecentOffenceDate: addDays(convictionDate, -random.int(20, 300)),
    noFixedAbode: random.chance(0.07),
    accommodationSuitability: level(needy),
    unemployed: random.chance(0.55),
    partnerRelationship:
      relationshipStatus === 'NO_RELATIONSHIP' ? 0 : level(domesticAbuse ? [0.2, 0.4, 0.4] : [0.6, 0.3, 0.1]),
    relationshipStatus,
    evidenceOfDomesticAbuse: domesticAbuse,
    domesticAbuseAgainstPartner: domesticAbuse ? random.chance(0.85) : null,
    regularActivitiesEncourageOffending: level(needy),
    drugMisuse: drugs ? level([0.1, 0.5, 0.4]) : 0,
    motivationToTackleDrugMisuse: drugs ? level([0.3, 0.45, 0.25]) : 0,
    drugsUsed: drugs
      ? [
          random.pick([
            'CANNABIS',
            'CANNABIS',
            'CRACK_COCAINE',
            'HEROIN',
            'POWDER_COCAINE',
            'SPICE',
            'BENZODIAZEPINES',
          ]),
        ]
      : [],
    alcoholCurrentUse: alcohol ? level([0.1, 0.5, 0.4]) : 0,
    alcoholBingeDrinking: alcohol ? level([0.3, 0.4, 0.3]) : 0,
    impulsivity: level(needy),
    temperControl: level(p.offence.violent ? [0.3, 0.4, 0.3] : needy),
    problemSolving: level(needy),
    awarenessOfConsequences: level(needy),
    understandsOthersViews: level(needy),
    proCriminalAttitudes: level(needy),
    recognisesImpactOfOffending: random.chance(0.6),
    currentPsychiatricTreatment: random.chance(0.08),
    weaponInCurrentOffence:
      p.offence.category.startsWith('WEAPONS') ||
      p.offence.category.startsWith('FIREARMS') ||
      (p.offence.violent && random.chance(0.15)),
    previousSeriousConvictions:
      history.violentSanctions > 2 && random.chance(0.3)
        ? [random.pick(['WOUNDING_GBH', 'ROBBERY', 'WEAPON'])]
        : [],
    sexualOffenceHistory: p.sexual,
    everCommittedSexualOffence: p.sexual,
    currentOffenceSexuallyMotivated: p.sexual,
    currentOffenceAgainstStranger: random.chance(0.3),
  };
  if (p.sexual) {
    const child = p.category === 'SEXUAL_AGAINST_CHILD';
    Object.assign(answers, {
      contactAdultSexualSanctions: child ? 0 : random.int(1, 2),
      contactChildSexualSanctions: child ? random.int(0, 2) : 0,
      indecentImageSanctions: child ? random.int(0, 2) : 0,
      nonContactSexualOffences: random.chance(0.2) ? 1 : 0,
      mostRecentSexualSanctionDate: convictionDate,
    });
  }
  // Layer 3 needs answers by section, and the severities they give (tiering.md §2.4).
  const sections: Record<string, Record<string, string>> = {};
  const needs: { section: string; severity: string; linkedToHarm: boolean; linkedToReoffending: boolean }[] =
    [];
  for (const [section, def] of Object.entries(NEEDS_SECTIONS)) {
    const base =
      section === 'DRUG_MISUSE'
        ? drugs
          ? [0.1, 0.5, 0.4]
          : [0.9, 0.1, 0]
        : section === 'ALCOHOL_MISUSE'
          ? alcohol
            ? [0.1, 0.5, 0.4]
            : [0.9, 0.1, 0]
          : needy;
    const answersBySection: Record<string, string> = {};
    let score = 0;
    for (const key of def.keys) {
      const v = level(base);
      score += v;
      answersBySection[key] = YES_NO_KEYS.has(key)
        ? v > 0
          ? 'YES'
          : 'NO'
        : FREQUENCY_KEYS.has(key)
          ? ['NEVER', 'PREVIOUS', 'CURRENTLY'][v]!
          : PROBLEM[v]!;
      if (YES_NO_KEYS.has(key) && v === 1) score += 1;
    }
    sections[section] = answersBySection;
    const severity = score >= def.severe ? 'SEVERE' : score >= def.standard ? 'STANDARD' : 'NO_NEED';
    needs.push({
      section,
      severity,
      linkedToHarm: severity !== 'NO_NEED' && random.chance(0.4),
      linkedToReoffending: severity !== 'NO_NEED' && random.chance(0.7),
    });
  }
  answers.needsSections = sections;
  answers.sanIndicator = false;
  if (p.sex === 'FEMALE') {
    answers.womenFactors = {
      parentingResponsibilities: random.chance(0.6) ? 'YES' : 'NO',
      impulsivity: PROBLEM[answers.impulsivity as number],
      temperControl: PROBLEM[answers.temperControl as number],
    };
  }
  const riskToSelf = {
    suicide: random.chance(0.12) ? 'YES' : 'NO',
    selfHarm: random.chance(0.1) ? 'YES' : 'NO',
    custody: p.supervision === 'COMMUNITY' ? 'DONT_KNOW' : random.chance(0.15) ? 'YES' : 'NO',
    hostel: 'NO',
    vulnerability: random.chance(0.1) ? 'YES' : 'NO',
  };
  const initiated = completed ? addDays(completed, -random.int(1, 20)) : addDays(today, -random.int(0, 10));
  const highRisk = overall === 'HIGH' || overall === 'VERY_HIGH';
  const countersigned = status === 'COMPLETE' && highRisk && random.chance(0.8);
  tables.assessment.add([
    p.id,
    ids.assessment++,
    'OASYS_LAYER_3',
    status,
    initiated,
    completed,
    childrenR,
    publicR,
    knownAdult,
    staffR,
    prisoners,
    status === 'COMPLETE' ? overall : null,
    JSON.stringify(riskToSelf),
    JSON.stringify(answers),
    JSON.stringify(needs),
    p.offence.violent && highRisk ? random.chance(0.5) : false,
    assessorId,
    countersigned ? spoId : null,
    countersigned ? `${addDays(completed!, random.int(0, 5))}T12:00:00Z` : null,
  ]);
  return { overall: status === 'COMPLETE' ? overall : null };
}

/** `date` at `time` (UTC), or the seed's latest moment if that is earlier. */
function stampAt(ctx: GeneratorContext, date: string, time: string): string {
  const stamp = `${date}T${time}Z`;
  return stamp < ctx.latestStamp ? stamp : ctx.latestStamp;
}

function writeResponsibility(ctx: GeneratorContext, team: Team, p: Profile, s: SentenceInfo): void {
  const { random, tables, ids, today } = ctx;
  const startDate = s.start < today ? s.start : today;
  const initial = stampAt(ctx, startDate, '09:00:00');
  if (!p.active) {
    const end = s.end && s.end < today ? s.end : addDays(today, -random.int(1, 200));
    tables.responsibility.add([
      p.id,
      ids.responsibility++,
      'COM',
      true,
      team.code,
      team.practitioners[0]?.id ?? null,
      null,
      initial,
      stampAt(ctx, end < startDate ? startDate : end, '17:00:00'),
      'Initial allocation',
      null,
    ]);
    return;
  }
  // A case that moved practitioner has an earlier, ended record.
  let from = initial;
  if (p.staff && random.chance(0.2) && toDayNumber(today) - toDayNumber(startDate) > 60) {
    const handover = addDays(startDate, random.int(14, toDayNumber(today) - toDayNumber(startDate) - 1));
    const previous = random.pick(team.practitioners);
    tables.responsibility.add([
      p.id,
      ids.responsibility++,
      'COM',
      true,
      team.code,
      previous.id,
      null,
      from,
      `${handover}T10:00:00Z`,
      'Initial allocation',
      null,
    ]);
    from = `${handover}T10:00:00Z`;
  }
  if (p.staff) {
    tables.responsibility.add([
      p.id,
      ids.responsibility++,
      'COM',
      true,
      team.code,
      p.staff.id,
      null,
      from,
      null,
      from === initial
        ? 'Initial allocation'
        : random.pick(['Caseload adjustment', 'Officer left', 'Change in tier or risk', 'Change of address']),
      null,
    ]);
  } else {
    // Unallocated: waiting in the team queue, inside the allocation target (3 working days, domain.md §10.2), so
    // the demo starts with a queue to work and nothing yet off the radar (issue #6).
    const since = addWorkingDays(today, -random.int(0, 2));
    tables.responsibility.add([
      p.id,
      ids.responsibility++,
      'COM',
      true,
      team.code,
      null,
      null,
      stampAt(ctx, since, `${String(random.int(8, 17)).padStart(2, '0')}:15:00`),
      null,
      'Awaiting allocation',
      null,
    ]);
  }
  if (p.supervision === 'CUSTODY' && s.status && random.chance(0.6)) {
    const pom = ctx.org.pomTeams.get(team.pdu.region.code)!;
    tables.responsibility.add([
      p.id,
      ids.responsibility++,
      'POM',
      false,
      pom.team.code,
      random.pick(pom.poms).id,
      random.pick(PRISONS).code,
      stampAt(
        ctx,
        addDays(startDate, random.int(1, 30)) < today ? addDays(startDate, random.int(1, 30)) : today,
        '09:00:00',
      ),
      null,
      'Prison allocation',
      null,
    ]);
  }
}

function writeLimitedAccess(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  lao: 'EXCLUSION' | 'RESTRICTION',
  barDemoPractitioner: boolean,
): void {
  const { random, tables, ids, today, org } = ctx;
  const start = addDays(today, -random.int(30, 900));
  if (lao === 'EXCLUSION') {
    const candidates = team.practitioners.filter((s) => s !== p.staff && s.userId !== null);
    const excluded = barDemoPractitioner
      ? org.demo.practitioner
      : random.pick(candidates.length > 0 ? candidates : team.practitioners);
    if (excluded.userId === null) return;
    tables.access_exclusion.add([
      p.id,
      ids.access_exclusion++,
      excluded.userId,
      start,
      null,
      'Personal connection to the person on probation',
    ]);
  } else {
    const named = new Set<number>();
    if (p.staff?.userId) named.add(p.staff.userId);
    if (team.spo.userId) named.add(team.spo.userId);
    if (team.pdu.head.userId) named.add(team.pdu.head.userId);
    if (barDemoPractitioner) named.delete(org.demo.practitioner.userId!);
    for (const userId of named)
      tables.access_restriction.add([p.id, ids.access_restriction++, userId, start, null]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Contacts (context.md §1.11)

function writeContacts(
  ctx: GeneratorContext,
  team: Team,
  p: Profile,
  s: SentenceInfo,
  flags: RiskFlags,
): void {
  const { random, tables, ids, todayDay } = ctx;
  const staffId = p.staff?.id ?? null;
  const high = p.rosh === 'HIGH' || p.rosh === 'VERY_HIGH';
  const horizon = todayDay + 28;
  const windowStart = Math.max(toDayNumber(s.start), todayDay - 365);
  const office = team.officeCode;
  let ftc: number[] = [];
  // The last day before today the person was seen, and the last past appointment they were not seen at.
  let lastSeen = -Infinity;
  let lastMissed = -Infinity;

  const contact = (
    type: string,
    day: number,
    o: {
      start?: string | null;
      end?: string | null;
      event?: boolean;
      requirement?: number | null;
      licence?: number | null;
      linked?: number | null;
      outcome?: string | null;
      attended?: boolean | null;
      complied?: boolean | null;
      rar?: boolean;
      sensitive?: boolean;
      alert?: boolean;
      enforcement?: string | null;
      notes?: string | null;
      office?: boolean;
      staff?: number | null;
    } = {},
  ): number => {
    const id = ids.contact++;
    if (day < todayDay) {
      if (o.attended) lastSeen = Math.max(lastSeen, day);
      else if (o.outcome) lastMissed = Math.max(lastMissed, day);
    }
    tables.contact.add([
      p.id,
      id,
      type,
      fromDayNumber(day),
      o.start ?? null,
      o.end ?? null,
      o.event === false ? null : s.eventId,
      o.requirement ?? null,
      o.licence ?? null,
      o.linked ?? null,
      o.staff === undefined ? staffId : o.staff,
      team.code,
      o.office ? office : null,
      o.outcome ?? null,
      o.attended ?? null,
      o.complied ?? null,
      o.rar ?? false,
      o.sensitive ?? false,
      o.alert ?? false,
      o.enforcement ?? null,
      o.notes ?? null,
    ]);
    return id;
  };
  const slot = (r: Random = random) => {
    const h = r.int(9, 16);
    const m = r.pick([0, 30]);
    const len = r.pick([30, 45, 60]);
    const endMin = h * 60 + m + len;
    return {
      start: `${String(h).padStart(2, '0')}:${m === 0 ? '00' : '30'}:00`,
      end: `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}:00`,
    };
  };
  const workday = (day: number) => {
    const w = weekday(day);
    return w === 0 ? day + 1 : w === 6 ? day + 2 : day;
  };

  /** A national-standards appointment with an outcome if past, plus any enforcement it leads to. */
  const appointment = (
    type: string,
    day: number,
    extra: {
      requirement?: number | null;
      rar?: boolean;
      upw?: boolean;
      office?: boolean;
      notes?: string | null;
    } = {},
  ) => {
    day = workday(day);
    const t = extra.upw ? { start: '09:00:00', end: '16:00:00' } : slot();
    const past = day < todayDay;
    const outcome = past ? (extra.upw ? UPW_OUTCOMES : APPOINTMENT_OUTCOMES).draw(random) : null;
    const o = outcome ? OUTCOMES[outcome]! : null;
    const id = contact(type, day, {
      ...t,
      requirement: extra.requirement,
      rar: extra.rar,
      outcome,
      attended: o?.attended ?? null,
      complied: o?.complied ?? null,
      office: extra.office ?? (type === 'COAP' || type === 'COAI'),
      notes: past && random.chance(0.25) ? (extra.notes ?? random.pick(APPOINTMENT_NOTES)) : null,
      staff: extra.upw ? null : staffId,
    });
    if (o && o.complied === false) {
      ftc = ftc.filter((d) => d > day - 365);
      ftc.push(day);
      // About half of failures lead to enforcement: a warning letter first, then a second, then breach review.
      const action = ftc.length === 1 ? 'EA02' : ftc.length === 2 ? 'EA03' : 'ROM';
      contact(
        s.communityStart && s.releaseDate ? 'CENF' : 'CWLS',
        Math.min(todayDay - 1, day + random.int(0, 3)),
        { linked: id, enforcement: action, start: '12:00:00' },
      );
      if (ftc.length === 2) contact('ARWS', Math.min(todayDay - 1, day + 1), { linked: id, staff: null });
    }
  };

  const stream = (
    type: string,
    from: number,
    to: number,
    perMonth: number,
    opts: { sensitive?: boolean } = {},
  ) => {
    if (perMonth <= 0) return;
    const count = poisson(random, ((to - from) / 30.44) * perMonth);
    for (let i = 0; i < count; i++) {
      const day = workday(random.int(from, Math.max(from, to - 1)));
      if (day >= todayDay) continue;
      const t = type === '' ? OTHER_CONTACTS.draw(random) : type;
      const sensitive = opts.sensitive ?? (SENSITIVE.has(t) || random.chance(0.02));
      contact(t, day, {
        start: slot().start,
        sensitive,
        alert: t === 'C515' || (t === 'C204' && random.chance(0.3)),
        event: false,
      });
    }
  };

  // Assessment and safeguarding enquiries at the start (context.md §3.3: often not made).
  if (flags.assessmentDate && toDayNumber(flags.assessmentDate) >= windowStart)
    contact('CAST', toDayNumber(flags.assessmentDate), { event: false, start: '14:00:00' });
  if (toDayNumber(s.start) >= windowStart) {
    if (random.chance(flags.domesticAbuse ? 0.6 : 0.45)) {
      const req = contact('CSDA', toDayNumber(s.start) + random.int(0, 3), {
        event: false,
        start: '10:00:00',
      });
      if (random.chance(0.85))
        contact('CSDR', toDayNumber(s.start) + random.int(4, 20), {
          event: false,
          linked: req,
          sensitive: true,
          start: '11:00:00',
        });
    }
    if (random.chance(0.5)) {
      const req = contact('CSCE', toDayNumber(s.start) + random.int(0, 3), {
        event: false,
        start: '10:30:00',
      });
      if (random.chance(0.8))
        contact('CSCR', toDayNumber(s.start) + random.int(5, 25), {
          event: false,
          linked: req,
          sensitive: true,
          start: '11:30:00',
        });
    }
    if (staffId)
      contact('AAOD', toDayNumber(s.start) + random.int(0, 2), {
        event: false,
        staff: team.spo.id,
        start: '15:00:00',
      });
  }

  if (!s.communityStart) {
    // In custody: pre-release contact, release planning and multi-agency work (0.3–0.5 appointments a month).
    const from = Math.max(windowStart, toDayNumber(s.start));
    const months = (todayDay - from) / 30.44;
    const n = poisson(random, months * 0.4);
    for (let i = 0; i < n; i++) appointment('CPRE', random.int(from, todayDay - 1), { office: false });
    stream('', from, todayDay, 2);
    if (s.expectedRelease && toDayNumber(s.expectedRelease) - todayDay < 120)
      stream('CRPP', Math.max(from, todayDay - 90), todayDay, 2);
    if (flags.mappa) stream('MAPM', from, todayDay, flags.mappaLevel > 1 ? 1 : 0.33, { sensitive: true });
    return;
  }

  // In the community: appointments by risk and phase; nothing active in a non-exempt final third.
  const commStart = toDayNumber(s.communityStart);
  const endDay = s.end ? toDayNumber(s.end) : commStart + 3650;
  const exempt = flags.mappa || flags.veryHigh || flags.childProtection;
  const twoThirds = commStart + Math.round(((endDay - commStart) * 2) / 3);
  const finalThird = exempt ? endDay : twoThirds;
  if (s.releaseDate && toDayNumber(s.releaseDate) >= windowStart)
    contact('EREL', toDayNumber(s.releaseDate), { staff: null, start: '08:00:00' });
  if (commStart >= windowStart)
    appointment(random.pick(['COAI', 'COAI', 'COAI', 'COVI', 'COHV']), commStart + random.int(1, 5));
  const tierRate = (day: number): [number, number] => {
    if (day >= finalThird) return s.releaseDate ? [0, 0.5] : [0, 0.5];
    const early = day - commStart < 84;
    if (high) return early ? [4, 10] : [2, 6];
    if (p.rosh === 'MEDIUM') return early ? [2, 4] : [1.4, 3.5];
    return early ? [1.5, 2.5] : [1, 2];
  };
  for (let day = Math.max(windowStart, commStart + 7); day < Math.min(horizon, endDay);) {
    const [appts, others] = tierRate(day);
    if (appts > 0) {
      appointment(APPOINTMENT_TYPES.draw(random), day);
      day += Math.max(5, Math.round(30.44 / appts + random.int(-3, 3)));
    } else {
      // Final third: licence cases keep one mid-point follow-up.
      if (s.releaseDate && random.chance(0.2)) appointment('COPT', day);
      day += 30;
    }
    void others;
  }
  const streamEnd = Math.min(todayDay, endDay);
  stream('', Math.max(windowStart, commStart), Math.min(streamEnd, finalThird), tierRate(commStart + 100)[1]);
  if (finalThird < streamEnd) stream('', Math.max(windowStart, finalThird), streamEnd, 0.5);
  if (flags.mappa)
    stream('MAPM', Math.max(windowStart, commStart), streamEnd, flags.mappaLevel > 1 ? 1 : 0.33, {
      sensitive: true,
    });
  if (high) stream('MO1', Math.max(windowStart, commStart), streamEnd, 0.6);
  if (flags.domesticAbuse && random.chance(0.2))
    stream('MARC', Math.max(windowStart, commStart), streamEnd, 0.2, { sensitive: true });

  for (const r of s.requirements) {
    const rStart = Math.max(windowStart, toDayNumber(r.start) + 7);
    const rEnd = Math.min(horizon, toDayNumber(r.end));
    if (rEnd <= rStart) continue;
    const span = toDayNumber(r.end) - toDayNumber(r.start);
    if (r.code === 'F' && r.length) {
      // RAR: about 60 % of the days delivered by the two-thirds point, when RAR activity stops.
      const stop = toDayNumber(r.start) + Math.round((span * 2) / 3);
      const sessions = Math.round(r.length * (0.55 + random.next() * 0.15));
      const last = Math.min(stop, horizon);
      const activity = random.pick(RAR_ACTIVITIES);
      for (let i = 0; i < sessions; i++) {
        const day =
          toDayNumber(r.start) +
          7 +
          Math.floor(((stop - toDayNumber(r.start) - 7) * (i + random.next())) / sessions);
        if (day < rStart || day >= last) continue;
        if (day > todayDay + 28) break;
        appointment('RARS', day, {
          requirement: r.id,
          rar: true,
          office: true,
          notes: `RAR activity: ${activity}`,
        });
      }
    } else if (r.code === 'W' && r.length) {
      // Unpaid work: a 7-hour session most weeks until the hours are done (context.md §1.9).
      const sessions = Math.ceil(r.length / 7 / 0.78);
      contact('CUPI', toDayNumber(r.start) + 5 >= windowStart ? toDayNumber(r.start) + 5 : rStart, {
        requirement: r.id,
        office: true,
        start: '09:00:00',
        end: '11:00:00',
        outcome: toDayNumber(r.start) + 5 < todayDay ? 'ATTC' : null,
        attended: toDayNumber(r.start) + 5 < todayDay ? true : null,
        complied: toDayNumber(r.start) + 5 < todayDay ? true : null,
      });
      const gap = Math.max(4, Math.min(14, Math.floor((span - 30) / sessions)));
      let day = toDayNumber(r.start) + 10;
      for (let i = 0; i < sessions && day < rEnd; i++, day += gap) {
        if (day >= rStart && day < horizon)
          appointment('CUPA', random.chance(0.5) ? day : day + 1, { requirement: r.id, upw: true });
      }
    } else if (r.code === 'RM38' && r.length) {
      let day = toDayNumber(r.start) + random.int(30, 90);
      for (let i = 0; i < r.length && day < rEnd; i++, day += 7)
        if (day >= rStart) appointment('CPRG', day, { requirement: r.id, office: true });
    } else if (r.code === 'D' || r.code === 'A' || r.code === 'M') {
      for (let day = toDayNumber(r.start) + 14; day < rEnd; day += 30)
        if (day >= rStart) appointment('CTRT', day, { requirement: r.id });
    }
  }

  // A missed or excused appointment is rebooked and the person seen (enforcement, too, ends in an attended
  // appointment), so nobody under supervision goes longer than their tier's contact interval: the watchdog
  // (issue #6) is empty on fresh data. The tier is calculated from these records after they are written, so
  // the bound is the shortest tier's interval; a Probation Reset final third has no contact to keep up.
  if (!flags.probationReset && todayDay <= endDay && Math.max(lastSeen, commStart) < todayDay - SEEN_WITHIN) {
    const earliest = todayDay - SEEN_WITHIN;
    const r = ctx.rebookRandom;
    const day =
      weekdayBetween(r, Math.max(earliest, lastMissed + 1), todayDay - 1) ??
      weekdayBetween(r, earliest, todayDay - 1)!;
    contact('COAP', day, {
      ...slot(r),
      outcome: 'ATTC',
      attended: true,
      complied: true,
      office: true,
      notes: lastMissed > lastSeen ? 'Rebooked after a missed appointment.' : null,
    });
  }
}

/** Days within which everyone under supervision has been seen on the seed's date: any tier's interval allows it. */
const SEEN_WITHIN = Math.min(...Object.values(DEFAULT_CONTACT_INTERVALS));

/** A weekday from `from` to `to` inclusive, or null when there is none. */
function weekdayBetween(random: Random, from: number, to: number): number | null {
  const days: number[] = [];
  for (let day = from; day <= to; day++) if (weekday(day) !== 0 && weekday(day) !== 6) days.push(day);
  return days.length > 0 ? random.pick(days) : null;
}

const SENSITIVE = new Set(['C515', 'MAPM', 'MARC', 'CVLI', 'CSDR', 'CSCR', 'CVIS']);
const OUTCOMES: Record<string, { attended: boolean | null; complied: boolean | null }> = {
  ATTC: { attended: true, complied: true },
  AFTC: { attended: true, complied: false },
  ATSH: { attended: true, complied: false },
  UAAB: { attended: false, complied: false },
  AFTA: { attended: false, complied: null },
  AAME: { attended: false, complied: true },
  AAEM: { attended: false, complied: true },
  AAFC: { attended: false, complied: true },
  AACL: { attended: false, complied: true },
  AAHO: { attended: false, complied: true },
  CO05: { attended: false, complied: true },
  RSOF: { attended: null, complied: null },
  RSSR: { attended: null, complied: null },
  ATFI: { attended: true, complied: false },
  AASD: { attended: false, complied: true },
  AFDA: { attended: true, complied: true },
};

function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(random.normal(mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let prod = random.next();
  while (prod > limit) {
    k++;
    prod *= random.next();
  }
  return k;
}
