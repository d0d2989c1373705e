import { sql, type Kysely, type Transaction } from 'kysely';
import { blockedFor, decideAccess } from './access.js';
import { recordAudit } from './audit.js';
import {
  NotPermittedError,
  allocationCase,
  loadAllocationConfig,
  switchResponsibility,
} from './allocation.js';
import { addRegistration, deregister } from './risk-changes.js';
import type { DB, EscalationUrgency, RoshLevel } from './schema.js';
import { staffIdOfUser, type TransferActor } from './transfers.js';
import { onCaseloadChanged } from './workload/recalculate.js';
import type { Queryable } from './workload/config.js';
import { evaluateGuardrails, londonDate } from '../domain/allocation/index.js';
import {
  ROSH_LABELS,
  escalationDeadline,
  escalationProblems,
  roshRegisterCode,
  type EscalationInput,
} from '../domain/casework/risk-escalation.js';
import { ROSH_CODES } from '../domain/tiering/registrations.js';
import { ValidationError } from '../domain/validation.js';
import { workloadGradeForStaff, type StaffGrade } from '../domain/workload/index.js';
import { isOverdue } from '../domain/casework/transfer.js';

// Risk escalation (issue #6): raised in one page by whoever learns something new, decided by an SPO within 1
// working day. Approval writes the RoSH registration the tiers read (through the risk record's own writes, so
// the tier is recalculated in the same transaction) and, when the grade guardrails no longer allow the
// current practitioner, puts the case back in its team's allocation queue for reallocation.

export type EscalationActor = TransferActor;

export interface EscalationView {
  id: number;
  personId: number;
  crn: string;
  restricted: boolean;
  name: string | null;
  teamCode: string;
  teamName: string;
  whatHappened: string | null;
  occurredOn: string;
  currentRosh: RoshLevel | null;
  proposedRosh: RoshLevel;
  urgency: EscalationUrgency;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  raisedAt: Date;
  raisedBy: string;
  deadlineDate: string;
  overdue: boolean;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNotes: string | null;
  reallocated: boolean;
}

const DECIDER_ROLES = ['SPO', 'PDU_HEAD'];

/** The newest active RoSH registration's level: the RoSH the tiers use now. */
async function currentRosh(db: Queryable, personId: number): Promise<RoshLevel | null> {
  const r = await db
    .selectFrom('registration')
    .select('register_type_code')
    .where('person_id', '=', personId)
    .where('register_type_code', 'in', Object.keys(ROSH_CODES))
    .where('deregistration_date', 'is', null)
    .where('soft_deleted', '=', false)
    .orderBy('registration_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r ? (ROSH_CODES[r.register_type_code] ?? null) : null;
}

async function openCaseFor(trx: Transaction<DB>, actor: EscalationActor, crn: string, today: string) {
  const access = await decideAccess(trx, actor.userId, crn, today);
  if (access.outcome === 'NOT_FOUND')
    throw new ValidationError([{ field: 'crn', problem: 'No case has this CRN' }], 404);
  if (access.outcome !== 'ALLOWED') throw new NotPermittedError(access.message);
  const com = await trx
    .selectFrom('responsibility as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['r.id', 'r.team_code', 'r.staff_id', 'p.case_status'])
    .where('r.person_id', '=', access.personId)
    .where('r.role', '=', 'COM')
    .where('r.end_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!com || com.case_status !== 'ACTIVE')
    throw new ValidationError([{ field: 'crn', problem: 'This case is closed (not active)' }], 422);
  return { personId: access.personId, crn: access.crn, com };
}

/** Raises an escalation: validated field by field, one open per case, the team's SPOs told at once. */
export async function raiseEscalation(
  db: Kysely<DB>,
  actor: EscalationActor,
  crn: string,
  input: EscalationInput,
  now: Date = new Date(),
): Promise<EscalationView> {
  if (!actor.roles.some((r) => ['PRACTITIONER', 'SPO', 'PDU_HEAD'].includes(r)))
    throw new NotPermittedError('Only practitioners and managers raise risk escalations');
  const today = londonDate(now);
  const id = await db.transaction().execute(async (trx) => {
    const c = await openCaseFor(trx, actor, crn, today);
    const problems = escalationProblems(input, today);
    if (problems.length > 0) throw new ValidationError(problems);
    const open = await trx
      .selectFrom('risk_escalation')
      .select('id')
      .where('person_id', '=', c.personId)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (open)
      throw new ValidationError(
        [{ field: 'crn', problem: 'An escalation for this case is already waiting for an SPO’s decision' }],
        409,
      );
    const deadline = escalationDeadline(today);
    const rosh = await currentRosh(trx, c.personId);
    const row = await trx
      .insertInto('risk_escalation')
      .values({
        person_id: c.personId,
        what_happened: input.whatHappened!.trim(),
        occurred_on: input.occurredOn!,
        current_rosh: rosh,
        proposed_rosh: input.proposedRosh as RoshLevel,
        urgency: input.urgency as EscalationUrgency,
        raised_at: now,
        raised_by_user_id: actor.userId,
        deadline_date: deadline,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const spos = await trx
      .selectFrom('staff_team as m')
      .innerJoin('staff as s', 's.id', 'm.staff_id')
      .select('s.id')
      .where('m.team_code', '=', c.com.team_code)
      .where('s.grade', '=', 'SPO')
      .where((eb) => eb.or([eb('m.end_date', 'is', null), eb('m.end_date', '>=', today)]))
      .execute();
    if (spos.length > 0) {
      await trx
        .insertInto('notification')
        .values(
          spos.map((s) => ({
            person_id: c.personId,
            recipient_staff_id: s.id,
            kind: 'RISK_ESCALATION_RAISED' as const,
            title: `Risk escalation for ${c.crn}: decide by ${deadline}`,
            body: `Proposed RoSH ${ROSH_LABELS[input.proposedRosh as RoshLevel]}. Open the escalation to read what happened.`,
            action: 'Decide the escalation',
            allocation_id: null,
            created_at: now,
          })),
        )
        .execute();
    }
    await recordAudit(trx, actor, {
      entity: 'risk_escalation',
      entityId: row.id,
      personId: c.personId,
      crn: c.crn,
      action: 'RAISE',
      after: {
        currentRosh: rosh,
        proposedRosh: input.proposedRosh,
        urgency: input.urgency,
        deadlineDate: deadline,
      },
    });
    return row.id;
  });
  return (await findEscalation(db, actor.userId, id, now))!;
}

export interface EscalationDecision {
  decision: string | null;
  notes: string | null;
}

/**
 * An SPO (or head of PDU) approves or rejects an escalation; nobody decides their own. Approval, in one
 * transaction: registers the proposed RoSH (ending the previous RoSH registration), which recalculates the
 * scores and tiers; then, if the grade guardrails no longer allow the current practitioner to hold the case,
 * moves it to the team's allocation queue with "Change in tier or risk" and recalculates their workload.
 */
export async function decideEscalation(
  db: Kysely<DB>,
  actor: EscalationActor,
  escalationId: number,
  input: EscalationDecision,
  now: Date = new Date(),
): Promise<EscalationView> {
  if (!actor.roles.some((r) => DECIDER_ROLES.includes(r)))
    throw new NotPermittedError('Only a senior probation officer or head of PDU decides risk escalations');
  const today = londonDate(now);
  await db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('risk_escalation')
      .selectAll()
      .where('id', '=', escalationId)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw new ValidationError([{ field: 'escalation', problem: 'No escalation has this id' }], 404);
    if (e.status !== 'PENDING')
      throw new ValidationError(
        [{ field: 'escalation', problem: `This escalation has already been ${e.status.toLowerCase()}` }],
        409,
      );
    const person = await trx
      .selectFrom('person')
      .select('crn')
      .where('id', '=', e.person_id)
      .executeTakeFirstOrThrow();
    const c = await openCaseFor(trx, actor, person.crn, today);
    const problems = [];
    if (e.raised_by_user_id === actor.userId)
      problems.push({
        field: 'decision',
        problem: 'Someone other than the person who raised it must decide',
      });
    if (input.decision !== 'APPROVED' && input.decision !== 'REJECTED')
      problems.push({ field: 'decision', problem: 'Choose approve or reject' });
    const notes = (input.notes ?? '').trim();
    if (notes === '') problems.push({ field: 'notes', problem: 'Enter the reason for your decision' });
    else if (notes.length > 4000)
      problems.push({ field: 'notes', problem: 'Must be 4000 characters or fewer' });
    if (problems.length > 0) throw new ValidationError(problems);

    let registrationId: number | null = null;
    let reallocationId: number | null = null;
    if (input.decision === 'APPROVED') {
      const previous = await trx
        .selectFrom('registration')
        .select(['id', 'registration_date'])
        .where('person_id', '=', e.person_id)
        .where('register_type_code', 'in', Object.keys(ROSH_CODES))
        .where('deregistration_date', 'is', null)
        .where('soft_deleted', '=', false)
        .execute();
      const added = await addRegistration(
        trx,
        actor,
        e.person_id,
        {
          registerTypeCode: roshRegisterCode(e.proposed_rosh),
          registrationDate: today,
          notes: `Risk escalation approved: ${notes}`,
          registeredByStaffId: actor.staffId,
        },
        today,
      );
      registrationId = added.registrationId;
      // Registered first, so the tier history moves once, straight to the new RoSH.
      for (const r of previous) {
        const ending = {
          deregistrationDate: r.registration_date > today ? r.registration_date : today,
          reason: `Replaced by the RoSH approved on a risk escalation`,
          notes: `Replaced by the RoSH approved on a risk escalation`,
          staffId: actor.staffId,
        };
        await deregister(trx, actor, e.person_id, r.id, ending, today);
      }
      reallocationId = await reallocateIfGradeNoLongerFits(trx, actor, c.personId, c.crn, c.com, now);
    }
    await trx
      .updateTable('risk_escalation')
      .set({
        status: input.decision as 'APPROVED' | 'REJECTED',
        decided_at: now,
        decided_by_user_id: actor.userId,
        decision_notes: notes,
        registration_id: registrationId,
        reallocation_responsibility_id: reallocationId,
      })
      .where('person_id', '=', e.person_id)
      .where('id', '=', e.id)
      .execute();
    const raiserStaffId = await staffIdOfUser(trx, e.raised_by_user_id);
    if (raiserStaffId) {
      await trx
        .insertInto('notification')
        .values({
          person_id: e.person_id,
          recipient_staff_id: raiserStaffId,
          kind: 'RISK_ESCALATION_DECIDED',
          title: `Risk escalation for ${c.crn} ${input.decision === 'APPROVED' ? 'approved' : 'rejected'}`,
          body: `${notes}${reallocationId ? ' The case needs a practitioner of another grade and is back in the team’s allocation queue.' : ''}`,
          action: null,
          allocation_id: null,
          created_at: now,
        })
        .execute();
    }
    await recordAudit(trx, actor, {
      entity: 'risk_escalation',
      entityId: e.id,
      personId: e.person_id,
      crn: c.crn,
      action: input.decision === 'APPROVED' ? 'APPROVE' : 'REJECT',
      before: { status: 'PENDING', rosh: e.current_rosh },
      after: {
        status: input.decision,
        rosh: input.decision === 'APPROVED' ? e.proposed_rosh : e.current_rosh,
        registrationId,
        reallocationResponsibilityId: reallocationId,
        notes,
      },
    });
  });
  return (await findEscalation(db, actor.userId, escalationId, now))!;
}

/** Puts the case in its team's queue when the current practitioner's grade trips a grade guardrail. */
async function reallocateIfGradeNoLongerFits(
  trx: Transaction<DB>,
  actor: EscalationActor,
  personId: number,
  crn: string,
  com: { id: number; team_code: string; staff_id: number | null },
  now: Date,
): Promise<number | null> {
  if (com.staff_id === null) return null;
  const today = londonDate(now);
  const facts = await allocationCase(
    trx,
    actor.userId,
    personId,
    (code) => loadAllocationConfig(trx, code),
    now,
  );
  if (!facts) return null;
  const config = await loadAllocationConfig(trx, facts.regionCode);
  const staff = await trx
    .selectFrom('staff')
    .select(['grade', 'qualification_date', 'forename', 'surname'])
    .where('id', '=', com.staff_id)
    .executeTakeFirstOrThrow();
  const grade = workloadGradeForStaff(staff.grade as StaffGrade, staff.qualification_date, today);
  const findings = evaluateGuardrails(
    facts,
    { grade, bandAfter: 'WITHIN', displayPctAfter: null },
    config.guardrails,
  ).filter((f) => f.rule !== 'OVER_CAPACITY');
  if (findings.length === 0) return null;
  const practitioner = `${staff.forename} ${staff.surname}`;
  const started = await switchResponsibility(trx, {
    personId,
    fromResponsibilityId: com.id,
    fromTeamName: facts.teamName,
    fromPractitioner: practitioner,
    to: { teamCode: com.team_code, teamName: facts.teamName, staffId: null, practitioner: null },
    reason: 'Change in tier or risk',
    notes: findings.map((f) => f.message).join(' '),
    actorUserId: actor.userId,
    now,
  });
  await onCaseloadChanged(trx, [com.staff_id], today);
  await trx
    .insertInto('notification')
    .values({
      person_id: personId,
      recipient_staff_id: com.staff_id,
      kind: 'CASE_REALLOCATED_AWAY',
      title: `${crn} is being reallocated`,
      body: `The approved risk escalation means the case needs another grade of practitioner: ${findings.map((f) => f.message).join(' ')} It is in the team’s allocation queue.`,
      action: null,
      allocation_id: null,
      created_at: now,
    })
    .execute();
  return started;
}

// ---- reading ------------------------------------------------------------------------------------------

interface EscalationRow {
  id: number;
  person_id: number;
  crn: string;
  restricted: boolean;
  forename: string;
  surname: string;
  team_code: string;
  team_name: string;
  what_happened: string;
  occurred_on: string;
  current_rosh: RoshLevel | null;
  proposed_rosh: RoshLevel;
  urgency: EscalationUrgency;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  raised_at: Date;
  raised_by: string;
  deadline_date: string;
  decided_at: Date | null;
  decided_by: string | null;
  decision_notes: string | null;
  reallocation_responsibility_id: number | null;
}

async function readEscalations(
  db: Queryable,
  userId: number,
  now: Date,
  where: ReturnType<typeof sql<boolean>>,
): Promise<EscalationView[]> {
  const today = londonDate(now);
  const { rows } = await sql<EscalationRow>`
    select e.id, e.person_id, p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      p.forename, p.surname, r.team_code, t.name as team_name, e.what_happened,
      to_char(e.occurred_on, 'YYYY-MM-DD') as occurred_on, e.current_rosh, e.proposed_rosh, e.urgency, e.status,
      e.raised_at, ru.display_name as raised_by, to_char(e.deadline_date, 'YYYY-MM-DD') as deadline_date,
      e.decided_at, du.display_name as decided_by, e.decision_notes, e.reallocation_responsibility_id
    from risk_escalation e
    join person p on p.id = e.person_id
    join responsibility r on r.person_id = e.person_id and r.role = 'COM' and r.end_at is null
    join team t on t.code = r.team_code
    join app_user ru on ru.id = e.raised_by_user_id
    left join app_user du on du.id = e.decided_by_user_id
    where ${where}
    order by (e.status = 'PENDING') desc, case e.urgency when 'IMMEDIATE' then 0 when 'URGENT' then 1 else 2 end,
      e.deadline_date, e.raised_at desc
    limit 500`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    crn: r.crn,
    restricted: r.restricted,
    name: r.restricted ? null : `${r.forename} ${r.surname}`,
    teamCode: r.team_code,
    teamName: r.team_name,
    whatHappened: r.restricted ? null : r.what_happened,
    occurredOn: r.occurred_on,
    currentRosh: r.restricted ? null : r.current_rosh,
    proposedRosh: r.proposed_rosh,
    urgency: r.urgency,
    status: r.status,
    raisedAt: r.raised_at,
    raisedBy: r.raised_by,
    deadlineDate: r.deadline_date,
    overdue: r.status === 'PENDING' && isOverdue(r.deadline_date, today),
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionNotes: r.restricted ? null : r.decision_notes,
    reallocated: r.reallocation_responsibility_id !== null,
  }));
}

export async function findEscalation(
  db: Queryable,
  userId: number,
  id: number,
  now: Date = new Date(),
): Promise<EscalationView | null> {
  const [e] = await readEscalations(db, userId, now, sql<boolean>`e.id = ${id}`);
  return e ?? null;
}

export async function escalationsForPerson(
  db: Queryable,
  userId: number,
  personId: number,
  now: Date = new Date(),
): Promise<EscalationView[]> {
  return readEscalations(db, userId, now, sql<boolean>`e.person_id = ${personId}`);
}

/** The decision list: escalations of cases held in the teams, pending first (overdue shown), then 90 days of decisions. */
export async function listEscalations(
  db: Queryable,
  userId: number,
  teamCodes: readonly string[],
  now: Date = new Date(),
): Promise<EscalationView[]> {
  if (teamCodes.length === 0) return [];
  return readEscalations(
    db,
    userId,
    now,
    sql<boolean>`r.team_code = any(${[...teamCodes]}::text[])
      and (e.status = 'PENDING' or e.decided_at >= now() - interval '90 days')`,
  );
}
