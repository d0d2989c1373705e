import { sql, type Kysely, type Transaction } from 'kysely';
import { blockedFor, decideAccess } from './access.js';
import { recordAudit, type Actor } from './audit.js';
import { inOrgUnit, orgPlace, type OrgPlace, type OrgPlaceRow } from './org-units.js';
import {
  currentSentence,
  currentTier,
  hasSafeguardingFlag,
  londonNow,
  nextAppointment,
  type CaseType,
} from './case-rules.js';
import type { DB, CustodialStatus, NotificationKind, SentenceType } from './schema.js';
import { onCaseloadChanged } from './workload/recalculate.js';
import { capacityThresholdsForDate } from './workload/thresholds.js';
import { weightingConfigForDate, type Queryable } from './workload/config.js';
import { ValidationError, type FieldProblem } from '../domain/validation.js';
import { deriveRegistrationFlags, type MappaLevel, type RoshLevel } from '../domain/tiering/registrations.js';
import {
  DEFAULT_ALLOCATION_CONFIG,
  allocationConfigProblems,
  guardrailProblems,
  isReallocationReason,
  londonDate,
  orderByUrgency,
  queueAgeing,
  queueManagementStatus,
  recommend,
  REALLOCATION_REASONS,
  type AllocationConfig,
  type Candidate,
  type ManagementStatus,
  type QueueAgeing,
  type Recommendation,
  type RecommendationCase,
} from '../domain/allocation/index.js';
import {
  UNTIERED,
  caseLocationFor,
  isWeightedTier,
  workloadGradeForStaff,
  type CaseToAllocate,
  type StaffGrade,
} from '../domain/workload/index.js';

// Allocation in the system (domain.md §10, issue #5): the queue read from responsibility (a case is queued
// while its current COM record has no staff member), the allocation page's facts and recommendation, and
// allocating or reallocating in one transaction with everything that must change with it.

/** Roles that allocate cases. Inspectors and practitioners read; they never allocate. */
export const ALLOCATOR_ROLES = ['SPO', 'PDU_HEAD'] as const;

export class NotPermittedError extends Error {
  readonly statusCode = 403;
}

// ---- configuration -------------------------------------------------------------------------------------

/** The configuration in force for a region: its own newest version, else the national one, else the defaults. */
export async function loadAllocationConfig(
  db: Queryable,
  regionCode: string | null,
): Promise<AllocationConfig> {
  const row = await db
    .selectFrom('allocation_config')
    .select('config')
    .where((eb) => eb.or([eb('region_code', '=', regionCode), eb('region_code', 'is', null)]))
    .orderBy(sql`region_code is null`)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.config as AllocationConfig) : DEFAULT_ALLOCATION_CONFIG;
}

/** Saves a new configuration version after checking it; refuses an unusable one field by field. */
export async function saveAllocationConfig(
  db: Kysely<DB>,
  actor: Actor,
  regionCode: string | null,
  config: AllocationConfig,
): Promise<number> {
  const problems = allocationConfigProblems(config);
  if (problems.length > 0) throw new ValidationError(problems);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('allocation_config')
      .values({ region_code: regionCode, config: JSON.stringify(config), created_by_user_id: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      entity: 'allocation_config',
      entityId: row.id,
      action: 'CREATE',
      after: { regionCode, config },
    });
    return row.id;
  });
}

// ---- case facts ----------------------------------------------------------------------------------------

interface FactsRow extends OrgPlaceRow {
  person_id: number;
  responsibility_id: number;
  staff_id: number | null;
  start_at: Date;
  crn: string;
  forename: string;
  surname: string;
  restricted: boolean;
  tier: string | null;
  v3_tier: string | null;
  registrations: { code: string; level: string | null; category: string | null; registrationDate: string }[];
  domestic_abuse: boolean;
  child_safeguarding: boolean;
  sentence_type: SentenceType | null;
  custodial_status: CustodialStatus | null;
  case_type: CaseType | null;
  sentence_description: string | null;
  sentence_date: string | null;
  expected_release_date: string | null;
  sentences: number;
  active_sentences: number;
  t2a: boolean;
  previous_staff_id: number | null;
  previous_staff_name: string | null;
}

type Where = ReturnType<typeof sql<boolean>>;

/**
 * Runs allocation reads with PostgreSQL's JIT compilation off. Each read is index lookups over a PDU's cases
 * and staff, a few milliseconds, but the planner's estimate for it passes jit_above_cost and compiling then
 * takes 40 ms or more, which was most of the recommendation's time at national scale.
 */
async function withoutJit<T>(db: Queryable, run: (q: Queryable) => Promise<T>): Promise<T> {
  if (db.isTransaction) {
    await sql`set local jit = off`.execute(db);
    return run(db);
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return run(trx);
  });
}

/** Current COM responsibilities (with their people's allocation facts) matching `where`, as `userId` may see them. */
async function caseFacts(db: Queryable, userId: number, today: string, where: Where): Promise<FactsRow[]> {
  return withoutJit(db, (q) => readCaseFacts(q, userId, today, where));
}

async function readCaseFacts(
  db: Queryable,
  userId: number,
  today: string,
  where: Where,
): Promise<FactsRow[]> {
  const k = db as Kysely<DB>;
  const { rows } = await sql<FactsRow>`
    select r.person_id, r.id as responsibility_id, r.staff_id, r.start_at, p.crn, p.forename, p.surname,
      t.code as team_code, t.name as team_name, d.code as pdu_code, d.name as pdu_name, g.code as region_code,
      g.name as region_name,
      ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      (${currentTier(k, sql.ref('p.id'))}) as tier,
      (select tc.tier from tier_calculation tc where tc.person_id = p.id and tc.model = 'SINGLE_AXIS'
        and tc.superseded_at is null) as v3_tier,
      coalesce((select json_agg(json_build_object('code', rg.register_type_code, 'level', rg.level,
          'category', rg.category, 'registrationDate', to_char(rg.registration_date, 'YYYY-MM-DD')))
        from registration rg where rg.person_id = p.id and rg.deregistration_date is null and not rg.soft_deleted),
        '[]'::json) as registrations,
      ${hasSafeguardingFlag(sql.ref('p.id'), 'DOMESTIC_ABUSE')} as domestic_abuse,
      ${hasSafeguardingFlag(sql.ref('p.id'), 'CHILD_SAFEGUARDING')} as child_safeguarding,
      cs.sentence_type, cs.custodial_status, cs.sentence_case_type as case_type, cs.sentence_description,
      cur.sentence_date, case when cs.sentence_case_type = 'CUSTODY' then cur.expected_release_date end
        as expected_release_date,
      (select count(*)::int from sentence s2 where s2.person_id = p.id and not s2.soft_deleted) as sentences,
      (select count(*)::int from sentence s2 where s2.person_id = p.id and not s2.soft_deleted
        and s2.termination_date is null) as active_sentences,
      exists (select 1 from intervention i where i.person_id = p.id and i.type_code = 'T2A' and not i.soft_deleted
        and (i.end_date is null or i.end_date >= ${today}::date)) as t2a,
      prev.staff_id as previous_staff_id, prev.name as previous_staff_name
    from responsibility r
    join person p on p.id = r.person_id
    join team t on t.code = r.team_code
    join pdu d on d.code = t.pdu_code
    join region g on g.code = d.region_code
    left join lateral (${currentSentence(k, sql.ref('p.id'))}) cs on true
    left join sentence cur on cur.person_id = p.id and cur.id = cs.sentence_id
    left join lateral (
      select pr.staff_id, s.forename || ' ' || s.surname as name from responsibility pr join staff s on s.id = pr.staff_id
      where pr.person_id = p.id and pr.role = 'COM' and pr.end_at is not null and pr.id <> r.id
        and pr.staff_id is distinct from r.staff_id
      order by pr.end_at desc, pr.id desc limit 1
    ) prev on true
    where r.role = 'COM' and r.end_at is null and p.case_status = 'ACTIVE' and not p.soft_deleted
      and p.merged_into_person_id is null and ${where}`.execute(db);
  return rows;
}

// ---- the queue ------------------------------------------------------------------------------------------

interface QueuePlace extends OrgPlace {
  personId: number;
  crn: string;
  unallocatedSince: Date;
  ageing: QueueAgeing;
}

export interface QueueCase extends QueuePlace {
  restricted: false;
  name: string;
  tier: string | null;
  v3Tier: string | null;
  rosh: RoshLevel | null;
  mappaLevel: MappaLevel | null;
  domesticAbuse: boolean;
  childSafeguarding: boolean;
  caseType: CaseType | null;
  sentenceDescription: string | null;
  sentenceDate: string | null;
  releaseDate: string | null;
  managementStatus: ManagementStatus;
  previousPractitioner: string | null;
}

/** A case the user may not see: its place in the queue and nothing about the person. */
export interface RestrictedQueueCase extends QueuePlace {
  restricted: true;
}

export type QueueItem = QueueCase | RestrictedQueueCase;

export type QueueScope = { level: 'team' | 'pdu' | 'region'; code: string } | { level: 'national' };

function toQueueItem(r: FactsRow, today: string, config: AllocationConfig): QueueItem {
  const ageing = queueAgeing(
    { unallocatedSince: londonDate(r.start_at), releaseDate: r.expected_release_date },
    today,
    config.timeliness,
  );
  const place: QueuePlace = {
    personId: r.person_id,
    crn: r.crn,
    ...orgPlace(r),
    unallocatedSince: r.start_at,
    ageing,
  };
  if (r.restricted) return { ...place, restricted: true };
  const flags = deriveRegistrationFlags(r.registrations);
  return {
    ...place,
    restricted: false,
    name: `${r.forename} ${r.surname}`,
    tier: r.tier,
    v3Tier: r.v3_tier,
    rosh: flags.rosh,
    mappaLevel: flags.mappaLevel,
    domesticAbuse: r.domestic_abuse,
    childSafeguarding: r.child_safeguarding,
    caseType: r.case_type,
    sentenceDescription: r.sentence_description,
    sentenceDate: r.sentence_date,
    releaseDate: r.expected_release_date,
    managementStatus: queueManagementStatus({ sentences: r.sentences, activeSentences: r.active_sentences }),
    previousPractitioner: r.previous_staff_name,
  };
}

export interface Queue {
  items: QueueItem[];
  total: number;
  overdue: number;
  /** Custody cases inside the release deadline and still unallocated. */
  releasesDue: number;
}

/**
 * The unallocated cases of a team, PDU, region or the country, as `userId` may see them, in urgency order.
 * A case is here from the moment its responsibility record without a practitioner exists: no batch fills it.
 */
export async function listQueue(
  db: Queryable,
  userId: number,
  scope: QueueScope,
  now: Date = new Date(),
  configFor: (regionCode: string) => Promise<AllocationConfig> = (code) => loadAllocationConfig(db, code),
): Promise<Queue> {
  const today = londonDate(now);
  const rows = await caseFacts(db, userId, today, sql<boolean>`r.staff_id is null and ${inOrgUnit(scope)}`);
  const configs = new Map<string, AllocationConfig>();
  for (const code of new Set(rows.map((r) => r.region_code))) configs.set(code, await configFor(code));
  const items = orderByUrgency(
    rows.map((r) => {
      const item = toQueueItem(r, today, configs.get(r.region_code)!);
      const risk = item.restricted
        ? null
        : { rosh: item.rosh, mappaLevel: item.mappaLevel, v3Tier: item.v3Tier };
      return { crn: item.crn, unallocatedSince: londonDate(r.start_at), ageing: item.ageing, risk, item };
    }),
  ).map((x) => x.item);
  return {
    items,
    total: items.length,
    overdue: items.filter((i) => i.ageing.overdue).length,
    releasesDue: items.filter((i) => i.ageing.releaseWithinDeadline).length,
  };
}

// ---- the allocation page ------------------------------------------------------------------------------

export interface AllocationCase {
  personId: number;
  crn: string;
  name: string;
  responsibilityId: number;
  /** Null while the case waits in the queue; the current practitioner when reallocating. */
  currentStaffId: number | null;
  currentPractitioner: string | null;
  teamCode: string;
  teamName: string;
  pduCode: string;
  pduName: string;
  regionCode: string;
  /** When the case entered the queue, and how it stands against its due date; null when allocated. */
  unallocatedSince: Date | null;
  ageing: QueueAgeing | null;
  tier: string | null;
  v3Tier: string | null;
  rosh: RoshLevel | null;
  mappaLevel: MappaLevel | null;
  registerCodes: string[];
  domesticAbuse: boolean;
  childSafeguarding: boolean;
  caseType: CaseType | null;
  sentenceDescription: string | null;
  sentenceDate: string | null;
  releaseDate: string | null;
  managementStatus: ManagementStatus | null;
  previousPractitioner: string | null;
  previousStaffId: number | null;
  /** What this case adds to a caseload: location, tier of record and cohort (workload core). */
  workload: CaseToAllocate;
}

/**
 * The allocation facts of a person's current COM responsibility. The caller has already passed the access
 * check for `personId`; null when the person has no current responsibility (not an active case).
 */
export async function allocationCase(
  db: Queryable,
  userId: number,
  personId: number,
  config: (regionCode: string) => Promise<AllocationConfig>,
  now: Date = new Date(),
): Promise<AllocationCase | null> {
  const today = londonDate(now);
  const [r] = await caseFacts(db, userId, today, sql<boolean>`r.person_id = ${personId}`);
  if (!r) return null;
  const flags = deriveRegistrationFlags(r.registrations);
  const location = caseLocationFor(r.sentence_type, r.custodial_status);
  const workload: CaseToAllocate =
    location === 'UNKNOWN'
      ? { location: 'COMMUNITY', tier: UNTIERED, t2a: r.t2a }
      : { location, tier: r.tier ?? UNTIERED, t2a: r.t2a };
  const queued = r.staff_id === null;
  const settings = queued ? await config(r.region_code) : null;
  const current = queued
    ? null
    : await db
        .selectFrom('staff')
        .select(['forename', 'surname'])
        .where('id', '=', r.staff_id)
        .executeTakeFirst();
  return {
    personId: r.person_id,
    crn: r.crn,
    name: `${r.forename} ${r.surname}`,
    responsibilityId: r.responsibility_id,
    currentStaffId: r.staff_id,
    currentPractitioner: current ? `${current.forename} ${current.surname}` : null,
    teamCode: r.team_code,
    teamName: r.team_name,
    pduCode: r.pdu_code,
    pduName: r.pdu_name,
    regionCode: r.region_code,
    unallocatedSince: queued ? r.start_at : null,
    ageing: settings
      ? queueAgeing(
          { unallocatedSince: londonDate(r.start_at), releaseDate: r.expected_release_date },
          today,
          settings.timeliness,
        )
      : null,
    tier: r.tier,
    v3Tier: r.v3_tier,
    rosh: flags.rosh,
    mappaLevel: flags.mappaLevel,
    registerCodes: [...new Set(r.registrations.map((g) => g.code))],
    domesticAbuse: r.domestic_abuse,
    childSafeguarding: r.child_safeguarding,
    caseType: r.case_type,
    sentenceDescription: r.sentence_description,
    sentenceDate: r.sentence_date,
    releaseDate: r.expected_release_date,
    managementStatus: queued
      ? queueManagementStatus({ sentences: r.sentences, activeSentences: r.active_sentences })
      : null,
    previousPractitioner: r.previous_staff_name,
    previousStaffId: r.previous_staff_id,
    workload,
  };
}

export type TierLetter = 'A' | 'B' | 'C' | 'D' | 'UNTIERED';

export interface PractitionerOption extends Recommendation {
  staffCode: string;
  teamName: string;
  cases: { total: number; community: number; licence: number; custody: number };
  lastAllocatedAt: Date | null;
}

interface OptionRow {
  staff_id: number;
  team_code: string;
  team_name: string;
  staff_code: string;
  forename: string;
  surname: string;
  grade: StaffGrade;
  qualification_date: string | null;
  total_points: number | null;
  available_points: number | null;
  total_cases: number | null;
  community_cases: number | null;
  licence_cases: number | null;
  custody_cases: number | null;
  blocked: boolean;
  previously_managed: boolean;
  recent_allocations: number;
  last_allocated_at: Date | null;
}

/**
 * The practitioners of `teamCodes` for a case, ranked (domain.md §10.3, issue #5): grade, capacity now → after,
 * recent allocations, continuity, guardrails, and whether limited access blocks them. The case's current
 * practitioner is left out when reallocating. The tier mix the page also shows is `tierMixes`.
 */
export async function practitionerOptions(
  db: Queryable,
  c: AllocationCase,
  teamCodes: readonly string[],
  config: AllocationConfig,
  now: Date = new Date(),
): Promise<PractitionerOption[]> {
  if (teamCodes.length === 0) return [];
  return withoutJit(db, (q) => rankPractitioners(q, c, teamCodes, config, now));
}

async function rankPractitioners(
  db: Queryable,
  c: AllocationCase,
  teamCodes: readonly string[],
  config: AllocationConfig,
  now: Date,
): Promise<PractitionerOption[]> {
  const today = londonDate(now);
  const windowStart = sql`((${today}::date - ${config.ranking.recentAllocations.windowDays - 1}::int)::timestamp
    at time zone 'Europe/London')`;
  const [{ rows }, weights, thresholds] = await Promise.all([
    sql<OptionRow>`
      select st.staff_id, st.team_code, t.name as team_name, s.staff_code, s.forename, s.surname, s.grade,
        s.qualification_date, w.total_points, w.available_points, w.total_cases, w.community_cases,
        w.licence_cases, w.custody_cases,
        ${blockedFor(sql<number>`${c.personId}::bigint`, sql.ref('u.id'), today)} as blocked,
        exists (select 1 from responsibility pr where pr.person_id = ${c.personId} and pr.staff_id = s.id) as previously_managed,
        (select count(*)::int from allocation a where a.staff_id = s.id and a.allocated_at >= ${windowStart}) as recent_allocations,
        (select max(a.allocated_at) from allocation a where a.staff_id = s.id) as last_allocated_at
      from staff_team st
      join staff s on s.id = st.staff_id
      join team t on t.code = st.team_code
      left join staff_workload w on w.staff_id = st.staff_id and w.team_code = st.team_code
      left join app_user u on u.staff_id = s.id
      where st.team_code = any(${[...teamCodes]}::text[])
        and st.start_date <= ${today}::date and (st.end_date is null or st.end_date >= ${today}::date)
        and s.start_date <= ${today}::date and (s.end_date is null or s.end_date >= ${today}::date)
        and s.id is distinct from ${c.currentStaffId}::bigint`.execute(db),
    weightingConfigForDate(db, today),
    capacityThresholdsForDate(db, today),
  ]);
  const recommendationCase: RecommendationCase = {
    rosh: c.rosh,
    mappaLevel: c.mappaLevel,
    v3Tier: c.v3Tier,
    registerCodes: c.registerCodes,
    // A tier the weights do not know earns no points rather than failing the page (workload.md §2.2).
    workload: isWeightedTier(weights, c.workload) ? c.workload : { ...c.workload, tier: UNTIERED },
  };
  const byKey = new Map(rows.map((r) => [`${r.staff_id}|${r.team_code}`, r]));
  const candidates: Candidate[] = rows.map((r) => ({
    staffId: r.staff_id,
    teamCode: r.team_code,
    name: `${r.forename} ${r.surname}`,
    grade: workloadGradeForStaff(r.grade, r.qualification_date, today),
    current:
      r.available_points === null
        ? null
        : { totalPoints: r.total_points!, availablePoints: r.available_points },
    previouslyManaged: r.previously_managed,
    recentAllocations: r.recent_allocations,
    blocked: r.blocked,
  }));
  return recommend(recommendationCase, candidates, {
    weights,
    thresholds,
    guardrails: config.guardrails,
    ranking: config.ranking,
  }).map((rec) => {
    const r = byKey.get(`${rec.candidate.staffId}|${rec.candidate.teamCode}`)!;
    return {
      ...rec,
      staffCode: r.staff_code,
      teamName: r.team_name,
      cases: {
        total: r.total_cases ?? 0,
        community: r.community_cases ?? 0,
        licence: r.licence_cases ?? 0,
        custody: r.custody_cases ?? 0,
      },
      lastAllocatedAt: r.last_allocated_at,
    };
  });
}

/** Each practitioner's current cases by the letter of their tier of record, for the allocation page. */
export async function tierMixes(
  db: Queryable,
  staffIds: readonly number[],
): Promise<Map<number, Record<TierLetter, number>>> {
  const mix = new Map<number, Record<TierLetter, number>>(
    staffIds.map((id) => [id, { A: 0, B: 0, C: 0, D: 0, UNTIERED: 0 }]),
  );
  if (staffIds.length === 0) return mix;
  const { rows } = await withoutJit(db, (q) =>
    sql<{ staff_id: number; letter: string | null; count: number }>`
      select r.staff_id, left((${currentTier(q as Kysely<DB>, sql.ref('r.person_id'))}), 1) as letter, count(*)::int as count
      from responsibility r join person p on p.id = r.person_id
      where r.role = 'COM' and r.end_at is null and r.staff_id = any(${[...staffIds]}::bigint[])
        and p.case_status = 'ACTIVE' and not p.soft_deleted
      group by 1, 2`.execute(q),
  );
  for (const t of rows) {
    const letter =
      t.letter === 'A' || t.letter === 'B' || t.letter === 'C' || t.letter === 'D' ? t.letter : 'UNTIERED';
    mix.get(t.staff_id)![letter] += t.count;
  }
  return mix;
}

/** The active teams of a PDU, for choosing whose practitioners to consider. */
export async function pduTeams(db: Queryable, pduCode: string, now: Date = new Date()) {
  const today = londonDate(now);
  return db
    .selectFrom('team')
    .select(['code', 'name'])
    .where('pdu_code', '=', pduCode)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .orderBy('name')
    .execute();
}

// ---- allocating ----------------------------------------------------------------------------------------

export interface AllocationInput {
  crn: string;
  staffId: number | null;
  teamCode: string | null;
  /** The allocation decision (SPO oversight) notes: mandatory. */
  notes: string;
  notesSensitive?: boolean;
  /** The reason for overriding a grade guardrail. */
  overrideReason?: string | null;
  /** The written justification for taking the practitioner over capacity. */
  justification?: string | null;
  /** Reallocation only: one of REALLOCATION_REASONS. */
  reason?: string | null;
  /** Reallocation only: tell the practitioner who is losing the case. */
  notifyPrevious?: boolean;
}

export interface AllocationOutcome {
  outcome: 'ALLOCATED' | 'REALLOCATED' | 'UNCHANGED';
  personId: number;
  crn: string;
  allocationId: number | null;
  teamCode: string;
  staffId: number;
}

export type Allocator = Actor & { userId: number; roles: readonly string[] };

const MAX_NOTES = 12000;
const MAX_REASON = 4000;

function text(value: string | null | undefined): string {
  return (value ?? '').trim();
}

/**
 * Allocates a queued case, or reallocates an allocated one, in one transaction (domain.md §10.3): the
 * current responsibility ends and the practitioner's starts; the allocation, its notes, and every guardrail
 * override or over-capacity justification are recorded; the system contacts are written; the practitioner is
 * notified; both practitioners' workload is recalculated; and the whole is audited. Anything wrong with the
 * request is a ValidationError naming the field, and nothing is written.
 */
export async function allocateCase(
  db: Kysely<DB>,
  actor: Allocator,
  input: AllocationInput,
  now: Date = new Date(),
): Promise<AllocationOutcome> {
  if (!actor.roles.some((r) => (ALLOCATOR_ROLES as readonly string[]).includes(r))) {
    throw new NotPermittedError('Only senior probation officers and heads of PDU allocate cases');
  }
  const today = londonDate(now);
  return db.transaction().execute(async (trx) => {
    const access = await decideAccess(trx, actor.userId, input.crn, today);
    if (access.outcome === 'NOT_FOUND')
      throw new ValidationError([{ field: 'crn', problem: 'No case has this CRN' }], 404);
    if (access.outcome !== 'ALLOWED') throw new NotPermittedError(access.message);
    const personId = access.personId;
    // Serialises two managers allocating the same case: the second sees the first's result.
    const locked = await lockCurrentCom(trx, personId);
    if (!locked)
      throw new ValidationError(
        [{ field: 'crn', problem: 'This case is not active, so it cannot be allocated' }],
        409,
      );
    const configs = (code: string) => loadAllocationConfig(trx, code);
    const c = (await allocationCase(trx, actor.userId, personId, configs, now))!;
    const config = await configs(c.regionCode);
    const kind = c.currentStaffId === null ? 'ALLOCATION' : 'REALLOCATION';

    const problems: FieldProblem[] = [];
    if (input.staffId === null || input.teamCode === null) {
      problems.push({ field: 'staff', problem: 'Choose a practitioner' });
      throw new ValidationError(problems);
    }
    if (kind === 'REALLOCATION' && input.staffId === c.currentStaffId && input.teamCode === c.teamCode) {
      // A request identical to the current allocation is ignored (domain.md §10.3).
      return {
        outcome: 'UNCHANGED',
        personId,
        crn: c.crn,
        allocationId: null,
        teamCode: c.teamCode,
        staffId: input.staffId,
      };
    }
    const notes = text(input.notes);
    if (notes === '') problems.push({ field: 'notes', problem: 'Enter allocation notes' });
    else if (notes.length > MAX_NOTES)
      problems.push({ field: 'notes', problem: `Allocation notes must be ${MAX_NOTES} characters or fewer` });
    const reason = kind === 'ALLOCATION' ? 'Initial allocation' : text(input.reason);
    if (kind === 'REALLOCATION' && !isReallocationReason(reason)) {
      problems.push({
        field: 'reason',
        problem: `Choose a reason for reallocating: ${REALLOCATION_REASONS.join(', ')}`,
      });
    }
    for (const field of ['overrideReason', 'justification'] as const) {
      if (text(input[field]).length > MAX_REASON)
        problems.push({ field, problem: `Must be ${MAX_REASON} characters or fewer` });
    }
    const team = await trx
      .selectFrom('team as t')
      .innerJoin('pdu as d', 'd.code', 't.pdu_code')
      .select(['t.code', 't.name', 't.start_date', 't.end_date', 'd.region_code'])
      .where('t.code', '=', input.teamCode)
      .executeTakeFirst();
    if (!team || team.start_date > today || (team.end_date !== null && team.end_date < today)) {
      problems.push({ field: 'team', problem: 'Choose an active team' });
    } else if (team.region_code !== c.regionCode) {
      problems.push({
        field: 'team',
        problem: 'The team is in another region: that is a transfer, not an allocation',
      });
    }
    const [option] = problems.some((p) => p.field === 'team')
      ? []
      : (await practitionerOptions(trx, c, [input.teamCode], config, now)).filter(
          (o) => o.candidate.staffId === input.staffId,
        );
    if (!problems.some((p) => p.field === 'team')) {
      if (!option) {
        problems.push({ field: 'staff', problem: 'Choose an active PO, PQiP or PSO of the team' });
      } else if (option.candidate.blocked) {
        problems.push({
          field: 'staff',
          problem: `${option.candidate.name} is excluded from this case and cannot be allocated it`,
        });
      } else {
        problems.push(
          ...guardrailProblems(
            option.guardrails,
            {
              overrideReason: input.overrideReason,
              justification: input.justification,
              actorRoles: actor.roles,
            },
            config.guardrails,
          ),
        );
      }
    }
    const pendingTransfer = await trx
      .selectFrom('transfer')
      .select('id')
      .where('person_id', '=', personId)
      .where('status', '=', 'PENDING')
      .executeTakeFirst();
    if (pendingTransfer) {
      // domain.md §10.3: allocation waits until the pending transfer is accepted, rejected or cancelled.
      problems.push({
        field: 'crn',
        problem: 'A transfer of this case is pending: it must be accepted, rejected or cancelled first',
      });
    }
    if (now.getTime() <= new Date(locked.start_at).getTime()) {
      problems.push({
        field: 'crn',
        problem: 'The case changed hands at this moment; reload the page and try again',
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const chosen = option!;
    const staff = chosen.candidate;

    const started = await switchResponsibility(trx, {
      personId,
      fromResponsibilityId: locked.id,
      fromTeamName: c.teamName,
      fromPractitioner: c.currentPractitioner,
      to: {
        teamCode: staff.teamCode,
        teamName: chosen.teamName,
        staffId: staff.staffId,
        practitioner: staff.name,
      },
      reason,
      notes,
      actorUserId: actor.userId,
      now,
    });
    const allocation = await trx
      .insertInto('allocation')
      .values({
        person_id: personId,
        kind,
        from_responsibility_id: locked.id,
        to_responsibility_id: started,
        team_code: staff.teamCode,
        staff_id: staff.staffId,
        previous_staff_id: c.currentStaffId,
        reason,
        notes,
        notes_sensitive: input.notesSensitive ?? false,
        allocated_at: now,
        allocated_by_user_id: actor.userId,
        unallocated_since: c.unallocatedSince,
        due_date: c.ageing?.dueDate ?? null,
        working_days_waited: c.ageing?.workingDaysWaiting ?? null,
        recommended_rank: chosen.rank,
        workload_pct_before: chosen.displayPctBefore,
        workload_pct_after: chosen.displayPctAfter,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const overrides = chosen.guardrails.map((g) => ({
      person_id: personId,
      allocation_id: allocation.id,
      rule: g.rule,
      outcome: g.outcome as 'OVERRIDE' | 'JUSTIFICATION',
      message: g.message,
      reason: text(g.outcome === 'OVERRIDE' ? input.overrideReason : input.justification),
      approved_by_user_id: actor.userId,
    }));
    if (overrides.length > 0) await trx.insertInto('allocation_override').values(overrides).execute();

    await trx
      .insertInto('contact')
      .values({
        person_id: personId,
        contact_type_code: 'AAOD',
        contact_date: today,
        staff_id: staff.staffId,
        team_code: staff.teamCode,
        notes,
        sensitive: input.notesSensitive ?? false,
        created_by_user_id: actor.userId,
      })
      .execute();

    await notify(trx, {
      personId,
      crn: c.crn,
      caseType: c.caseType,
      allocationId: allocation.id,
      staffId: staff.staffId,
      today,
      now,
    });
    if (kind === 'REALLOCATION' && input.notifyPrevious && c.currentStaffId !== null) {
      await trx
        .insertInto('notification')
        .values({
          person_id: personId,
          recipient_staff_id: c.currentStaffId,
          kind: 'CASE_REALLOCATED_AWAY',
          title: `${c.crn} has been reallocated`,
          body: `${c.crn} is now managed by ${staff.name} (${chosen.teamName}). Reason: ${reason}.`,
          action: null,
          allocation_id: allocation.id,
          created_at: now,
        })
        .execute();
    }

    await onCaseloadChanged(trx, [staff.staffId, c.currentStaffId], today);
    await recordAudit(trx, actor, {
      entity: 'allocation',
      entityId: allocation.id,
      action: kind,
      personId,
      crn: c.crn,
      before: { teamCode: c.teamCode, staffId: c.currentStaffId, responsibilityId: locked.id },
      after: {
        teamCode: staff.teamCode,
        staffId: staff.staffId,
        responsibilityId: started,
        reason,
        guardrails: chosen.guardrails.map((g) => g.rule),
        workloadPctBefore: chosen.displayPctBefore,
        workloadPctAfter: chosen.displayPctAfter,
      },
    });
    return {
      outcome: kind === 'ALLOCATION' ? 'ALLOCATED' : 'REALLOCATED',
      personId,
      crn: c.crn,
      allocationId: allocation.id,
      teamCode: staff.teamCode,
      staffId: staff.staffId,
    };
  });
}

export interface ResponsibilitySwitch {
  personId: number;
  /** The current COM record, already locked by the caller. */
  fromResponsibilityId: number;
  fromTeamName: string;
  fromPractitioner: string | null;
  /** Where responsibility goes; a null staffId puts the case in the team's allocation queue. */
  to: { teamCode: string; teamName: string; staffId: number | null; practitioner: string | null };
  reason: string;
  notes: string | null;
  actorUserId: number;
  now: Date;
}

/**
 * Locks the person's current COM record, the row that allocation, intake and transfers all lock first so that
 * two changes of hands to one case queue instead of both going through; undefined when there is none.
 */
export async function lockCurrentCom(trx: Transaction<DB>, personId: number) {
  return trx
    .selectFrom('responsibility')
    .select(['id', 'staff_id', 'team_code', 'start_at'])
    .where('person_id', '=', personId)
    .where('role', '=', 'COM')
    .where('end_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Moves the person's COM responsibility (domain.md §10.3 steps 1–3), in the caller's transaction: the current
 * record ends and the next starts at the same instant, and the "responsible officer change" and "offender
 * manager transfer" contacts are written. Allocation, transfer acceptance and risk escalation all move
 * responsibility through here, so the deferred one-owner constraint (003) sees the same shape of change.
 * Returns the new record's id.
 */
export async function switchResponsibility(trx: Transaction<DB>, s: ResponsibilitySwitch): Promise<number> {
  await trx
    .updateTable('responsibility')
    .set({ end_at: s.now })
    .where('person_id', '=', s.personId)
    .where('id', '=', s.fromResponsibilityId)
    .execute();
  const started = await trx
    .insertInto('responsibility')
    .values({
      person_id: s.personId,
      role: 'COM',
      responsible_officer: true,
      team_code: s.to.teamCode,
      staff_id: s.to.staffId,
      start_at: s.now,
      allocation_reason: s.reason,
      allocated_by_user_id: s.actorUserId,
      notes: s.notes,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const today = londonDate(s.now);
  const toName = s.to.practitioner ?? 'unallocated';
  const contact = (code: string, notes: string) => ({
    person_id: s.personId,
    contact_type_code: code,
    contact_date: today,
    staff_id: s.to.staffId,
    team_code: s.to.teamCode,
    notes,
    created_by_user_id: s.actorUserId,
  });
  await trx
    .insertInto('contact')
    .values([
      contact(
        'ARCC',
        s.to.practitioner
          ? `Responsible officer: ${s.to.practitioner} (${s.to.teamName}).`
          : `Responsible officer: ${s.to.teamName} allocation queue (unallocated).`,
      ),
      contact(
        'ETOM',
        `From ${s.fromTeamName}, ${s.fromPractitioner ?? 'unallocated'}, to ${s.to.teamName}, ${toName}, on ${today}.`,
      ),
    ])
    .execute();
  return started.id;
}

/**
 * Tells the practitioner in Casework (domain.md §10.3 step 6): a limited-access case with no case details; a
 * community case with its initial appointment, or a prompt to book one; a custody case needs none yet.
 */
async function notify(
  trx: Transaction<DB>,
  n: {
    personId: number;
    crn: string;
    caseType: CaseType | null;
    allocationId: number;
    staffId: number;
    today: string;
    now: Date;
  },
): Promise<void> {
  const limited = await sql<{ limited: boolean }>`
    select exists (select 1 from access_exclusion x where x.person_id = ${n.personId}
        and x.start_date <= ${n.today}::date and (x.end_date is null or x.end_date >= ${n.today}::date))
      or exists (select 1 from access_restriction r where r.person_id = ${n.personId}
        and r.start_date <= ${n.today}::date and (r.end_date is null or r.end_date >= ${n.today}::date)) as limited`.execute(
    trx,
  );
  let body: string;
  let action: string | null;
  if (limited.rows[0]?.limited) {
    body = 'This is a limited-access case. Open it to see its details.';
    action = null;
  } else if (n.caseType === 'CUSTODY') {
    body = 'The person is in custody: no initial appointment is needed yet.';
    action = null;
  } else {
    const appointment = await (trx as unknown as Kysely<DB>)
      .selectFrom(
        nextAppointment(
          trx as unknown as Kysely<DB>,
          sql<number>`${n.personId}::bigint`,
          londonNow(n.now),
        ).as('a'),
      )
      .select(['a.appointment_date', 'a.appointment_time'])
      .executeTakeFirst();
    body = appointment
      ? `Initial appointment: ${appointment.appointment_date}${appointment.appointment_time ? ` at ${appointment.appointment_time.slice(0, 5)}` : ''}.`
      : 'No initial appointment is booked yet.';
    action = appointment ? null : 'Book the initial appointment';
  }
  await trx
    .insertInto('notification')
    .values({
      person_id: n.personId,
      recipient_staff_id: n.staffId,
      kind: 'CASE_ALLOCATED',
      title: `${n.crn} has been allocated to you`,
      body,
      action,
      allocation_id: n.allocationId,
      created_at: n.now,
    })
    .execute();
}

// ---- notifications ------------------------------------------------------------------------------------

export interface NotificationView {
  personId: number;
  id: number;
  crn: string;
  kind: NotificationKind;
  title: string;
  body: string;
  action: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A practitioner's notifications, newest first. */
export async function listNotifications(
  db: Queryable,
  staffId: number,
  limit = 50,
): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('notification as n')
    .innerJoin('person as p', 'p.id', 'n.person_id')
    .select([
      'n.person_id',
      'n.id',
      'p.crn',
      'n.kind',
      'n.title',
      'n.body',
      'n.action',
      'n.created_at',
      'n.read_at',
    ])
    .where('n.recipient_staff_id', '=', staffId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    id: r.id,
    crn: r.crn,
    kind: r.kind,
    title: r.title,
    body: r.body,
    action: r.action,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

export async function unreadNotificationCount(db: Queryable, staffId: number): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('recipient_staff_id', '=', staffId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks one of the practitioner's own notifications read; another's is not found. */
export async function markNotificationRead(
  db: Kysely<DB>,
  actor: Actor,
  staffId: number,
  ref: { personId: number; id: number },
  now: Date = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('notification')
      .set({ read_at: now })
      .where('person_id', '=', ref.personId)
      .where('id', '=', ref.id)
      .where('recipient_staff_id', '=', staffId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      const exists = await trx
        .selectFrom('notification')
        .select('id')
        .where('person_id', '=', ref.personId)
        .where('id', '=', ref.id)
        .where('recipient_staff_id', '=', staffId)
        .executeTakeFirst();
      if (!exists)
        throw new ValidationError([{ field: 'notification', problem: 'Notification not found' }], 404);
      return;
    }
    await recordAudit(trx, actor, {
      entity: 'notification',
      entityId: ref.id,
      personId: ref.personId,
      action: 'READ',
    });
  });
}
