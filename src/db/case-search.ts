import { sql, type Kysely, type SqlBool, type RawBuilder } from 'kysely';
import { blockedFor } from './access.js';
import type { DB } from './schema.js';
import type { PersonSearchCriteria } from '../domain/casework/person-search.js';

/**
 * National search (issue #2). Every criterion must match. Names match as lower-case prefixes through the
 * text_pattern_ops indexes of migration 004, on the person or on any of their aliases, so the query stays
 * index-driven at 250,000 people. Restricted people who match come back as their CRN alone, after everyone
 * else, ordered by CRN (domain.md §12: search shows a "restricted" placeholder).
 */

export interface PersonMatch {
  restricted: false;
  crn: string;
  forename: string;
  surname: string;
  dateOfBirth: string;
  pncNumber: string | null;
  /** The alias that matched when the person's own names did not. */
  matchedAlias: string | null;
  team: { code: string; name: string } | null;
  practitioner: string | null;
}
export type PersonSearchRow = PersonMatch | { restricted: true; crn: string };

function prefix(value: string): string {
  // Criteria are letters, spaces, hyphens and apostrophes only (parsePersonSearch), so no LIKE wildcard can
  // be smuggled in; escape them all the same in case that rule ever loosens.
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Name conditions on one table (alias n): forename, surname and free words. */
function namesMatch(criteria: PersonSearchCriteria): RawBuilder<SqlBool> | undefined {
  const parts: RawBuilder<SqlBool>[] = [];
  if (criteria.surname) parts.push(sql<SqlBool>`lower(n.surname) like ${prefix(criteria.surname)}`);
  if (criteria.forename) parts.push(sql<SqlBool>`lower(n.forename) like ${prefix(criteria.forename)}`);
  for (const w of criteria.nameWords ?? []) {
    parts.push(sql<SqlBool>`(lower(n.surname) like ${prefix(w)} or lower(n.forename) like ${prefix(w)})`);
  }
  return parts.length > 0 ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : undefined;
}

export async function searchPersons(
  db: Kysely<DB>,
  userId: number,
  criteria: PersonSearchCriteria,
  paging: { page: number; pageSize: number },
  today: string,
): Promise<{ rows: PersonSearchRow[]; total: number }> {
  const names = namesMatch(criteria);
  const filtered = () => {
    let q = db.selectFrom('person as p').where('p.soft_deleted', '=', false);
    if (criteria.crn) q = q.where('p.crn', '=', criteria.crn);
    if (criteria.dateOfBirth) q = q.where('p.date_of_birth', '=', criteria.dateOfBirth);
    if (criteria.pnc) q = q.where(sql<SqlBool>`upper(p.pnc_number) = ${criteria.pnc}`);
    if (names) {
      q = q.where(sql<SqlBool>`p.id in (select n.id from person n where ${names}
        union select n.person_id from person_alias n where not n.soft_deleted and ${names})`);
    }
    return q;
  };

  const count = await filtered()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const pid = sql.ref<number>('p.id');
  const matches = filtered()
    .leftJoin('responsibility as r', (j) =>
      j.onRef('r.person_id', '=', 'p.id').on('r.end_at', 'is', null).on('r.responsible_officer', '=', true),
    )
    .leftJoin('team as t', 't.code', 'r.team_code')
    .leftJoin('staff as st', 'st.id', 'r.staff_id')
    .select([
      'p.id',
      'p.crn',
      'p.forename',
      'p.surname',
      'p.date_of_birth',
      'p.pnc_number',
      't.code as team_code',
      't.name as team_name',
      'st.forename as staff_forename',
      'st.surname as staff_surname',
      blockedFor(pid, userId, today).as('restricted'),
    ]);
  const rows = await db
    .selectFrom(matches.as('c'))
    .selectAll('c')
    .select([
      (names
        ? sql<string | null>`(select n.forename || ' ' || n.surname from person_alias n
            where n.person_id = c.id and not n.soft_deleted and ${names} order by n.id limit 1)`
        : sql<string | null>`null`
      ).as('alias'),
      (names ? sql<SqlBool>`(select ${names} from person n where n.id = c.id)` : sql<SqlBool>`true`).as(
        'own_name',
      ),
    ])
    .orderBy('c.restricted')
    .orderBy(sql`case when c.restricted then null else lower(c.surname) end`)
    .orderBy(sql`case when c.restricted then null else lower(c.forename) end`)
    .orderBy('c.crn')
    .limit(paging.pageSize)
    .offset((paging.page - 1) * paging.pageSize)
    .execute();

  return {
    total: Number(count.n),
    rows: rows.map((r): PersonSearchRow =>
      r.restricted
        ? { restricted: true, crn: r.crn }
        : {
            restricted: false,
            crn: r.crn,
            forename: r.forename,
            surname: r.surname,
            dateOfBirth: r.date_of_birth,
            pncNumber: r.pnc_number,
            matchedAlias: r.own_name ? null : r.alias,
            team: r.team_code && r.team_name ? { code: r.team_code, name: r.team_name } : null,
            practitioner: r.staff_forename ? `${r.staff_forename} ${r.staff_surname}` : null,
          },
    ),
  };
}
