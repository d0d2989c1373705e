import { sql, type Kysely, type Transaction } from 'kysely';
import { blockedFor, decideAccess } from './access.js';
import { recordAudit, type Actor } from './audit.js';
import {
  NotPermittedError,
  allocationCase,
  loadAllocationConfig,
  lockCurrentCom,
  switchResponsibility,
} from './allocation.js';
import type { DB, NotificationKind, TransferStatus } from './schema.js';
import { onCaseloadChanged } from './workload/recalculate.js';
import type { Queryable } from './workload/config.js';
import { ValidationError, type FieldProblem } from '../domain/validation.js';
import { evaluateGuardrails, londonDate } from '../domain/allocation/index.js';
import { workloadGradeForStaff, type StaffGrade } from '../domain/workload/index.js';
import {
  CHECKLIST_ITEMS,
  isOverdue,
  rejectionProblems,
  transferDeadline,
  transferKind,
  transferRequestProblems,
  type Checklist,
  type TransferKind,
} from '../domain/casework/transfer.js';
import type { OrgPlace } from './org-units.js';

// Transfers (domain.md §10.5, issue #6). The sending practitioner stays responsible until the receiving side
// accepts; acceptance moves responsibility, workload and queues in one transaction through the same switch
// allocation uses. Every step is audited in its own transaction, and nothing about the person is copied: both
// sides open the one record through the access service.

/** Who acts: the signed-in user with what decides which side of a transfer they are on. */
export interface TransferActor extends Actor {
  userId: number;
  roles: readonly string[];
  staffId: number | null;
  homePduCode: string | null;
}

export interface TransferRequestInput {
  crn: string;
  toTeamCode: string | null;
  /** The receiving practitioner; null sends the case to the receiving team's allocation queue on acceptance. */
  toStaffId: number | null;
  reason: string | null;
  handoverNote: string | null;
  checklist: Partial<Checklist>;
}

/** A transfer's sides, named for pages and the API. */
export interface TransferSide extends OrgPlace {
  staffId: number | null;
  practitioner: string | null;
}

export interface TransferView {
  id: number;
  personId: number;
  crn: string;
  /** The user may not see the person: only the CRN and the transfer's place are shown. */
  restricted: boolean;
  name: string | null;
  kind: TransferKind;
  status: TransferStatus;
  from: TransferSide;
  to: TransferSide;
  reason: string | null;
  handoverNote: string | null;
  checklist: Checklist;
  requestedAt: Date;
  requestedBy: string;
  deadlineDate: string;
  overdue: boolean;
  escalatedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  rejectionReason: string | null;
}

const WRITER_ROLES = ['PRACTITIONER', 'SPO', 'PDU_HEAD'];
const PRACTITIONER_GRADES: readonly StaffGrade[] = ['PO', 'PQIP', 'PSO'];

function requireWriter(actor: TransferActor): void {
  if (!actor.roles.some((r) => WRITER_ROLES.includes(r))) {
    throw new NotPermittedError(
      'Only practitioners, senior probation officers and heads of PDU handle transfers',
    );
  }
}

/** True when the actor acts for this side: its practitioner, an SPO of its team or the head of its PDU. */
async function actsFor(
  db: Queryable,
  actor: TransferActor,
  side: { teamCode: string; pduCode: string; staffId: number | null },
  today: string,
): Promise<boolean> {
  if (actor.staffId !== null && actor.staffId === side.staffId && actor.roles.includes('PRACTITIONER'))
    return true;
  if (actor.roles.includes('PDU_HEAD') && actor.homePduCode === side.pduCode) return true;
  if (!actor.roles.includes('SPO') || actor.staffId === null) return false;
  const member = await db
    .selectFrom('staff_team')
    .select('staff_id')
    .where('staff_id', '=', actor.staffId)
    .where('team_code', '=', side.teamCode)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .executeTakeFirst();
  return member !== undefined;
}

interface LockedCase {
  personId: number;
  crn: string;
  responsibilityId: number;
  staffId: number | null;
  teamCode: string;
  teamName: string;
  pduCode: string;
  regionCode: string;
  practitioner: string | null;
}

/** Locks the person's current COM record (serialising every change of hands) and reads where the case is. */
async function lockCase(trx: Transaction<DB>, personId: number): Promise<LockedCase | null> {
  const locked = await lockCurrentCom(trx, personId);
  if (!locked) return null;
  const row = await trx
    .selectFrom('responsibility as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .innerJoin('team as t', 't.code', 'r.team_code')
    .innerJoin('pdu as d', 'd.code', 't.pdu_code')
    .leftJoin('staff as s', 's.id', 'r.staff_id')
    .select([
      'p.crn',
      'p.case_status',
      'p.soft_deleted',
      'r.staff_id',
      'r.team_code',
      't.name as team_name',
      'd.code as pdu_code',
      'd.region_code',
      sql<string | null>`s.forename || ' ' || s.surname`.as('practitioner'),
    ])
    .where('r.person_id', '=', personId)
    .where('r.id', '=', locked.id)
    .executeTakeFirstOrThrow();
  if (row.case_status !== 'ACTIVE' || row.soft_deleted) return null;
  return {
    personId,
    crn: row.crn,
    responsibilityId: locked.id,
    staffId: row.staff_id,
    teamCode: row.team_code,
    teamName: row.team_name,
    pduCode: row.pdu_code,
    regionCode: row.region_code,
    practitioner: row.practitioner,
  };
}

const closedCase = () =>
  new ValidationError(
    [{ field: 'crn', problem: 'This case is closed (not active), so it cannot be transferred' }],
    422,
  );

async function openForActor(trx: Transaction<DB>, actor: TransferActor, crn: string, today: string) {
  const access = await decideAccess(trx, actor.userId, crn, today);
  if (access.outcome === 'NOT_FOUND')
    throw new ValidationError([{ field: 'crn', problem: 'No case has this CRN' }], 404);
  if (access.outcome !== 'ALLOWED') throw new NotPermittedError(access.message);
  return access;
}

/** The SPOs currently in a team: the managers an overdue or new transfer is brought to. */
function teamSpos(db: Queryable, teamCodes: readonly string[], today: string) {
  return db
    .selectFrom('staff_team as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id'])
    .where('m.team_code', 'in', [...teamCodes])
    .where('s.grade', '=', 'SPO')
    .where('m.start_date', '<=', today)
    .where((eb) => eb.or([eb('m.end_date', 'is', null), eb('m.end_date', '>=', today)]))
    .where((eb) => eb.or([eb('s.end_date', 'is', null), eb('s.end_date', '>=', today)]))
    .execute();
}

/** The practitioner record a user signs in for, if any: who to notify about what that user did. */
export async function staffIdOfUser(trx: Transaction<DB>, userId: number): Promise<number | null> {
  const user = await trx
    .selectFrom('app_user')
    .select('staff_id')
    .where('id', '=', userId)
    .executeTakeFirst();
  return user?.staff_id ?? null;
}

async function notifyStaff(
  trx: Transaction<DB>,
  staffIds: readonly (number | null)[],
  n: {
    personId: number;
    transferId: number;
    kind: NotificationKind;
    title: string;
    body: string;
    action: string | null;
    now: Date;
  },
): Promise<void> {
  const ids = [...new Set(staffIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return;
  await trx
    .insertInto('notification')
    .values(
      ids.map((id) => ({
        person_id: n.personId,
        recipient_staff_id: id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        action: n.action,
        allocation_id: null,
        transfer_id: n.transferId,
        created_at: n.now,
      })),
    )
    .execute();
}

function isPendingConflict(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'transfer_pending_idx';
}

/**
 * Requests a transfer (issue #6). Checks, in this order and all before writing: the request's own fields, the
 * case (active, visible to the requester, no transfer already pending), the requester's side, the receiving
 * team (active) and practitioner (active in that team, a PO, PQiP or PSO, not barred from the case, and of a
 * grade the allocation guardrails allow). Any problem is a ValidationError naming its field and nothing is
 * written. The current practitioner stays responsible; the receiving SPOs and practitioner are notified.
 */
export async function requestTransfer(
  db: Kysely<DB>,
  actor: TransferActor,
  input: TransferRequestInput,
  now: Date = new Date(),
): Promise<TransferView> {
  requireWriter(actor);
  const today = londonDate(now);
  const id = await db
    .transaction()
    .execute(async (trx) => {
      const access = await openForActor(trx, actor, input.crn, today);
      const c = await lockCase(trx, access.personId);
      if (!c) throw closedCase();
      if (
        !(await actsFor(trx, actor, { teamCode: c.teamCode, pduCode: c.pduCode, staffId: c.staffId }, today))
      ) {
        throw new NotPermittedError(
          'Only the case’s practitioner, an SPO of its team or the head of its PDU can request its transfer',
        );
      }
      const problems: FieldProblem[] = transferRequestProblems(input);
      const pending = await trx
        .selectFrom('transfer as t')
        .innerJoin('team as tt', 'tt.code', 't.to_team_code')
        .select(['t.id', 'tt.name'])
        .where('t.person_id', '=', c.personId)
        .where('t.status', '=', 'PENDING')
        .executeTakeFirst();
      if (pending) {
        throw new ValidationError(
          [
            {
              field: 'crn',
              problem: `A transfer of this case to ${pending.name} is already pending: it must be accepted, rejected or cancelled first`,
            },
          ],
          409,
        );
      }
      const team = input.toTeamCode
        ? await trx
            .selectFrom('team as t')
            .innerJoin('pdu as d', 'd.code', 't.pdu_code')
            .innerJoin('region as g', 'g.code', 'd.region_code')
            .select(['t.code', 't.name', 't.start_date', 't.end_date', 'd.code as pdu_code', 'd.region_code'])
            .where('t.code', '=', input.toTeamCode)
            .executeTakeFirst()
        : undefined;
      if (!team) problems.push({ field: 'toTeamCode', problem: 'Choose the team receiving the case' });
      else if (team.start_date > today || (team.end_date !== null && team.end_date < today))
        problems.push({
          field: 'toTeamCode',
          problem: `${team.name} is not an active team${team.end_date ? ` (it closed on ${team.end_date})` : ''}: choose another`,
        });
      const teamOk = team !== undefined && !problems.some((p) => p.field === 'toTeamCode');
      if (teamOk && input.toStaffId === null && team.code === c.teamCode) {
        problems.push({
          field: 'toStaffId',
          problem:
            'Choose the practitioner receiving the case: a transfer within the team names who takes it',
        });
      }
      if (teamOk && input.toStaffId !== null) {
        problems.push(
          ...(await receivingPractitionerProblems(trx, actor, c, team.code, input.toStaffId, now)),
        );
      }
      if (problems.length > 0) throw new ValidationError(problems);
      const toTeam = team!;
      const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.column, true])) as Record<
        (typeof CHECKLIST_ITEMS)[number]['column'],
        boolean
      >;
      const kind = transferKind(
        { teamCode: c.teamCode, pduCode: c.pduCode, regionCode: c.regionCode },
        { teamCode: toTeam.code, pduCode: toTeam.pdu_code, regionCode: toTeam.region_code },
      );
      const deadline = transferDeadline(today);
      const row = await trx
        .insertInto('transfer')
        .values({
          person_id: c.personId,
          kind,
          from_responsibility_id: c.responsibilityId,
          from_team_code: c.teamCode,
          from_staff_id: c.staffId,
          from_pdu_code: c.pduCode,
          from_region_code: c.regionCode,
          to_team_code: toTeam.code,
          to_staff_id: input.toStaffId,
          to_pdu_code: toTeam.pdu_code,
          to_region_code: toTeam.region_code,
          reason: input.reason!.trim(),
          handover_note: input.handoverNote!.trim(),
          ...checklist,
          requested_at: now,
          requested_by_user_id: actor.userId,
          deadline_date: deadline,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const receivingSpos = await teamSpos(trx, [toTeam.code], today);
      await notifyStaff(trx, [input.toStaffId, ...receivingSpos.map((s) => s.id)], {
        personId: c.personId,
        transferId: row.id,
        kind: 'TRANSFER_REQUESTED',
        title: `Transfer of ${c.crn} to ${toTeam.name} is waiting for you`,
        body: `${c.teamName} asks ${toTeam.name} to take ${c.crn}. Accept or reject it by ${deadline}; the case record is open to you meanwhile.`,
        action: 'Accept or reject the transfer',
        now,
      });
      await recordAudit(trx, actor, {
        entity: 'transfer',
        entityId: row.id,
        personId: c.personId,
        crn: c.crn,
        action: 'REQUEST',
        after: {
          kind,
          fromResponsibilityId: c.responsibilityId,
          fromTeamCode: c.teamCode,
          fromStaffId: c.staffId,
          toTeamCode: toTeam.code,
          toStaffId: input.toStaffId,
          reason: input.reason!.trim(),
          deadlineDate: deadline,
        },
      });
      return row.id;
    })
    .catch((err: unknown) => {
      // The lock on the COM record serialises requests, so this is a backstop for a case locked differently.
      if (isPendingConflict(err))
        throw new ValidationError(
          [
            {
              field: 'crn',
              problem: 'Another transfer of this case was requested at the same moment: reload and check it',
            },
          ],
          409,
        );
      throw err;
    });
  return (await findTransfer(db, actor.userId, id, now))!;
}

/** Problems with the named receiving practitioner; empty when they may receive the case. */
async function receivingPractitionerProblems(
  trx: Transaction<DB>,
  actor: TransferActor,
  c: LockedCase,
  teamCode: string,
  staffId: number,
  now: Date,
): Promise<FieldProblem[]> {
  const today = londonDate(now);
  const staff = await sql<{
    name: string;
    grade: StaffGrade;
    qualification_date: string | null;
    blocked: boolean;
  }>`
    select s.forename || ' ' || s.surname as name, s.grade, s.qualification_date,
      ${blockedFor(sql<number>`${c.personId}::bigint`, sql.ref('u.id'), today)} as blocked
    from staff s
    join staff_team m on m.staff_id = s.id and m.team_code = ${teamCode}
      and m.start_date <= ${today}::date and (m.end_date is null or m.end_date >= ${today}::date)
    left join app_user u on u.staff_id = s.id
    where s.id = ${staffId} and s.start_date <= ${today}::date and (s.end_date is null or s.end_date >= ${today}::date)
    limit 1`.execute(trx);
  const s = staff.rows[0];
  if (!s || !PRACTITIONER_GRADES.includes(s.grade))
    return [{ field: 'toStaffId', problem: 'Choose an active PO, PQiP or PSO of the receiving team' }];
  if (s.blocked)
    return [{ field: 'toStaffId', problem: `${s.name} is excluded from this case and cannot receive it` }];
  if (staffId === c.staffId && teamCode === c.teamCode)
    return [{ field: 'toStaffId', problem: `${s.name} already holds this case` }];
  // The grade guardrails that would stop the receiving SPO allocating the case to them stop the transfer too.
  const facts = await allocationCase(
    trx,
    actor.userId,
    c.personId,
    (code) => loadAllocationConfig(trx, code),
    now,
  );
  const config = await loadAllocationConfig(trx, c.regionCode);
  const grade = workloadGradeForStaff(s.grade, s.qualification_date, today);
  const findings = facts
    ? evaluateGuardrails(facts, { grade, bandAfter: 'WITHIN', displayPctAfter: null }, config.guardrails)
    : [];
  return findings.map((f) => ({
    field: 'toStaffId',
    problem: `${f.message} Transfer to the team instead; its SPO allocates with the override recorded.`,
  }));
}

/** Locks a pending transfer; a transfer already decided is a 409 naming what happened to it. */
async function lockPending(trx: Transaction<DB>, transferId: number) {
  const t = await trx
    .selectFrom('transfer')
    .selectAll()
    .where('id', '=', transferId)
    .forUpdate()
    .executeTakeFirst();
  if (!t) throw new ValidationError([{ field: 'transfer', problem: 'No transfer has this id' }], 404);
  if (t.status !== 'PENDING') {
    const who = t.decided_by_user_id
      ? await trx
          .selectFrom('app_user')
          .select('display_name')
          .where('id', '=', t.decided_by_user_id)
          .executeTakeFirst()
      : undefined;
    throw new ValidationError(
      [
        {
          field: 'transfer',
          problem: `This transfer has already been ${t.status.toLowerCase()}${who ? ` by ${who.display_name}` : ''}; nothing was changed`,
        },
      ],
      409,
    );
  }
  return t;
}

type PendingTransfer = Awaited<ReturnType<typeof lockPending>>;

async function decide(
  db: Kysely<DB>,
  actor: TransferActor,
  transferId: number,
  side: 'SENDING' | 'RECEIVING',
  now: Date,
  apply: (trx: Transaction<DB>, t: PendingTransfer, crn: string) => Promise<void>,
): Promise<TransferView> {
  requireWriter(actor);
  const today = londonDate(now);
  await db.transaction().execute(async (trx) => {
    const t = await lockPending(trx, transferId);
    const person = await trx
      .selectFrom('person')
      .select('crn')
      .where('id', '=', t.person_id)
      .executeTakeFirstOrThrow();
    await openForActor(trx, actor, person.crn, today);
    const sideUnit =
      side === 'RECEIVING'
        ? { teamCode: t.to_team_code, pduCode: t.to_pdu_code, staffId: t.to_staff_id }
        : { teamCode: t.from_team_code, pduCode: t.from_pdu_code, staffId: t.from_staff_id };
    const requester = side === 'SENDING' && t.requested_by_user_id === actor.userId;
    if (!requester && !(await actsFor(trx, actor, sideUnit, today))) {
      throw new NotPermittedError(
        side === 'RECEIVING'
          ? 'Only the receiving practitioner, an SPO of the receiving team or the head of its PDU can accept or reject this transfer'
          : 'Only the requester, an SPO of the sending team or the head of its PDU can cancel this transfer',
      );
    }
    await apply(trx, t, person.crn);
  });
  return (await findTransfer(db, actor.userId, transferId, now))!;
}

/**
 * Accepts a pending transfer: in one transaction the sending COM record ends and the receiving one starts
 * (with the practitioner named, or in the receiving team's queue), both practitioners' workload is
 * recalculated, the person's row version moves on, the sending side is told and the step is audited. Of two
 * concurrent decisions on one transfer exactly one wins; the other is a 409 saying what happened.
 */
export async function acceptTransfer(
  db: Kysely<DB>,
  actor: TransferActor,
  transferId: number,
  now: Date = new Date(),
): Promise<TransferView> {
  const today = londonDate(now);
  return decide(db, actor, transferId, 'RECEIVING', now, async (trx, t, crn) => {
    const c = await lockCase(trx, t.person_id);
    if (!c) throw closedCase();
    if (c.responsibilityId !== t.from_responsibility_id) {
      throw new ValidationError(
        [
          {
            field: 'transfer',
            problem: 'The case changed hands after this transfer was requested: reject it and ask again',
          },
        ],
        409,
      );
    }
    const team = await trx
      .selectFrom('team')
      .select(['name', 'start_date', 'end_date'])
      .where('code', '=', t.to_team_code)
      .executeTakeFirstOrThrow();
    const problems: FieldProblem[] = [];
    if (team.start_date > today || (team.end_date !== null && team.end_date < today))
      problems.push({
        field: 'toTeamCode',
        problem: `${team.name} is no longer active: reject the transfer`,
      });
    let practitioner: string | null = null;
    if (t.to_staff_id !== null && problems.length === 0) {
      const found = await receivingPractitionerProblems(trx, actor, c, t.to_team_code, t.to_staff_id, now);
      problems.push(...found);
      const s = await trx
        .selectFrom('staff')
        .select(['forename', 'surname'])
        .where('id', '=', t.to_staff_id)
        .executeTakeFirstOrThrow();
      practitioner = `${s.forename} ${s.surname}`;
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (now.getTime() <= new Date(t.requested_at).getTime()) {
      throw new ValidationError(
        [{ field: 'transfer', problem: 'Accepted at the moment it was requested: try again' }],
        409,
      );
    }
    const started = await switchResponsibility(trx, {
      personId: t.person_id,
      fromResponsibilityId: c.responsibilityId,
      fromTeamName: c.teamName,
      fromPractitioner: c.practitioner,
      to: { teamCode: t.to_team_code, teamName: team.name, staffId: t.to_staff_id, practitioner },
      reason: `Transfer in: ${t.reason}`,
      notes: t.handover_note,
      actorUserId: actor.userId,
      now,
    });
    await trx
      .updateTable('transfer')
      .set({
        status: 'ACCEPTED',
        decided_at: now,
        decided_by_user_id: actor.userId,
        to_responsibility_id: started,
      })
      .where('person_id', '=', t.person_id)
      .where('id', '=', t.id)
      .execute();
    await trx
      .updateTable('person')
      .set({ row_version: sql`row_version + 1`, updated_at: now })
      .where('id', '=', t.person_id)
      .execute();
    await onCaseloadChanged(trx, [t.from_staff_id, t.to_staff_id], today);
    const requester = await staffIdOfUser(trx, t.requested_by_user_id);
    await notifyStaff(trx, [t.from_staff_id, requester], {
      personId: t.person_id,
      transferId: t.id,
      kind: 'TRANSFER_ACCEPTED',
      title: `${crn} has been transferred to ${team.name}`,
      body: `${team.name}${practitioner ? ` (${practitioner})` : ''} accepted the transfer and is now responsible.`,
      action: null,
      now,
    });
    if (t.to_staff_id !== null) {
      await notifyStaff(trx, [t.to_staff_id], {
        personId: t.person_id,
        transferId: t.id,
        kind: 'TRANSFER_ACCEPTED',
        title: `${crn} is now yours`,
        body: 'The transfer was accepted: you are the responsible practitioner. Read the handover note on the case’s transfers page.',
        action: 'Read the handover note',
        now,
      });
    }
    await recordAudit(trx, actor, {
      entity: 'transfer',
      entityId: t.id,
      personId: t.person_id,
      crn,
      action: 'ACCEPT',
      before: {
        status: 'PENDING',
        responsibilityId: c.responsibilityId,
        teamCode: c.teamCode,
        staffId: c.staffId,
      },
      after: {
        status: 'ACCEPTED',
        responsibilityId: started,
        teamCode: t.to_team_code,
        staffId: t.to_staff_id,
      },
    });
  });
}

/** Rejects a pending transfer with a reason: the case stays where it is and the sending side is told why. */
export async function rejectTransfer(
  db: Kysely<DB>,
  actor: TransferActor,
  transferId: number,
  reason: string | null,
  now: Date = new Date(),
): Promise<TransferView> {
  const problems = rejectionProblems(reason);
  return decide(db, actor, transferId, 'RECEIVING', now, async (trx, t, crn) => {
    if (problems.length > 0) throw new ValidationError(problems);
    const text = reason!.trim();
    await trx
      .updateTable('transfer')
      .set({ status: 'REJECTED', decided_at: now, decided_by_user_id: actor.userId, rejection_reason: text })
      .where('person_id', '=', t.person_id)
      .where('id', '=', t.id)
      .execute();
    const requester = await staffIdOfUser(trx, t.requested_by_user_id);
    await notifyStaff(trx, [t.from_staff_id, requester], {
      personId: t.person_id,
      transferId: t.id,
      kind: 'TRANSFER_REJECTED',
      title: `The transfer of ${crn} was rejected`,
      body: `Reason: ${text}. The case stays with its current practitioner.`,
      action: 'Read the reason and decide what happens next',
      now,
    });
    await recordAudit(trx, actor, {
      entity: 'transfer',
      entityId: t.id,
      personId: t.person_id,
      crn,
      action: 'REJECT',
      before: { status: 'PENDING' },
      after: { status: 'REJECTED', reason: text },
    });
  });
}

/** The sending side withdraws a pending transfer. */
export async function cancelTransfer(
  db: Kysely<DB>,
  actor: TransferActor,
  transferId: number,
  now: Date = new Date(),
): Promise<TransferView> {
  return decide(db, actor, transferId, 'SENDING', now, async (trx, t, crn) => {
    await trx
      .updateTable('transfer')
      .set({ status: 'CANCELLED', decided_at: now, decided_by_user_id: actor.userId })
      .where('person_id', '=', t.person_id)
      .where('id', '=', t.id)
      .execute();
    await recordAudit(trx, actor, {
      entity: 'transfer',
      entityId: t.id,
      personId: t.person_id,
      crn,
      action: 'CANCEL',
      before: { status: 'PENDING' },
      after: { status: 'CANCELLED' },
    });
  });
}

// ---- escalation -----------------------------------------------------------------------------------------

/**
 * Escalates every pending transfer past its deadline to the SPOs of both teams, once: the escalation row's
 * key refuses a second, so concurrent page loads write one escalation and one set of notifications. Called
 * when the transfer, watchdog and notification pages load (no scheduler needed); returns how many escalated.
 */
export async function escalateOverdueTransfers(db: Kysely<DB>, now: Date = new Date()): Promise<number> {
  const today = londonDate(now);
  const due = await db
    .selectFrom('transfer')
    .select('id')
    .where('status', '=', 'PENDING')
    .where('deadline_date', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('transfer_escalation as e')
            .select('e.transfer_id')
            .whereRef('e.person_id', '=', 'transfer.person_id')
            .whereRef('e.transfer_id', '=', 'transfer.id'),
        ),
      ),
    )
    .execute();
  if (due.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const escalated = await sql<{
      person_id: number;
      transfer_id: number;
      deadline_date: string;
    }>`insert into transfer_escalation (person_id, transfer_id, escalated_at, deadline_date)
        select t.person_id, t.id, ${now}, t.deadline_date from transfer t
        where t.id = any(${due.map((d) => d.id)}::bigint[]) and t.status = 'PENDING'
        on conflict do nothing
        returning person_id, transfer_id, to_char(deadline_date, 'YYYY-MM-DD') as deadline_date`.execute(trx);
    for (const e of escalated.rows) {
      const t = await trx
        .selectFrom('transfer as t')
        .innerJoin('person as p', 'p.id', 't.person_id')
        .innerJoin('team as f', 'f.code', 't.from_team_code')
        .innerJoin('team as r', 'r.code', 't.to_team_code')
        .select(['p.crn', 't.from_team_code', 't.to_team_code', 'f.name as from_name', 'r.name as to_name'])
        .where('t.person_id', '=', e.person_id)
        .where('t.id', '=', e.transfer_id)
        .executeTakeFirstOrThrow();
      const spos = await teamSpos(trx, [t.from_team_code, t.to_team_code], today);
      await notifyStaff(
        trx,
        spos.map((s) => s.id),
        {
          personId: e.person_id,
          transferId: e.transfer_id,
          kind: 'TRANSFER_OVERDUE',
          title: `Transfer of ${t.crn} is overdue`,
          body: `${t.to_name} has not accepted or rejected the transfer from ${t.from_name}; it was due by ${e.deadline_date}. ${t.from_name} stays responsible until it is decided.`,
          action: 'Make sure the transfer is decided today',
          now,
        },
      );
      await recordAudit(
        trx,
        { userId: null, name: 'system:transfer-escalation' },
        {
          entity: 'transfer',
          entityId: e.transfer_id,
          personId: e.person_id,
          crn: t.crn,
          action: 'ESCALATE',
          after: { deadlineDate: e.deadline_date, notifiedStaffIds: spos.map((s) => s.id) },
        },
      );
    }
    return escalated.rows.length;
  });
}

// ---- reading ------------------------------------------------------------------------------------------

interface TransferRow {
  id: number;
  person_id: number;
  crn: string;
  restricted: boolean;
  forename: string;
  surname: string;
  kind: TransferKind;
  status: TransferStatus;
  from_team_code: string;
  from_team_name: string;
  from_pdu_code: string;
  from_pdu_name: string;
  from_region_code: string;
  from_region_name: string;
  from_staff_id: number | null;
  from_practitioner: string | null;
  to_team_code: string;
  to_team_name: string;
  to_pdu_code: string;
  to_pdu_name: string;
  to_region_code: string;
  to_region_name: string;
  to_staff_id: number | null;
  to_practitioner: string | null;
  reason: string;
  handover_note: string;
  risk_assessment_current: boolean;
  safeguarding_police_checks: boolean;
  appointments_enforcement: boolean;
  victim_contact: boolean;
  mappa: boolean;
  requested_at: Date;
  requested_by: string;
  deadline_date: string;
  escalated_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  rejection_reason: string | null;
}

type Where = ReturnType<typeof sql<boolean>>;

async function readTransfers(
  db: Queryable,
  userId: number,
  today: string,
  where: Where,
  limit: number,
): Promise<TransferView[]> {
  const { rows } = await sql<TransferRow>`
    select t.id, t.person_id, p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      p.forename, p.surname, t.kind, t.status,
      t.from_team_code, ft.name as from_team_name, t.from_pdu_code, fd.name as from_pdu_name,
      t.from_region_code, fg.name as from_region_name, t.from_staff_id,
      fs.forename || ' ' || fs.surname as from_practitioner,
      t.to_team_code, tt.name as to_team_name, t.to_pdu_code, td.name as to_pdu_name,
      t.to_region_code, tg.name as to_region_name, t.to_staff_id,
      ts.forename || ' ' || ts.surname as to_practitioner,
      t.reason, t.handover_note, t.risk_assessment_current, t.safeguarding_police_checks,
      t.appointments_enforcement, t.victim_contact, t.mappa, t.requested_at, ru.display_name as requested_by,
      to_char(t.deadline_date, 'YYYY-MM-DD') as deadline_date, e.escalated_at, t.decided_at,
      du.display_name as decided_by, t.rejection_reason
    from transfer t
    join person p on p.id = t.person_id
    join team ft on ft.code = t.from_team_code
    join pdu fd on fd.code = t.from_pdu_code
    join region fg on fg.code = t.from_region_code
    join team tt on tt.code = t.to_team_code
    join pdu td on td.code = t.to_pdu_code
    join region tg on tg.code = t.to_region_code
    left join staff fs on fs.id = t.from_staff_id
    left join staff ts on ts.id = t.to_staff_id
    join app_user ru on ru.id = t.requested_by_user_id
    left join app_user du on du.id = t.decided_by_user_id
    left join transfer_escalation e on e.person_id = t.person_id and e.transfer_id = t.id
    where ${where}
    order by (t.status = 'PENDING') desc, t.deadline_date, t.requested_at desc, t.id desc
    limit ${limit}`.execute(db);
  return rows.map((r) => toView(r, today));
}

function toView(r: TransferRow, today: string): TransferView {
  const side = (p: 'from' | 'to'): TransferSide => ({
    teamCode: r[`${p}_team_code`],
    teamName: r[`${p}_team_name`],
    pduCode: r[`${p}_pdu_code`],
    pduName: r[`${p}_pdu_name`],
    regionCode: r[`${p}_region_code`],
    regionName: r[`${p}_region_name`],
    staffId: r[`${p}_staff_id`],
    practitioner: r[`${p}_practitioner`],
  });
  return {
    id: r.id,
    personId: r.person_id,
    crn: r.crn,
    restricted: r.restricted,
    name: r.restricted ? null : `${r.forename} ${r.surname}`,
    kind: r.kind,
    status: r.status,
    from: side('from'),
    to: side('to'),
    reason: r.restricted ? null : r.reason,
    handoverNote: r.restricted ? null : r.handover_note,
    checklist: {
      riskAssessmentCurrent: r.risk_assessment_current,
      safeguardingPoliceChecks: r.safeguarding_police_checks,
      appointmentsEnforcement: r.appointments_enforcement,
      victimContact: r.victim_contact,
      mappa: r.mappa,
    },
    requestedAt: r.requested_at,
    requestedBy: r.requested_by,
    deadlineDate: r.deadline_date,
    overdue: r.status === 'PENDING' && isOverdue(r.deadline_date, today),
    escalatedAt: r.escalated_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    rejectionReason: r.rejection_reason,
  };
}

export async function findTransfer(
  db: Queryable,
  userId: number,
  transferId: number,
  now: Date = new Date(),
): Promise<TransferView | null> {
  const [t] = await readTransfers(db, userId, londonDate(now), sql<boolean>`t.id = ${transferId}`, 1);
  return t ?? null;
}

/** Every transfer of one person, pending first then newest: the case's transfer history. */
export async function transferHistory(
  db: Queryable,
  userId: number,
  personId: number,
  now: Date = new Date(),
): Promise<TransferView[]> {
  return readTransfers(db, userId, londonDate(now), sql<boolean>`t.person_id = ${personId}`, 500);
}

export type TransferDirection = 'incoming' | 'outgoing';

export interface TransferListScope {
  teamCodes: readonly string[];
  /** A practitioner's own: transfers naming them on the receiving side, or of cases they hold. */
  staffId: number | null;
}

/** Incoming or outgoing transfers of some teams and/or one practitioner, pending first; decided ones for 90 days. */
export async function listTransfers(
  db: Queryable,
  userId: number,
  direction: TransferDirection,
  scope: TransferListScope,
  now: Date = new Date(),
): Promise<TransferView[]> {
  const today = londonDate(now);
  const side = direction === 'incoming' ? 'to' : 'from';
  const teams = [...scope.teamCodes];
  const mine =
    scope.staffId === null
      ? sql<boolean>`false`
      : sql<boolean>`${sql.ref(`t.${side}_staff_id`)} = ${scope.staffId}`;
  const inTeams =
    teams.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`${sql.ref(`t.${side}_team_code`)} = any(${teams}::text[])`;
  return readTransfers(
    db,
    userId,
    today,
    sql<boolean>`(${inTeams} or ${mine})
      and (t.status = 'PENDING' or t.decided_at >= now() - interval '90 days')`,
    500,
  );
}

/** The practitioner's and SPO's choices on the request form: active teams everywhere, by region and PDU. */
export async function receivingTeams(db: Queryable, now: Date = new Date()) {
  const today = londonDate(now);
  return db
    .selectFrom('team as t')
    .innerJoin('pdu as d', 'd.code', 't.pdu_code')
    .innerJoin('region as g', 'g.code', 'd.region_code')
    .select(['t.code', 't.name', 'd.name as pdu_name', 'g.name as region_name'])
    .where('t.start_date', '<=', today)
    .where((eb) => eb.or([eb('t.end_date', 'is', null), eb('t.end_date', '>=', today)]))
    .orderBy('g.name')
    .orderBy('d.name')
    .orderBy('t.name')
    .execute();
}

/** The practitioners a transfer may name in a team, with whether limited access bars each from the case. */
export async function receivingPractitioners(
  db: Queryable,
  personId: number,
  teamCode: string,
  now: Date = new Date(),
) {
  const today = londonDate(now);
  const { rows } = await sql<{ id: number; name: string; grade: StaffGrade; blocked: boolean }>`
    select s.id, s.forename || ' ' || s.surname as name, s.grade,
      ${blockedFor(sql<number>`${personId}::bigint`, sql.ref('u.id'), today)} as blocked
    from staff_team m join staff s on s.id = m.staff_id left join app_user u on u.staff_id = s.id
    where m.team_code = ${teamCode} and m.start_date <= ${today}::date
      and (m.end_date is null or m.end_date >= ${today}::date)
      and s.grade = any(${[...PRACTITIONER_GRADES]}::text[])
      and (s.end_date is null or s.end_date >= ${today}::date)
    order by s.surname, s.forename`.execute(db);
  return rows;
}
