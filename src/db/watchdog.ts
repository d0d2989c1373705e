import { sql, type Kysely } from 'kysely';
import { blockedFor } from './access.js';
import { listQueue, type QueueScope } from './allocation.js';
import { currentSentence, currentTier } from './case-rules.js';
import type { DB } from './schema.js';
import type { Queryable } from './workload/config.js';
import { londonDate } from '../domain/allocation/index.js';
import {
  CONTACT_INTERVAL_SETTING,
  DEFAULT_CONTACT_INTERVALS,
  OFF_RADAR_RULES,
  contactIntervalProblems,
  type ContactIntervals,
  type OffRadarRule,
} from '../domain/casework/watchdog.js';

// The off-radar watchdog (issue #6): every active case that has dropped, or is about to drop, off the radar.
// Each rule is one set-based query over the scope (or, for the queue rules, the allocation queue's own read and
// ageing, so "overdue" means exactly what the queue page shows). The database makes a case without an owner
// impossible (003's deferred constraint); the NO_OWNER rule is the proof of that in production data.

export interface OffRadarFinding {
  rule: OffRadarRule;
  /** Since when, or until when, in words built from dates; null for a restricted case. */
  detail: string | null;
}

export interface OffRadarCase {
  personId: number;
  crn: string;
  restricted: boolean;
  name: string | null;
  teamCode: string | null;
  teamName: string | null;
  practitioner: string | null;
  findings: OffRadarFinding[];
}

export interface OffRadarReport {
  cases: OffRadarCase[];
  counts: Record<OffRadarRule, number>;
  contactIntervals: ContactIntervals;
}

/** The contact intervals in force: the setting when it is valid, else the defaults. */
export async function contactIntervals(db: Queryable): Promise<ContactIntervals> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', CONTACT_INTERVAL_SETTING)
    .executeTakeFirst();
  return row && contactIntervalProblems(row.value).length === 0
    ? (row.value as ContactIntervals)
    : DEFAULT_CONTACT_INTERVALS;
}

function scopeSql(scope: QueueScope, team: string, pdu: string, region: string) {
  switch (scope.level) {
    case 'team':
      return sql<boolean>`${sql.ref(team)} = ${scope.code}`;
    case 'pdu':
      return sql<boolean>`${sql.ref(pdu)} = ${scope.code}`;
    case 'region':
      return sql<boolean>`${sql.ref(region)} = ${scope.code}`;
    case 'national':
      return sql<boolean>`true`;
  }
}

interface Row {
  person_id: number;
  crn: string;
  restricted: boolean;
  name: string | null;
  team_code: string | null;
  team_name: string | null;
  practitioner: string | null;
  detail: string | null;
}

/** Active people with no current responsible officer, or more than one: what the constraint forbids. */
async function noOwner(db: Queryable, userId: number, today: string): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.id as person_id, p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      p.forename || ' ' || p.surname as name, null as team_code, null as team_name, null as practitioner,
      count(r.person_id) || ' current responsible officer records' as detail
    from person p
    left join responsibility r on r.person_id = p.id and r.end_at is null and r.responsible_officer
    where p.case_status = 'ACTIVE' and not p.soft_deleted and p.merged_into_person_id is null
    group by p.id
    having count(r.person_id) <> 1`.execute(db);
  return rows;
}

async function overdueTransfers(
  db: Queryable,
  userId: number,
  scope: QueueScope,
  today: string,
): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.id as person_id, p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      p.forename || ' ' || p.surname as name, x.from_team_code as team_code, ft.name as team_name,
      s.forename || ' ' || s.surname as practitioner,
      'to ' || tt.name || ', due by ' || to_char(x.deadline_date, 'YYYY-MM-DD') as detail
    from transfer x
    join person p on p.id = x.person_id
    join team ft on ft.code = x.from_team_code
    join team tt on tt.code = x.to_team_code
    left join lateral (select r.team_code, r.staff_id from responsibility r
      where r.person_id = x.person_id and r.role = 'COM' and r.end_at is null) cur on true
    left join staff s on s.id = cur.staff_id
    where x.status = 'PENDING' and x.deadline_date < ${today}::date
      and (${scopeSql(scope, 'x.from_team_code', 'x.from_pdu_code', 'x.from_region_code')}
        or ${scopeSql(scope, 'x.to_team_code', 'x.to_pdu_code', 'x.to_region_code')})`.execute(db);
  return rows;
}

/**
 * Community and licence cases under supervision today (not in custody, not past the sentence's end, not in a
 * Probation Reset final third with supervision suspended) whose last attended contact, or the start of
 * supervision when later, is older than their tier's interval.
 */
async function noContact(
  db: Queryable,
  userId: number,
  scope: QueueScope,
  today: string,
  intervals: ContactIntervals,
): Promise<Row[]> {
  const k = db as Kysely<DB>;
  // Most people were seen within the shortest interval, so only those who were not (a small share) go on to
  // the dearer per-person reads: the current sentence, the tier and the Probation Reset flag.
  const shortest = Math.min(...Object.values(intervals));
  const { rows } = await sql<Row>`
    with candidate as materialized (
      select p.id, p.crn, p.forename, p.surname, r.team_code, t.name as team_name, r.staff_id, lc.contact_date
      from responsibility r
      join person p on p.id = r.person_id
      join team t on t.code = r.team_code
      join pdu d on d.code = t.pdu_code
      left join lateral (select c.contact_date from contact c
        where c.person_id = p.id and c.attended and not c.soft_deleted and c.contact_date <= ${today}::date
        order by c.contact_date desc limit 1) lc on true
      where r.role = 'COM' and r.end_at is null and p.case_status = 'ACTIVE' and not p.soft_deleted
        and p.merged_into_person_id is null and ${scopeSql(scope, 't.code', 'd.code', 'd.region_code')}
        and (lc.contact_date is null or lc.contact_date < ${today}::date - ${shortest}::int)
    )
    select p.id as person_id, p.crn, ${blockedFor(sql.ref('p.id'), userId, today)} as restricted,
      p.forename || ' ' || p.surname as name, p.team_code, p.team_name,
      s.forename || ' ' || s.surname as practitioner,
      coalesce('last attended contact ' || to_char(p.contact_date, 'YYYY-MM-DD'), 'no attended contact')
        || ', tier ' || coalesce(tier.tier, 'pending') || ' expects one every '
        || tier.days || ' days' as detail
    from candidate p
    left join staff s on s.id = p.staff_id
    join lateral (${currentSentence(k, sql.ref('p.id'))}) cs on true
    join sentence cur on cur.person_id = p.id and cur.id = cs.sentence_id
    cross join lateral (select x.tier, case left(x.tier, 1)
        when 'A' then ${intervals.A}::int when 'B' then ${intervals.B}::int when 'C' then ${intervals.C}::int
        when 'D' then ${intervals.D}::int else ${intervals.UNTIERED}::int end as days
      from (select (${currentTier(k, sql.ref('p.id'))}) as tier) x) tier
    where cs.sentence_case_type in ('COMMUNITY', 'LICENCE')
      and (cs.sentence_end_date is null or cs.sentence_end_date >= ${today}::date)
      and not exists (select 1 from registration g where g.person_id = p.id and g.register_type_code = 'PRC'
        and g.deregistration_date is null and not g.soft_deleted)
      and greatest(p.contact_date, cur.sentence_date, cur.actual_release_date) < ${today}::date - tier.days`.execute(
    db,
  );
  return rows;
}

/**
 * The watchdog for a team, PDU, region or the country, as `userId` may see it: restricted cases are their CRN,
 * team and rule only. Each case appears once with every rule it breaks.
 */
export async function offRadar(
  db: Kysely<DB>,
  userId: number,
  scope: QueueScope,
  now: Date = new Date(),
): Promise<OffRadarReport> {
  const today = londonDate(now);
  const intervals = await contactIntervals(db);
  const [owners, queue, transfers, contacts] = await Promise.all([
    noOwner(db, userId, today),
    listQueue(db, userId, scope, now),
    overdueTransfers(db, userId, scope, today),
    noContact(db, userId, scope, today, intervals),
  ]);
  const byPerson = new Map<number, OffRadarCase>();
  const add = (r: Row, rule: OffRadarRule) => {
    let c = byPerson.get(r.person_id);
    if (!c) {
      c = {
        personId: r.person_id,
        crn: r.crn,
        restricted: r.restricted,
        name: r.restricted ? null : r.name,
        teamCode: r.team_code,
        teamName: r.team_name,
        practitioner: r.restricted ? null : r.practitioner,
        findings: [],
      };
      byPerson.set(r.person_id, c);
    }
    c.findings.push({ rule, detail: r.restricted ? null : r.detail });
  };
  for (const r of owners) add(r, 'NO_OWNER');
  for (const item of queue.items) {
    const row: Row = {
      person_id: item.personId,
      crn: item.crn,
      restricted: item.restricted,
      name: item.restricted ? null : item.name,
      team_code: item.teamCode,
      team_name: item.teamName,
      practitioner: null,
      detail: null,
    };
    if (item.ageing.releaseWithinDeadline)
      add(
        {
          ...row,
          detail: item.restricted
            ? null
            : `release expected ${item.releaseDate}, allocation was due by ${item.ageing.dueDate}`,
        },
        'RELEASE_UNALLOCATED',
      );
    else if (item.ageing.overdue)
      add(
        {
          ...row,
          detail: `waiting ${item.ageing.workingDaysWaiting} working days, due by ${item.ageing.dueDate}`,
        },
        'NO_PRACTITIONER',
      );
  }
  for (const r of transfers) add(r, 'TRANSFER_OVERDUE');
  for (const r of contacts) add(r, 'NO_CONTACT');
  const cases = [...byPerson.values()].sort(
    (a, b) =>
      OFF_RADAR_RULES.indexOf(a.findings[0]!.rule) - OFF_RADAR_RULES.indexOf(b.findings[0]!.rule) ||
      a.crn.localeCompare(b.crn),
  );
  const counts = Object.fromEntries(OFF_RADAR_RULES.map((r) => [r, 0])) as Record<OffRadarRule, number>;
  for (const c of cases) for (const f of c.findings) counts[f.rule]++;
  return { cases, counts, contactIntervals: intervals };
}
