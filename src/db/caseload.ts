import { sql, type Kysely, type SqlBool, type Expression } from 'kysely';
import { blockedFor } from './access.js';
import {
  caseType,
  currentSentence,
  currentTier,
  hasSafeguardingFlag,
  nextAppointment,
  type CaseType,
  type LondonNow,
} from './case-rules.js';
import type { DB, SentenceType } from './schema.js';
import type { SafeguardingGroup } from '../domain/casework/flags.js';
import { parseCrn } from '../domain/casework/crn.js';

/**
 * Case lists: a practitioner's caseload ("My cases") and a team's (SPO, head of PDU), one row per current
 * responsibility record. Restricted people (domain.md §12) come back as their CRN alone: filters on details
 * never match them, and they sort after everyone else by CRN, so neither a filter nor the order gives away
 * anything about them.
 */

export type CaseloadScope =
  { kind: 'STAFF'; staffId: number } | { kind: 'TEAMS'; teamCodes: readonly string[] };

export const CASELOAD_SORTS = ['name', 'crn', 'tier', 'nextAppointment', 'practitioner'] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];
export type SortDirection = 'asc' | 'desc';
export const TIER_LETTERS = ['A', 'B', 'C', 'D'] as const;
export type TierLetter = (typeof TIER_LETTERS)[number];

export interface CaseloadQuery {
  /** A CRN (exact) or names (each word begins the forename or surname). */
  text?: string;
  tier?: TierLetter;
  caseType?: CaseType;
  safeguarding?: SafeguardingGroup;
  /** Team lists only: one practitioner's cases, or the unallocated queue. */
  practitioner?: number | 'UNALLOCATED';
  team?: string;
  sort: CaseloadSort;
  direction: SortDirection;
  page: number;
  pageSize: number;
}

export interface CaseDetails {
  restricted: false;
  crn: string;
  forename: string;
  surname: string;
  tier: string | null;
  caseType: CaseType;
  sentence: {
    description: string;
    sentenceType: SentenceType;
    length: number | null;
    lengthUnit: string | null;
  } | null;
  nextAppointment: { date: string; time: string | null; type: string } | null;
  practitioner: { staffId: number; name: string } | null;
  team: { code: string; name: string };
  role: 'COM' | 'POM';
}
export type CaseloadRow = CaseDetails | { restricted: true; crn: string };

export interface CaseloadPage {
  rows: CaseloadRow[];
  total: number;
}

function baseQuery(db: Kysely<DB>, userId: number, scope: CaseloadScope, now: LondonNow) {
  const pid = sql.ref<number>('p.id');
  let q = db
    .selectFrom('responsibility as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('team as t', 't.code', 'r.team_code')
    .leftJoin('staff as st', 'st.id', 'r.staff_id')
    .leftJoinLateral(currentSentence(db, pid).as('cs'), (j) => j.onTrue())
    .leftJoinLateral(nextAppointment(db, pid, now).as('na'), (j) => j.onTrue())
    .select((eb) => [
      'r.id as responsibility_id',
      'r.role',
      'p.id as person_id',
      'p.crn',
      'p.forename',
      'p.surname',
      blockedFor(pid, userId, now.date).as('restricted'),
      currentTier(db, pid).as('tier'),
      caseType(pid, eb.ref('cs.sentence_case_type')).as('case_type'),
      'cs.sentence_description',
      'cs.sentence_type',
      'cs.sentence_length',
      'cs.sentence_length_unit',
      'na.appointment_date',
      'na.appointment_time',
      'na.appointment_type',
      'r.staff_id',
      'st.forename as staff_forename',
      'st.surname as staff_surname',
      't.code as team_code',
      't.name as team_name',
    ])
    .where('r.end_at', 'is', null)
    .where('p.soft_deleted', '=', false);
  q =
    scope.kind === 'STAFF'
      ? q.where('r.staff_id', '=', scope.staffId)
      : q.where('r.team_code', 'in', [...scope.teamCodes]);
  return q;
}

function nameWordsMatch(words: string[]): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.join(
    words.map((w) => sql`(lower(c.surname) like ${`${w}%`} or lower(c.forename) like ${`${w}%`})`),
    sql` and `,
  )})`;
}

/** SQL for the sort key, null for restricted rows so their place says nothing about them. */
function sortKey(sort: CaseloadSort) {
  switch (sort) {
    case 'name':
      return [sql`lower(c.surname)`, sql`lower(c.forename)`];
    case 'crn':
      return [sql`c.crn`];
    case 'tier':
      return [sql`c.tier`];
    case 'nextAppointment':
      return [sql`c.appointment_date`, sql`c.appointment_time`];
    case 'practitioner':
      return [sql`c.staff_id is null`, sql`lower(c.staff_surname)`, sql`lower(c.staff_forename)`];
  }
}

export async function listCaseload(
  db: Kysely<DB>,
  userId: number,
  scope: CaseloadScope,
  query: CaseloadQuery,
  now: LondonNow,
): Promise<CaseloadPage> {
  if (scope.kind === 'TEAMS' && scope.teamCodes.length === 0) return { rows: [], total: 0 };
  const filtered = () => {
    let q = db.selectFrom(baseQuery(db, userId, scope, now).as('c'));
    const text = query.text?.trim();
    if (text) {
      const crn = parseCrn(text);
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      q = crn
        ? q.where('c.crn', '=', crn)
        : q.where(sql<SqlBool>`not c.restricted`).where(nameWordsMatch(words));
    }
    const detail: Expression<SqlBool>[] = [];
    if (query.tier) detail.push(sql<SqlBool>`c.tier like ${`${query.tier}%`}`);
    if (query.caseType) detail.push(sql<SqlBool>`c.case_type = ${query.caseType}`);
    if (query.safeguarding) detail.push(hasSafeguardingFlag(sql.ref('c.person_id'), query.safeguarding));
    if (query.practitioner === 'UNALLOCATED') q = q.where('c.staff_id', 'is', null);
    else if (query.practitioner !== undefined) q = q.where('c.staff_id', '=', query.practitioner);
    if (query.team) q = q.where('c.team_code', '=', query.team);
    for (const d of detail) q = q.where(sql<SqlBool>`not c.restricted`).where(d);
    return q;
  };

  const count = await filtered()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Number(count.n);

  let page = filtered()
    .selectAll('c')
    .orderBy(sql`c.restricted`);
  const dir = query.direction === 'desc' ? sql`desc` : sql`asc`;
  for (const key of sortKey(query.sort)) {
    page = page.orderBy(sql`case when c.restricted then null else ${key} end ${dir} nulls last`);
  }
  const rows = await page
    .orderBy('c.crn')
    .orderBy('c.responsibility_id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();

  return {
    total,
    rows: rows.map((r): CaseloadRow => {
      if (r.restricted) return { restricted: true, crn: r.crn };
      return {
        restricted: false,
        crn: r.crn,
        forename: r.forename,
        surname: r.surname,
        tier: r.tier ?? null,
        caseType: r.case_type,
        sentence:
          r.sentence_description && r.sentence_type
            ? {
                description: r.sentence_description,
                sentenceType: r.sentence_type,
                length: r.sentence_length,
                lengthUnit: r.sentence_length_unit,
              }
            : null,
        nextAppointment:
          r.appointment_date && r.appointment_type
            ? { date: r.appointment_date, time: r.appointment_time, type: r.appointment_type }
            : null,
        practitioner:
          r.staff_id !== null
            ? { staffId: r.staff_id, name: `${r.staff_forename} ${r.staff_surname}` }
            : null,
        team: { code: r.team_code, name: r.team_name },
        role: r.role,
      };
    }),
  };
}

/** The teams whose caseload a user manages: an SPO's own teams, a head of PDU's whole PDU. */
export async function managedTeams(
  db: Kysely<DB>,
  user: { staffId: number | null; homePduCode: string | null; roles: readonly string[] },
): Promise<{ code: string; name: string }[]> {
  const spoTeams =
    user.roles.includes('SPO') && user.staffId !== null
      ? db
          .selectFrom('staff_team as m')
          .innerJoin('team as t', 't.code', 'm.team_code')
          .select(['t.code', 't.name'])
          .where('m.staff_id', '=', user.staffId)
          .where('m.end_date', 'is', null)
          .execute()
      : Promise.resolve([]);
  const pduTeams =
    user.roles.includes('PDU_HEAD') && user.homePduCode !== null
      ? db
          .selectFrom('team as t')
          .select(['t.code', 't.name'])
          .where('t.pdu_code', '=', user.homePduCode)
          .where('t.end_date', 'is', null)
          .execute()
      : Promise.resolve([]);
  const byCode = new Map([...(await spoTeams), ...(await pduTeams)].map((t) => [t.code, t]));
  return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The PDU codes of the teams, in the database's order (a PDU repeats when several of its teams are given). */
export async function pduCodesOfTeams(db: Kysely<DB>, teams: readonly { code: string }[]): Promise<string[]> {
  if (teams.length === 0) return [];
  const rows = await db
    .selectFrom('team')
    .select('pdu_code')
    .where(
      'code',
      'in',
      teams.map((t) => t.code),
    )
    .execute();
  return rows.map((r) => r.pdu_code);
}

/** Who holds cases in the teams, with how many, and how many wait unallocated: the team page's filter. */
export async function caseloadHolders(
  db: Kysely<DB>,
  teamCodes: readonly string[],
): Promise<{ practitioners: { staffId: number; name: string; cases: number }[]; unallocated: number }> {
  if (teamCodes.length === 0) return { practitioners: [], unallocated: 0 };
  const rows = await db
    .selectFrom('responsibility as r')
    .leftJoin('staff as st', 'st.id', 'r.staff_id')
    .select((eb) => ['r.staff_id', 'st.forename', 'st.surname', eb.fn.countAll<number>().as('n')])
    .where('r.end_at', 'is', null)
    .where('r.team_code', 'in', [...teamCodes])
    .groupBy(['r.staff_id', 'st.forename', 'st.surname'])
    .orderBy('st.surname')
    .orderBy('st.forename')
    .execute();
  return {
    practitioners: rows
      .filter((r) => r.staff_id !== null)
      .map((r) => ({ staffId: r.staff_id!, name: `${r.forename} ${r.surname}`, cases: Number(r.n) })),
    unallocated: Number(rows.find((r) => r.staff_id === null)?.n ?? 0),
  };
}
