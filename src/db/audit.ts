import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

export interface Actor {
  userId: number | null;
  /** Username, or "system:<job>" for work Casework does by itself. */
  name: string;
  correlationId?: string;
}

export interface AuditEntry {
  entity: string;
  entityId?: string | number | null;
  action: string;
  personId?: number | null;
  crn?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one event to the audit trail. Writes pass their transaction so the change and its audit event
 * commit or roll back together.
 */
export async function recordAudit(
  db: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_user_id: actor.userId,
      actor: actor.name,
      correlation_id: actor.correlationId ?? null,
      person_id: entry.personId ?? null,
      crn: entry.crn ?? null,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      action: entry.action,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
