import { sql, type Kysely, type Transaction } from 'kysely';
import { availableParallelism } from 'node:os';
import type { CaseFacts } from '../domain/risk/case-inputs.js';
import {
  EMPTY_RECORD,
  planPeople,
  settlePlan,
  type CandidatePlan,
  type CurrentRecord,
  type RecalculationPlan,
  type StoredFingerprints,
  type StoredPredictor,
  type StoredTier,
  type TierModel,
} from '../domain/risk/recalculation.js';
import { todayInLondon } from '../domain/calculation/run.js';
import { recordAudit, type Actor } from './audit.js';
import { CalculationPool } from './risk-workers.js';
import { parseStoredFingerprints, TIER_KEY_PREFIX } from './risk-fingerprints.js';
import type { Database } from './connection.js';
import type { DB, RecalculationTrigger } from './schema.js';
import { onCaseChanged } from './workload/recalculate.js';
import { insertRows, type Column } from './unnest-rows.js';
import {
  firstCalculationRows,
  PREDICTOR_SCORE_COLUMNS,
  predictorScoreCells,
  RECALCULATION_COLUMNS,
  recalculationCells,
  TIER_CALCULATION_COLUMNS,
  tierCalculationCells,
  type RowContext,
} from './risk-rows.js';

// The risk record's I/O: gather a person's case facts, run the pure core (assessPerson, then the two passes of
// recalculation.ts: fingerprints, then the candidates in full) and store what changed, in the caller's
// transaction. The same set-based functions serve one person (after
// a change to their case) and every person (scheduled recalculation, the seed and the benchmark).

type Queryable = Kysely<DB> | Transaction<DB>;

/** Breach and recall outcomes that count as previous enforcement activity (tiering.md §2.1). */
const ENFORCEMENT_OUTCOMES = [
  'BRE01',
  'BRE02',
  'BRE03',
  'BRE04',
  'BRE05',
  'BRE06',
  'BRE07',
  'BRE08',
  'BRE10',
  'BRE13',
  'BRE14',
  'BRE16',
  'REC01',
  'REC02',
];

export type PersonSelection = { personIds: readonly number[] } | { fromId: number; toId: number };

/** The selection as a condition on one table's person id column. */
function selectionOn(selection: PersonSelection, column: string) {
  return 'personIds' in selection
    ? sql`${sql.ref(column)} = any(${[...selection.personIds]}::bigint[])`
    : sql`${sql.ref(column)} between ${selection.fromId} and ${selection.toId}`;
}

/**
 * The case facts of the selected people (not soft-deleted), in one query, ordered by person. Set-based: each table is read once
 * for the whole selection (by the person_id its key starts with) and grouped by person, where a subquery per
 * person and table cost an index lookup and a plan start each; a quarter to a third less time for a chunk.
 */
function caseFactsQuery(selection: PersonSelection, today: string) {
  const of = (column: string) => selectionOn(selection, column);
  return sql<CaseFacts>`
    with offences as (
      select o.person_id, json_agg(json_build_object('eventId', o.event_id, 'offenceCode', o.offence_code,
          'offenceDate', to_char(o.offence_date, 'YYYY-MM-DD'), 'main', o.main,
          'convictionDate', to_char(e.conviction_date, 'YYYY-MM-DD')) order by o.id) as list
      from offence o join event e on e.person_id = o.person_id and e.id = o.event_id
      where ${of('o.person_id')} and ${of('e.person_id')} and not o.soft_deleted and not e.soft_deleted
      group by o.person_id),
    requirements as (
      select q.person_id, q.sentence_id, json_agg(json_build_object('mainCategoryCode', q.requirement_type_code,
          'restrictive', t.restrictive) order by q.id) as list
      from requirement q join requirement_type t on t.code = q.requirement_type_code
      where ${of('q.person_id')} and not q.soft_deleted
      group by q.person_id, q.sentence_id),
    sentences as (
      select s.person_id, json_agg(json_build_object('eventId', s.event_id,
          'sentenceDate', to_char(s.sentence_date, 'YYYY-MM-DD'), 'sentenceTypeCode', d.sentence_type,
          'terminationDate', to_char(s.termination_date, 'YYYY-MM-DD'), 'custodialStatus', s.custodial_status,
          'expectedReleaseDate', to_char(s.expected_release_date, 'YYYY-MM-DD'),
          'actualReleaseDate', to_char(s.actual_release_date, 'YYYY-MM-DD'),
          'requirements', coalesce(r.list, '[]'::json)) order by s.sentence_date, s.id) as list
      from sentence s join disposal_type d on d.code = s.disposal_type_code
        join event e on e.person_id = s.person_id and e.id = s.event_id
        left join requirements r on r.person_id = s.person_id and r.sentence_id = s.id
      where ${of('s.person_id')} and ${of('e.person_id')} and not s.soft_deleted and not e.soft_deleted
      group by s.person_id),
    registrations as (
      select r.person_id, json_agg(json_build_object('code', r.register_type_code, 'level', r.level,
          'category', r.category, 'registrationDate', to_char(r.registration_date, 'YYYY-MM-DD'))
          order by r.registration_date desc, r.id desc) as list
      from registration r
      where ${of('r.person_id')} and r.deregistration_date is null and not r.soft_deleted
      group by r.person_id),
    latest_assessment as (
      select distinct on (a.person_id) a.person_id, json_build_object('id', a.id,
          'completedDate', to_char(a.completed_date, 'YYYY-MM-DD'), 'status', a.status, 'answers', a.answers) as facts
      from assessment a
      where ${of('a.person_id')} and a.status in ('COMPLETE', 'LOCKED_INCOMPLETE') and not a.soft_deleted
        and a.completed_date is not null
      order by a.person_id, a.completed_date desc, a.id desc),
    enforcement as (
      select distinct i.person_id from intervention i
      where ${of('i.person_id')} and not i.soft_deleted and i.outcome = any(${ENFORCEMENT_OUTCOMES}::text[])
        and i.start_date > ${today}::date - 365 and i.start_date <= ${today}::date)
    select p.id as "personId", p.sex, to_char(p.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth",
      coalesce(o.list, '[]'::json) as offences, coalesce(s.list, '[]'::json) as sentences,
      coalesce(r.list, '[]'::json) as registrations, a.facts as assessment,
      f.person_id is not null as "previousEnforcementActivity"
    from person p
      left join offences o on o.person_id = p.id
      left join sentences s on s.person_id = p.id
      left join registrations r on r.person_id = p.id
      left join latest_assessment a on a.person_id = p.id
      left join enforcement f on f.person_id = p.id
    where ${of('p.id')} and not p.soft_deleted
    order by p.id`;
}

export async function gatherCaseFacts(
  db: Queryable,
  selection: PersonSelection,
  today: string,
): Promise<CaseFacts[]> {
  return (await caseFactsQuery(selection, today).execute(db)).rows;
}

/**
 * The same case facts as one JSON array's text, for the calculation threads to parse: passing a string to a
 * thread is one copy, where parsed facts were parsed here and then copied object by object. Each person's
 * facts come as their own text and are joined here: PostgreSQL's json_agg over the people took twice as long
 * as the query itself.
 */
export async function gatherCaseFactsJson(
  db: Queryable,
  selection: PersonSelection,
  today: string,
): Promise<string> {
  const { rows } = await sql<{ facts: string }>`
    select row_to_json(f)::text as facts from (${caseFactsQuery(selection, today)}) f
    order by f."personId"`.execute(db);
  return `[${rows.map((r) => r.facts).join(',')}]`;
}

/**
 * The fingerprints of the selected people's current scores and tiers, as the text parseStoredFingerprints
 * reads: one text per chunk, parsed on the calculation thread, where a row per score was some 15 rows a
 * person for the database thread to take apart. Read from the current-row indexes alone (migration 016).
 */
export async function storedFingerprintsText(db: Queryable, selection: PersonSelection): Promise<string> {
  const { rows } = await sql<{ stored: string }>`
    select coalesce(string_agg(person_id || E'\t' || name || E'\t' || coalesce(fingerprint, ''), E'\n'), '')
      as stored
    from (
      select person_id, predictor as name, fingerprint from predictor_score
      where ${selectionOn(selection, 'person_id')} and superseded_at is null
      union all
      select person_id, ${TIER_KEY_PREFIX}::text || model, fingerprint from tier_calculation
      where ${selectionOn(selection, 'person_id')} and superseded_at is null
    ) current_rows`.execute(db);
  return rows[0]!.stored;
}

/** The fingerprints of each person's current scores and tiers: what the first pass compares with. */
export async function loadStoredFingerprints(
  db: Queryable,
  selection: PersonSelection,
): Promise<Map<number, StoredFingerprints>> {
  return parseStoredFingerprints(await storedFingerprintsText(db, selection));
}

/** What is stored now for each person, in full: the current score of each predictor and tier of each model. */
export async function loadCurrentRecords(
  db: Queryable,
  personIds: readonly number[],
): Promise<Map<number, CurrentRecord>> {
  const ids = [...personIds];
  const records = new Map<
    number,
    { predictors: Map<string, StoredPredictor>; tiers: Map<TierModel, StoredTier> }
  >();
  const recordOf = (id: number) => {
    let r = records.get(id);
    if (!r) records.set(id, (r = { predictors: new Map(), tiers: new Map() }));
    return r;
  };
  if (ids.length === 0) return records;
  const scores = await db
    .selectFrom('predictor_score')
    .select(['person_id', 'predictor', 'model_version', 'result', 'errors', 'inputs'])
    .where(sql<boolean>`person_id = any(${ids}::bigint[])`)
    .where('superseded_at', 'is', null)
    .execute();
  for (const s of scores) {
    recordOf(s.person_id).predictors.set(s.predictor, {
      modelVersion: s.model_version,
      result: s.result,
      errors: s.errors,
      inputs: s.inputs,
    });
  }
  const tiers = await db
    .selectFrom('tier_calculation')
    .select(['person_id', 'model', 'model_version', 'tier', 'provisional', 'inputs'])
    .where(sql<boolean>`person_id = any(${ids}::bigint[])`)
    .where('superseded_at', 'is', null)
    .execute();
  for (const t of tiers) {
    recordOf(t.person_id).tiers.set(t.model, {
      modelVersion: t.model_version,
      tier: t.tier,
      provisional: t.provisional,
      inputs: t.inputs as Record<string, unknown>,
    });
  }
  return records;
}

/**
 * The second pass over a batch's candidates: the stored rows are read in full only for the people who have a
 * candidate with a current row, which after a day's changes is a small share of them.
 */
export async function settleCandidates(
  db: Queryable,
  candidates: readonly CandidatePlan[],
): Promise<{ plans: RecalculationPlan[]; comparedInFull: number }> {
  const compare = candidates.filter((c) => c.compareInFull).map((c) => c.personId);
  const current = await loadCurrentRecords(db, compare);
  return {
    plans: candidates.map((c) => settlePlan(c, current.get(c.personId) ?? EMPTY_RECORD)),
    comparedInFull: compare.length,
  };
}

export interface RecalculationContext {
  trigger: RecalculationTrigger;
  /** Why, in words: "Registration added: MAPP". */
  reason: string;
  actorUserId: number | null;
  today?: string;
  /** Time stamped on every row; one value so the rows of one recalculation line up. */
  now?: Date;
}

/** What every row of one recalculation is stamped with. */
function rowContextOf(context: RecalculationContext): RowContext {
  return {
    trigger: context.trigger,
    reason: context.reason,
    actorUserId: context.actorUserId,
    calculatedAt: (context.now ?? new Date()).toISOString(),
  };
}

/**
 * Stores the plans: one recalculation row each, and for every changed score or tier the previous current row
 * superseded and the new row inserted. Set-based (unnest), so a batch of thousands is a handful of statements.
 */
export async function storePlans(
  trx: Transaction<DB>,
  plans: readonly RecalculationPlan[],
  context: RecalculationContext,
): Promise<void> {
  if (plans.length === 0) return;
  const rowContext = rowContextOf(context);
  const recalculations = await sql<{ person_id: number; id: number }>`
    ${insertRows(
      'risk_recalculation',
      RECALCULATION_COLUMNS,
      plans.map((p) => recalculationCells(p, rowContext)),
    )}
    returning person_id, id`.execute(trx);
  const recalculationOf = new Map(recalculations.rows.map((r) => [Number(r.person_id), Number(r.id)]));
  const idOf = (plan: RecalculationPlan) => recalculationOf.get(plan.personId)!;

  const scores = plans.flatMap((p) => p.predictorRows.map((row) => ({ plan: p, row })));
  if (scores.length > 0) {
    await sql`
      update predictor_score ps set superseded_at = ${rowContext.calculatedAt}::timestamptz
      from unnest(${scores.map((s) => s.plan.personId)}::bigint[], ${scores.map((s) => s.row.predictor)}::text[])
        as c(person_id, predictor)
      where ps.person_id = c.person_id and ps.predictor = c.predictor and ps.superseded_at is null`.execute(
      trx,
    );
    await insertRows(
      'predictor_score',
      PREDICTOR_SCORE_COLUMNS,
      scores.map((s) => predictorScoreCells(s.plan, s.row, idOf(s.plan), rowContext)),
    ).execute(trx);
  }

  const tiers = plans.flatMap((p) => p.tierRows.map((row) => ({ plan: p, row })));
  if (tiers.length > 0) {
    await sql`
      update tier_calculation tc set superseded_at = ${rowContext.calculatedAt}::timestamptz
      from unnest(${tiers.map((t) => t.plan.personId)}::bigint[], ${tiers.map((t) => t.row.model)}::text[]) as c(person_id, model)
      where tc.person_id = c.person_id and tc.model = c.model and tc.superseded_at is null`.execute(trx);
    await insertRows(
      'tier_calculation',
      TIER_CALCULATION_COLUMNS,
      tiers.map((t) => tierCalculationCells(t.plan, t.row, idOf(t.plan), rowContext)),
    ).execute(trx);
  }
}

/**
 * Locks the selected people's rows for a recalculation, in id order, until the transaction ends. Two
 * recalculations of one person then run one after the other, each reading what the other stored: without it,
 * a scheduled run that read a person's case facts just before a practitioner's change (a domestic abuse flag
 * added, say) could store its older tier over the one that change had just calculated. NO KEY UPDATE, so it
 * does not wait for a transaction that only inserts rows referring to the person (that takes KEY SHARE).
 */
async function lockForRecalculation(trx: Transaction<DB>, selection: PersonSelection): Promise<void> {
  await sql`select id from person where ${selectionOn(selection, 'id')} order by id for no key update`.execute(
    trx,
  );
}

/** Recalculates the selected people and stores the changes, in the caller's transaction. */
export async function recalculatePeople(
  trx: Transaction<DB>,
  selection: PersonSelection,
  context: RecalculationContext,
): Promise<RecalculationPlan[]> {
  const today = context.today ?? todayInLondon();
  await lockForRecalculation(trx, selection);
  const facts = await gatherCaseFacts(trx, selection, today);
  const stored = await loadStoredFingerprints(trx, selection);
  const { plans } = await settleCandidates(trx, planPeople(facts, stored, today));
  await storePlans(trx, plans, { ...context, today });
  return plans;
}

/**
 * Recalculates one person after a change to their case, inside the transaction that made the change, and
 * audits what changed. Returns the plan: what was stored and the tier history entries.
 */
export async function recalculateRisk(
  trx: Transaction<DB>,
  actor: Actor,
  personId: number,
  context: Omit<RecalculationContext, 'actorUserId'>,
): Promise<RecalculationPlan> {
  const [plan] = await recalculatePeople(
    trx,
    { personIds: [personId] },
    { ...context, actorUserId: actor.userId },
  );
  if (!plan) throw new Error(`person ${personId} not found for risk recalculation`);
  // Workload points follow the case's tier, type and flags, so its person manager's figures move in this same
  // transaction (workload.md §9).
  await onCaseChanged(trx, personId, context.today);
  await recordAudit(trx, actor, {
    entity: 'risk_recalculation',
    personId,
    action: 'RECALCULATE',
    after: {
      trigger: context.trigger,
      reason: context.reason,
      changed: plan.changed,
      tierChanges: plan.tierRows.map((t) => ({
        model: t.model,
        tier: t.tier,
        previousTier: t.previousTier,
        changes: t.changes,
      })),
      tierErrors: plan.tierErrors,
    },
  });
  return plan;
}

export interface BulkRecalculationResult {
  people: number;
  predictorRowsWritten: number;
  tierRowsWritten: number;
  tierRefusals: number;
  /**
   * Time spent in the pure core, parsing the chunk's case facts included (gather and store excluded), summed
   * over the calculation threads.
   */
  coreMs: number;
  /**
   * Time spent reading case facts and the stored fingerprints, comparing candidates with the stored rows
   * (reading them included), and storing, summed over the chunks in flight.
   */
  gatherMs: number;
  settleMs: number;
  storeMs: number;
  /** People whose stored rows were read and compared in full (a fingerprint differed). */
  comparedInFull: number;
  /** Calculation threads used; 0 when the core ran on the calling thread. */
  workers: number;
}

/** Below this many people, starting threads (each loads the TypeScript core) costs more than it saves. */
const THREADS_FROM_PEOPLE = 10_000;

/** The range of person ids and how many people there are: the chunks of a bulk run. */
async function personIdChunks(db: Kysely<DB>, chunk: number): Promise<{ starts: number[]; total: number }> {
  const bounds = await db
    .selectFrom('person')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi'), eb.fn.countAll().as('n')])
    .executeTakeFirstOrThrow();
  const lo = Number(bounds.lo ?? 0);
  const hi = Number(bounds.hi ?? -1);
  const starts: number[] = [];
  for (let from = lo; from <= hi; from += chunk) starts.push(from);
  return { starts, total: Number(bounds.n) };
}

/**
 * Runs `work` for every chunk start, `lanes` at a time. After a failure no new chunk starts, and the chunks
 * in flight finish (or roll back) before it is thrown.
 */
async function inLanes(starts: readonly number[], lanes: number, work: (from: number) => Promise<void>) {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < starts.length) {
      try {
        await work(starts[next++]!);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== undefined) throw failure;
}

export type BulkRecalculationContext = RecalculationContext & {
  chunkSize?: number;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
};

/** One chunk of a bulk run: the person ids from..to, and what the run shares. */
interface BulkChunk {
  from: number;
  to: number;
  today: string;
  pool: CalculationPool | null;
  result: BulkRecalculationResult;
}

/**
 * The frame both bulk runs share: chunks of person ids, calculation threads (`workers`, by default one per
 * core for a large caseload) with one chunk more than there are threads in flight, so the database reads and
 * writes of some chunks overlap the calculation of others, progress, and the threads closed at the end.
 */
async function inChunks(
  db: Kysely<DB>,
  context: BulkRecalculationContext,
  calculateChunk: (chunk: BulkChunk) => Promise<void>,
): Promise<BulkRecalculationResult> {
  const today = context.today ?? todayInLondon();
  const size = context.chunkSize ?? 2000;
  const { starts, total } = await personIdChunks(db, size);
  const workers = context.workers ?? (total >= THREADS_FROM_PEOPLE ? availableParallelism() : 0);
  const result: BulkRecalculationResult = {
    people: 0,
    predictorRowsWritten: 0,
    tierRowsWritten: 0,
    tierRefusals: 0,
    coreMs: 0,
    gatherMs: 0,
    settleMs: 0,
    storeMs: 0,
    comparedInFull: 0,
    workers,
  };
  const pool = workers > 0 ? new CalculationPool(workers) : null;
  try {
    await inLanes(starts, pool ? workers + 1 : 1, async (from) => {
      await calculateChunk({ from, to: from + size - 1, today, pool, result });
      context.onProgress?.(result.people, total);
    });
  } finally {
    await pool?.close();
  }
  return result;
}

/**
 * Recalculates every person, a chunk of ids per transaction (scheduled recalculation, benchmark).
 * Gathering, current records and storing are each one set-based statement per chunk.
 */
export async function recalculateEveryone(
  db: Kysely<DB>,
  context: BulkRecalculationContext,
): Promise<BulkRecalculationResult> {
  return inChunks(db, context, ({ from, to, today, pool, result }) =>
    db.transaction().execute(async (trx) => {
      let started = performance.now();
      const selection = { fromId: from, toId: to };
      await lockForRecalculation(trx, selection);
      const facts = await gatherCaseFactsJson(trx, selection, today);
      const stored = await storedFingerprintsText(trx, selection);
      result.gatherMs += performance.now() - started;
      let candidates: CandidatePlan[];
      if (pool) {
        const answer = await pool.plan(facts, stored, today);
        candidates = answer.plans;
        result.coreMs += answer.ms;
      } else {
        started = performance.now();
        candidates = planPeople(JSON.parse(facts) as CaseFacts[], parseStoredFingerprints(stored), today);
        result.coreMs += performance.now() - started;
      }
      started = performance.now();
      const { plans, comparedInFull } = await settleCandidates(trx, candidates);
      result.settleMs += performance.now() - started;
      result.comparedInFull += comparedInFull;
      started = performance.now();
      await storePlans(trx, plans, { ...context, today });
      result.storeMs += performance.now() - started;
      result.people += plans.length;
      for (const p of plans) {
        result.predictorRowsWritten += p.predictorRows.length;
        result.tierRowsWritten += p.tierRows.length;
        result.tierRefusals += p.tierErrors.length;
      }
    }),
  );
}

/**
 * Every person's first calculation, into a risk record that holds nothing yet (the seed): the same pure core
 * and the same row values as recalculateEveryone, but with nothing stored to compare or supersede the rows
 * are made in COPY text format on the calculation threads and copied, which at national scale is several
 * times faster than the set-based INSERTs. Refuses a store that already has scores or tiers. Not one
 * transaction: a failed run leaves a partial record, which is why only the seed (which starts from an empty
 * database) uses it.
 */
export async function storeFirstCalculations(
  database: Pick<Database, 'db' | 'copyText'>,
  context: BulkRecalculationContext,
): Promise<BulkRecalculationResult> {
  const db = database.db;
  const stored = await sql<{ any: boolean }>`
    select exists (select 1 from risk_recalculation) or exists (select 1 from predictor_score)
      or exists (select 1 from tier_calculation) as any`.execute(db);
  if (stored.rows[0]!.any)
    throw new Error('the risk record already holds calculations: use recalculateEveryone to update it');
  const rowContext = rowContextOf(context);
  const copy = async (table: string, columns: readonly Column[], rows: Uint8Array<ArrayBuffer>[] | null) => {
    if (rows !== null)
      await database.copyText(
        table,
        columns.map(([name]) => name),
        rows,
      );
  };

  const result = await inChunks(db, context, async ({ from, to, today, pool, result }) => {
    let started = performance.now();
    const facts = await gatherCaseFactsJson(db, { fromId: from, toId: to }, today);
    result.gatherMs += performance.now() - started;
    const rows = pool
      ? await pool.firstCalculation(facts, today, rowContext)
      : firstCalculationRows(JSON.parse(facts) as CaseFacts[], today, rowContext);
    started = performance.now();
    // Each recalculation row carries its person's id as its own (firstCalculationRows).
    await copy('risk_recalculation', [['id', 'bigint'], ...RECALCULATION_COLUMNS], rows.recalculations);
    await copy('predictor_score', PREDICTOR_SCORE_COLUMNS, rows.scores);
    await copy('tier_calculation', TIER_CALCULATION_COLUMNS, rows.tiers);
    result.storeMs += performance.now() - started;
    result.people += rows.people;
    result.predictorRowsWritten += rows.scoreRows;
    result.tierRowsWritten += rows.tierRows;
    result.tierRefusals += rows.tierRefusals;
    result.coreMs += rows.coreMs;
  });
  await sql`select setval(pg_get_serial_sequence('risk_recalculation', 'id'),
    greatest((select coalesce(max(id), 0) from risk_recalculation), 1),
    (select count(*) > 0 from risk_recalculation))`.execute(db);
  return result;
}
