import { sql } from 'kysely';
import { blockedFor } from './access.js';
import { listQueue, type QueueItem, type QueueScope } from './allocation.js';
import type { Queryable } from './workload/config.js';
import { londonDate } from '../domain/allocation/index.js';

// The allocation dashboard (issue #5 "Reporting"): unallocated cases and their age by team, PDU and region;
// the share allocated within the target each month; custody releases inside the deadline still unallocated;
// and every guardrail override and over-capacity justification.

export type ReportLevel = 'team' | 'pdu' | 'region' | 'national';

export interface UnitQueueFigures {
  code: string;
  name: string;
  unallocated: number;
  overdue: number;
  /** Mean and longest working days waiting; null with nothing waiting. */
  averageWorkingDaysWaiting: number | null;
  longestWorkingDaysWaiting: number | null;
}

export interface MonthTimeliness {
  /** YYYY-MM, Europe/London. */
  month: string;
  allocated: number;
  withinTarget: number;
  /** Whole-number percentage; null in a month with no allocations. */
  pctWithinTarget: number | null;
}

export interface OverrideRow {
  crn: string;
  /** The reason and trigger are case details: hidden from a user the case is restricted from. */
  restricted: boolean;
  allocatedAt: Date;
  rule: 'PO_GRADE' | 'NEW_OFFICER' | 'OVER_CAPACITY';
  outcome: 'OVERRIDE' | 'JUSTIFICATION';
  message: string | null;
  reason: string | null;
  approvedBy: string;
  practitioner: string;
  teamName: string;
}

export interface AllocationDashboard {
  level: ReportLevel;
  code: string | null;
  /** One row per child unit: regions nationally, PDUs of a region, teams of a PDU, the team itself. */
  units: UnitQueueFigures[];
  total: UnitQueueFigures;
  timeliness: MonthTimeliness[];
  releasesDue: QueueItem[];
  overridesByRule: { rule: OverrideRow['rule']; count: number }[];
  overrides: OverrideRow[];
}

function figures(code: string, name: string, items: readonly QueueItem[]): UnitQueueFigures {
  const waits = items.map((i) => i.ageing.workingDaysWaiting);
  return {
    code,
    name,
    unallocated: items.length,
    overdue: items.filter((i) => i.ageing.overdue).length,
    averageWorkingDaysWaiting:
      waits.length === 0 ? null : Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10,
    longestWorkingDaysWaiting: waits.length === 0 ? null : Math.max(...waits),
  };
}

const CHILD: Record<ReportLevel, { key: (i: QueueItem) => [string, string] }> = {
  national: { key: (i) => [i.regionCode, i.regionName] },
  region: { key: (i) => [i.pduCode, i.pduName] },
  pdu: { key: (i) => [i.teamCode, i.teamName] },
  team: { key: (i) => [i.teamCode, i.teamName] },
};

function unitWhere(level: ReportLevel, code: string | null) {
  switch (level) {
    case 'team':
      return sql<boolean>`t.code = ${code}`;
    case 'pdu':
      return sql<boolean>`d.code = ${code}`;
    case 'region':
      return sql<boolean>`d.region_code = ${code}`;
    case 'national':
      return sql<boolean>`true`;
  }
}

/** The dashboard for one unit as `userId` may see it, with `months` months of timeliness history. */
export async function allocationDashboard(
  db: Queryable,
  userId: number,
  level: ReportLevel,
  code: string | null,
  now: Date = new Date(),
  months = 12,
): Promise<AllocationDashboard> {
  const scope: QueueScope = level === 'national' ? { level } : { level, code: code! };
  const queue = await listQueue(db, userId, scope, now);
  const groups = new Map<string, { name: string; items: QueueItem[] }>();
  for (const item of queue.items) {
    const [k, name] = CHILD[level].key(item);
    const g = groups.get(k) ?? { name, items: [] };
    g.items.push(item);
    groups.set(k, g);
  }
  const units = [...groups.entries()]
    .map(([k, g]) => figures(k, g.name, g.items))
    .sort((a, b) => b.overdue - a.overdue || b.unallocated - a.unallocated || a.name.localeCompare(b.name));

  const today = londonDate(now);
  const from = `${today.slice(0, 7)}-01`;
  const { rows: monthly } = await sql<{ month: string; allocated: number; within: number }>`
    select to_char(a.allocated_at at time zone 'Europe/London', 'YYYY-MM') as month, count(*)::int as allocated,
      (count(*) filter (where (a.allocated_at at time zone 'Europe/London')::date <= a.due_date))::int as within
    from allocation a join team t on t.code = a.team_code join pdu d on d.code = t.pdu_code
    where a.kind = 'ALLOCATION' and ${unitWhere(level, code)}
      and a.allocated_at >= ((${from}::date - ${`${months - 1} months`}::interval)::timestamp at time zone 'Europe/London')
    group by 1 order by 1 desc`.execute(db);

  const { rows: overrides } = await sql<{
    crn: string;
    restricted: boolean;
    allocated_at: Date;
    rule: OverrideRow['rule'];
    outcome: OverrideRow['outcome'];
    message: string;
    reason: string;
    approved_by: string;
    practitioner: string;
    team_name: string;
  }>`
    select p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted, a.allocated_at, o.rule, o.outcome,
      o.message, o.reason, u.display_name as approved_by, s.forename || ' ' || s.surname as practitioner,
      t.name as team_name
    from allocation_override o
    join allocation a on a.person_id = o.person_id and a.id = o.allocation_id
    join person p on p.id = o.person_id
    join app_user u on u.id = o.approved_by_user_id
    join staff s on s.id = a.staff_id
    join team t on t.code = a.team_code join pdu d on d.code = t.pdu_code
    where ${unitWhere(level, code)}
    order by a.allocated_at desc, o.id desc`.execute(db);
  const byRule = new Map<OverrideRow['rule'], number>();
  for (const o of overrides) byRule.set(o.rule, (byRule.get(o.rule) ?? 0) + 1);

  return {
    level,
    code,
    units,
    total: figures(code ?? 'ALL', 'Total', queue.items),
    timeliness: monthly.map((m) => ({
      month: m.month,
      allocated: m.allocated,
      withinTarget: m.within,
      pctWithinTarget: m.allocated === 0 ? null : Math.round((m.within / m.allocated) * 100),
    })),
    releasesDue: queue.items.filter((i) => i.ageing.releaseWithinDeadline),
    overridesByRule: [...byRule.entries()].map(([rule, count]) => ({ rule, count })),
    overrides: overrides.slice(0, 100).map((o) => ({
      crn: o.crn,
      restricted: o.restricted,
      allocatedAt: o.allocated_at,
      rule: o.rule,
      outcome: o.outcome,
      message: o.restricted ? null : o.message,
      reason: o.restricted ? null : o.reason,
      approvedBy: o.approved_by,
      practitioner: o.practitioner,
      teamName: o.team_name,
    })),
  };
}
