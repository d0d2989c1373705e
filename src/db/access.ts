import {
  sql,
  type Expression,
  type Kysely,
  type QueryCreator,
  type RawBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import { recordAudit, type Actor } from './audit.js';
import { preparedQuery } from './prepared.js';
import type { DB } from './schema.js';
import { parseCrn } from '../domain/casework/crn.js';
import { todayInLondon } from '../domain/calculation/run.js';

/**
 * The one access service (domain.md §12). Every route that shows person data asks it first, after the CRN
 * is validated and before anything else is read; list and search queries filter through `blockedFor`, the
 * same rule expressed in SQL, so a restricted person shows as "Restricted" and nothing more.
 *
 * A user is blocked when an active exclusion names them, or when an active restriction list exists for the
 * person and does not name them. Start and end dates are inclusive days in Europe/London. Fail safe: if
 * the person cannot be found, or the check itself fails, the answer is "restricted".
 */

export type AccessDecision =
  | { outcome: 'ALLOWED'; personId: number; crn: string }
  | { outcome: 'EXCLUDED' | 'RESTRICTED'; personId: number; crn: string; message: string }
  | { outcome: 'NOT_FOUND'; crn: string };

type Queryable = Kysely<DB> | Transaction<DB>;

export const DEFAULT_EXCLUSION_MESSAGE =
  'You are excluded from viewing this case. Speak to your line manager if you believe this is wrong.';
export const DEFAULT_RESTRICTION_MESSAGE =
  'This case is restricted. Only named staff can view it. Speak to your line manager if you need access.';

// Aliases no caller uses, so an outer column passed in (p.id, r.person_id…) is never shadowed.
function activeOn(table: 'access_x' | 'access_r', today: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${table}.start_date`)} <= ${today}::date
    and (${sql.ref(`${table}.end_date`)} is null or ${sql.ref(`${table}.end_date`)} >= ${today}::date)`;
}

/** A user id, or a column holding one (e.g. a staff member's sign-in when listing practitioners). */
type UserId = number | Expression<number | null> | RawBuilder<number | null>;

function excludedSql(
  personId: Expression<number> | RawBuilder<number>,
  userId: UserId,
  today: string,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from access_exclusion access_x
    where access_x.person_id = ${personId} and access_x.user_id = ${userId} and ${activeOn('access_x', today)})`;
}

function restrictedSql(
  personId: Expression<number> | RawBuilder<number>,
  userId: UserId,
  today: string,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(exists (select 1 from access_restriction access_r
      where access_r.person_id = ${personId} and ${activeOn('access_r', today)})
    and not exists (select 1 from access_restriction access_r
      where access_r.person_id = ${personId} and access_r.user_id = ${userId} and ${activeOn('access_r', today)}))`;
}

/**
 * SQL that is true when `userId` may not see the person whose id is `personId` (a column reference such
 * as `sql.ref('p.id')`). Use it in every list and search: select it as `restricted` and blank the details
 * of restricted rows, never filter it out silently (staff must know a case exists). `userId` may be a column:
 * a null one (staff with no sign-in) is on no restriction list, so it is blocked wherever one exists.
 */
export function blockedFor(
  personId: Expression<number> | RawBuilder<number>,
  userId: UserId,
  today = todayInLondon(),
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${excludedSql(personId, userId, today)} or ${restrictedSql(personId, userId, today)})`;
}

/**
 * The decision for one CRN as a query (no rows when there is no such person): `outcome` is ALLOWED, EXCLUDED
 * (an exclusion wins over a restriction list) or RESTRICTED. Shared by the plain decision and the audited
 * one so the rule is written once.
 */
function decisionQuery(db: QueryCreator<DB>, userId: number, crn: string, today: string) {
  return db
    .selectFrom('person as p')
    .select([
      'p.id',
      'p.crn',
      'p.exclusion_message',
      'p.restriction_message',
      sql<'ALLOWED' | 'EXCLUDED' | 'RESTRICTED'>`case
        when ${excludedSql(sql.ref('p.id'), userId, today)} then 'EXCLUDED'
        when ${restrictedSql(sql.ref('p.id'), userId, today)} then 'RESTRICTED'
        else 'ALLOWED' end`.as('outcome'),
    ])
    .where('p.crn', '=', crn)
    .where('p.soft_deleted', '=', false);
}

function toDecision(
  crn: string,
  row:
    | {
        id: number;
        crn: string;
        exclusion_message: string | null;
        restriction_message: string | null;
        outcome: 'ALLOWED' | 'EXCLUDED' | 'RESTRICTED';
      }
    | undefined,
): AccessDecision {
  if (!row) return { outcome: 'NOT_FOUND', crn };
  switch (row.outcome) {
    case 'ALLOWED':
      return { outcome: 'ALLOWED', personId: row.id, crn: row.crn };
    case 'EXCLUDED':
      return {
        outcome: 'EXCLUDED',
        personId: row.id,
        crn: row.crn,
        message: row.exclusion_message ?? DEFAULT_EXCLUSION_MESSAGE,
      };
    case 'RESTRICTED':
      return {
        outcome: 'RESTRICTED',
        personId: row.id,
        crn: row.crn,
        message: row.restriction_message ?? DEFAULT_RESTRICTION_MESSAGE,
      };
  }
}

// Fail safe: an access check that cannot be evaluated never lets data through.
function uncheckable(crn: string, err: unknown): AccessDecision {
  return {
    outcome: 'RESTRICTED',
    personId: -1,
    crn,
    message: `${DEFAULT_RESTRICTION_MESSAGE} (access could not be checked: ${(err as Error).message})`,
  };
}

/** Decides whether `userId` may open the case `crn`. Does not audit; see `checkCaseAccess`. */
export async function decideAccess(
  db: Queryable,
  userId: number,
  input: string,
  today = todayInLondon(),
): Promise<AccessDecision> {
  const crn = parseCrn(input);
  if (!crn) return { outcome: 'NOT_FOUND', crn: input };
  try {
    return toDecision(crn, await decisionQuery(db, userId, crn, today).executeTakeFirst());
  } catch (err) {
    return uncheckable(crn, err);
  }
}

/** The decision and its audit row in one statement (a data-modifying CTE). */
const auditedDecision = preparedQuery(
  (
    db,
    v: {
      userId: number;
      actor: string;
      correlationId: string | null;
      crn: string;
      today: string;
      purpose: string;
    },
  ) =>
    db
      .with('decision', (qc) => decisionQuery(qc, v.userId, v.crn, v.today))
      .with('audit', (qc) =>
        qc
          .insertInto('audit_event')
          .columns([
            'actor_user_id',
            'actor',
            'correlation_id',
            'person_id',
            'crn',
            'entity',
            'entity_id',
            'action',
            'after',
          ])
          .expression((eb) =>
            eb.selectFrom('decision as d').select([
              sql<number>`${v.userId}::bigint`.as('actor_user_id'),
              sql<string>`${v.actor}::text`.as('actor'),
              sql<string | null>`${v.correlationId}::text`.as('correlation_id'),
              'd.id as person_id',
              'd.crn',
              sql<string>`'person'`.as('entity'),
              sql<string>`d.id::text`.as('entity_id'),
              sql<string>`case when d.outcome = 'ALLOWED' then 'VIEW' else 'ACCESS_DENIED' end`.as('action'),
              sql<string>`case when d.outcome = 'ALLOWED' then jsonb_build_object('purpose', ${v.purpose}::text)
                  else jsonb_build_object('purpose', ${v.purpose}::text, 'outcome', d.outcome) end`.as(
                'after',
              ),
            ]),
          ),
      )
      .selectFrom('decision')
      .selectAll(),
);

/**
 * Decides access to a case and audits the decision: VIEW when allowed (with what was opened), ACCESS_DENIED
 * when blocked. Every case route calls this before reading anything else about the person.
 *
 * The decision and its audit row are one statement: one round trip on the hottest path of the service, and
 * no decision is ever returned without its audit row having been written.
 */
export async function checkCaseAccess(
  db: Queryable,
  actor: Actor & { userId: number },
  input: string,
  purpose: string,
  today = todayInLondon(),
): Promise<AccessDecision> {
  const crn = parseCrn(input);
  if (!crn) return { outcome: 'NOT_FOUND', crn: input };
  let rows;
  try {
    rows = await auditedDecision(db, {
      userId: actor.userId,
      actor: actor.name,
      correlationId: actor.correlationId ?? null,
      crn,
      today,
      purpose,
    });
  } catch (err) {
    const decision = uncheckable(crn, err);
    await recordAudit(db, actor, {
      entity: 'person',
      entityId: null,
      personId: null,
      crn,
      action: 'ACCESS_DENIED',
      after: { purpose, outcome: decision.outcome },
    });
    return decision;
  }
  return toDecision(crn, rows[0]);
}
