import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.js';
import { todayInLondon } from '../../domain/calculation/run.js';
import {
  calculateAvailablePoints,
  calculateWorkloadPoints,
  caseloadRowsFromFacts,
  weighableCaseload,
  reductionHoursOn,
  workloadGradeForStaff,
  CMS_WINDOW_DAYS,
  type CaseFacts,
  type Caseload,
  type CaseloadInput,
  type CaseloadRow,
  type StaffGrade,
  type Grade,
  type WeightingConfig,
} from '../../domain/workload/index.js';
import { textArrayLiteral, unnestRows, type Column } from '../unnest-rows.js';
import { weightingConfigForDate, type Queryable } from './config.js';

// The live workload store (staff_workload): each assignment's figures and the inputs they came from (caseload
// rows, report counts, CMS contacts, hours), rewritten from the case record in the same transaction as every
// change that moves them (workload.md §9). A weighting change weighs the stored inputs again; the only
// date-driven change (a day passing moves report and CMS windows, reductions, overdue terminations and NQO
// status) is caught by ensureWorkloadCurrent on the next read, which re-reads everything from the record once
// that day.

/** Which assignments to recalculate: some staff members' (every team they are in), or everyone. */
export type RecalculationScope = { staffIds: readonly number[] } | 'ALL';

interface AssignmentRow {
  staff_id: number;
  team_code: string;
  contracted_hours: string;
  grade: StaffGrade;
  qualification_date: string | null;
}

interface FactRow {
  staff_id: number;
  team_code: string;
  sentence_type: CaseFacts['sentenceType'];
  custodial_status: CaseFacts['custodialStatus'];
  tier: string | null;
  t2a: boolean;
  active_warrant: boolean;
  overdue_termination: boolean;
  unpaid_work_only: boolean;
  count: number;
}

const key = (staffId: number, teamCode: string) => `${staffId}|${teamCode}`;

function staffFilter(scope: RecalculationScope, column: string) {
  return scope === 'ALL' ? sql`true` : sql`${sql.ref(column)} = any(${sql.val(scope.staffIds)}::bigint[])`;
}

/** Current assignments: staff_team memberships in force on `today` for staff still in post. */
async function assignments(
  db: Queryable,
  scope: RecalculationScope,
  today: string,
): Promise<AssignmentRow[]> {
  const { rows } = await sql<AssignmentRow>`
    select st.staff_id, st.team_code, st.contracted_hours, s.grade, s.qualification_date
    from staff_team st join staff s on s.id = st.staff_id
    where st.start_date <= ${today}::date and (st.end_date is null or st.end_date >= ${today}::date)
      and (s.end_date is null or s.end_date >= ${today}::date) and ${staffFilter(scope, 'st.staff_id')}`.execute(
    db,
  );
  return rows;
}

/**
 * `r` (a responsibility) is the current person manager (COM) of a case that counts on their caseload (§2.1),
 * `p` being its person: the assignment that holds the case.
 */
const HOLDS_CASE = sql`r.role = 'COM' and r.end_at is null and r.staff_id is not null
  and p.case_status = 'ACTIVE' and not p.soft_deleted and p.merged_into_person_id is null`;

/**
 * The facts that decide each held case's points (caseload.ts), read from the case record and grouped so that a
 * practitioner's caseload is a few dozen rows. A case counts for the assignment of its current person manager
 * (COM) in that team (§2.1).
 */
async function caseFacts(db: Queryable, scope: RecalculationScope, today: string): Promise<FactRow[]> {
  const { rows } = await sql<FactRow>`
    select r.staff_id, r.team_code, cs.sentence_type, cs.custodial_status, tc.tier,
      exists (select 1 from intervention i where i.person_id = r.person_id and i.type_code = 'T2A'
              and not i.soft_deleted and (i.end_date is null or i.end_date >= ${today}::date)) as t2a,
      exists (select 1 from registration g where g.person_id = r.person_id and g.register_type_code = 'WRSM'
              and g.deregistration_date is null and not g.soft_deleted) as active_warrant,
      coalesce(cs.expected_end_date < ${today}::date, false) as overdue_termination,
      coalesce(cs.unpaid_work_only, false) as unpaid_work_only,
      count(*)::int as count
    from responsibility r
    join person p on p.id = r.person_id
    left join lateral (
      -- The active sentence with the latest end date decides the case type (domain.md §4.3).
      select d.sentence_type, s.custodial_status, s.expected_end_date,
        exists (select 1 from requirement q where q.person_id = s.person_id and q.sentence_id = s.id and q.active
                and not q.soft_deleted and q.actual_end_date is null and q.requirement_type_code = 'W')
        and not exists (select 1 from requirement q where q.person_id = s.person_id and q.sentence_id = s.id and q.active
                and not q.soft_deleted and q.actual_end_date is null and q.requirement_type_code <> 'W') as unpaid_work_only
      from sentence s join disposal_type d on d.code = s.disposal_type_code
      where s.person_id = r.person_id and not s.soft_deleted and s.termination_date is null
      order by s.expected_end_date desc nulls last, s.id desc
      limit 1
    ) cs on true
    left join tier_calculation tc on tc.person_id = r.person_id and tc.model = 'PROTECT_CHANGE' and tc.superseded_at is null
    where ${HOLDS_CASE} and ${staffFilter(scope, 'r.staff_id')}
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9`.execute(db);
  return rows;
}

function toCaseFacts(f: FactRow): CaseFacts {
  return {
    sentenceType: f.sentence_type,
    custodialStatus: f.custodial_status,
    tier: f.tier,
    t2a: f.t2a,
    activeWarrant: f.active_warrant,
    overdueTermination: f.overdue_termination,
    unpaidWorkOnly: f.unpaid_work_only,
    count: f.count,
  };
}

interface ReportCountRow {
  staff_id: number;
  team_code: string;
  report_type: 'PSR' | 'FDR' | 'ORAL';
  count: number;
}

/** Reports completed in the 30 days ending today: today and the 29 days before (§3.4). */
async function reportCounts(
  db: Queryable,
  scope: RecalculationScope,
  today: string,
): Promise<ReportCountRow[]> {
  const { rows } = await sql<ReportCountRow>`
    select author_staff_id as staff_id, team_code, report_type, count(*)::int as count
    from court_report
    where not soft_deleted and completed_date between ${today}::date - 29 and ${today}::date
      and ${staffFilter(scope, 'author_staff_id')}
    group by 1, 2, 3`.execute(db);
  return rows;
}

interface CmsContactRow {
  doer_staff_id: number;
  doer_team_code: string;
  /** Null when no assignment holds the case (unallocated, or no longer active). */
  holder_staff_id: number | null;
  holder_team_code: string | null;
  contact_type_code: string;
  count: number;
}

/**
 * `c` (a contact) is a CMS contact effective on `today`: dated in the 7 days ending today (§4.4), not deleted,
 * and saying who did the work. The first two conditions are contact_cms_date_idx's predicate word for word
 * (migration 010), so the planner reads that index instead of the national contact table; a check there holds
 * the CMS contact types, and only those, to codes starting CMS.
 */
const cmsContactOn = (today: string) => sql`c.contact_type_code like 'CMS%' and not c.soft_deleted
  and c.contact_date between ${today}::date - ${sql.lit(CMS_WINDOW_DAYS - 1)} and ${today}::date
  and c.staff_id is not null and c.team_code is not null`;

/**
 * The CMS contacts effective on `today` done by, or on cases held by, the staff in scope, counted by the
 * assignment that did the work, the assignment holding the case now and the contact type. A contact by the
 * holder on their own case is left out: its two adjustments cancel (§4.4). The second branch finds contacts on
 * the scope's cases by people outside it through those cases' own contacts, so a scoped recalculation reads
 * neither every CMS contact in the country nor every case.
 */
async function cmsContacts(
  db: Queryable,
  scope: RecalculationScope,
  today: string,
): Promise<CmsContactRow[]> {
  const { rows } = await sql<CmsContactRow>`
    select doer_staff_id, doer_team_code, holder_staff_id, holder_team_code, contact_type_code,
      count(*)::int as count
    from (
      select c.staff_id as doer_staff_id, c.team_code as doer_team_code, h.staff_id as holder_staff_id,
        h.team_code as holder_team_code, c.contact_type_code
      from contact c
      left join lateral (
        select r.staff_id, r.team_code from responsibility r join person p on p.id = r.person_id
        where r.person_id = c.person_id and ${HOLDS_CASE}
      ) h on true
      where ${cmsContactOn(today)} and ${staffFilter(scope, 'c.staff_id')}
      union all
      select c.staff_id, c.team_code, r.staff_id, r.team_code, c.contact_type_code
      from responsibility r
      join person p on p.id = r.person_id
      -- Case by case (contact_cms_person_idx, migration 011). "offset 0" keeps the planner from flattening
      -- this into a join that starts from every CMS contact in the window and looks each one's holder up.
      cross join lateral (
        select c.staff_id, c.team_code, c.contact_type_code from contact c
        where c.person_id = r.person_id and ${cmsContactOn(today)}
        offset 0
      ) c
      where ${HOLDS_CASE} and ${staffFilter(scope, 'r.staff_id')} and not (${staffFilter(scope, 'c.staff_id')})
    ) x
    where holder_staff_id is distinct from doer_staff_id or holder_team_code is distinct from doer_team_code
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5`.execute(db);
  return rows;
}

/** An assignment's CMS contacts in the window, by contact type code, in both directions (§4.4). */
type CmsContacts = Pick<CaseloadInput, 'contactsOutsideOwnCaseload' | 'contactsByOthersOnMyCases'>;

const NO_CMS_CONTACTS: CmsContacts = Object.freeze({
  contactsOutsideOwnCaseload: Object.freeze({}),
  contactsByOthersOnMyCases: Object.freeze({}),
});

/** Each assignment's CMS contacts: + for the assignment that did the work, − for the one holding the case. */
function cmsContactsByAssignment(rows: readonly CmsContactRow[]): Map<string, CmsContacts> {
  const out = new Map<
    string,
    { contactsOutsideOwnCaseload: Record<string, number>; contactsByOthersOnMyCases: Record<string, number> }
  >();
  const of = (staffId: number, teamCode: string) => {
    const k = key(staffId, teamCode);
    let contacts = out.get(k);
    if (!contacts) out.set(k, (contacts = { contactsOutsideOwnCaseload: {}, contactsByOthersOnMyCases: {} }));
    return contacts;
  };
  for (const r of rows) {
    const earned = of(r.doer_staff_id, r.doer_team_code).contactsOutsideOwnCaseload;
    earned[r.contact_type_code] = (earned[r.contact_type_code] ?? 0) + r.count;
    if (r.holder_staff_id === null || r.holder_team_code === null) continue;
    const given = of(r.holder_staff_id, r.holder_team_code).contactsByOthersOnMyCases;
    given[r.contact_type_code] = (given[r.contact_type_code] ?? 0) + r.count;
  }
  return out;
}

async function reductions(db: Queryable, scope: RecalculationScope, today: string) {
  // Narrowed to reductions not yet ended; reductionCountsOn decides which count.
  const { rows } = await sql<{
    staff_id: number;
    team_code: string;
    hours: string;
    start_date: string;
    end_date: string;
    status: 'SCHEDULED' | 'ACTIVE' | 'ARCHIVED' | 'DELETED';
  }>`
    select staff_id, team_code, hours, start_date, end_date, status from workload_reduction
    where end_date >= ${today}::date and ${staffFilter(scope, 'staff_id')}`.execute(db);
  return rows;
}

function groupBy<T extends { staff_id: number; team_code: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r.staff_id, r.team_code);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** What an assignment's figures are calculated from, as read from the case record or from the store. */
interface AssignmentInputs {
  staff_id: number;
  team_code: string;
  grade: Grade;
  contracted_hours: number;
  reduction_hours: number;
  /** Tier codes as recorded, so a later configuration can weigh them again. */
  caseload: CaseloadRow[];
  psr_count: number;
  fdr_count: number;
  oral_count: number;
  /** Null when there were none in the window. */
  cms_contacts: CmsContacts | null;
}

/** One assignment's calculated figures, as stored in staff_workload. */
export interface AssignmentWorkload extends AssignmentInputs {
  available_points: number;
  total_points: number;
  case_points: number;
  t2a_case_points: number;
  sdr_points: number;
  fdr_points: number;
  cms_points: number;
  total_cases: number;
  community_cases: number;
  licence_cases: number;
  custody_cases: number;
  t2a_cases: number;
  untiered_cases: number;
  inactive_cases: number;
  unknown_location_cases: number;
  flags: string[];
  weights_version: string;
  calculated_on: string;
}

/** Cases of a caseload at one location. */
function casesAt(rows: readonly CaseloadRow[], location: CaseloadRow['location']): number {
  let n = 0;
  for (const r of rows) if (r.location === location) n += r.count;
  return n;
}

/** The pure model applied to one assignment's inputs under one configuration. */
function weigh(inputs: AssignmentInputs, config: WeightingConfig, today: string): AssignmentWorkload {
  const caseload = weighableCaseload(inputs.caseload, config);
  const cms = inputs.cms_contacts ?? NO_CMS_CONTACTS;
  const points = calculateWorkloadPoints(
    {
      cases: caseload.rows,
      standardReports: inputs.psr_count,
      fastReports: inputs.fdr_count,
      contactsOutsideOwnCaseload: cms.contactsOutsideOwnCaseload,
      contactsByOthersOnMyCases: cms.contactsByOthersOnMyCases,
    },
    config,
  );
  const available = calculateAvailablePoints(
    { grade: inputs.grade, contractedHours: inputs.contracted_hours, reductionHours: inputs.reduction_hours },
    config,
  );
  const flags: string[] = [...available.flags];
  if (points.unknownLocationCases > 0) flags.push('UNKNOWN_LOCATION');
  if (caseload.unweightedTierCases > 0) flags.push('UNWEIGHTED_TIER');
  // Field by field rather than spreading `inputs`: a national recalculation makes 8,000 of these, and the
  // spread copies of database rows showed in its profile.
  return {
    staff_id: inputs.staff_id,
    team_code: inputs.team_code,
    grade: inputs.grade,
    contracted_hours: inputs.contracted_hours,
    reduction_hours: inputs.reduction_hours,
    caseload: inputs.caseload,
    psr_count: inputs.psr_count,
    fdr_count: inputs.fdr_count,
    oral_count: inputs.oral_count,
    cms_contacts: inputs.cms_contacts,
    available_points: available.availablePoints,
    total_points: points.totalPoints,
    case_points: points.casePoints,
    t2a_case_points: points.t2aCasePoints,
    sdr_points: points.sdrPoints,
    fdr_points: points.fdrPoints,
    cms_points: points.cmsAdjustmentPoints,
    total_cases: points.totalCases,
    community_cases: casesAt(caseload.rows, 'COMMUNITY'),
    licence_cases: casesAt(caseload.rows, 'LICENCE'),
    custody_cases: casesAt(caseload.rows, 'CUSTODY'),
    t2a_cases: points.t2aCases,
    untiered_cases: points.untieredCases,
    inactive_cases: points.inactiveCases,
    unknown_location_cases: points.unknownLocationCases,
    flags,
    weights_version: points.weightsVersion,
    calculated_on: today,
  };
}

/**
 * Every input of the assignments in scope, read from the case record; with `caseload` 'STORE' the held cases
 * are the ones the store has now and only the date-driven inputs are read for `today`.
 */
async function inputsFromRecord(
  db: Queryable,
  scope: RecalculationScope,
  today: string,
  caseload: 'RECORD' | 'STORE' = 'RECORD',
): Promise<AssignmentInputs[]> {
  const [members, facts, stored, reports, reductionRows, cmsRows] = await Promise.all([
    assignments(db, scope, today),
    caseload === 'RECORD' ? caseFacts(db, scope, today) : [],
    caseload === 'STORE' ? storedCaseloads(db, scope) : [],
    reportCounts(db, scope, today),
    reductions(db, scope, today),
    cmsContacts(db, scope, today),
  ]);
  const factsBy = groupBy(facts);
  const storedBy = new Map(stored.map((r) => [key(r.staff_id, r.team_code), r.caseload]));
  const reportsBy = groupBy(reports);
  const reductionsBy = groupBy(reductionRows);
  const cmsBy = cmsContactsByAssignment(cmsRows);
  return members.map((m) => {
    const k = key(m.staff_id, m.team_code);
    const reportCount = (type: ReportCountRow['report_type']) =>
      (reportsBy.get(k) ?? []).filter((r) => r.report_type === type).reduce((n, r) => n + r.count, 0);
    return {
      staff_id: m.staff_id,
      team_code: m.team_code,
      grade: workloadGradeForStaff(m.grade, m.qualification_date, today),
      contracted_hours: Number(m.contracted_hours),
      reduction_hours: reductionHoursOn(
        (reductionsBy.get(k) ?? []).map((r) => ({
          hours: Number(r.hours),
          startDate: r.start_date,
          endDate: r.end_date,
          status: r.status,
        })),
        today,
      ),
      caseload:
        caseload === 'RECORD'
          ? caseloadRowsFromFacts((factsBy.get(k) ?? []).map(toCaseFacts))
          : unpackCaseload(storedBy.get(k) ?? []),
      psr_count: reportCount('PSR'),
      fdr_count: reportCount('FDR'),
      oral_count: reportCount('ORAL'),
      cms_contacts: cmsBy.get(k) ?? null,
    };
  });
}

// Caseload rows are stored as compact arrays: a national store holds some 140,000 of them, and a weighting
// change reads them all.
type StoredCaseloadRow = [
  CaseloadRow['location'],
  string,
  0 | 1,
  number,
  number,
  number,
  number,
  number,
  number,
];
const packCaseload = (rows: readonly CaseloadRow[]): StoredCaseloadRow[] =>
  rows.map((r) => [
    r.location,
    r.tier,
    r.t2a ? 1 : 0,
    r.count,
    r.warrants,
    r.unpaidWork,
    r.overdueTermination,
    r.suspended,
    r.suspendedLifers,
  ]);
function unpackCaseload(rows: readonly StoredCaseloadRow[]): CaseloadRow[] {
  // An indexed loop: a weighting change unpacks 140,000 of these, and destructuring each in a map() showed.
  const out: CaseloadRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = {
      location: r[0],
      tier: r[1],
      t2a: r[2] === 1,
      count: r[3],
      warrants: r[4],
      unpaidWork: r[5],
      overdueTermination: r[6],
      suspended: r[7],
      suspendedLifers: r[8],
    };
  }
  return out;
}

async function storedCaseloads(db: Queryable, scope: RecalculationScope) {
  const { rows } = await sql<{ staff_id: number; team_code: string; caseload: StoredCaseloadRow[] }>`
    select staff_id, team_code, caseload from staff_workload where ${staffFilter(scope, 'staff_id')}`.execute(
    db,
  );
  return rows;
}

/**
 * Every assignment weighed again from the inputs the store holds, under a new configuration. The caseloads
 * arrive as JSON text and each is parsed just before it is weighed: parsed all at once, a national store's
 * 140,000 caseload rows outlived the read and made the garbage collector the largest cost. CMS contacts are
 * parsed the same way, and only where there are any.
 */
async function weighStored(
  db: Queryable,
  config: WeightingConfig,
  today: string,
): Promise<AssignmentWorkload[]> {
  const { rows } = await sql<{
    staff_id: number;
    team_code: string;
    grade: Grade;
    contracted_hours: string;
    reduction_hours: string;
    caseload: string;
    psr_count: number;
    fdr_count: number;
    oral_count: number;
    cms_contacts: string | null;
  }>`
    select staff_id, team_code, grade, contracted_hours, reduction_hours, caseload::text as caseload, psr_count,
      fdr_count, oral_count, cms_contacts::text as cms_contacts
    from staff_workload`.execute(db);
  const weighed: AssignmentWorkload[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    weighed[i] = weigh(
      {
        staff_id: r.staff_id,
        team_code: r.team_code,
        grade: r.grade,
        contracted_hours: Number(r.contracted_hours),
        reduction_hours: Number(r.reduction_hours),
        caseload: unpackCaseload(JSON.parse(r.caseload) as StoredCaseloadRow[]),
        psr_count: r.psr_count,
        fdr_count: r.fdr_count,
        oral_count: r.oral_count,
        cms_contacts: r.cms_contacts === null ? null : (JSON.parse(r.cms_contacts) as CmsContacts),
      },
      config,
      today,
    );
  }
  return weighed;
}

/** One assignment's stored caseload rows, weighable under `config` ("points by tier and location"). */
export async function assignmentCaseload(
  db: Queryable,
  staffId: number,
  teamCode: string,
  config: WeightingConfig,
): Promise<Caseload> {
  const row = await db
    .selectFrom('staff_workload')
    .select('caseload')
    .where('staff_id', '=', staffId)
    .where('team_code', '=', teamCode)
    .executeTakeFirst();
  return weighableCaseload(unpackCaseload((row?.caseload ?? []) as StoredCaseloadRow[]), config);
}

const COLUMNS = `staff_id bigint, team_code text, grade text, contracted_hours numeric, reduction_hours numeric,
  available_points integer, total_points integer, case_points numeric, t2a_case_points numeric, sdr_points numeric,
  fdr_points numeric, cms_points numeric, total_cases integer, community_cases integer, licence_cases integer,
  custody_cases integer, t2a_cases integer, untiered_cases integer, inactive_cases integer,
  unknown_location_cases integer, psr_count integer, fdr_count integer, oral_count integer, flags text[],
  caseload json, cms_contacts json, weights_version text, calculated_on date`;
const NAMES = COLUMNS.split(',').map((c) => c.trim().split(' ')[0]!);

/** Whether the store was calculated on an earlier day, or never filled while there are assignments. */
async function storeStale(db: Queryable, today: string): Promise<boolean> {
  const { rows } = await sql<{ stale: boolean }>`
    select exists (select 1 from staff_workload where calculated_on <> ${today}::date)
        or (not exists (select 1 from staff_workload) and exists (select 1 from staff_team)) as stale`.execute(
    db,
  );
  return rows[0]!.stale;
}

// One JSON parameter carries every row, so a national recalculation is one statement whatever its size.

/** Writes assignments read from the record: every column, and rows for ended assignments removed. */
async function writeFromRecord(
  trx: Transaction<DB>,
  scope: RecalculationScope,
  rows: readonly AssignmentWorkload[],
): Promise<void> {
  const json = JSON.stringify(rows.map((r) => ({ ...r, caseload: packCaseload(r.caseload) })));
  const list = sql.raw(NAMES.join(', '));
  await sql`
    insert into staff_workload (${list}, calculated_at)
    select ${list}, now() from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(COLUMNS)})
    on conflict (staff_id, team_code) do update set
      ${sql.raw(
        NAMES.filter((n) => n !== 'staff_id' && n !== 'team_code')
          .map((n) => `${n} = excluded.${n}`)
          .join(', '),
      )},
      calculated_at = excluded.calculated_at`.execute(trx);
  await sql`
    delete from staff_workload w
    where ${staffFilter(scope, 'w.staff_id')}
      and not exists (select 1 from jsonb_to_recordset(${json}::jsonb) as x(staff_id bigint, team_code text)
                      where x.staff_id = w.staff_id and x.team_code = w.team_code)`.execute(trx);
}

/**
 * Weighing stored inputs again changes only the points, the untiered count (a newly weighted tier code), the
 * flags and the version; only those are sent and rewritten, as one text array per column (unnest-rows.ts).
 */
const WEIGHED: readonly Column[] = [
  ['staff_id', 'bigint'],
  ['team_code', 'text'],
  ['available_points', 'integer'],
  ['total_points', 'integer'],
  ['case_points', 'numeric'],
  ['t2a_case_points', 'numeric'],
  ['sdr_points', 'numeric'],
  ['fdr_points', 'numeric'],
  ['cms_points', 'numeric'],
  ['untiered_cases', 'integer'],
  ['flags', 'text[]'],
  ['weights_version', 'text'],
  ['calculated_on', 'date'],
];

async function writeWeighed(trx: Transaction<DB>, rows: readonly AssignmentWorkload[]): Promise<void> {
  const cells = rows.map((r) => [
    r.staff_id,
    r.team_code,
    r.available_points,
    r.total_points,
    r.case_points,
    r.t2a_case_points,
    r.sdr_points,
    r.fdr_points,
    r.cms_points,
    r.untiered_cases,
    textArrayLiteral(r.flags),
    r.weights_version,
    r.calculated_on,
  ]);
  const set = WEIGHED.slice(2).map(([name]) => sql`${sql.id(name)} = x.${sql.id(name)}`);
  await sql`
    update staff_workload w set ${sql.join(set)}, calculated_at = now()
    from (${unnestRows(WEIGHED, cells)}) as x
    where w.staff_id = x.staff_id and w.team_code = x.team_code`.execute(trx);
}

export interface RecalculationOptions {
  /**
   * Re-read everyone's inputs from the case record. Scoped recalculations always read the record; a
   * recalculation of everyone reads it when asked or when the store is from an earlier day, and otherwise
   * weighs the stored inputs again (what a weighting change needs).
   */
  refreshCases?: boolean;
  /**
   * Keep the cases each assignment holds in the store now, and read from the record only what moves with the
   * date: the assignments in force, reductions, report and CMS windows and NQO status. The record keeps no
   * dated caseload to re-read, so this is how past weeks are figured (the seed's weekly history; a CMS contact
   * is charged to whoever holds its case now). Run past dates newest first: an assignment not yet started on a
   * date leaves the store, and its cases with it.
   */
  caseloadFromStore?: boolean;
}

/**
 * Recalculates the assignments in scope and writes them to staff_workload in the caller's transaction.
 * Rows for assignments that ended are removed, so the store holds exactly the current assignments.
 */
export async function recalculateWorkload(
  trx: Transaction<DB>,
  scope: RecalculationScope,
  today: string = todayInLondon(),
  options: RecalculationOptions = {},
): Promise<AssignmentWorkload[]> {
  if (scope !== 'ALL' && scope.staffIds.length === 0) return [];
  const config = await weightingConfigForDate(trx, today);
  const fromRecord =
    scope !== 'ALL' || options.refreshCases || options.caseloadFromStore || (await storeStale(trx, today));
  if (!fromRecord) {
    const rows = await weighStored(trx, config, today);
    await writeWeighed(trx, rows);
    return rows;
  }
  const inputs = await inputsFromRecord(trx, scope, today, options.caseloadFromStore ? 'STORE' : 'RECORD');
  const rows = inputs.map((i) => weigh(i, config, today));
  await writeFromRecord(trx, scope, rows);
  return rows;
}

/**
 * Call this inside your transaction whenever a case moves or anything that decides a practitioner's points
 * changes: allocation, reallocation and transfer (pass the staff who lost and who gained the case), a case
 * ending, a tier, sentence or custody change (pass the case's current person manager), a court report
 * completed (its author), a reduction or contracted-hours change, and a CMS contact (type code CMS…) recorded,
 * changed or deleted: pass the staff who did the work (contact.staff_id) and the case’s current person manager,
 * since one earns its points and the other gives them up (workload.md §4.4). The figures are then current when
 * the transaction commits. Unallocated cases (staff_id null) need no call. Staff ids may repeat or be null. A
 * CMS contact leaving its 7-day window needs no call: that moves with the date, which ensureWorkloadCurrent
 * catches.
 */
export async function onCaseloadChanged(
  trx: Transaction<DB>,
  staffIds: readonly (number | null | undefined)[],
  today: string = todayInLondon(),
): Promise<void> {
  const ids = [...new Set(staffIds.filter((id): id is number => typeof id === 'number'))].sort(
    (a, b) => a - b,
  );
  // Two transactions moving cases in opposite directions between the same practitioners would otherwise lock
  // their workload rows in opposite orders and deadlock; taking per-practitioner locks in id order first
  // makes the second wait for the first instead.
  if (ids.length > 1) {
    await sql`select pg_advisory_xact_lock(hashtext('casework.workload.staff'), s.id::int)
                from unnest(${ids}::bigint[]) as s(id) order by s.id`.execute(trx);
  }
  await recalculateWorkload(trx, { staffIds: ids }, today);
}

/**
 * onCaseloadChanged for a change to one case that moves its points (a tier, sentence, custody or flag change, or
 * a CMS contact on it): the case's current person manager is recalculated, with `otherStaffIds` (for a CMS
 * contact, the staff who did the work).
 */
export async function onCaseChanged(
  trx: Transaction<DB>,
  personId: number,
  today: string = todayInLondon(),
  otherStaffIds: readonly (number | null | undefined)[] = [],
): Promise<void> {
  const holder = await trx
    .selectFrom('responsibility')
    .select('staff_id')
    .where('person_id', '=', personId)
    .where('role', '=', 'COM')
    .where('end_at', 'is', null)
    .executeTakeFirst();
  await onCaseloadChanged(trx, [holder?.staff_id, ...otherStaffIds], today);
}

/**
 * Recalculates every assignment in one transaction: after a weighting change, for the daily roll-over, or
 * (refreshCases) as the reconciliation that re-reads every case from the record.
 */
export async function recalculateAllWorkload(
  db: Kysely<DB>,
  today: string = todayInLondon(),
  options: RecalculationOptions = {},
): Promise<number> {
  return db
    .transaction()
    .execute(async (trx) => (await recalculateWorkload(trx, 'ALL', today, options)).length);
}

/**
 * Brings the store up to `today` when a day has passed since it was calculated (report and CMS windows move
 * and reductions start or end with the date alone), or when it has never been filled. Readers call it first.
 */
export async function ensureWorkloadCurrent(
  db: Kysely<DB>,
  today: string = todayInLondon(),
): Promise<boolean> {
  if (!(await storeStale(db, today))) return false;
  return db.transaction().execute(async (trx) => {
    // The first readers of a day arrive together; one re-reads the record and the others wait, then find the
    // store current.
    await sql`select pg_advisory_xact_lock(hashtext('casework.workload.daily'))`.execute(trx);
    if (!(await storeStale(trx, today))) return false;
    await recalculateWorkload(trx, 'ALL', today);
    return true;
  });
}

export interface ReconciliationDifference {
  staffId: number;
  teamCode: string;
  stored: { totalPoints: number; availablePoints: number } | null;
  recalculated: { totalPoints: number; availablePoints: number } | null;
}

/**
 * The daily reconciliation (workload.md §9): re-reads every case from the record, recalculates everyone, and
 * returns the assignments whose figures differ from what the store held. Differences on a day boundary are
 * expected (report and CMS windows and reductions move with the date); any others mean a change skipped
 * onCaseloadChanged, and name the staff to look at.
 */
export async function reconcileWorkload(
  db: Kysely<DB>,
  today: string = todayInLondon(),
): Promise<ReconciliationDifference[]> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('staff_workload')
      .select(['staff_id', 'team_code', 'total_points', 'available_points'])
      .execute();
    const after = await recalculateWorkload(trx, 'ALL', today, { refreshCases: true });
    const stored = new Map(before.map((b) => [key(b.staff_id, b.team_code), b]));
    const fresh = new Map(after.map((a) => [key(a.staff_id, a.team_code), a]));
    const differences: ReconciliationDifference[] = [];
    for (const k of new Set([...stored.keys(), ...fresh.keys()])) {
      const s = stored.get(k);
      const f = fresh.get(k);
      if (s && f && s.total_points === f.total_points && s.available_points === f.available_points) continue;
      const [staffId, teamCode] = k.split('|');
      differences.push({
        staffId: Number(staffId),
        teamCode: teamCode!,
        stored: s ? { totalPoints: s.total_points, availablePoints: s.available_points } : null,
        recalculated: f ? { totalPoints: f.total_points, availablePoints: f.available_points } : null,
      });
    }
    return differences;
  });
}
