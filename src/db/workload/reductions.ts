import { sql, type Kysely } from 'kysely';
import { recordAudit, type Actor } from '../audit.js';
import type { DB } from '../schema.js';
import { isIsoDate } from '../../domain/calculation/fields.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import {
  allowanceHours,
  contractedHoursProblems,
  defaultEndDate,
  maximumHours,
  reductionProblems,
  reductionStatusOn,
  type ReductionCategory,
  type ReductionReason,
  type ReductionStatus,
} from '../../domain/workload/index.js';
import type { Queryable } from './config.js';
import { onCaseloadChanged } from './recalculate.js';

// Reductions, reduction reasons, contracted hours and court reports: every write is one transaction holding
// the change, its audit event and the recalculation of the figures it moves.

export interface ReductionReasonRecord extends ReductionReason {
  id: number;
}

function toReason(r: {
  id: number;
  name: string;
  short_name: string;
  category: ReductionCategory;
  allowance_pct: string | null;
  max_pct: string | null;
  months_to_expiry: number | null;
  protected_characteristic: boolean;
  enabled: boolean;
}): ReductionReasonRecord {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    category: r.category,
    allowancePct: r.allowance_pct === null ? null : Number(r.allowance_pct),
    maxPct: r.max_pct === null ? null : Number(r.max_pct),
    monthsToExpiry: r.months_to_expiry,
    protectedCharacteristic: r.protected_characteristic,
    enabled: r.enabled,
  };
}

export async function reductionReasons(db: Queryable): Promise<ReductionReasonRecord[]> {
  const rows = await db
    .selectFrom('workload_reduction_reason')
    .selectAll()
    .orderBy('category')
    .orderBy('id')
    .execute();
  return rows.map(toReason);
}

async function assignmentHours(db: Queryable, staffId: number, teamCode: string): Promise<number> {
  const row = await db
    .selectFrom('staff_team')
    .select('contracted_hours')
    .where('staff_id', '=', staffId)
    .where('team_code', '=', teamCode)
    .where('end_date', 'is', null)
    .executeTakeFirst();
  if (!row)
    throw new ValidationError(
      [{ field: 'staffId', problem: 'This practitioner is not currently in that team' }],
      404,
    );
  return Number(row.contracted_hours);
}

export interface ReductionRecord {
  id: number;
  staffId: number;
  teamCode: string;
  reason: ReductionReasonRecord;
  hours: number;
  startDate: string;
  endDate: string;
  /** The status the dates give today (DELETED stays DELETED). */
  status: ReductionStatus;
  notes: string | null;
  removalReason: string | null;
}

/** An assignment's reductions, or a team's, newest first, with the status the dates give on `today`. */
export async function listReductions(
  db: Queryable,
  filter: { staffId?: number; teamCode?: string; id?: number },
  today: string,
): Promise<ReductionRecord[]> {
  const reasons = new Map((await reductionReasons(db)).map((r) => [r.id, r]));
  let q = db.selectFrom('workload_reduction').selectAll();
  if (filter.staffId !== undefined) q = q.where('staff_id', '=', filter.staffId);
  if (filter.teamCode !== undefined) q = q.where('team_code', '=', filter.teamCode);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  const rows = await q.orderBy('start_date', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => {
    const base = { hours: Number(r.hours), startDate: r.start_date, endDate: r.end_date, status: r.status };
    return {
      id: r.id,
      staffId: r.staff_id,
      teamCode: r.team_code,
      reason: reasons.get(r.reason_id)!,
      ...base,
      status: reductionStatusOn(base, today),
      notes: r.notes,
      removalReason: r.removal_reason,
    };
  });
}

export interface ReductionInput {
  staffId: number;
  teamCode: string;
  reasonId: number | null;
  hours: number | null;
  startDate: string | null;
  endDate: string | null;
  notes: string;
}

/** What the add-reduction form pre-fills for a reason (§7.2): allowance hours, maximum and end date. */
export function reductionPrefill(reason: ReductionReason, contractedHours: number, startDate: string) {
  return {
    hours: allowanceHours(reason, contractedHours),
    maximumHours: maximumHours(reason, contractedHours),
    endDate: defaultEndDate(reason, startDate),
  };
}

export async function contractedHoursFor(db: Queryable, staffId: number, teamCode: string): Promise<number> {
  return assignmentHours(db, staffId, teamCode);
}

export async function addReduction(
  db: Kysely<DB>,
  actor: Actor,
  input: ReductionInput,
  today: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const contracted = await assignmentHours(trx, input.staffId, input.teamCode);
    const reasons = await reductionReasons(trx);
    const reason = reasons.find((r) => r.id === input.reasonId) ?? null;
    const problems = reductionProblems({ ...input, reason }, contracted, true);
    // §7.2: these reasons have no default hours, so the decision and its rationale are recorded explicitly.
    if (reason?.protectedCharacteristic && input.notes.trim() === '')
      problems.push({ field: 'notes', problem: 'Record the rationale for this reasonable adjustment' });
    if (problems.length > 0) throw new ValidationError(problems);
    const status = reductionStatusOn(
      { hours: input.hours!, startDate: input.startDate!, endDate: input.endDate! },
      today,
    );
    const row = await trx
      .insertInto('workload_reduction')
      .values({
        staff_id: input.staffId,
        team_code: input.teamCode,
        reason_id: reason!.id,
        hours: input.hours!,
        start_date: input.startDate!,
        end_date: input.endDate!,
        status,
        notes: input.notes || null,
        created_by_user_id: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      entity: 'workload_reduction',
      entityId: row.id,
      action: 'CREATE',
      after: { ...input, reason: reason!.name, status },
    });
    await onCaseloadChanged(trx, [input.staffId], today);
    return row.id;
  });
}

async function lockedReduction(trx: Queryable, id: number, today: string): Promise<ReductionRecord> {
  await sql`select 1 from workload_reduction where id = ${id} for update`.execute(trx);
  const [current] = await listReductions(trx, { id }, today);
  if (!current) throw new ValidationError([{ field: 'id', problem: 'No such reduction' }], 404);
  if (current.status === 'DELETED')
    throw new ValidationError([{ field: 'id', problem: 'This reduction has been deleted' }], 409);
  return current;
}

function removalReasonProblems(reason: ReductionReason, removalReason: string): FieldProblem[] {
  if (reason.protectedCharacteristic && removalReason.trim() === '') {
    return [
      {
        field: 'removalReason',
        problem: `Record why this ${reason.name.toLowerCase()} reduction is being removed or shortened: it is a reasonable adjustment for a protected characteristic`,
      },
    ];
  }
  if (removalReason.length >= 4000)
    return [{ field: 'removalReason', problem: 'The reason must be under 4000 characters' }];
  return [];
}

/** Edits hours, dates and notes. Shortening a protected-characteristic reduction needs a recorded reason. */
export async function editReduction(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: Omit<ReductionInput, 'staffId' | 'teamCode' | 'reasonId'> & { removalReason: string },
  today: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockedReduction(trx, id, today);
    const contracted = await assignmentHours(trx, current.staffId, current.teamCode);
    const problems = reductionProblems({ ...input, reason: current.reason }, contracted, false);
    const shortened =
      (input.endDate !== null && input.endDate < current.endDate) ||
      (input.hours !== null && input.hours < current.hours);
    if (shortened) problems.push(...removalReasonProblems(current.reason, input.removalReason));
    if (problems.length > 0) throw new ValidationError(problems);
    const status = reductionStatusOn(
      { hours: input.hours!, startDate: input.startDate!, endDate: input.endDate! },
      today,
    );
    await trx
      .updateTable('workload_reduction')
      .set({
        hours: input.hours!,
        start_date: input.startDate!,
        end_date: input.endDate!,
        status,
        notes: input.notes || null,
        removal_reason: shortened ? input.removalReason.trim() || null : current.removalReason,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      entity: 'workload_reduction',
      entityId: id,
      action: 'UPDATE',
      before: current,
      after: { ...input, status },
    });
    await onCaseloadChanged(trx, [current.staffId], today);
  });
}

export type RemovalAction = 'DELETE' | 'ARCHIVE';

/**
 * Deletes a reduction, or archives it early so it stops counting today. A reduction for a protected
 * characteristic is refused without a recorded reason (field `removalReason`), and nothing changes.
 */
export async function removeReduction(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  action: RemovalAction,
  removalReason: string,
  today: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await lockedReduction(trx, id, today);
    const problems = removalReasonProblems(current.reason, removalReason);
    if (action === 'ARCHIVE' && current.status !== 'ACTIVE')
      problems.push({
        field: 'action',
        problem: 'Only a reduction in force today can be archived early; delete it instead',
      });
    if (problems.length > 0) throw new ValidationError(problems);
    const yesterday = sql<string>`(${today}::date - 1)`;
    await trx
      .updateTable('workload_reduction')
      .set(
        action === 'DELETE'
          ? { status: 'DELETED', removal_reason: removalReason.trim() || null, updated_at: new Date() }
          : {
              status: 'ARCHIVED',
              // Stops counting today; a reduction that started today ends on its start day instead.
              end_date: sql`greatest(start_date, ${yesterday})`,
              removal_reason: removalReason.trim() || null,
              updated_at: new Date(),
            },
      )
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      entity: 'workload_reduction',
      entityId: id,
      action: action === 'DELETE' ? 'DELETE' : 'ARCHIVE',
      before: current,
      after: { removalReason },
    });
    await onCaseloadChanged(trx, [current.staffId], today);
  });
}

// ---- reasons (administration) -------------------------------------------------------------------------

export interface ReasonEdit {
  allowancePct: number | null;
  maxPct: number | null;
  monthsToExpiry: number | null;
  enabled: boolean;
}

function pctProblems(field: string, value: number | null, min: number): FieldProblem[] {
  if (value === null) return [];
  return Number.isFinite(value) && value >= min && value <= 100
    ? []
    : [{ field, problem: `Enter a percentage from ${min} to 100, or leave it blank` }];
}

/**
 * Edits a reason. Disabling it stops new reductions only: existing reductions keep counting, so no
 * workload changes and nothing is recalculated.
 */
export async function editReductionReason(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  edit: ReasonEdit,
): Promise<void> {
  const problems = [
    ...pctProblems('allowancePct', edit.allowancePct, 0),
    ...pctProblems('maxPct', edit.maxPct, 0.01),
  ];
  if (edit.monthsToExpiry !== null && !(Number.isInteger(edit.monthsToExpiry) && edit.monthsToExpiry > 0))
    problems.push({ field: 'monthsToExpiry', problem: 'Enter a whole number of months, or leave it blank' });
  if (problems.length > 0) throw new ValidationError(problems);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('workload_reduction_reason')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new ValidationError([{ field: 'id', problem: 'No such reduction reason' }], 404);
    await trx
      .updateTable('workload_reduction_reason')
      .set({
        allowance_pct: edit.allowancePct,
        max_pct: edit.maxPct,
        months_to_expiry: edit.monthsToExpiry,
        enabled: edit.enabled,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      entity: 'workload_reduction_reason',
      entityId: id,
      action: 'UPDATE',
      before: toReason(before),
      after: edit,
    });
  });
}

// ---- contracted hours and court reports ---------------------------------------------------------------

/** A manager's edit of an assignment's weekly contracted hours (§5): audited, figures recalculated. */
export async function setContractedHours(
  db: Kysely<DB>,
  actor: Actor,
  staffId: number,
  teamCode: string,
  hours: number | null,
  today: string,
): Promise<void> {
  const problems = contractedHoursProblems(hours);
  if (problems.length > 0) throw new ValidationError(problems);
  await db.transaction().execute(async (trx) => {
    const before = await assignmentHours(trx, staffId, teamCode);
    await trx
      .updateTable('staff_team')
      .set({ contracted_hours: hours! })
      .where('staff_id', '=', staffId)
      .where('team_code', '=', teamCode)
      .where('end_date', 'is', null)
      .execute();
    await recordAudit(trx, actor, {
      entity: 'staff_team',
      entityId: `${staffId}/${teamCode}`,
      action: 'UPDATE_CONTRACTED_HOURS',
      before: { contractedHours: before },
      after: { contractedHours: hours },
    });
    await onCaseloadChanged(trx, [staffId], today);
  });
}

export interface CourtReportInput {
  personId: number;
  eventId: number | null;
  reportType: 'PSR' | 'FDR' | 'ORAL';
  authorStaffId: number;
  teamCode: string;
  requestedDate: string;
  completedDate: string | null;
}

/** Records a court report; a completed PSR or FDR earns its author points for 30 days (§3.4, §4.2). */
export async function recordCourtReport(
  db: Kysely<DB>,
  actor: Actor,
  input: CourtReportInput,
  today: string,
): Promise<number> {
  const problems: FieldProblem[] = [];
  if (!isIsoDate(input.requestedDate))
    problems.push({ field: 'requestedDate', problem: 'Enter a real date' });
  if (
    input.completedDate !== null &&
    (!isIsoDate(input.completedDate) || input.completedDate < input.requestedDate)
  )
    problems.push({ field: 'completedDate', problem: 'Enter a real date on or after the requested date' });
  if (problems.length > 0) throw new ValidationError(problems);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('court_report')
      .values({
        person_id: input.personId,
        event_id: input.eventId,
        report_type: input.reportType,
        author_staff_id: input.authorStaffId,
        team_code: input.teamCode,
        requested_date: input.requestedDate,
        completed_date: input.completedDate,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      entity: 'court_report',
      entityId: row.id,
      action: 'CREATE',
      personId: input.personId,
      after: input,
    });
    await onCaseloadChanged(trx, [input.authorStaffId], today);
    return row.id;
  });
}
