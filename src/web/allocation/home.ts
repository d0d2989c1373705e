import type { Kysely } from 'kysely';
import { listNotifications, listQueue, type NotificationView, type QueueScope } from '../../db/allocation.js';
import { managedTeams } from '../../db/caseload.js';
import type { DB } from '../../db/schema.js';
import { hasRole, type CurrentUser } from '../auth/session.js';

// What the home pages show of allocation: the queue counts a manager must not overlook (issue #5: "counts
// appear on the SPO's home page") and the allocations a practitioner has not yet opened.

export interface QueueCount {
  name: string;
  href: string;
  total: number;
  overdue: number;
}

/**
 * The unallocated and overdue counts of the queues a manager answers for: the whole PDU for its head, each
 * managed team for an SPO. The figures are listQueue's, so they match the queue page exactly.
 */
export async function homeQueueCounts(
  db: Kysely<DB>,
  user: CurrentUser,
  now: Date = new Date(),
): Promise<QueueCount[]> {
  const units: { name: string; href: string; scope: QueueScope }[] = [];
  if (hasRole(user, 'PDU_HEAD') && user.homePduCode) {
    const pdu = await db
      .selectFrom('pdu')
      .select(['code', 'name'])
      .where('code', '=', user.homePduCode)
      .executeTakeFirst();
    if (pdu)
      units.push({
        name: pdu.name,
        href: `/allocation/pdu/${pdu.code}`,
        scope: { level: 'pdu', code: pdu.code },
      });
  } else if (hasRole(user, 'SPO')) {
    for (const t of await managedTeams(db, user)) {
      units.push({
        name: t.name,
        href: `/allocation/team/${t.code}`,
        scope: { level: 'team', code: t.code },
      });
    }
  }
  const counts: QueueCount[] = [];
  for (const u of units) {
    const queue = await listQueue(db, user.id, u.scope, now);
    counts.push({ name: u.name, href: u.href, total: queue.total, overdue: queue.overdue });
  }
  return counts;
}

/** The practitioner's allocations not yet opened, newest first: the home page's prompt to act on them. */
export async function unreadAllocations(db: Kysely<DB>, staffId: number): Promise<NotificationView[]> {
  return (await listNotifications(db, staffId)).filter(
    (n) => n.kind === 'CASE_ALLOCATED' && n.readAt === null,
  );
}
