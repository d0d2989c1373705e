import { Faker, base, en, en_GB } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Database } from '../db/connection.js';
import { hashPassword } from '../web/auth/password.js';
import { TableRows } from '../db/csv-rows.js';
import { CopyQueue, type ProgressUpdate } from './csv.js';
import { addDays, londonToday, toDayNumber } from './dates.js';
import { DEMO_PASSWORD } from './demo-users.js';
import { buildOrganisation, type Organisation } from './organisation.js';
import {
  CASE_TABLES,
  generateTeam,
  newTables,
  type GeneratorContext,
  type IdCounters,
  type OffenceInfo,
} from './people.js';
import { Random } from './random.js';
import { SCALES, type SeedScale } from './scales.js';
import { computeSeedTiers, type SeedTierResult } from './tiers.js';
import { withConstraintsDeferred } from './bulk-load.js';
import { seedWorkload } from './workload.js';

export { DEMO_SIGN_INS, DEMO_PASSWORD } from './demo-users.js';
export { SCALES, isSeedScale, type SeedScale } from './scales.js';
export type { ProgressUpdate } from './csv.js';
export { createProgressReporter } from './progress.js';

export interface SeedOptions {
  scale: SeedScale;
  seed: number;
  /** Empty the organisation and case tables first. Without it a database that already has people is refused. */
  reset?: boolean;
  /** The date the data is built around (ISO). Defaults to today in Europe/London; tests fix it. */
  today?: string;
  /** People per COPY batch; smaller batches report progress more often. */
  batchPeople?: number;
  onProgress?: (update: ProgressUpdate) => void;
}

export interface SeedResult {
  scale: SeedScale;
  seed: number;
  today: string;
  counts: Record<string, number>;
  totalRows: number;
  elapsedMs: number;
  /** Time spent in each step, in the order the steps ran: where a slow seed spends it. */
  stepMs: Record<string, number>;
  tiers: SeedTierResult;
}

export class SeedRefusedError extends Error {}

/** Tables the seed fills, emptied by `reset` (reference tables and settings are kept). */
const SEEDED_TABLES = [
  'staff_workload_snapshot',
  'staff_workload',
  'court_report',
  'workload_reduction',
  'access_restriction',
  'access_exclusion',
  'responsibility',
  'risk_override',
  'tier_calculation',
  'predictor_score',
  'risk_recalculation',
  'assessment',
  'contact',
  'registration_review',
  'registration',
  'intervention',
  'licence_condition',
  'requirement',
  'sentence',
  'court_appearance',
  'offence',
  'event',
  'person_circumstance',
  'personal_contact',
  'person_address',
  'person_alias',
  'audit_event',
  'person',
  'user_session',
  'app_user',
  'staff_team',
  'staff',
  'office_location',
  'team',
  'pdu',
  'region',
] as const;

const ORG_COLUMNS = {
  region: ['code', 'name'],
  pdu: ['code', 'region_code', 'name'],
  office_location: ['code', 'pdu_code', 'description', 'address', 'postcode'],
  team: ['code', 'pdu_code', 'name'],
  staff: ['id', 'staff_code', 'forename', 'surname', 'grade', 'qualification_date', 'email', 'start_date'],
  staff_team: ['staff_id', 'team_code', 'contracted_hours', 'start_date'],
  app_user: ['id', 'username', 'display_name', 'staff_id', 'password_hash', 'roles', 'home_pdu_code'],
} as const;

/**
 * Fills an empty database with a synthetic organisation and caseload (context.md §1–2), deterministic for a
 * given seed and date. Rows are bulk-loaded with COPY; ids are generated here and the identity sequences moved
 * past them afterwards. Reference data must already be loaded (loadReferenceData).
 */
export async function seedDatabase(database: Database, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const plan = SCALES[options.scale];
  if (!plan) throw new SeedRefusedError(`Unknown scale "${options.scale}"`);
  const today = options.today ?? londonToday();
  const { db } = database;

  const offenceRows = await db
    .selectFrom('offence_code')
    .select(['code', 'actuarial_category', 'is_violent_sanction'])
    .orderBy('code')
    .execute();
  if (offenceRows.length === 0) {
    throw new SeedRefusedError(
      'The offence_code table is empty: run `casework migrate` (which loads reference data) before seeding.',
    );
  }

  if (options.reset) {
    await sql
      .raw(`TRUNCATE ${SEEDED_TABLES.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`)
      .execute(db);
  } else {
    const existing = await sql<{
      people: number;
      staff: number;
    }>`select (select count(*) from person)::int as people, (select count(*) from staff)::int as staff`.execute(
      db,
    );
    const row = existing.rows[0]!;
    if (row.people > 0 || row.staff > 0) {
      throw new SeedRefusedError(
        `The database already holds ${row.people} people and ${row.staff} staff. Seeding would mix synthetic data into it; ` +
          're-run with --reset to empty the organisation and case tables (reference data is kept) and seed again.',
      );
    }
  }

  const random = new Random(options.seed);
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(options.seed);

  const nextId = async (table: string) => {
    const r = await sql<{
      next: number;
    }>`select coalesce(max(id), 0)::bigint + 1 as next from ${sql.table(table)}`.execute(db);
    return Number(r.rows[0]!.next);
  };
  const orgIds = { staff: await nextId('staff'), user: await nextId('app_user') };
  const org = buildOrganisation(plan, random.fork(1), faker, today, orgIds);

  const queue = new CopyQueue(database, database.kind === 'pglite' ? 1 : 3);
  const totalPeople = org.pdus.reduce((a, p) => a + p.people, 0);
  let peopleDone = 0;
  const stepMs: Record<string, number> = {};
  let step = 'preparing';
  let stepStarted = started;
  const report = (phase: string) => {
    const now = performance.now();
    stepMs[step] = Math.round((stepMs[step] ?? 0) + now - stepStarted);
    step = phase;
    stepStarted = now;
    options.onProgress?.({
      phase,
      people: peopleDone,
      totalPeople,
      rows: queue.copied,
      rowsByTable: { ...queue.copiedByTable },
      elapsedMs: now - started,
    });
  };

  report('organisation');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await writeOrganisation(queue, org, passwordHash, today);

  const ids = Object.fromEntries(
    await Promise.all(CASE_TABLES.map(async (t) => [t, t === 'person' ? await nextId('person') : 1])),
  ) as IdCounters;
  // Every person-owned table keys on (person_id, id), but ids still come from one identity per table.
  for (const t of CASE_TABLES) if (t !== 'person') ids[t] = await nextId(t);

  const offencesByCategory = new Map<string, OffenceInfo[]>();
  for (const o of offenceRows) {
    if (o.actuarial_category === 'UNKNOWN') continue;
    const list = offencesByCategory.get(o.actuarial_category) ?? [];
    list.push({ code: o.code, category: o.actuarial_category, violent: o.is_violent_sanction });
    offencesByCategory.set(o.actuarial_category, list);
  }

  const tables = newTables();
  // The top-level stream only seeds sub-streams, forked in the order they were added, so each keeps its draws.
  const caseRandom = random.fork(2);
  const workloadRandom = random.fork(3);
  const rebookRandom = random.fork(4);
  const ctx: GeneratorContext = {
    random: caseRandom,
    rebookRandom,
    faker,
    today,
    todayDay: toDayNumber(today),
    latestStamp: latestStampOn(today, new Date()),
    org,
    offencesByCategory,
    tables,
    ids,
    crns: new Set(),
    nomis: new Set(),
    unallocatedShare: plan.unallocatedShare,
    limitedAccessShare: plan.limitedAccessShare,
  };
  const activeIds: number[] = [];
  const batchPeople = options.batchPeople ?? (database.kind === 'pglite' ? 4_000 : 2_500);
  const caseTables = CASE_TABLES.map((t) => tables[t]);
  report('people');
  await withConstraintsDeferred(db, 'contact', async () => {
    let batchCount = 0;
    for (const pdu of org.pdus) {
      for (const team of pdu.teams) {
        generateTeam(ctx, team, (person) => {
          peopleDone++;
          batchCount++;
          if (person.active) activeIds.push(person.id);
        });
        if (batchCount >= batchPeople) {
          batchCount = 0;
          await queue.flush(caseTables);
          report('people');
          // Let the COPY streams make progress between batches.
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    await queue.flush(caseTables);
    await queue.drain();
    report('constraints');
  });
  report('activating');

  // Every active person now has a current responsible officer, so the one-owner trigger can pass.
  for (let i = 0; i < activeIds.length; i += 20_000) {
    const chunk = activeIds.slice(i, i + 20_000);
    await sql`update person set case_status = 'ACTIVE' where id = any(${sql.val(chunk)}::bigint[])`.execute(
      db,
    );
  }

  report('sequences');
  for (const table of ['staff', 'app_user', ...CASE_TABLES, 'audit_event']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select coalesce(max(id), 0) from ${sql.table(table)}), 1), (select count(*) > 0 from ${sql.table(table)}))`.execute(
      db,
    );
  }

  // The risk and workload steps read what was loaded, so the planner needs statistics first; on PGlite too,
  // which has no autovacuum to gather them. Without them it guesses one row a table, and joins the per-person
  // groups of the risk step's set-based read (risk-record.ts gatherCaseFacts) by nested loops, re-grouping a
  // table once for each person: 30 to 50 times slower for the tiny seed.
  await sql`analyze`.execute(db);
  report('tiers');
  const tiers = await computeSeedTiers(database, today);
  if (database.kind === 'postgresql')
    await sql`analyze risk_recalculation, predictor_score, tier_calculation`.execute(db);
  report('workload');
  const workload = await seedWorkload(database, org, workloadRandom, today, queue);

  const counts: Record<string, number> = {
    region: org.regions.length,
    pdu: org.pdus.length,
    team: org.teams.length,
    staff: org.staff.length,
    app_user: org.users.length,
  };
  for (const t of CASE_TABLES) counts[t] = tables[t].count;
  Object.assign(counts, workload);
  counts.person_active = activeIds.length;
  const totalRows = Object.entries(counts)
    .filter(([k]) => k !== 'person_active')
    .reduce((a, [, v]) => a + v, 0);
  const elapsedMs = Math.round(performance.now() - started);
  await db
    .insertInto('audit_event')
    .values({
      actor: 'system:seed',
      entity: 'database',
      action: 'SEED',
      after: JSON.stringify({
        scale: options.scale,
        seed: options.seed,
        today,
        reset: options.reset ?? false,
        counts,
        elapsedMs,
        tiers,
      }),
    })
    .execute();
  if (database.kind === 'postgresql')
    await sql`analyze workload_reduction, court_report, staff_workload, staff_workload_snapshot, audit_event`.execute(
      db,
    );
  report('done');
  return { scale: options.scale, seed: options.seed, today, counts, totalRows, elapsedMs, stepMs, tiers };
}

/**
 * The end of the seed's day, or now when the seed is for the day it is running on (London's day starts at 23:00
 * UTC in summer, hence the hour's margin): records dated today must not start later than the seed ran.
 */
export function latestStampOn(today: string, now: Date): string {
  const endOfDay = `${today}T23:59:59Z`;
  const nowStamp = `${now.toISOString().slice(0, 19)}Z`;
  return nowStamp >= `${addDays(today, -1)}T23:00:00Z` && nowStamp < endOfDay ? nowStamp : endOfDay;
}

async function writeOrganisation(
  queue: CopyQueue,
  org: Organisation,
  passwordHash: string,
  today: string,
): Promise<void> {
  const t = Object.fromEntries(
    Object.entries(ORG_COLUMNS).map(([name, cols]) => [name, new TableRows(name, cols)]),
  ) as Record<keyof typeof ORG_COLUMNS, TableRows>;
  for (const r of org.regions) t.region.add([r.code, r.name]);
  for (const p of org.pdus) {
    t.pdu.add([p.code, p.region.code, p.name]);
    for (const o of p.offices) t.office_location.add([o.code, p.code, o.description, o.address, o.postcode]);
  }
  for (const team of org.teams) t.team.add([team.code, team.pdu.code, team.name]);
  for (const s of org.staff) {
    t.staff.add([s.id, s.code, s.forename, s.surname, s.grade, s.qualificationDate, s.email, s.startDate]);
    if (s.teamCode)
      t.staff_team.add([s.id, s.teamCode, s.contractedHours, s.startDate < today ? s.startDate : today]);
  }
  for (const u of org.users) {
    t.app_user.add([
      u.id,
      u.username,
      u.displayName,
      u.staffId,
      passwordHash,
      `{${u.roles.join(',')}}`,
      u.homePduCode,
    ]);
  }
  await queue.flush(Object.values(t));
  await queue.drain();
}
