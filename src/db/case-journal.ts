import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** The case's contacts (the single journal, domain.md §6) and its audit trail, newest first, a page at a time. */

export interface Paging {
  page: number;
  pageSize: number;
}

export interface ContactEntry {
  id: number;
  date: string;
  startTime: string | null;
  endTime: string | null;
  typeCode: string;
  type: string;
  category: string;
  appointment: boolean;
  outcomeCode: string | null;
  outcome: string | null;
  attended: boolean | null;
  complied: boolean | null;
  eventNumber: string | null;
  staffName: string | null;
  sensitive: boolean;
  rarActivity: boolean;
  enforcementAction: string | null;
  notes: string | null;
}

export async function personContacts(
  db: Kysely<DB>,
  personId: number,
  filter: { from?: string; to?: string },
  paging: Paging,
): Promise<{ rows: ContactEntry[]; total: number }> {
  const filtered = () => {
    let q = db
      .selectFrom('contact as c')
      .where('c.person_id', '=', personId)
      .where('c.soft_deleted', '=', false);
    if (filter.from) q = q.where('c.contact_date', '>=', filter.from);
    if (filter.to) q = q.where('c.contact_date', '<=', filter.to);
    return q;
  };
  const count = await filtered()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered()
    .innerJoin('contact_type as ct', 'ct.code', 'c.contact_type_code')
    .leftJoin('contact_outcome as co', 'co.code', 'c.outcome_code')
    .leftJoin('enforcement_action as ea', 'ea.code', 'c.enforcement_action_code')
    .leftJoin('event as e', (j) =>
      j.onRef('e.person_id', '=', 'c.person_id').onRef('e.id', '=', 'c.event_id'),
    )
    .leftJoin('staff as st', 'st.id', 'c.staff_id')
    .select([
      'c.id',
      'c.contact_date',
      'c.start_time',
      'c.end_time',
      'c.contact_type_code',
      'ct.description as type',
      'ct.category',
      'ct.attendance',
      'c.outcome_code',
      'co.description as outcome',
      'c.attended',
      'c.complied',
      'e.event_number',
      'st.forename',
      'st.surname',
      'c.sensitive',
      'c.rar_activity',
      'ea.description as enforcement_action',
      'c.notes',
    ])
    .orderBy('c.contact_date', 'desc')
    .orderBy('c.start_time', 'desc')
    .orderBy('c.id', 'desc')
    .limit(paging.pageSize)
    .offset((paging.page - 1) * paging.pageSize)
    .execute();
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      date: r.contact_date,
      startTime: r.start_time,
      endTime: r.end_time,
      typeCode: r.contact_type_code,
      type: r.type,
      category: r.category,
      appointment: r.attendance,
      outcomeCode: r.outcome_code,
      outcome: r.outcome,
      attended: r.attended,
      complied: r.complied,
      eventNumber: r.event_number === null ? null : String(r.event_number),
      staffName: r.forename ? `${r.forename} ${r.surname}` : null,
      sensitive: r.sensitive,
      rarActivity: r.rar_activity,
      enforcementAction: r.enforcement_action,
      notes: r.notes,
    })),
  };
}

export interface AuditEntry {
  id: number;
  occurredAt: Date;
  actor: string;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

/** The append-only audit trail of one person (audit_event_person_idx), newest first. */
export async function caseHistory(
  db: Kysely<DB>,
  personId: number,
  paging: Paging,
): Promise<{ rows: AuditEntry[]; total: number }> {
  const count = await db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('audit_event')
    .select(['id', 'occurred_at', 'actor', 'entity', 'entity_id', 'action', 'before', 'after'])
    .where('person_id', '=', personId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(paging.pageSize)
    .offset((paging.page - 1) * paging.pageSize)
    .execute();
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actor: r.actor,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: r.before,
      after: r.after,
    })),
  };
}
