import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import {
  DEFAULT_CAPACITY_THRESHOLDS,
  aggregateWorkload,
  bandForPct,
  displayWorkloadPct,
  excessiveWorkload,
  workloadPct,
  workloadPcts,
  type AggregateMember,
  type CapacityBand,
  type CapacityThresholds,
  type ExcessiveWorkload,
  type WorkloadAggregate,
} from '../../domain/workload/index.js';
import { plusDays } from '../../domain/workload/exact.js';
import type { Queryable } from './config.js';
import { inOrgUnit, orgPlace, type OrgPlace, type OrgPlaceRow, type OrgUnitLevel } from '../org-units.js';

// Reading the live figures: practitioners, teams, PDUs, regions and the nation. Every unit figure is a sum
// over its members' stored figures and its percentage a ratio of those sums (workload.md §6.3).

export type UnitLevel = OrgUnitLevel;

export interface PractitionerFigures extends OrgPlace {
  staffId: number;
  staffCode: string;
  name: string;
  grade: string;
  contractedHours: number;
  reductionHours: number;
  availablePoints: number;
  totalPoints: number;
  remainingPoints: number;
  casePoints: number;
  t2aCasePoints: number;
  sdrPoints: number;
  fdrPoints: number;
  cmsPoints: number;
  totalCases: number;
  communityCases: number;
  licenceCases: number;
  custodyCases: number;
  t2aCases: number;
  untieredCases: number;
  inactiveCases: number;
  unknownLocationCases: number;
  psrCount: number;
  fdrCount: number;
  oralCount: number;
  flags: string[];
  weightsVersion: string;
  calculatedAt: Date;
  /** Exact workload %, null when there are no available points. */
  workloadPct: number | null;
  /** Shown to 1 dp, half-up. */
  displayPct: number | null;
  band: CapacityBand;
  /** CMS points as a % of available points, shown to 1 dp; negative when colleagues did more on this caseload. */
  cmsDisplayPct: number | null;
}

interface StoredRow extends OrgPlaceRow {
  staff_id: number;
  staff_code: string;
  forename: string;
  surname: string;
  grade: string;
  contracted_hours: string;
  reduction_hours: string;
  available_points: number;
  total_points: number;
  case_points: string;
  t2a_case_points: string;
  sdr_points: string;
  fdr_points: string;
  cms_points: string;
  total_cases: number;
  community_cases: number;
  licence_cases: number;
  custody_cases: number;
  t2a_cases: number;
  untiered_cases: number;
  inactive_cases: number;
  unknown_location_cases: number;
  psr_count: number;
  fdr_count: number;
  oral_count: number;
  flags: string[];
  weights_version: string;
  calculated_at: Date;
}

function toFigures(r: StoredRow, thresholds: CapacityThresholds): PractitionerFigures {
  const { workloadPct: pct, displayPct } = workloadPcts(r.total_points, r.available_points);
  return {
    staffId: r.staff_id,
    staffCode: r.staff_code,
    name: `${r.forename} ${r.surname}`,
    ...orgPlace(r),
    grade: r.grade,
    contractedHours: Number(r.contracted_hours),
    reductionHours: Number(r.reduction_hours),
    availablePoints: r.available_points,
    totalPoints: r.total_points,
    remainingPoints: r.available_points - r.total_points,
    casePoints: Number(r.case_points),
    t2aCasePoints: Number(r.t2a_case_points),
    sdrPoints: Number(r.sdr_points),
    fdrPoints: Number(r.fdr_points),
    cmsPoints: Number(r.cms_points),
    totalCases: r.total_cases,
    communityCases: r.community_cases,
    licenceCases: r.licence_cases,
    custodyCases: r.custody_cases,
    t2aCases: r.t2a_cases,
    untieredCases: r.untiered_cases,
    inactiveCases: r.inactive_cases,
    unknownLocationCases: r.unknown_location_cases,
    psrCount: r.psr_count,
    fdrCount: r.fdr_count,
    oralCount: r.oral_count,
    flags: r.flags,
    weightsVersion: r.weights_version,
    calculatedAt: r.calculated_at,
    workloadPct: pct,
    displayPct,
    band: bandForPct(pct, thresholds),
    cmsDisplayPct: displayWorkloadPct(Number(r.cms_points), r.available_points),
  };
}

/** Stored figures of every assignment in a unit (or one practitioner's, in every team they are in). */
export async function practitionerFigures(
  db: Queryable,
  filter: { level: UnitLevel; code: string | null } | { staffId: number },
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): Promise<PractitionerFigures[]> {
  const where = 'staffId' in filter ? sql`w.staff_id = ${filter.staffId}` : inOrgUnit(filter);
  const { rows } = await sql<StoredRow>`
    select w.staff_id, w.team_code, w.grade, w.contracted_hours, w.reduction_hours, w.available_points,
      w.total_points, w.case_points, w.t2a_case_points, w.sdr_points, w.fdr_points, w.cms_points, w.total_cases,
      w.community_cases, w.licence_cases, w.custody_cases, w.t2a_cases, w.untiered_cases, w.inactive_cases,
      w.unknown_location_cases, w.psr_count, w.fdr_count, w.oral_count, w.flags, w.weights_version,
      w.calculated_at, s.staff_code, s.forename, s.surname, t.name as team_name, d.code as pdu_code, d.name as pdu_name,
      g.code as region_code, g.name as region_name
    from staff_workload w
    join staff s on s.id = w.staff_id
    join team t on t.code = w.team_code
    join pdu d on d.code = t.pdu_code
    join region g on g.code = d.region_code
    where ${where}
    order by s.surname, s.forename, w.staff_id, w.team_code`.execute(db);
  return rows.map((r) => toFigures(r, thresholds));
}

export interface UnitFigures extends WorkloadAggregate {
  level: UnitLevel;
  code: string;
  name: string;
  /** Shown to 1 dp. */
  displayPct: number | null;
  band: CapacityBand;
  /** CMS points as a % of available points, shown to 1 dp. */
  cmsDisplayPct: number | null;
  members: number;
  /** Members over the excessive-workload threshold for the required consecutive weeks. */
  excessiveMembers: number;
}

const member = (p: PractitionerFigures): AggregateMember => ({
  id: `${p.staffId}/${p.teamCode}`,
  totalPoints: p.totalPoints,
  availablePoints: p.availablePoints,
  contractedHours: p.contractedHours,
  reductionHours: p.reductionHours,
  cmsAdjustmentPoints: p.cmsPoints,
  cases: p.totalCases,
});

function unitFrom(
  level: UnitLevel,
  code: string,
  name: string,
  aggregate: WorkloadAggregate,
  members: number,
  excessiveMembers: number,
  thresholds: CapacityThresholds,
): UnitFigures {
  // Field by field: a national roll-up makes some 1,000 of these, and spreading the aggregate showed.
  return {
    totalPoints: aggregate.totalPoints,
    availablePoints: aggregate.availablePoints,
    contractedHours: aggregate.contractedHours,
    reductionHours: aggregate.reductionHours,
    cmsAdjustmentPoints: aggregate.cmsAdjustmentPoints,
    cases: aggregate.cases,
    workloadPct: aggregate.workloadPct,
    remainingPoints: aggregate.remainingPoints,
    cmsPct: aggregate.cmsPct,
    withoutAvailablePoints: aggregate.withoutAvailablePoints,
    level,
    code,
    name,
    displayPct: displayWorkloadPct(aggregate.totalPoints, aggregate.availablePoints),
    band: bandForPct(aggregate.workloadPct, thresholds),
    cmsDisplayPct: displayWorkloadPct(aggregate.cmsAdjustmentPoints, aggregate.availablePoints),
    members,
    excessiveMembers,
  };
}

export interface Rollup {
  teams: UnitFigures[];
  pdus: UnitFigures[];
  regions: UnitFigures[];
  national: UnitFigures;
}

/**
 * Team, PDU, region and national figures from practitioners' figures: each level aggregates the level below
 * (aggregateWorkload's sums make that equal to aggregating the practitioners directly).
 */
export function rollUp(
  practitioners: readonly PractitionerFigures[],
  excessive: ReadonlySet<string> = new Set(),
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): Rollup {
  const level = <K extends string>(
    items: readonly {
      key: K;
      name: string;
      parent: string;
      member: AggregateMember;
      count: number;
      excessive: number;
    }[],
    lvl: UnitLevel,
  ) => {
    const groups = new Map<K, (typeof items)[number][]>();
    for (const i of items) {
      const list = groups.get(i.key);
      if (list) list.push(i);
      else groups.set(i.key, [i]);
    }
    return [...groups.entries()].map(([code, list]) => {
      const figures = unitFrom(
        lvl,
        code,
        list[0]!.name,
        aggregateWorkload(list.map((l) => l.member)),
        list.reduce((n, l) => n + l.count, 0),
        list.reduce((n, l) => n + l.excessive, 0),
        thresholds,
      );
      return { figures, parent: list[0]!.parent };
    });
  };
  const asMember = (u: UnitFigures): AggregateMember => ({
    ...u,
    id: u.code,
    cases: u.cases,
    withoutAvailablePoints: u.withoutAvailablePoints,
  });
  const teams = level(
    practitioners.map((p) => ({
      key: p.teamCode,
      name: p.teamName,
      parent: p.pduCode,
      member: member(p),
      count: 1,
      excessive: excessive.has(`${p.staffId}/${p.teamCode}`) ? 1 : 0,
    })),
    'team',
  );
  const pduNames = new Map(practitioners.map((p) => [p.pduCode, { name: p.pduName, region: p.regionCode }]));
  const regionNames = new Map(practitioners.map((p) => [p.regionCode, p.regionName]));
  const pdus = level(
    teams.map((t) => ({
      key: t.parent,
      name: pduNames.get(t.parent)!.name,
      parent: pduNames.get(t.parent)!.region,
      member: asMember(t.figures),
      count: t.figures.members,
      excessive: t.figures.excessiveMembers,
    })),
    'pdu',
  );
  const regions = level(
    pdus.map((d) => ({
      key: d.parent,
      name: regionNames.get(d.parent)!,
      parent: '',
      member: asMember(d.figures),
      count: d.figures.members,
      excessive: d.figures.excessiveMembers,
    })),
    'region',
  );
  const nationalAggregate = aggregateWorkload(regions.map((r) => asMember(r.figures)));
  return {
    teams: teams.map((t) => t.figures),
    pdus: pdus.map((d) => d.figures),
    regions: regions.map((r) => r.figures),
    national: unitFrom(
      'national',
      'national',
      'England and Wales',
      nationalAggregate,
      regions.reduce((n, r) => n + r.figures.members, 0),
      regions.reduce((n, r) => n + r.figures.excessiveMembers, 0),
      thresholds,
    ),
  };
}

// ---- weekly snapshots ---------------------------------------------------------------------------------

/** Copies every assignment's current figures into the week's snapshot; running it twice in a week replaces. */
export async function takeWeeklySnapshot(db: Kysely<DB>, weekEnding: string): Promise<number> {
  const result = await sql`
    insert into staff_workload_snapshot (week_ending, staff_id, team_code, grade, contracted_hours, reduction_hours,
      available_points, total_points, total_cases, weights_version)
    select ${weekEnding}::date, staff_id, team_code, grade, contracted_hours, reduction_hours, available_points,
      total_points, total_cases, weights_version
    from staff_workload
    on conflict (staff_id, team_code, week_ending) do update set grade = excluded.grade,
      contracted_hours = excluded.contracted_hours, reduction_hours = excluded.reduction_hours,
      available_points = excluded.available_points, total_points = excluded.total_points,
      total_cases = excluded.total_cases, weights_version = excluded.weights_version, taken_at = now()`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Excessive workload for every assignment in a unit: the latest snapshots, over the threshold for the
 * required number of consecutive weeks (thresholds.ts decides; here we only fetch enough weeks).
 */
export async function excessiveWorkloads(
  db: Queryable,
  filter: { level: UnitLevel; code: string | null },
  today: string,
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): Promise<Map<string, ExcessiveWorkload>> {
  const since = plusDays(today, -7 * (thresholds.excessiveConsecutiveWeeks + 1));
  const { rows } = await sql<{
    staff_id: number;
    team_code: string;
    week_ending: string;
    total_points: number;
    available_points: number;
  }>`
    select n.staff_id, n.team_code, n.week_ending, n.total_points, n.available_points
    from staff_workload_snapshot n
    join team t on t.code = n.team_code join pdu d on d.code = t.pdu_code join region g on g.code = d.region_code
    where n.week_ending > ${since}::date and n.week_ending <= ${today}::date and ${inOrgUnit(filter)}`.execute(
    db,
  );
  const by = new Map<string, { weekEnding: string; workloadPct: number | null }[]>();
  for (const r of rows) {
    const k = `${r.staff_id}/${r.team_code}`;
    by.set(k, [
      ...(by.get(k) ?? []),
      { weekEnding: r.week_ending, workloadPct: workloadPct(r.total_points, r.available_points) },
    ]);
  }
  return new Map([...by.entries()].map(([k, snapshots]) => [k, excessiveWorkload(snapshots, thresholds)]));
}

export interface TrendPoint {
  weekEnding: string;
  totalPoints: number;
  availablePoints: number;
  workloadPct: number | null;
  displayPct: number | null;
}

/** A unit's (or one practitioner's) weekly workload % over the last `weeks` snapshots, oldest first. */
export async function workloadTrend(
  db: Queryable,
  filter: { level: UnitLevel; code: string | null } | { staffId: number; teamCode: string },
  weeks = 12,
): Promise<TrendPoint[]> {
  const where =
    'staffId' in filter
      ? sql`n.staff_id = ${filter.staffId} and n.team_code = ${filter.teamCode}`
      : inOrgUnit(filter);
  const { rows } = await sql<{ week_ending: string; total: string; available: string }>`
    select n.week_ending, sum(n.total_points) as total, sum(n.available_points) as available
    from staff_workload_snapshot n
    join team t on t.code = n.team_code join pdu d on d.code = t.pdu_code join region g on g.code = d.region_code
    where ${where}
    group by n.week_ending order by n.week_ending desc limit ${weeks}`.execute(db);
  return rows.reverse().map((r) => {
    const total = Number(r.total);
    const available = Number(r.available);
    return {
      weekEnding: r.week_ending,
      totalPoints: total,
      availablePoints: available,
      ...workloadPcts(total, available),
    };
  });
}

// ---- organisation ---------------------------------------------------------------------------------------

export interface UnitName {
  level: UnitLevel;
  code: string;
  name: string;
  parent: { level: UnitLevel; code: string; name: string } | null;
}

/** A unit's name and parent, or null when there is no such unit. */
export async function unitName(db: Queryable, level: UnitLevel, code: string): Promise<UnitName | null> {
  if (level === 'national') return { level, code: 'national', name: 'England and Wales', parent: null };
  if (level === 'team') {
    const r = await db
      .selectFrom('team as t')
      .innerJoin('pdu as d', 'd.code', 't.pdu_code')
      .select(['t.code', 't.name', 'd.code as parentCode', 'd.name as parentName'])
      .where('t.code', '=', code)
      .executeTakeFirst();
    return r
      ? {
          level,
          code: r.code,
          name: r.name,
          parent: { level: 'pdu', code: r.parentCode, name: r.parentName },
        }
      : null;
  }
  if (level === 'pdu') {
    const r = await db
      .selectFrom('pdu as d')
      .innerJoin('region as g', 'g.code', 'd.region_code')
      .select(['d.code', 'd.name', 'g.code as parentCode', 'g.name as parentName'])
      .where('d.code', '=', code)
      .executeTakeFirst();
    return r
      ? {
          level,
          code: r.code,
          name: r.name,
          parent: { level: 'region', code: r.parentCode, name: r.parentName },
        }
      : null;
  }
  const r = await db
    .selectFrom('region')
    .select(['code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
  return r
    ? {
        level,
        code: r.code,
        name: r.name,
        parent: { level: 'national', code: 'national', name: 'England and Wales' },
      }
    : null;
}

/** Staff per SPO above which a team's span of control is flagged. */
export const SPAN_OF_CONTROL_LIMIT = 10;

export interface SpanOfControl {
  spos: number;
  practitioners: number;
  /** Practitioners per SPO; null with no SPO in the team. */
  perSpo: number | null;
  overLimit: boolean;
}

/** Staff per SPO in a team (practitioners are everyone in the team who is not an SPO or a manager). */
export async function spanOfControl(db: Queryable, teamCode: string, today: string): Promise<SpanOfControl> {
  const { rows } = await sql<{ spos: number; practitioners: number }>`
    select count(*) filter (where s.grade = 'SPO')::int as spos,
      count(*) filter (where s.grade in ('PO', 'PQIP', 'PSO'))::int as practitioners
    from staff_team st join staff s on s.id = st.staff_id
    where st.team_code = ${teamCode} and st.start_date <= ${today}::date and (st.end_date is null or st.end_date >= ${today}::date)
      and (s.end_date is null or s.end_date >= ${today}::date)`.execute(db);
  const { spos, practitioners } = rows[0]!;
  const perSpo = spos === 0 ? null : practitioners / spos;
  return { spos, practitioners, perSpo, overLimit: perSpo !== null && perSpo > SPAN_OF_CONTROL_LIMIT };
}
