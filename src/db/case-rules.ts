import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB, SentenceType, CustodialStatus } from './schema.js';

/**
 * The case-record rules that lists, search, the case overview and the API all show, each written once as SQL
 * so a list of 2,000 cases and a single overview agree: the current tier, the current sentence, the case type,
 * the next appointment and the last contact. Queries pass the person's id column, e.g. `sql.ref('p.id')`.
 */

type PersonId = Expression<number>;

/** Date and time of day in Europe/London, the clock appointments are booked in. */
export interface LondonNow {
  date: string;
  time: string;
}

// Built once: an Intl formatter is expensive to construct and every case page asks the time.
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function londonNow(now: Date = new Date()): LondonNow {
  const parts = LONDON_CLOCK.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
  };
}

/** The current tier: the live calculation of the tier model of record (setting `tier.modelOfRecord`). */
export function currentTier(db: Kysely<DB>, personId: PersonId) {
  return db
    .selectFrom('tier_calculation as tc')
    .select('tc.tier')
    .where('tc.person_id', '=', personId)
    .where('tc.superseded_at', 'is', null)
    .where(
      'tc.model',
      '=',
      sql<
        'PROTECT_CHANGE' | 'SINGLE_AXIS'
      >`(select st.value #>> '{}' from setting st where st.key = 'tier.modelOfRecord')`,
    )
    .limit(1);
}

/** A sentence is active while it is not terminated and its event is active (domain.md §4). Aliases s and e. */
export const activeSentence: RawBuilder<SqlBool> = sql<SqlBool>`(s.termination_date is null and not s.soft_deleted
  and e.active and not e.soft_deleted)`;

/** The date a sentence ends: the entered or notional end date, else the custody record's licence or sentence expiry. */
export const sentenceEndDate: RawBuilder<string | null> = sql<
  string | null
>`coalesce(s.expected_end_date, s.licence_expiry_date, s.sentence_expiry_date)`;

export type CaseType = 'COMMUNITY' | 'CUSTODY' | 'LICENCE' | 'PRE_SENTENCE' | 'UNKNOWN';
export const CASE_TYPES: readonly CaseType[] = ['COMMUNITY', 'CUSTODY', 'LICENCE', 'PRE_SENTENCE', 'UNKNOWN'];

/** domain.md §4.3, from the sentence type (d.sentence_type) and custodial status (s.custodial_status). */
const sentenceCaseType: RawBuilder<CaseType> = sql<CaseType>`case
  when d.sentence_type = 'SP' then 'COMMUNITY'
  when d.sentence_type in ('SC', 'NC') and s.custodial_status in ('IN_CUSTODY', 'RECALLED') then 'CUSTODY'
  when d.sentence_type = 'SC' then 'LICENCE'
  else 'UNKNOWN' end`;

/**
 * The current sentence (domain.md §4.3): the active sentence with the latest end date; one with no end date
 * (life, IPP) outlasts any other. Use as a lateral join.
 */
export function currentSentence(db: Kysely<DB>, personId: PersonId) {
  return db
    .selectFrom('sentence as s')
    .innerJoin('event as e', (j) =>
      j.onRef('e.person_id', '=', 's.person_id').onRef('e.id', '=', 's.event_id'),
    )
    .innerJoin('disposal_type as d', 'd.code', 's.disposal_type_code')
    .select([
      's.id as sentence_id',
      'd.description as sentence_description',
      sql<SentenceType>`d.sentence_type`.as('sentence_type'),
      's.length as sentence_length',
      's.length_unit as sentence_length_unit',
      sql<CustodialStatus | null>`s.custodial_status`.as('custodial_status'),
      sentenceEndDate.as('sentence_end_date'),
      sentenceCaseType.as('sentence_case_type'),
    ])
    .where('s.person_id', '=', personId)
    .where(activeSentence)
    .orderBy(sql`${sentenceEndDate} desc nulls first`)
    .orderBy('s.sentence_date', 'desc')
    .orderBy('s.id', 'desc')
    .limit(1);
}

/**
 * The case type shown in lists: the current sentence's, else PRE_SENTENCE when an active event has no sentence
 * yet, else UNKNOWN (listed for data-quality follow-up).
 */
export function caseType(
  personId: PersonId,
  currentSentenceCaseType: Expression<CaseType | null>,
): RawBuilder<CaseType> {
  return sql<CaseType>`coalesce(${currentSentenceCaseType}, case when exists (
      select 1 from event pe where pe.person_id = ${personId} and pe.active and not pe.soft_deleted
        and not exists (select 1 from sentence ps where ps.person_id = pe.person_id and ps.event_id = pe.id
          and not ps.soft_deleted)
    ) then 'PRE_SENTENCE' else 'UNKNOWN' end)`;
}

/**
 * The next appointment: the earliest attendance contact (an appointment type, domain.md §6.3) from now on with
 * no outcome yet; a rescheduled appointment has an outcome and gives way to its replacement.
 */
export function nextAppointment(db: Kysely<DB>, personId: PersonId, now: LondonNow) {
  return db
    .selectFrom('contact as c')
    .innerJoin('contact_type as ct', 'ct.code', 'c.contact_type_code')
    .select([
      'c.id as appointment_id',
      'c.contact_date as appointment_date',
      'c.start_time as appointment_time',
      'ct.description as appointment_type',
      'c.staff_id as appointment_staff_id',
    ])
    .where('c.person_id', '=', personId)
    .where('ct.attendance', '=', true)
    .where('c.soft_deleted', '=', false)
    .where('c.outcome_code', 'is', null)
    .where((eb) =>
      eb.or([
        eb('c.contact_date', '>', now.date),
        eb.and([
          eb('c.contact_date', '=', now.date),
          eb.or([eb('c.start_time', 'is', null), eb('c.start_time', '>=', now.time)]),
        ]),
      ]),
    )
    .orderBy('c.contact_date', 'asc')
    .orderBy(sql`c.start_time asc nulls first`)
    .orderBy('c.id', 'asc')
    .limit(1);
}

/** The last contact: the most recent contact of any type up to now. */
export function lastContact(db: Kysely<DB>, personId: PersonId, now: LondonNow) {
  return db
    .selectFrom('contact as c')
    .innerJoin('contact_type as ct', 'ct.code', 'c.contact_type_code')
    .leftJoin('contact_outcome as co', 'co.code', 'c.outcome_code')
    .select([
      'c.id as contact_id',
      'c.contact_date',
      'c.start_time',
      'ct.description as contact_type',
      'co.description as outcome',
      'c.staff_id',
    ])
    .where('c.person_id', '=', personId)
    .where('c.soft_deleted', '=', false)
    .where((eb) =>
      eb.or([
        eb('c.contact_date', '<', now.date),
        eb.and([
          eb('c.contact_date', '=', now.date),
          eb.or([eb('c.start_time', 'is', null), eb('c.start_time', '<=', now.time)]),
        ]),
      ]),
    )
    .orderBy('c.contact_date', 'desc')
    .orderBy(sql`c.start_time desc nulls last`)
    .orderBy('c.id', 'desc')
    .limit(1);
}

/** True when the person has an active registration in the safeguarding group (domain.md §8.2). */
export function hasSafeguardingFlag(
  personId: PersonId,
  group: 'DOMESTIC_ABUSE' | 'CHILD_SAFEGUARDING',
): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from registration g join register_type gt on gt.code = g.register_type_code
    where g.person_id = ${personId} and g.deregistration_date is null and not g.soft_deleted
      and gt.safeguarding_group = ${group})`;
}
