import type { Transaction } from 'kysely';
import { isIsoDate } from '../domain/calculation/fields.js';
import { todayInLondon } from '../domain/calculation/run.js';
import { addMonths } from '../domain/risk/age.js';
import type { RecalculationPlan } from '../domain/risk/recalculation.js';
import { ROSH_CODES } from '../domain/tiering/registrations.js';
import { ValidationError, type FieldProblem } from '../domain/validation.js';
import { recordAudit, type Actor } from './audit.js';
import { recalculateRisk } from './risk-record.js';
import type { DB, RoshLevel } from './schema.js';

// Changes to the inputs of the predictors and tiers. Each validates, writes, audits and recalculates the
// person's scores and tiers in the caller's transaction, so the tier can never lag behind its inputs and a
// failure anywhere leaves no change at all (tiering.md §6).

type Trx = Transaction<DB>;

const MAPPA_VALUES = ['M1', 'M2', 'M3', 'M4'];
/** Lowest to highest: the overall RoSH is the highest level of any group. */
const ROSH_LEVELS: readonly RoshLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];

function check(problems: FieldProblem[], ok: boolean, field: string, problem: string): void {
  if (!ok) problems.push({ field, problem });
}

function checkDate(
  problems: FieldProblem[],
  value: string | undefined | null,
  field: string,
  label: string,
  today: string,
  earliest?: { date: string; label: string },
): void {
  if (!value) return check(problems, false, field, `Enter the ${label}`);
  if (!isIsoDate(value))
    return check(problems, false, field, `The ${label} must be a real date, like 2026-03-27`);
  check(problems, value <= today, field, `The ${label} must be today or in the past`);
  if (earliest)
    check(problems, value >= earliest.date, field, `The ${label} must be on or after the ${earliest.label}`);
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

function notFound(field: string, what: string): never {
  throw new ValidationError([{ field, problem: `${what} was not found for this person` }], 404);
}

/** The register types that carry a level and a category, and the values each allows. */
export const LEVELS_AND_CATEGORIES: Readonly<
  Record<string, { levels: readonly string[]; categories: readonly string[]; label: string }>
> = {
  MAPP: { levels: ['M1', 'M2', 'M3'], categories: MAPPA_VALUES, label: 'MAPPA' },
};

const MAX_NOTES = 4000;

/** The user's role does not allow the action: a 403, not bad input. */
export class NotPermittedError extends Error {
  readonly statusCode = 403;
  constructor(message: string) {
    super(message);
    this.name = 'NotPermittedError';
  }
}

/**
 * Practitioners and SPOs change the risk record; every other role (inspectors above all) only reads it.
 * Web and API both ask here before opening a transaction.
 */
export function assertMayChangeRiskRecord(roles: readonly string[]): void {
  if (!roles.includes('PRACTITIONER') && !roles.includes('SPO'))
    throw new NotPermittedError('Only a practitioner or an SPO can change the risk record');
}

export interface NewRegistration {
  registerTypeCode: string;
  registrationDate: string;
  level?: string | null;
  category?: string | null;
  /** Left out, it is the registration date plus the register type's review period (none when it has none). */
  nextReviewDate?: string | null;
  notes?: string | null;
  registeredByStaffId?: number | null;
}

async function insertRegistration(
  trx: Trx,
  actor: Actor,
  personId: number,
  input: NewRegistration,
  reviewPeriodMonths: number | null,
): Promise<number> {
  const nextReviewDate =
    input.nextReviewDate ||
    (reviewPeriodMonths ? addMonths(input.registrationDate, reviewPeriodMonths) : null);
  const row = await trx
    .insertInto('registration')
    .values({
      person_id: personId,
      register_type_code: input.registerTypeCode,
      registration_date: input.registrationDate,
      level: input.level || null,
      category: input.category || null,
      next_review_date: nextReviewDate,
      notes: input.notes?.trim() || null,
      registered_by_staff_id: input.registeredByStaffId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    entity: 'registration',
    entityId: row.id,
    personId,
    action: 'CREATE',
    after: { ...input, nextReviewDate },
  });
  return row.id;
}

async function markDeregistered(
  trx: Trx,
  actor: Actor,
  personId: number,
  registrationId: number,
  input: { deregistrationDate: string; reason: string; staffId?: number | null },
): Promise<void> {
  await trx
    .updateTable('registration')
    .set({
      deregistration_date: input.deregistrationDate,
      deregistration_notes: input.reason,
      deregistered_by_staff_id: input.staffId ?? null,
    })
    .where('person_id', '=', personId)
    .where('id', '=', registrationId)
    .execute();
  await recordAudit(trx, actor, {
    entity: 'registration',
    entityId: registrationId,
    personId,
    action: 'DEREGISTER',
    before: { deregistrationDate: null },
    after: input,
  });
}

export async function addRegistration(
  trx: Trx,
  actor: Actor,
  personId: number,
  input: NewRegistration,
  today = todayInLondon(),
): Promise<{ registrationId: number; plan: RecalculationPlan }> {
  const problems: FieldProblem[] = [];
  const type = input.registerTypeCode
    ? await trx
        .selectFrom('register_type')
        .select(['code', 'description', 'review_period_months'])
        .where('code', '=', input.registerTypeCode)
        .executeTakeFirst()
    : undefined;
  check(
    problems,
    type !== undefined,
    'registerTypeCode',
    input.registerTypeCode ? 'Select a register type that exists' : 'Select a register type',
  );
  checkDate(problems, input.registrationDate, 'registrationDate', 'registration date', today);
  const graded = LEVELS_AND_CATEGORIES[input.registerTypeCode];
  if (graded) {
    check(
      problems,
      graded.categories.includes(input.category ?? ''),
      'category',
      `Select a ${graded.label} category, ${graded.categories[0]} to ${graded.categories.at(-1)}`,
    );
    check(
      problems,
      graded.levels.includes(input.level ?? ''),
      'level',
      `Select a ${graded.label} level, ${graded.levels[0]} to ${graded.levels.at(-1)}`,
    );
  } else if (type) {
    // A level or category on a type that has none would be stored and shown but mean nothing.
    check(problems, !input.category, 'category', `${type.description} registrations have no category`);
    check(problems, !input.level, 'level', `${type.description} registrations have no level`);
  }
  if (input.nextReviewDate)
    check(
      problems,
      isIsoDate(input.nextReviewDate) && input.nextReviewDate >= input.registrationDate,
      'nextReviewDate',
      'The next review date must be a real date on or after the registration date',
    );
  check(
    problems,
    (input.notes ?? '').length <= MAX_NOTES,
    'notes',
    `Notes must be ${MAX_NOTES} characters or fewer`,
  );
  throwIfAny(problems);
  const registrationId = await insertRegistration(trx, actor, personId, input, type!.review_period_months);
  const plan = await recalculateRisk(trx, actor, personId, {
    trigger: 'REGISTRATION_ADDED',
    reason: `Registration added: ${input.registerTypeCode}`,
    today,
  });
  return { registrationId, plan };
}

export async function deregister(
  trx: Trx,
  actor: Actor,
  personId: number,
  registrationId: number,
  input: { deregistrationDate: string; reason: string; staffId?: number | null },
  today = todayInLondon(),
): Promise<RecalculationPlan> {
  const reg = await trx
    .selectFrom('registration')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', '=', registrationId)
    .where('soft_deleted', '=', false)
    .executeTakeFirst();
  if (!reg) notFound('registrationId', 'The registration');
  const problems: FieldProblem[] = [];
  check(
    problems,
    reg.deregistration_date === null,
    'registrationId',
    'This registration has already been removed',
  );
  checkDate(problems, input.deregistrationDate, 'deregistrationDate', 'deregistration date', today, {
    date: reg.registration_date,
    label: 'registration date',
  });
  const reason = (input.reason ?? '').trim();
  check(problems, reason.length > 0, 'reason', 'Enter why the registration is being removed');
  check(
    problems,
    reason.length <= MAX_NOTES,
    'reason',
    `The reason must be ${MAX_NOTES} characters or fewer`,
  );
  throwIfAny(problems);
  await markDeregistered(trx, actor, personId, registrationId, { ...input, reason });
  return recalculateRisk(trx, actor, personId, {
    trigger: 'REGISTRATION_REMOVED',
    reason: `Registration removed: ${reg.register_type_code} (${reason})`,
    today,
  });
}

/** The groups an assessment rates the risk of serious harm to; prisoners only for someone in custody. */
export const ROSH_GROUPS = ['children', 'public', 'knownAdult', 'staff', 'prisoners'] as const;
export type RoshGroup = (typeof ROSH_GROUPS)[number];
const REQUIRED_ROSH_GROUPS: readonly RoshGroup[] = ['children', 'public', 'knownAdult', 'staff'];
const ROSH_COLUMNS = {
  children: 'rosh_children',
  public: 'rosh_public',
  knownAdult: 'rosh_known_adult',
  staff: 'rosh_staff',
  prisoners: 'rosh_prisoners',
} as const satisfies Record<RoshGroup, string>;
const ROSH_REGISTER_CODE = Object.fromEntries(
  Object.entries(ROSH_CODES).map(([code, level]) => [level, code]),
) as Record<RoshLevel, string>;
/** Each group as the error messages name it. */
const ROSH_GROUP_WORDS: Readonly<Record<RoshGroup, string>> = {
  children: 'children',
  public: 'the public',
  knownAdult: 'a known adult',
  staff: 'staff',
  prisoners: 'prisoners',
};

/**
 * Completes an assessment in progress. With RoSH by group, it also records those levels, the overall level
 * (the highest of them) and, as nDelius does with OASys, makes the matching RoSH registration the current one,
 * because the tier reads RoSH from registrations (tiering.md §2.2). One recalculation covers all of it.
 */
export async function completeAssessment(
  trx: Trx,
  actor: Actor,
  personId: number,
  assessmentId: number,
  input: { completedDate: string; rosh?: Partial<Record<RoshGroup, string | null>> },
  today = todayInLondon(),
): Promise<RecalculationPlan> {
  const a = await trx
    .selectFrom('assessment')
    .select(['status', 'initiated_date'])
    .where('person_id', '=', personId)
    .where('id', '=', assessmentId)
    .where('soft_deleted', '=', false)
    .executeTakeFirst();
  if (!a) notFound('assessmentId', 'The assessment');
  const problems: FieldProblem[] = [];
  check(
    problems,
    a.status === 'IN_PROGRESS',
    'assessmentId',
    'Only an assessment in progress can be completed',
  );
  checkDate(problems, input.completedDate, 'completedDate', 'completion date', today, {
    date: a.initiated_date,
    label: 'date the assessment started',
  });
  const rosh: Partial<Record<RoshGroup, RoshLevel>> = {};
  if (input.rosh) {
    for (const group of ROSH_GROUPS) {
      const value = input.rosh[group] || null;
      const level = ROSH_LEVELS.find((l) => l === value);
      if (level) rosh[group] = level;
      else if (value !== null || REQUIRED_ROSH_GROUPS.includes(group))
        problems.push({
          field: `rosh-${group}`,
          problem: `Select the risk of serious harm to ${ROSH_GROUP_WORDS[group]}`,
        });
    }
  }
  throwIfAny(problems);
  const levels = Object.values(rosh);
  const overall = levels.length
    ? levels.reduce((hi, l) => (ROSH_LEVELS.indexOf(l) > ROSH_LEVELS.indexOf(hi) ? l : hi))
    : null;
  await trx
    .updateTable('assessment')
    .set({
      status: 'COMPLETE',
      completed_date: input.completedDate,
      ...(overall
        ? {
            ...Object.fromEntries(ROSH_GROUPS.map((g) => [ROSH_COLUMNS[g], rosh[g] ?? null])),
            rosh_overall: overall,
          }
        : {}),
    })
    .where('person_id', '=', personId)
    .where('id', '=', assessmentId)
    .execute();
  await recordAudit(trx, actor, {
    entity: 'assessment',
    entityId: assessmentId,
    personId,
    action: 'COMPLETE',
    before: { status: a.status },
    after: { status: 'COMPLETE', completedDate: input.completedDate, ...(overall ? { rosh, overall } : {}) },
  });
  if (overall) await replaceRoshRegistration(trx, actor, personId, overall, input.completedDate);
  return recalculateRisk(trx, actor, personId, {
    trigger: 'ASSESSMENT_COMPLETED',
    reason: overall
      ? `Assessment completed on ${input.completedDate}: RoSH ${overall.replace('_', ' ').toLowerCase()}`
      : `Assessment completed on ${input.completedDate}`,
    today,
  });
}

/** Ends every other active RoSH registration and registers the assessed level, unless it is already current. */
async function replaceRoshRegistration(
  trx: Trx,
  actor: Actor,
  personId: number,
  level: RoshLevel,
  completedDate: string,
): Promise<void> {
  const code = ROSH_REGISTER_CODE[level];
  const active = await trx
    .selectFrom('registration')
    .select(['id', 'register_type_code', 'registration_date'])
    .where('person_id', '=', personId)
    .where('register_type_code', 'in', Object.keys(ROSH_CODES))
    .where('deregistration_date', 'is', null)
    .where('soft_deleted', '=', false)
    .execute();
  if (active.length === 1 && active[0]!.register_type_code === code) return;
  for (const r of active)
    await markDeregistered(trx, actor, personId, r.id, {
      // A registration cannot end before it began, even when the assessment is dated earlier.
      deregistrationDate: r.registration_date > completedDate ? r.registration_date : completedDate,
      reason: `Replaced by the RoSH of the assessment completed on ${completedDate}`,
    });
  const type = await trx
    .selectFrom('register_type')
    .select('review_period_months')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  await insertRegistration(
    trx,
    actor,
    personId,
    { registerTypeCode: code, registrationDate: completedDate },
    type.review_period_months,
  );
}

export interface NewRequirement {
  requirementTypeCode: string;
  /** In the requirement type's unit: hours of unpaid work, maximum RAR days, months of curfew. */
  length?: number | null;
  subCategory?: string | null;
}

export const SENTENCE_LENGTH_UNITS = ['DAYS', 'WEEKS', 'MONTHS', 'YEARS'] as const;
export type SentenceLengthUnit = (typeof SENTENCE_LENGTH_UNITS)[number];

export interface NewSentence {
  eventId: number;
  disposalTypeCode: string;
  sentenceDate: string;
  length?: number | null;
  lengthUnit?: SentenceLengthUnit | null;
  expectedEndDate?: string | null;
  expectedReleaseDate?: string | null;
  /** Written before the recalculation, because restrictive requirements decide the mandate for change. */
  requirements?: readonly NewRequirement[];
}

export async function startSentence(
  trx: Trx,
  actor: Actor,
  personId: number,
  input: NewSentence,
  today = todayInLondon(),
): Promise<{ sentenceId: number; plan: RecalculationPlan }> {
  const event = await trx
    .selectFrom('event')
    .select(['id', 'conviction_date'])
    .where('person_id', '=', personId)
    .where('id', '=', input.eventId)
    .where('soft_deleted', '=', false)
    .executeTakeFirst();
  if (!event) notFound('eventId', 'The event');
  const problems: FieldProblem[] = [];
  const existing = await trx
    .selectFrom('sentence')
    .select('id')
    .where('person_id', '=', personId)
    .where('event_id', '=', input.eventId)
    .where('soft_deleted', '=', false)
    .executeTakeFirst();
  check(problems, existing === undefined, 'eventId', 'This event already has a sentence');
  const disposal = input.disposalTypeCode
    ? await trx
        .selectFrom('disposal_type')
        .select(['code', 'sentence_type'])
        .where('code', '=', input.disposalTypeCode)
        .executeTakeFirst()
    : undefined;
  check(problems, disposal !== undefined, 'disposalTypeCode', 'Select a sentence type that exists');
  checkDate(
    problems,
    input.sentenceDate,
    'sentenceDate',
    'sentence date',
    today,
    event.conviction_date ? { date: event.conviction_date, label: 'conviction date' } : undefined,
  );
  if (input.expectedEndDate)
    check(
      problems,
      isIsoDate(input.expectedEndDate) && input.expectedEndDate > input.sentenceDate,
      'expectedEndDate',
      'The expected end date must be a real date after the sentence date',
    );
  if (input.expectedReleaseDate)
    check(
      problems,
      isIsoDate(input.expectedReleaseDate) && input.expectedReleaseDate >= input.sentenceDate,
      'expectedReleaseDate',
      'The expected release date must be a real date on or after the sentence date',
    );
  if (input.length != null || input.lengthUnit != null) {
    check(
      problems,
      Number.isInteger(input.length) && input.length! > 0,
      'length',
      'Enter the sentence length as a whole number greater than 0',
    );
    check(
      problems,
      (SENTENCE_LENGTH_UNITS as readonly (string | null | undefined)[]).includes(input.lengthUnit),
      'lengthUnit',
      'Select days, weeks, months or years',
    );
  }
  const requirements = input.requirements ?? [];
  const codes = [...new Set(requirements.map((q) => q.requirementTypeCode).filter(Boolean))];
  const knownTypes = new Set(
    codes.length === 0
      ? []
      : (await trx.selectFrom('requirement_type').select('code').where('code', 'in', codes).execute()).map(
          (t) => t.code,
        ),
  );
  requirements.forEach((q, i) => {
    check(
      problems,
      knownTypes.has(q.requirementTypeCode),
      `requirements.${i}.requirementTypeCode`,
      'Select a requirement type that exists',
    );
    if (q.length != null)
      check(
        problems,
        Number.isInteger(q.length) && q.length >= 0,
        `requirements.${i}.length`,
        'Enter the requirement length as a whole number',
      );
  });
  throwIfAny(problems);
  const custodial = disposal!.sentence_type !== 'SP';
  const row = await trx
    .insertInto('sentence')
    .values({
      person_id: personId,
      event_id: input.eventId,
      disposal_type_code: input.disposalTypeCode,
      sentence_date: input.sentenceDate,
      length: input.length ?? null,
      length_unit: input.lengthUnit ?? null,
      expected_end_date: input.expectedEndDate ?? null,
      custodial_status: custodial ? 'IN_CUSTODY' : null,
      expected_release_date: custodial ? (input.expectedReleaseDate ?? null) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (requirements.length > 0) {
    await trx
      .insertInto('requirement')
      .values(
        requirements.map((q) => ({
          person_id: personId,
          sentence_id: row.id,
          requirement_type_code: q.requirementTypeCode,
          sub_category: q.subCategory ?? null,
          length: q.length ?? null,
          expected_start_date: input.sentenceDate,
        })),
      )
      .execute();
  }
  await recordAudit(trx, actor, {
    entity: 'sentence',
    entityId: row.id,
    personId,
    action: 'CREATE',
    after: input,
  });
  const plan = await recalculateRisk(trx, actor, personId, {
    trigger: 'SENTENCE_STARTED',
    reason: `Sentence started: ${input.disposalTypeCode}`,
    today,
  });
  return { sentenceId: row.id, plan };
}

async function currentSentence(trx: Trx, personId: number, sentenceId: number) {
  const s = await trx
    .selectFrom('sentence')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', '=', sentenceId)
    .where('soft_deleted', '=', false)
    .executeTakeFirst();
  if (!s) notFound('sentenceId', 'The sentence');
  return s;
}

export async function endSentence(
  trx: Trx,
  actor: Actor,
  personId: number,
  sentenceId: number,
  input: { terminationDate: string; reason: string },
  today = todayInLondon(),
): Promise<RecalculationPlan> {
  const s = await currentSentence(trx, personId, sentenceId);
  const problems: FieldProblem[] = [];
  check(problems, s.termination_date === null, 'sentenceId', 'This sentence has already ended');
  checkDate(problems, input.terminationDate, 'terminationDate', 'termination date', today, {
    date: s.sentence_date,
    label: 'sentence date',
  });
  check(problems, Boolean(input.reason?.trim()), 'reason', 'Enter why the sentence ended');
  throwIfAny(problems);
  await trx
    .updateTable('sentence')
    .set({ termination_date: input.terminationDate, termination_reason: input.reason.trim() })
    .where('person_id', '=', personId)
    .where('id', '=', sentenceId)
    .execute();
  await recordAudit(trx, actor, {
    entity: 'sentence',
    entityId: sentenceId,
    personId,
    action: 'TERMINATE',
    before: { terminationDate: null },
    after: input,
  });
  return recalculateRisk(trx, actor, personId, {
    trigger: 'SENTENCE_ENDED',
    reason: `Sentence ended: ${input.reason.trim()}`,
    today,
  });
}

export async function recordRelease(
  trx: Trx,
  actor: Actor,
  personId: number,
  sentenceId: number,
  input: { releaseDate: string },
  today = todayInLondon(),
): Promise<RecalculationPlan> {
  const s = await currentSentence(trx, personId, sentenceId);
  const problems: FieldProblem[] = [];
  check(
    problems,
    s.custodial_status === 'IN_CUSTODY' || s.custodial_status === 'RECALLED',
    'sentenceId',
    'Only a person in custody on this sentence can be released',
  );
  checkDate(problems, input.releaseDate, 'releaseDate', 'release date', today, {
    date: s.sentence_date,
    label: 'sentence date',
  });
  throwIfAny(problems);
  await trx
    .updateTable('sentence')
    .set({ actual_release_date: input.releaseDate, custodial_status: 'RELEASED_ON_LICENCE' })
    .where('person_id', '=', personId)
    .where('id', '=', sentenceId)
    .execute();
  await recordAudit(trx, actor, {
    entity: 'sentence',
    entityId: sentenceId,
    personId,
    action: 'RELEASE',
    before: { custodialStatus: s.custodial_status, actualReleaseDate: s.actual_release_date },
    after: { custodialStatus: 'RELEASED_ON_LICENCE', actualReleaseDate: input.releaseDate },
  });
  return recalculateRisk(trx, actor, personId, {
    trigger: 'RELEASED',
    reason: `Released on ${input.releaseDate}`,
    today,
  });
}

// ---- Overrides ----------------------------------------------------------------------------------------

export type OverrideKind = 'ROSH' | 'TIER_PROTECT_CHANGE' | 'TIER_SINGLE_AXIS';
export const OVERRIDE_KINDS: readonly OverrideKind[] = ['ROSH', 'TIER_PROTECT_CHANGE', 'TIER_SINGLE_AXIS'];
const V2_TIER = /^[ABCD][0-3]S?$/;
const V3_TIER = /^[A-G]$/;
const MAX_REASON = 2000;

export interface OverrideActor extends Actor {
  userId: number;
  roles: readonly string[];
}

/** The value the override replaces: the current RoSH level or the current tier of that model. */
async function calculatedValue(trx: Trx, personId: number, kind: OverrideKind): Promise<string | null> {
  if (kind === 'ROSH') {
    const a = await trx
      .selectFrom('assessment')
      .select('rosh_overall')
      .where('person_id', '=', personId)
      .where('status', '=', 'COMPLETE')
      .where('soft_deleted', '=', false)
      .orderBy('completed_date', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return a?.rosh_overall ?? null;
  }
  const t = await trx
    .selectFrom('tier_calculation')
    .select('tier')
    .where('person_id', '=', personId)
    .where('model', '=', kind === 'TIER_PROTECT_CHANGE' ? 'PROTECT_CHANGE' : 'SINGLE_AXIS')
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  return t?.tier ?? null;
}

/** A practitioner (or SPO) proposes a different RoSH level or tier, with a reason. */
export async function proposeOverride(
  trx: Trx,
  actor: OverrideActor,
  personId: number,
  input: { kind: string; proposedValue: string; reason: string },
): Promise<number> {
  if (!actor.roles.includes('PRACTITIONER') && !actor.roles.includes('SPO')) {
    throw new NotPermittedError('Only a practitioner or an SPO can propose an override');
  }
  const problems: FieldProblem[] = [];
  const kind = OVERRIDE_KINDS.find((k) => k === input.kind);
  check(problems, kind !== undefined, 'kind', 'Select what you want to override');
  const value = (input.proposedValue ?? '').trim().toUpperCase();
  if (kind === 'ROSH')
    check(
      problems,
      (ROSH_LEVELS as readonly string[]).includes(value),
      'proposedValue',
      'Select a RoSH level: Low, Medium, High or Very high',
    );
  if (kind === 'TIER_PROTECT_CHANGE')
    check(problems, V2_TIER.test(value), 'proposedValue', 'Enter a protect/change tier such as B2 or C1S');
  if (kind === 'TIER_SINGLE_AXIS')
    check(problems, V3_TIER.test(value), 'proposedValue', 'Enter a tier from A to G');
  const reason = (input.reason ?? '').trim();
  check(problems, reason.length > 0, 'reason', 'Enter why the calculated value should be overridden');
  check(
    problems,
    reason.length <= MAX_REASON,
    'reason',
    `The reason must be ${MAX_REASON} characters or fewer`,
  );
  throwIfAny(problems);
  const calculated = await calculatedValue(trx, personId, kind!);
  if (calculated === value)
    throw new ValidationError([
      { field: 'proposedValue', problem: `The calculated value is already ${value}` },
    ]);
  const open = await trx
    .selectFrom('risk_override')
    .select('id')
    .where('person_id', '=', personId)
    .where('kind', '=', kind === 'ROSH' ? 'ROSH' : 'TIER')
    .where(
      'model',
      kind === 'ROSH' ? 'is' : '=',
      kind === 'ROSH' ? null : kind === 'TIER_PROTECT_CHANGE' ? 'PROTECT_CHANGE' : 'SINGLE_AXIS',
    )
    .where('status', '=', 'PROPOSED')
    .executeTakeFirst();
  if (open)
    throw new ValidationError(
      [{ field: 'kind', problem: 'There is already a proposal waiting for a decision' }],
      409,
    );
  const row = await trx
    .insertInto('risk_override')
    .values({
      person_id: personId,
      kind: kind === 'ROSH' ? 'ROSH' : 'TIER',
      model: kind === 'ROSH' ? null : kind === 'TIER_PROTECT_CHANGE' ? 'PROTECT_CHANGE' : 'SINGLE_AXIS',
      calculated_value: calculated,
      proposed_value: value,
      reason,
      proposed_by_user_id: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    entity: 'risk_override',
    entityId: row.id,
    personId,
    action: 'PROPOSE',
    after: { kind, calculated, proposed: value, reason },
  });
  return row.id;
}

/** An SPO approves or rejects a proposal, with a reason; nobody decides their own proposal. */
export async function decideOverride(
  trx: Trx,
  actor: OverrideActor,
  personId: number,
  overrideId: number,
  input: { decision: string; reason: string },
): Promise<void> {
  if (!actor.roles.includes('SPO')) {
    throw new NotPermittedError('Only an SPO can approve or reject an override');
  }
  const o = await trx
    .selectFrom('risk_override')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', '=', overrideId)
    .executeTakeFirst();
  if (!o) notFound('overrideId', 'The override');
  const problems: FieldProblem[] = [];
  check(problems, o.status === 'PROPOSED', 'decision', 'This proposal has already been decided');
  check(
    problems,
    o.proposed_by_user_id !== actor.userId,
    'decision',
    'Someone other than the proposer must decide this override',
  );
  check(
    problems,
    input.decision === 'APPROVED' || input.decision === 'REJECTED',
    'decision',
    'Select approve or reject',
  );
  const reason = (input.reason ?? '').trim();
  check(problems, reason.length > 0, 'decisionReason', 'Enter the reason for your decision');
  check(
    problems,
    reason.length <= MAX_REASON,
    'decisionReason',
    `The reason must be ${MAX_REASON} characters or fewer`,
  );
  throwIfAny(problems);
  const decision = input.decision as 'APPROVED' | 'REJECTED';
  await trx
    .updateTable('risk_override')
    .set({
      status: decision,
      decided_by_user_id: actor.userId,
      decided_at: new Date(),
      decision_reason: reason,
    })
    .where('person_id', '=', personId)
    .where('id', '=', overrideId)
    .execute();
  await recordAudit(trx, actor, {
    entity: 'risk_override',
    entityId: overrideId,
    personId,
    action: decision === 'APPROVED' ? 'APPROVE' : 'REJECT',
    before: { status: o.status },
    after: { status: decision, reason },
  });
}
