import { sql, type Expression, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import {
  activeSentence,
  caseType,
  currentSentence,
  currentTier,
  lastContact,
  nextAppointment,
  sentenceEndDate,
  type CaseType,
  type LondonNow,
} from './case-rules.js';
import { preparedQuery } from './prepared.js';
import type { DB, RoshLevel } from './schema.js';
import { orderFlags, type FlagLevel, type SafeguardingGroup } from '../domain/casework/flags.js';

/**
 * Reads of one person's case record, for the case pages and the API alike. Every function takes the person
 * id that the access service (access.ts) returned for an ALLOWED decision: nothing here checks access.
 *
 * Each part is a query plus a mapping from its row, so a page can fetch several parts in one statement
 * (`caseOverview`, as JSON aggregates) and still read them exactly as the single-part functions do.
 */

type PersonId = Expression<number>;

/** Who the person is, as the case header and the personal-details page both name them. */
export interface PersonIdentity {
  forename: string;
  middleNames: string | null;
  surname: string;
  preferredName: string | null;
  dateOfBirth: string;
  dateOfDeath: string | null;
  sex: string;
}

/** The person columns a PersonIdentity is read from. */
export interface PersonIdentityRow {
  forename: string;
  middle_names: string | null;
  surname: string;
  preferred_name: string | null;
  date_of_birth: string;
  date_of_death: string | null;
  sex: string;
}

export function personIdentity(p: PersonIdentityRow): PersonIdentity {
  return {
    forename: p.forename,
    middleNames: p.middle_names,
    surname: p.surname,
    preferredName: p.preferred_name,
    dateOfBirth: p.date_of_birth,
    dateOfDeath: p.date_of_death,
    sex: p.sex,
  };
}

export interface PersonSummary extends PersonIdentity {
  crn: string;
  pncNumber: string | null;
  nomisNumber: string | null;
  tier: string | null;
  caseType: CaseType;
}

/** The person summary's columns, from `person as p`; add `.where('p.id', …)` (and more columns). */
function personSummaryQuery(db: Kysely<DB>) {
  return db
    .selectFrom('person as p')
    .leftJoinLateral(currentSentence(db, sql.ref('p.id')).as('cs'), (j) => j.onTrue())
    .select((eb) => [
      caseType(sql.ref('p.id'), eb.ref('cs.sentence_case_type')).as('case_type'),
      'p.crn',
      'p.forename',
      'p.middle_names',
      'p.surname',
      'p.preferred_name',
      'p.date_of_birth',
      'p.date_of_death',
      'p.sex',
      'p.pnc_number',
      'p.nomis_number',
      currentTier(db, sql.ref('p.id')).as('tier'),
    ]);
}

function toPersonSummary(
  p: PersonIdentityRow & {
    case_type: CaseType;
    crn: string;
    pnc_number: string | null;
    nomis_number: string | null;
    tier: string | null;
  },
): PersonSummary {
  return {
    crn: p.crn,
    ...personIdentity(p),
    pncNumber: p.pnc_number,
    nomisNumber: p.nomis_number,
    tier: p.tier ?? null,
    caseType: p.case_type,
  };
}

export async function personSummary(db: Kysely<DB>, personId: number): Promise<PersonSummary> {
  return toPersonSummary(await personSummaryQuery(db).where('p.id', '=', personId).executeTakeFirstOrThrow());
}

export interface Offence {
  code: string;
  description: string;
  date: string | null;
  count: number;
  main: boolean;
}
export interface Requirement {
  typeCode: string;
  description: string;
  subCategory: string | null;
  length: number | null;
  lengthUnit: string | null;
  startDate: string | null;
  expectedEndDate: string | null;
  active: boolean;
}
export interface LicenceCondition {
  mainCategory: string;
  subCategory: string | null;
  imposedDate: string;
  endDate: string | null;
  active: boolean;
}
export interface Sentence {
  description: string;
  disposalTypeCode: string;
  sentenceType: string;
  sentenceDate: string;
  length: number | null;
  lengthUnit: string | null;
  endDate: string | null;
  terminationDate: string | null;
  custodialStatus: string | null;
  expectedReleaseDate: string | null;
  actualReleaseDate: string | null;
  licenceExpiryDate: string | null;
  active: boolean;
  requirements: Requirement[];
  licenceConditions: LicenceCondition[];
}
export interface CaseEvent {
  eventNumber: string;
  active: boolean;
  convictionDate: string | null;
  referralDate: string;
  inBreach: boolean;
  offences: Offence[];
  sentence: Sentence | null;
}

/**
 * The person's events, newest first, each with its offences, requirements and licence conditions as JSON
 * arrays. With `activeOnly`, just active events, and sentences, requirements and conditions that are still
 * active: the overview's "current sentences".
 */
function eventsQuery(db: Kysely<DB>, personId: PersonId, options: { activeOnly: boolean }) {
  let query = db
    .selectFrom('event as e')
    .leftJoin('sentence as s', (j) =>
      j
        .onRef('s.person_id', '=', 'e.person_id')
        .onRef('s.event_id', '=', 'e.id')
        .on('s.soft_deleted', '=', false),
    )
    .leftJoin('disposal_type as d', 'd.code', 's.disposal_type_code')
    .select([
      'e.event_number',
      'e.active',
      'e.conviction_date',
      'e.referral_date',
      'e.in_breach',
      's.id as sentence_id',
      'd.code as disposal_code',
      'd.description as disposal_description',
      'd.sentence_type',
      's.sentence_date',
      's.length',
      's.length_unit',
      sentenceEndDate.as('end_date'),
      's.termination_date',
      's.custodial_status',
      's.expected_release_date',
      's.actual_release_date',
      's.licence_expiry_date',
      sql<boolean>`coalesce(${activeSentence}, false)`.as('sentence_active'),
    ])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('offence as o')
          .innerJoin('offence_code as oc', 'oc.code', 'o.offence_code')
          .select(['o.offence_code', 'oc.description', 'o.offence_date', 'o.offence_count', 'o.main'])
          .whereRef('o.person_id', '=', 'e.person_id')
          .whereRef('o.event_id', '=', 'e.id')
          .where('o.soft_deleted', '=', false)
          .orderBy('o.main', 'desc')
          .orderBy('o.id'),
      ).as('offences'),
      jsonArrayFrom(
        eb
          .selectFrom('requirement as q')
          .innerJoin('requirement_type as qt', 'qt.code', 'q.requirement_type_code')
          .select([
            'q.requirement_type_code',
            'qt.description',
            'q.sub_category',
            'q.length',
            'qt.length_unit',
            sql<string | null>`coalesce(q.actual_start_date, q.expected_start_date)`.as('start_date'),
            'q.expected_end_date',
            'q.active',
          ])
          .whereRef('q.person_id', '=', 'e.person_id')
          .whereRef('q.sentence_id', '=', 's.id')
          .where('q.soft_deleted', '=', false)
          .$if(options.activeOnly, (qb) => qb.where('q.active', '=', true))
          .orderBy('q.active', 'desc')
          .orderBy('q.id'),
      ).as('requirements'),
      jsonArrayFrom(
        eb
          .selectFrom('licence_condition as l')
          .select(['l.main_category', 'l.sub_category', 'l.imposed_date', 'l.end_date', 'l.active'])
          .whereRef('l.person_id', '=', 'e.person_id')
          .whereRef('l.sentence_id', '=', 's.id')
          .where('l.soft_deleted', '=', false)
          .$if(options.activeOnly, (qb) => qb.where('l.active', '=', true))
          .orderBy('l.active', 'desc')
          .orderBy('l.id'),
      ).as('licence_conditions'),
    ])
    .where('e.person_id', '=', personId)
    .where('e.soft_deleted', '=', false);
  if (options.activeOnly) {
    query = query.where('e.active', '=', true).where((eb) => eb.or([eb('s.id', 'is', null), activeSentence]));
  }
  return query.orderBy('e.event_number', 'desc');
}

type EventRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['executeTakeFirstOrThrow']>>;

function toCaseEvent(e: EventRow): CaseEvent {
  return {
    eventNumber: String(e.event_number),
    active: e.active,
    convictionDate: e.conviction_date,
    referralDate: e.referral_date,
    inBreach: e.in_breach,
    offences: e.offences.map((o) => ({
      code: o.offence_code,
      description: o.description,
      date: o.offence_date,
      count: o.offence_count,
      main: o.main,
    })),
    sentence:
      e.sentence_id === null || !e.disposal_code
        ? null
        : {
            description: e.disposal_description!,
            disposalTypeCode: e.disposal_code,
            sentenceType: e.sentence_type!,
            sentenceDate: e.sentence_date!,
            length: e.length,
            lengthUnit: e.length_unit,
            endDate: e.end_date,
            terminationDate: e.termination_date,
            custodialStatus: e.custodial_status,
            expectedReleaseDate: e.expected_release_date,
            actualReleaseDate: e.actual_release_date,
            licenceExpiryDate: e.licence_expiry_date,
            active: e.sentence_active,
            requirements: e.requirements.map((q) => ({
              typeCode: q.requirement_type_code,
              description: q.description,
              subCategory: q.sub_category,
              length: q.length,
              lengthUnit: q.length_unit,
              startDate: q.start_date,
              expectedEndDate: q.expected_end_date,
              active: q.active,
            })),
            licenceConditions: e.licence_conditions.map((l) => ({
              mainCategory: l.main_category,
              subCategory: l.sub_category,
              imposedDate: l.imposed_date,
              endDate: l.end_date,
              active: l.active,
            })),
          },
  };
}

/** The person's events with offences, sentence, requirements and licence conditions (see `eventsQuery`). */
export async function personEvents(
  db: Kysely<DB>,
  personId: number,
  options: { activeOnly: boolean },
): Promise<CaseEvent[]> {
  const rows = await eventsQuery(db, sql.val(personId), options).execute();
  return rows.map(toCaseEvent);
}

export interface Registration {
  registerTypeCode: string;
  description: string;
  flagLevel: FlagLevel;
  colour: string;
  safeguardingGroup: SafeguardingGroup | null;
  category: string | null;
  level: string | null;
  registrationDate: string;
  nextReviewDate: string | null;
  notes: string | null;
  deregistrationDate: string | null;
  active: boolean;
}

function registrationsQuery(db: Kysely<DB>, personId: PersonId) {
  return db
    .selectFrom('registration as g')
    .innerJoin('register_type as gt', 'gt.code', 'g.register_type_code')
    .select([
      'g.register_type_code',
      'gt.description',
      'gt.flag_level',
      'gt.colour',
      'gt.safeguarding_group',
      'g.category',
      'g.level',
      'g.registration_date',
      'g.next_review_date',
      'g.notes',
      'g.deregistration_date',
    ])
    .where('g.person_id', '=', personId)
    .where('g.soft_deleted', '=', false)
    .orderBy('g.deregistration_date', 'desc')
    .orderBy('g.id', 'desc');
}

type RegistrationRow = Awaited<ReturnType<ReturnType<typeof registrationsQuery>['executeTakeFirstOrThrow']>>;

/** Active flags in display order (orderFlags), then removed flags, most recently removed first. */
function toRegistrations(rows: RegistrationRow[]): Registration[] {
  const all = rows.map((r): Registration => ({
    registerTypeCode: r.register_type_code,
    description: r.description,
    flagLevel: r.flag_level,
    colour: r.colour,
    safeguardingGroup: r.safeguarding_group,
    category: r.category,
    level: r.level,
    registrationDate: r.registration_date,
    nextReviewDate: r.next_review_date,
    notes: r.notes,
    deregistrationDate: r.deregistration_date,
    active: r.deregistration_date === null,
  }));
  return [...orderFlags(all.filter((r) => r.active)), ...all.filter((r) => !r.active)];
}

/** Active flags in display order (orderFlags), then removed flags, most recently removed first. */
export async function personRegistrations(db: Kysely<DB>, personId: number): Promise<Registration[]> {
  return toRegistrations(await registrationsQuery(db, sql.val(personId)).execute());
}

export interface AssessmentSummary {
  type: string;
  completedDate: string;
  rosh: Record<'children' | 'public' | 'knownAdult' | 'staff' | 'prisoners', RoshLevel | null>;
  overall: RoshLevel | null;
  staleAfterWeeks: number;
}

/** A person's completed assessments, latest first, as `a`: the case record's and the Risk tab's RoSH come from the first. */
export function completedAssessmentsLatestFirst(db: Kysely<DB>, personId: number | PersonId) {
  return db
    .selectFrom('assessment as a')
    .where('a.person_id', '=', personId)
    .where('a.status', '=', 'COMPLETE')
    .where('a.soft_deleted', '=', false)
    .orderBy('a.completed_date', 'desc')
    .orderBy('a.id', 'desc');
}

/** An assessment row's RoSH level for each group at risk. */
export function roshByGroup(a: {
  rosh_children: RoshLevel | null;
  rosh_public: RoshLevel | null;
  rosh_known_adult: RoshLevel | null;
  rosh_staff: RoshLevel | null;
  rosh_prisoners: RoshLevel | null;
}): AssessmentSummary['rosh'] {
  return {
    children: a.rosh_children,
    public: a.rosh_public,
    knownAdult: a.rosh_known_adult,
    staff: a.rosh_staff,
    prisoners: a.rosh_prisoners,
  };
}

function latestAssessmentQuery(db: Kysely<DB>, personId: PersonId) {
  return completedAssessmentsLatestFirst(db, personId)
    .select([
      'a.assessment_type',
      'a.completed_date',
      'a.rosh_children',
      'a.rosh_public',
      'a.rosh_known_adult',
      'a.rosh_staff',
      'a.rosh_prisoners',
      'a.rosh_overall',
      sql<number>`(select (st.value #>> '{}')::int from setting st where st.key = 'assessment.staleAfterWeeks')`.as(
        'stale_after_weeks',
      ),
    ])
    .where('a.completed_date', 'is not', null)
    .limit(1);
}

type AssessmentRow = Awaited<ReturnType<ReturnType<typeof latestAssessmentQuery>['executeTakeFirstOrThrow']>>;

function toAssessmentSummary(a: AssessmentRow | null | undefined): AssessmentSummary | null {
  if (!a) return null;
  return {
    type: a.assessment_type,
    completedDate: a.completed_date!,
    rosh: roshByGroup(a),
    overall: a.rosh_overall,
    staleAfterWeeks: a.stale_after_weeks ?? 55,
  };
}

/** The latest completed assessment's RoSH by group (domain.md §8.3), with the staleness setting to judge it by. */
export async function latestAssessment(db: Kysely<DB>, personId: number): Promise<AssessmentSummary | null> {
  return toAssessmentSummary(await latestAssessmentQuery(db, sql.val(personId)).executeTakeFirst());
}

export interface ResponsibleOfficer {
  role: 'COM' | 'POM';
  staffName: string | null;
  staffGrade: string | null;
  staffEmail: string | null;
  team: { code: string; name: string };
  pdu: string;
  since: Date;
}

function responsibleOfficerQuery(db: Kysely<DB>, personId: PersonId) {
  return db
    .selectFrom('responsibility as r')
    .innerJoin('team as t', 't.code', 'r.team_code')
    .innerJoin('pdu as u', 'u.code', 't.pdu_code')
    .leftJoin('staff as st', 'st.id', 'r.staff_id')
    .select([
      'r.role',
      'st.forename',
      'st.surname',
      'st.grade',
      'st.email',
      't.code',
      't.name',
      'u.name as pdu',
      'r.start_at',
    ])
    .where('r.person_id', '=', personId)
    .where('r.end_at', 'is', null)
    .where('r.responsible_officer', '=', true);
}

type ResponsibleOfficerRow = Awaited<
  ReturnType<ReturnType<typeof responsibleOfficerQuery>['executeTakeFirstOrThrow']>
>;

// start_at arrives as a Date from its own query and as an ISO string from a JSON aggregate.
function toResponsibleOfficer(
  r: (Omit<ResponsibleOfficerRow, 'start_at'> & { start_at: Date | string }) | null | undefined,
): ResponsibleOfficer | null {
  if (!r) return null;
  return {
    role: r.role,
    staffName: r.forename ? `${r.forename} ${r.surname}` : null,
    staffGrade: r.grade,
    staffEmail: r.email,
    team: { code: r.code, name: r.name },
    pdu: r.pdu,
    since: new Date(r.start_at),
  };
}

/** The current responsible officer or, for an unallocated case, the team whose queue holds it. */
export async function responsibleOfficer(
  db: Kysely<DB>,
  personId: number,
): Promise<ResponsibleOfficer | null> {
  return toResponsibleOfficer(await responsibleOfficerQuery(db, sql.val(personId)).executeTakeFirst());
}

export interface ContactSummary {
  date: string;
  time: string | null;
  type: string;
  outcome: string | null;
}

type LastContactRow = Awaited<ReturnType<ReturnType<typeof lastContact>['executeTakeFirstOrThrow']>>;
type NextAppointmentRow = Awaited<ReturnType<ReturnType<typeof nextAppointment>['executeTakeFirstOrThrow']>>;

function toLastContact(c: LastContactRow | null): ContactSummary | null {
  return c && { date: c.contact_date, time: c.start_time, type: c.contact_type, outcome: c.outcome };
}

function toNextAppointment(c: NextAppointmentRow | null): ContactSummary | null {
  return c && { date: c.appointment_date, time: c.appointment_time, type: c.appointment_type, outcome: null };
}

/** Everything the case overview shows. */
export interface CaseOverview {
  person: PersonSummary;
  /** Active events with their active sentence, requirements and licence conditions. */
  events: CaseEvent[];
  registrations: Registration[];
  assessment: AssessmentSummary | null;
  officer: ResponsibleOfficer | null;
  lastContact: ContactSummary | null;
  nextAppointment: ContactSummary | null;
}

/**
 * The case overview in one statement: the person summary with every other part as a JSON aggregate. The
 * overview is the most viewed page; one round trip instead of ten is most of its cost.
 */
export function caseOverviewQuery(db: Kysely<DB>, personId: number, now: LondonNow) {
  return personSummaryQuery(db)
    .select(() => [
      jsonArrayFrom(eventsQuery(db, sql.ref('p.id'), { activeOnly: true })).as('events'),
      jsonArrayFrom(registrationsQuery(db, sql.ref('p.id'))).as('registrations'),
      jsonObjectFrom(latestAssessmentQuery(db, sql.ref('p.id'))).as('assessment'),
      jsonObjectFrom(responsibleOfficerQuery(db, sql.ref('p.id'))).as('officer'),
      jsonObjectFrom(lastContact(db, sql.ref('p.id'), now)).as('last_contact'),
      jsonObjectFrom(nextAppointment(db, sql.ref('p.id'), now)).as('next_appointment'),
    ])
    .where('p.id', '=', personId);
}

const overviewStatement = preparedQuery((db, v: { personId: number; date: string; time: string }) =>
  caseOverviewQuery(db, v.personId, { date: v.date, time: v.time }),
);

export async function caseOverview(db: Kysely<DB>, personId: number, now: LondonNow): Promise<CaseOverview> {
  const [row] = await overviewStatement(db, { personId, date: now.date, time: now.time });
  if (!row) throw new Error(`There is no person ${personId}`);
  return {
    person: toPersonSummary(row),
    events: row.events.map(toCaseEvent),
    registrations: toRegistrations(row.registrations),
    assessment: toAssessmentSummary(row.assessment),
    officer: toResponsibleOfficer(row.officer),
    lastContact: toLastContact(row.last_contact),
    nextAppointment: toNextAppointment(row.next_appointment),
  };
}
