import type { Kysely, Transaction } from 'kysely';
import { decideAccess } from './access.js';
import { NotPermittedError, lockCurrentCom } from './allocation.js';
import { recordAudit, type Actor } from './audit.js';
import {
  SENTENCE_LENGTH_UNITS,
  startSentence,
  type NewRequirement,
  type SentenceLengthUnit,
} from './risk-changes.js';
import type { DB } from './schema.js';
import { onCaseloadChanged } from './workload/recalculate.js';
import { isIsoDate } from '../domain/calculation/fields.js';
import { londonDate } from '../domain/allocation/index.js';
import { candidateCrn, parseCrn } from '../domain/casework/crn.js';
import { notionalEndDate } from '../domain/casework/sentence-length.js';
import { ValidationError, type FieldProblem } from '../domain/validation.js';

// Intake (domain.md §4 and §10.2, issue #5): a court outcome becomes an event with its offences, court
// appearance and sentence, and a person not under supervision enters the chosen team's unallocated queue in
// the same transaction, so "a sentenced person appears in the queue at once" holds by construction. A person
// already managed keeps their practitioner (continuity) and the new event is added to their record.

/** Roles that record court outcomes: the managers who own the queue, and administrators. */
export const INTAKE_ROLES = ['SPO', 'PDU_HEAD', 'ADMIN'] as const;

/** The allocation reason of the queue record a new sentence creates. */
export const NEW_SENTENCE_REASON = 'NEW_SENTENCE';

export const SEXES = ['MALE', 'FEMALE', 'NOT_KNOWN'] as const;
export type Sex = (typeof SEXES)[number];

export interface NewPerson {
  forename: string;
  surname: string;
  dateOfBirth: string;
  sex: Sex | string;
  pncNumber?: string | null;
}

export interface IntakeOffence {
  offenceCode: string;
  offenceDate?: string | null;
  count?: number | null;
}

export interface IntakeInput {
  /** An existing person by CRN, or a new person on probation (a CRN is issued). */
  person: { crn: string } | NewPerson;
  /** Whose queue a person who is not currently managed enters. */
  teamCode: string;
  courtCode: string;
  /** Defaults to the sentence date (convicted and sentenced at one hearing). */
  convictionDate?: string | null;
  sentenceDate: string;
  /** The main offence first, then any additional offences. */
  offences: readonly IntakeOffence[];
  disposalTypeCode: string;
  length?: number | null;
  lengthUnit?: SentenceLengthUnit | null;
  /** Custodial sentences: when the person is expected out, which sets the allocation deadline. */
  expectedReleaseDate?: string | null;
  requirements?: readonly NewRequirement[];
}

export type IntakeOutcome =
  /** Not under supervision before: now waiting in the team's queue. */
  | 'QUEUED'
  /** Already waiting in a queue: stays there, still from when it entered. */
  | 'ALREADY_QUEUED'
  /** Managed by a practitioner, who keeps the case. */
  | 'CONTINUITY';

export interface IntakeResult {
  outcome: IntakeOutcome;
  personId: number;
  crn: string;
  newPerson: boolean;
  eventId: number;
  eventNumber: number;
  sentenceId: number;
  teamCode: string;
  staffId: number | null;
  unallocatedSince: Date | null;
}

export type IntakeActor = Actor & { userId: number; roles: readonly string[] };

const MAX_NAME = 35;
const MAX_OFFENCES = 20;
const MAX_REQUIREMENTS = 20;

const trimmed = (v: string | null | undefined) => (v ?? '').trim();

function isNewPerson(p: IntakeInput['person']): p is NewPerson {
  return !('crn' in p);
}

/** The checks that need no database: required fields, shapes and dates against today. */
function shapeProblems(input: IntakeInput, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  const person = input.person;
  if (isNewPerson(person)) {
    for (const [field, label] of [
      ['forename', 'first name'],
      ['surname', 'last name'],
    ] as const) {
      const v = trimmed(person[field]);
      if (v === '') add(field, `Enter the ${label}`);
      else if (v.length > MAX_NAME) add(field, `The ${label} must be ${MAX_NAME} characters or fewer`);
    }
    if (!isIsoDate(person.dateOfBirth)) add('dateOfBirth', 'Enter a real date of birth');
    else if (person.dateOfBirth >= today) add('dateOfBirth', 'The date of birth must be in the past');
    if (!(SEXES as readonly string[]).includes(person.sex)) add('sex', 'Select the sex');
    if (trimmed(person.pncNumber).length > 20)
      add('pncNumber', 'The PNC number must be 20 characters or fewer');
  } else if (!parseCrn(person.crn)) {
    add('crn', 'Enter a CRN: one letter and six digits, like X123456');
  }
  if (!trimmed(input.teamCode)) add('teamCode', 'Select the team whose queue the case enters');
  if (!trimmed(input.courtCode)) add('courtCode', 'Select the sentencing court');
  if (!trimmed(input.disposalTypeCode)) add('disposalTypeCode', 'Select the sentence');
  // The event and court appearance are dated by it before startSentence applies its own rules to it.
  if (!isIsoDate(input.sentenceDate)) add('sentenceDate', 'Enter the sentence date as a real date');
  if (input.convictionDate && !isIsoDate(input.convictionDate))
    add('convictionDate', 'The conviction date must be a real date');
  if (input.offences.length === 0 || !trimmed(input.offences[0]!.offenceCode))
    add('offences.0.offenceCode', 'Enter the main offence code');
  if (input.offences.length > MAX_OFFENCES)
    add('offences', `Record at most ${MAX_OFFENCES} offences on one event`);
  input.offences.forEach((o, i) => {
    if (o.offenceDate && !isIsoDate(o.offenceDate))
      add(`offences.${i}.offenceDate`, 'The offence date must be a real date');
    else if (o.offenceDate && o.offenceDate > today)
      add(`offences.${i}.offenceDate`, 'The offence date must be today or in the past');
    if (o.count != null && (!Number.isInteger(o.count) || o.count < 1))
      add(`offences.${i}.count`, 'The number of counts must be a whole number, 1 or more');
  });
  if ((input.requirements ?? []).length > MAX_REQUIREMENTS)
    add('requirements', `Record at most ${MAX_REQUIREMENTS} requirements`);
  return problems;
}

/** The checks against reference data and the organisation. */
async function referenceProblems(trx: Transaction<DB>, input: IntakeInput, today: string) {
  const problems: FieldProblem[] = [];
  const team = trimmed(input.teamCode)
    ? await trx
        .selectFrom('team')
        .select(['code', 'start_date', 'end_date'])
        .where('code', '=', input.teamCode)
        .executeTakeFirst()
    : undefined;
  if (trimmed(input.teamCode) && (!team || team.start_date > today || (team.end_date ?? today) < today))
    problems.push({ field: 'teamCode', problem: 'Select an active team' });
  if (trimmed(input.courtCode)) {
    const court = await trx
      .selectFrom('court')
      .select('code')
      .where('code', '=', input.courtCode)
      .executeTakeFirst();
    if (!court) problems.push({ field: 'courtCode', problem: 'Select a court that exists' });
  }
  const codes = [...new Set(input.offences.map((o) => trimmed(o.offenceCode)).filter(Boolean))];
  const known = new Set(
    codes.length === 0
      ? []
      : (await trx.selectFrom('offence_code').select('code').where('code', 'in', codes).execute()).map(
          (r) => r.code,
        ),
  );
  input.offences.forEach((o, i) => {
    const code = trimmed(o.offenceCode);
    if (code && !known.has(code))
      problems.push({
        field: `offences.${i}.offenceCode`,
        problem: 'Enter a Home Office offence code that exists: 5 digits, like 02801',
      });
  });
  return problems;
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Issues a CRN no person has had: random candidates, each checked, under the unique index (domain.md §2). */
async function issueCrn(trx: Transaction<DB>): Promise<string> {
  for (;;) {
    const crn = candidateCrn();
    const taken = await trx.selectFrom('person').select('id').where('crn', '=', crn).executeTakeFirst();
    if (!taken) return crn;
  }
}

/**
 * Records a court outcome in one transaction: the person (new, or found by CRN), the event with its offences
 * and court appearance, the sentence and its requirements through startSentence (which recalculates risk and
 * tier), and the person's place in a queue or with their practitioner; audited. Bad input is a ValidationError
 * naming the field, and nothing is written.
 */
export async function recordCourtOutcome(
  db: Kysely<DB>,
  actor: IntakeActor,
  input: IntakeInput,
  now: Date = new Date(),
): Promise<IntakeResult> {
  if (!actor.roles.some((r) => (INTAKE_ROLES as readonly string[]).includes(r))) {
    throw new NotPermittedError(
      'Only senior probation officers, heads of PDU and administrators record sentences',
    );
  }
  const today = londonDate(now);
  return db.transaction().execute(async (trx) => {
    const problems = [...shapeProblems(input, today), ...(await referenceProblems(trx, input, today))];
    let personId: number;
    let crn: string;
    const newPerson = isNewPerson(input.person);
    if (isNewPerson(input.person)) {
      throwIfAny(problems);
      const p = input.person;
      crn = await issueCrn(trx);
      const row = await trx
        .insertInto('person')
        .values({
          crn,
          forename: p.forename.trim(),
          surname: p.surname.trim(),
          date_of_birth: p.dateOfBirth,
          sex: p.sex as Sex,
          pnc_number: trimmed(p.pncNumber) || null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      personId = row.id;
      await recordAudit(trx, actor, {
        entity: 'person',
        entityId: personId,
        personId,
        crn,
        action: 'CREATE',
        after: { crn, forename: p.forename.trim(), surname: p.surname.trim(), dateOfBirth: p.dateOfBirth },
      });
    } else {
      const access = await decideAccess(trx, actor.userId, input.person.crn, today);
      if (access.outcome === 'NOT_FOUND') {
        throw new ValidationError([...problems, { field: 'crn', problem: 'No person has this CRN' }]);
      }
      if (access.outcome !== 'ALLOWED') throw new NotPermittedError(access.message);
      throwIfAny(problems);
      personId = access.personId;
      crn = parseCrn(input.person.crn)!;
    }

    // Serialises intake with allocation of the same person: both lock the current COM record first.
    const current = await lockCurrentCom(trx, personId);
    const status = await trx
      .selectFrom('person')
      .select('case_status')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    // Under supervision: active with a current COM record, whether held by a practitioner or queued.
    const managed = status.case_status === 'ACTIVE' ? current : undefined;

    const last = await trx
      .selectFrom('event')
      .select((eb) => eb.fn.max('event_number').as('n'))
      .where('person_id', '=', personId)
      .executeTakeFirst();
    const eventNumber = Number(last?.n ?? 0) + 1;
    const convictionDate = input.convictionDate || input.sentenceDate;
    const event = await trx
      .insertInto('event')
      .values({
        person_id: personId,
        event_number: eventNumber,
        conviction_date: convictionDate,
        referral_date: input.sentenceDate,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('offence')
      .values(
        input.offences.map((o, i) => ({
          person_id: personId,
          event_id: event.id,
          offence_code: o.offenceCode.trim(),
          offence_date: o.offenceDate || null,
          offence_count: o.count ?? 1,
          main: i === 0,
        })),
      )
      .execute();
    await trx
      .insertInto('court_appearance')
      .values({
        person_id: personId,
        event_id: event.id,
        court_code: input.courtCode,
        appearance_date: input.sentenceDate,
        appearance_type: 'Sentence',
        outcome: 'Sentenced',
      })
      .execute();
    const lengthKnown =
      Number.isInteger(input.length) &&
      input.length! > 0 &&
      (SENTENCE_LENGTH_UNITS as readonly unknown[]).includes(input.lengthUnit);
    const { sentenceId } = await startSentence(
      trx,
      actor,
      personId,
      {
        eventId: event.id,
        disposalTypeCode: input.disposalTypeCode,
        sentenceDate: input.sentenceDate,
        length: input.length ?? null,
        lengthUnit: input.lengthUnit ?? null,
        expectedEndDate: lengthKnown
          ? notionalEndDate(input.sentenceDate, input.length!, input.lengthUnit!)
          : null,
        expectedReleaseDate: input.expectedReleaseDate || null,
        requirements: input.requirements ?? [],
      },
      today,
    );

    let outcome: IntakeOutcome;
    let teamCode: string;
    let staffId: number | null;
    let unallocatedSince: Date | null;
    if (managed && managed.staff_id !== null) {
      outcome = 'CONTINUITY';
      teamCode = managed.team_code;
      staffId = managed.staff_id;
      unallocatedSince = null;
      // The new sentence can change the case's location and tier, so the practitioner's points follow it.
      await onCaseloadChanged(trx, [managed.staff_id], today);
    } else if (managed) {
      outcome = 'ALREADY_QUEUED';
      teamCode = managed.team_code;
      staffId = null;
      unallocatedSince = managed.start_at;
    } else {
      outcome = 'QUEUED';
      teamCode = input.teamCode;
      staffId = null;
      unallocatedSince = now;
      // A previously managed person's last record may still be open if their case was closed without
      // ending it; it ends as the new queue record starts, so the history has no overlap.
      if (current) {
        await trx
          .updateTable('responsibility')
          .set({ end_at: now })
          .where('person_id', '=', personId)
          .where('id', '=', current.id)
          .execute();
      }
      const otherOwner = await trx
        .selectFrom('responsibility')
        .select('id')
        .where('person_id', '=', personId)
        .where('end_at', 'is', null)
        .where('responsible_officer', '=', true)
        .where('role', '<>', 'COM')
        .executeTakeFirst();
      const queued = await trx
        .insertInto('responsibility')
        .values({
          person_id: personId,
          role: 'COM',
          responsible_officer: otherOwner === undefined,
          team_code: input.teamCode,
          staff_id: null,
          start_at: now,
          allocation_reason: NEW_SENTENCE_REASON,
          allocated_by_user_id: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (status.case_status !== 'ACTIVE') {
        await trx
          .updateTable('person')
          .set({ case_status: 'ACTIVE', updated_at: now })
          .where('id', '=', personId)
          .execute();
      }
      await recordAudit(trx, actor, {
        entity: 'responsibility',
        entityId: queued.id,
        personId,
        crn,
        action: 'QUEUE',
        before: current ? { responsibilityId: current.id, staffId: current.staff_id } : null,
        after: { teamCode: input.teamCode, staffId: null, reason: NEW_SENTENCE_REASON },
      });
    }
    await recordAudit(trx, actor, {
      entity: 'event',
      entityId: event.id,
      personId,
      crn,
      action: 'COURT_OUTCOME',
      after: {
        eventNumber,
        outcome,
        courtCode: input.courtCode,
        offences: input.offences.map((o) => o.offenceCode),
        disposalTypeCode: input.disposalTypeCode,
        sentenceId,
        teamCode,
        staffId,
      },
    });
    return {
      outcome,
      personId,
      crn,
      newPerson,
      eventId: event.id,
      eventNumber,
      sentenceId,
      teamCode,
      staffId,
      unallocatedSince,
    };
  });
}
