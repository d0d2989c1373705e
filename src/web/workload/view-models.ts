import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { weightingConfigForDate } from '../../db/workload/config.js';
import {
  excessiveWorkloads,
  practitionerFigures,
  rollUp,
  spanOfControl,
  unitName,
  workloadTrend,
  type PractitionerFigures,
  type UnitFigures,
  type UnitLevel,
} from '../../db/workload/figures.js';
import { assignmentCaseload, ensureWorkloadCurrent } from '../../db/workload/recalculate.js';
import { listReductions, type ReductionRecord } from '../../db/workload/reductions.js';
import { capacityThresholdsForDate } from '../../db/workload/thresholds.js';
import {
  CASELOAD_LOCATIONS,
  caseloadBreakdown,
  reductionsEndingSoon,
  UNTIERED,
  V2_TIER_CODES,
  type CaseloadBreakdownRow,
} from '../../domain/workload/index.js';
import { trendLineChart, workloadBarChart } from './charts.js';

// Page data for the workload pages. Every figure comes from the stored calculation or a domain function;
// the templates only lay it out.

const tierOrder = (tier: string) => {
  if (tier === UNTIERED) return 1000;
  const base = V2_TIER_CODES.indexOf(tier.replace(/S$/, '') as (typeof V2_TIER_CODES)[number]);
  return (base === -1 ? 500 : base) * 2 + (tier.endsWith('S') ? 1 : 0);
};

export function sortBreakdown(rows: CaseloadBreakdownRow[]): CaseloadBreakdownRow[] {
  return [...rows].sort(
    (a, b) =>
      CASELOAD_LOCATIONS.indexOf(a.location) - CASELOAD_LOCATIONS.indexOf(b.location) ||
      tierOrder(a.tier) - tierOrder(b.tier) ||
      Number(a.t2a) - Number(b.t2a),
  );
}

export interface AssignmentView {
  figures: PractitionerFigures;
  caseload: CaseloadBreakdownRow[];
  reductions: ReductionRecord[];
  trend: Awaited<ReturnType<typeof workloadTrend>>;
  trendChart: ReturnType<typeof trendLineChart>;
  excessive: boolean;
  consecutiveWeeksOver: number;
  /** The excessive-workload threshold in force, for saying what the flag means. */
  excessiveAbovePct: number;
}

/** Everything the practitioner page shows for one or all of a practitioner's assignments. */
export async function assignmentViews(
  db: Kysely<DB>,
  staffId: number,
  today: string,
  teamCode?: string,
): Promise<AssignmentView[]> {
  await ensureWorkloadCurrent(db, today);
  // Bands and excessive-workload flags use the thresholds in force today (workload.md §8).
  const thresholds = await capacityThresholdsForDate(db, today);
  const config = await weightingConfigForDate(db, today);
  const figures = (await practitionerFigures(db, { staffId }, thresholds)).filter(
    (f) => teamCode === undefined || f.teamCode === teamCode,
  );
  return Promise.all(
    figures.map(async (f) => {
      const [caseload, reductions, trend, excessive] = await Promise.all([
        assignmentCaseload(db, f.staffId, f.teamCode, config),
        listReductions(db, { staffId: f.staffId, teamCode: f.teamCode }, today),
        workloadTrend(db, { staffId: f.staffId, teamCode: f.teamCode }),
        excessiveWorkloads(db, { level: 'team', code: f.teamCode }, today, thresholds),
      ]);
      const run = excessive.get(`${f.staffId}/${f.teamCode}`);
      return {
        figures: f,
        caseload: sortBreakdown(caseloadBreakdown(caseload.rows, config)),
        reductions,
        trend,
        trendChart: trendLineChart(
          trend.map((t) => ({ weekEnding: t.weekEnding, pct: t.workloadPct, displayPct: t.displayPct })),
          thresholds,
        ),
        excessive: run?.excessive ?? false,
        consecutiveWeeksOver: run?.consecutiveWeeksOver ?? 0,
        excessiveAbovePct: thresholds.excessiveAbovePct,
      };
    }),
  );
}

export interface MemberView extends PractitionerFigures {
  excessive: boolean;
  consecutiveWeeksOver: number;
  excessiveAbovePct: number;
}

export interface TeamView {
  team: NonNullable<Awaited<ReturnType<typeof unitName>>>;
  totals: UnitFigures;
  members: MemberView[];
  chart: ReturnType<typeof workloadBarChart>;
  span: Awaited<ReturnType<typeof spanOfControl>>;
  expiring: ReductionRecord[];
  trend: Awaited<ReturnType<typeof workloadTrend>>;
  trendChart: ReturnType<typeof trendLineChart>;
}

/** The SPO's team page: each practitioner's capacity, span of control, expiring reductions and trend. */
export async function teamView(db: Kysely<DB>, teamCode: string, today: string): Promise<TeamView | null> {
  const team = await unitName(db, 'team', teamCode);
  if (!team) return null;
  await ensureWorkloadCurrent(db, today);
  // Bands and excessive-workload flags use the thresholds in force today (workload.md §8).
  const thresholds = await capacityThresholdsForDate(db, today);
  const [figures, excessive, span, reductions, trend] = await Promise.all([
    practitionerFigures(db, { level: 'team', code: teamCode }, thresholds),
    excessiveWorkloads(db, { level: 'team', code: teamCode }, today, thresholds),
    spanOfControl(db, teamCode, today),
    listReductions(db, { teamCode }, today),
    workloadTrend(db, { level: 'team', code: teamCode }),
  ]);
  const excessiveKeys = new Set([...excessive.entries()].filter(([, e]) => e.excessive).map(([k]) => k));
  const members = figures.map((f) => {
    const run = excessive.get(`${f.staffId}/${f.teamCode}`);
    return {
      ...f,
      excessive: run?.excessive ?? false,
      consecutiveWeeksOver: run?.consecutiveWeeksOver ?? 0,
      excessiveAbovePct: thresholds.excessiveAbovePct,
    };
  });
  const rollup = rollUp(figures, excessiveKeys, thresholds);
  const endingSoon = new Set(reductionsEndingSoon(reductions, today));
  return {
    team,
    totals: rollup.teams[0] ?? { ...rollup.national, level: 'team', code: team.code, name: team.name },
    members,
    chart: workloadBarChart(
      members.map((m) => ({ label: m.name, pct: m.workloadPct, displayPct: m.displayPct, band: m.band })),
      thresholds,
    ),
    span,
    expiring: reductions.filter((r) => endingSoon.has(r)),
    trend,
    trendChart: trendLineChart(
      trend.map((t) => ({ weekEnding: t.weekEnding, pct: t.workloadPct, displayPct: t.displayPct })),
      thresholds,
    ),
  };
}

export interface UnitView {
  unit: NonNullable<Awaited<ReturnType<typeof unitName>>>;
  totals: UnitFigures;
  childLevel: UnitLevel;
  children: UnitFigures[];
  chart: ReturnType<typeof workloadBarChart>;
  trend: Awaited<ReturnType<typeof workloadTrend>>;
  trendChart: ReturnType<typeof trendLineChart>;
}

const CHILD: Record<Exclude<UnitLevel, 'team'>, UnitLevel> = {
  pdu: 'team',
  region: 'pdu',
  national: 'region',
};

/** A PDU, region or national page: the unit's totals and one row per child unit, all sums over sums. */
export async function unitView(
  db: Kysely<DB>,
  level: Exclude<UnitLevel, 'team'>,
  code: string | null,
  today: string,
): Promise<UnitView | null> {
  const unit = await unitName(db, level, code ?? 'national');
  if (!unit) return null;
  await ensureWorkloadCurrent(db, today);
  // Bands and excessive-workload flags use the thresholds in force today (workload.md §8).
  const thresholds = await capacityThresholdsForDate(db, today);
  const filter = { level, code };
  const [figures, excessive, trend] = await Promise.all([
    practitionerFigures(db, filter, thresholds),
    excessiveWorkloads(db, filter, today, thresholds),
    workloadTrend(db, filter),
  ]);
  const excessiveKeys = new Set([...excessive.entries()].filter(([, e]) => e.excessive).map(([k]) => k));
  const rollup = rollUp(figures, excessiveKeys, thresholds);
  const childLevel = CHILD[level];
  const children = (
    childLevel === 'team' ? rollup.teams : childLevel === 'pdu' ? rollup.pdus : rollup.regions
  ).sort((a, b) => a.name.localeCompare(b.name));
  const totals =
    level === 'national' ? rollup.national : level === 'region' ? rollup.regions[0] : rollup.pdus[0];
  return {
    unit,
    totals: totals ?? { ...rollup.national, level, code: unit.code, name: unit.name },
    childLevel,
    children,
    chart: workloadBarChart(
      children.map((c) => ({ label: c.name, pct: c.workloadPct, displayPct: c.displayPct, band: c.band })),
      thresholds,
    ),
    trend,
    trendChart: trendLineChart(
      trend.map((t) => ({ weekEnding: t.weekEnding, pct: t.workloadPct, displayPct: t.displayPct })),
      thresholds,
    ),
  };
}
