import { sql } from 'kysely';
import type { Database } from '../db/connection.js';
import { takeWeeklySnapshot } from '../db/workload/figures.js';
import { recalculateAllWorkload } from '../db/workload/recalculate.js';
import { reductionReasons, type ReductionReasonRecord } from '../db/workload/reductions.js';
import { addWorkingDays } from '../domain/allocation/working-days.js';
import {
  allowanceHours,
  CMS_CONTACT_TYPES,
  CMS_WINDOW_DAYS,
  defaultEndDate,
  maximumHours,
  reductionCountsOn,
  reductionStatusOn,
  type CmsContactType,
} from '../domain/workload/index.js';
import { TableRows } from '../db/csv-rows.js';
import { CopyQueue } from './csv.js';
import { addDays } from './dates.js';
import type { Organisation, Staff, Team } from './organisation.js';
import { Weighted, type Random } from './random.js';

// Workload data for the seeded organisation (workload.md §3.4, §3.7, §7, §8): reductions, court reports, CMS
// contacts and weekly snapshots, then the live store brought up to date. Every draw comes from the random
// stream handed in, which is the seed's own stream for this step, so the organisation and caseload draws are
// unchanged.

/** Weekly snapshots kept: the trend charts show 12 weeks, and the excessive-workload rule needs 4. */
export const SNAPSHOT_WEEKS = 12;

/** Days of court reports: the 30-day report window of the oldest snapshot reaches back this far. */
const REPORT_HISTORY_DAYS = 7 * (SNAPSHOT_WEEKS - 1) + 30 + 5;

/** PSRs prepared in 2023 per person under supervision (91,368 / 244,209; context.md §1.1, §1.6). */
const REPORTS_PER_PERSON_YEAR = 91_368 / 244_209;

/** Report types by share of PSRs in 2019/20: 52 % oral, 45 % fast written, 3 % standard (context.md §1.6). */
const REPORT_TYPES = new Weighted<'ORAL' | 'FDR' | 'PSR'>([
  ['ORAL', 52],
  ['FDR', 45],
  ['PSR', 3],
]);

/** How long an episode lasts: a range of days, or the reason's months to expiry. */
type Duration = { days: readonly [number, number] } | 'REASON_EXPIRY';

interface Episode {
  reason: string;
  weight: number;
  /** Hours as a whole % of contracted hours, or the reason's allowance. */
  pct: readonly [number, number] | 'ALLOWANCE';
  duration: Duration;
  /** Only for these grades (all practitioner grades when absent). */
  grades?: readonly Staff['grade'][];
  notes: string;
}

// Modelling defaults (context.md publishes no reduction rates): a PO or PSO has a reduction episode of their
// own with this chance, and a second one with the smaller; the weights say which reason, with an hours range
// and a length typical of it. Secondments have no reason of their own in §7.1 and are recorded as Other.
const FIRST_EPISODE_CHANCE = 0.3;
const SECOND_EPISODE_CHANCE = 0.08;
/** Reductions deleted as entered in error, which stay in the archive with their removal reason. */
const DELETED_CHANCE = 0.03;

const EPISODES: readonly Episode[] = [
  {
    reason: 'Disability',
    weight: 12,
    pct: [8, 20],
    duration: { days: [180, 540] },
    notes: 'Reasonable adjustment agreed after occupational health advice; reviewed every six months.',
  },
  {
    reason: 'Pregnancy',
    weight: 5,
    pct: [10, 20],
    duration: { days: [60, 180] },
    notes: 'Reduced caseload and no home visits to high-risk cases, agreed after a risk assessment.',
  },
  {
    reason: 'Phased return to work',
    weight: 6,
    pct: [25, 50],
    duration: { days: [28, 70] },
    notes: 'Phased return agreed with occupational health, hours rising each fortnight.',
  },
  {
    reason: 'Long-term sickness absence',
    weight: 5,
    pct: 'ALLOWANCE',
    duration: { days: [35, 120] },
    notes: 'Absent on sick leave; cases covered by the team.',
  },
  { reason: 'Maternity leave', weight: 4, pct: 'ALLOWANCE', duration: 'REASON_EXPIRY', notes: '' },
  { reason: 'Special leave', weight: 2, pct: 'ALLOWANCE', duration: { days: [5, 14] }, notes: '' },
  {
    reason: 'Other paid leave (for example jury service)',
    weight: 2,
    pct: 'ALLOWANCE',
    duration: { days: [10, 14] },
    notes: 'Jury service.',
  },
  {
    reason: 'Trade union facility time',
    weight: 5,
    pct: [10, 50],
    duration: { days: [180, 365] },
    notes: 'Branch representative.',
  },
  {
    reason: 'Other',
    weight: 4,
    pct: [20, 50],
    duration: { days: [90, 180] },
    notes: 'Part-time secondment to the regional MAPPA unit.',
  },
  {
    reason: 'PSO learning and development',
    weight: 8,
    pct: 'ALLOWANCE',
    duration: 'REASON_EXPIRY',
    grades: ['PSO'],
    notes: '',
  },
  { reason: 'VQ3', weight: 4, pct: 'ALLOWANCE', duration: 'REASON_EXPIRY', grades: ['PSO'], notes: '' },
  {
    reason: 'Level 4 and Level 5 access',
    weight: 3,
    pct: 'ALLOWANCE',
    duration: 'REASON_EXPIRY',
    grades: ['PSO'],
    notes: '',
  },
  {
    reason: 'Court duty',
    weight: 10,
    pct: [10, 20],
    duration: { days: [60, 120] },
    notes: 'Court duty rota.',
  },
  {
    reason: 'PSR court duty or other court work',
    weight: 5,
    pct: [10, 20],
    duration: { days: [60, 120] },
    notes: '',
  },
  {
    reason: 'Groups (group supervision)',
    weight: 6,
    pct: [5, 12],
    duration: { days: [90, 180] },
    notes: 'Facilitates a weekly group.',
  },
  { reason: 'Groups (induction)', weight: 4, pct: [5, 10], duration: { days: [60, 120] }, notes: '' },
  { reason: 'Co-worked cases', weight: 4, pct: [3, 8], duration: { days: [90, 180] }, notes: '' },
  {
    reason: 'SPOC lead',
    weight: 5,
    pct: 'ALLOWANCE',
    duration: { days: [270, 365] },
    notes: 'Domestic abuse SPOC.',
  },
  { reason: 'Split role', weight: 3, pct: [20, 50], duration: { days: [180, 365] }, notes: '' },
  {
    reason: 'OM custody (transactional work)',
    weight: 2,
    pct: [10, 20],
    duration: { days: [90, 180] },
    notes: '',
  },
];

const episodeChoice = new Map<Staff['grade'], Weighted<Episode>>();
function episodesFor(grade: Staff['grade']): Weighted<Episode> {
  let choice = episodeChoice.get(grade);
  if (!choice) {
    const episodes = EPISODES.filter((e) => !e.grades || e.grades.includes(grade));
    choice = new Weighted(episodes.map((e) => [e, e.weight] as const));
    episodeChoice.set(grade, choice);
  }
  return choice;
}

const PQIP_STAGES = ['PQiP, first 6 months', 'PQiP, 6 to 12 months', 'PQiP, 12 to 18 months'] as const;
const NQO_REASON = 'NQO (newly qualified officer)';
/** The per-team reduction that ends within the expiry notice when nothing else in the team does. */
const EXPIRING_REASON = 'Court duty';
/** Days ahead in which a reduction's end is notified (workload.md §7.2: 4 weeks). */
const EXPIRY_NOTICE_DAYS = 28;

interface SeedReduction {
  staff: Staff;
  reason: ReductionReasonRecord;
  hours: number;
  startDate: string;
  endDate: string;
  deleted: boolean;
  notes: string;
}

export interface WorkloadSeedResult {
  workload_reduction: number;
  court_report: number;
  /** CMS contacts, added to the contact table after the caseload's own. */
  cms_contact: number;
  staff_workload_snapshot: number;
  staff_workload: number;
}

/**
 * Adds reductions and court reports to a seeded organisation and caseload (tiers already calculated), keeps
 * twelve weekly snapshots through the workload services and leaves the live store current for `today`.
 */
export async function seedWorkload(
  database: Database,
  org: Organisation,
  random: Random,
  today: string,
  queue: CopyQueue,
): Promise<WorkloadSeedResult> {
  const { db } = database;
  const reasons = new Map((await reductionReasons(db)).map((r) => [r.name, r]));
  const reasonNamed = (name: string) => {
    const reason = reasons.get(name);
    if (!reason) throw new Error(`The reduction reason "${name}" is missing from the reference data`);
    return reason;
  };

  const teams = org.pdus.flatMap((p) => p.teams);
  const reductions = teams.flatMap((team) => teamReductions(team, org.demo, random, today, reasonNamed));
  const reductionRows = new TableRows('workload_reduction', [
    'staff_id',
    'team_code',
    'reason_id',
    'hours',
    'start_date',
    'end_date',
    'status',
    'notes',
    'removal_reason',
    'created_by_user_id',
    'created_at',
    'updated_at',
  ]);
  const spoUserByTeam = new Map(teams.map((t) => [t.code, t.spo.userId]));
  for (const r of reductions) {
    const status = reductionStatusOn(
      { hours: r.hours, startDate: r.startDate, endDate: r.endDate, status: r.deleted ? 'DELETED' : null },
      today,
    );
    const created = `${r.startDate < today ? r.startDate : today} 09:00:00+00`;
    reductionRows.add([
      r.staff.id,
      r.staff.teamCode,
      r.reason.id,
      r.hours,
      r.startDate,
      r.endDate,
      status,
      r.notes || null,
      r.deleted ? 'Recorded against the wrong practitioner' : null,
      spoUserByTeam.get(r.staff.teamCode!) ?? null,
      created,
      created,
    ]);
  }

  const reportRows = await courtReports(database, teams, random, today);
  const cmsRows = await cmsContacts(database, teams, org.demo, random, today);
  await queue.flush([reductionRows, reportRows, cmsRows]);
  await queue.drain();

  // Newest week first, so that an assignment not yet started in a week leaves the store only for the weeks
  // before it too (recalculate.ts, caseloadFromStore). The held caseload is today's for every week: the record
  // keeps no dated caseload, so the weeks differ by their reductions, report windows and NQO status.
  let snapshotRows = 0;
  await recalculateAllWorkload(db, today, { refreshCases: true });
  snapshotRows += await takeWeeklySnapshot(db, today);
  for (let week = 1; week < SNAPSHOT_WEEKS; week++) {
    const weekEnding = addDays(today, -7 * week);
    await recalculateAllWorkload(db, weekEnding, { caseloadFromStore: true });
    snapshotRows += await takeWeeklySnapshot(db, weekEnding);
  }
  const current = await recalculateAllWorkload(db, today, { refreshCases: true });
  return {
    workload_reduction: reductionRows.count,
    court_report: reportRows.count,
    cms_contact: cmsRows.count,
    staff_workload_snapshot: snapshotRows,
    staff_workload: current,
  };
}

function teamReductions(
  team: Team,
  demo: Organisation['demo'],
  random: Random,
  today: string,
  reasonNamed: (name: string) => ReductionReasonRecord,
): SeedReduction[] {
  const out: SeedReduction[] = [];
  const assignmentStart = (s: Staff) => (s.startDate < today ? s.startDate : today);
  const add = (
    staff: Staff,
    reason: ReductionReasonRecord,
    hours: number,
    startDate: string,
    endDate: string,
    notes: string,
    deleted = false,
  ) => out.push({ staff, reason, hours, startDate, endDate, notes, deleted });
  const hoursFor = (staff: Staff, reason: ReductionReasonRecord, pct: Episode['pct']) => {
    const hours =
      pct === 'ALLOWANCE'
        ? allowanceHours(reason, staff.contractedHours)
        : allowanceHours({ allowancePct: random.int(pct[0], pct[1]) }, staff.contractedHours);
    return Math.min(hours ?? staff.contractedHours, maximumHours(reason, staff.contractedHours));
  };

  // The demo practitioner keeps a week without reductions, so a reduction added in a demonstration shows its
  // effect on its own.
  const practitioners = team.practitioners.filter((s) => s !== demo.practitioner);
  const othersThanPqip = practitioners.filter((s) => s.grade !== 'PQIP');
  for (const staff of practitioners) {
    const start = assignmentStart(staff);
    if (staff.grade === 'PQIP') {
      // Each six-month stage of training so far has its learning reduction, the next one added once it is
      // due within the notice period.
      let stageStart = start;
      for (const name of PQIP_STAGES) {
        if (stageStart > addDays(today, EXPIRY_NOTICE_DAYS)) break;
        const reason = reasonNamed(name);
        const end = addDays(defaultEndDate(reason, stageStart)!, -1);
        add(staff, reason, hoursFor(staff, reason, 'ALLOWANCE'), stageStart, end, '');
        stageStart = addDays(end, 1);
      }
      continue;
    }
    // A PO qualified within the NQO period holds the NQO reduction from qualification; it ends on its own.
    const nqo = reasonNamed(NQO_REASON);
    if (staff.grade === 'PO' && staff.qualificationDate) {
      const qualified = staff.qualificationDate < start ? start : staff.qualificationDate;
      const end = addDays(defaultEndDate(nqo, qualified)!, -1);
      if (end >= addDays(today, -7 * SNAPSHOT_WEEKS))
        add(staff, nqo, hoursFor(staff, nqo, 'ALLOWANCE'), qualified, end, '');
    }
    const choice = episodesFor(staff.grade);
    const count = random.chance(FIRST_EPISODE_CHANCE) ? (random.chance(SECOND_EPISODE_CHANCE) ? 2 : 1) : 0;
    for (let i = 0; i < count; i++) {
      const episode = choice.draw(random);
      const reason = reasonNamed(episode.reason);
      const days =
        episode.duration === 'REASON_EXPIRY'
          ? null
          : random.int(episode.duration.days[0], episode.duration.days[1]);
      // Episodes start anywhere from before the history to a month ahead (scheduled), not before the
      // assignment did.
      const span = days ?? 183;
      let startDate = addDays(today, random.int(-(span + 60), EXPIRY_NOTICE_DAYS));
      if (startDate < start) startDate = start;
      const endDate =
        days === null ? addDays(defaultEndDate(reason, startDate)!, -1) : addDays(startDate, days - 1);
      add(
        staff,
        reason,
        hoursFor(staff, reason, episode.pct),
        startDate,
        endDate,
        episode.notes,
        random.chance(DELETED_CHANCE),
      );
    }
  }

  const counts = (r: SeedReduction) =>
    reductionCountsOn({ ...r, status: r.deleted ? 'DELETED' : null }, today);
  // Every SPO's expiring list shows the notice working: when no reduction in the team ends within the notice
  // period, a court-duty rota does (rotas turn over every few months).
  const horizon = addDays(today, EXPIRY_NOTICE_DAYS);
  if (!out.some((r) => counts(r) && r.endDate <= horizon)) {
    const staff = random.pick(othersThanPqip);
    const reason = reasonNamed(EXPIRING_REASON);
    let startDate = addDays(today, -random.int(56, 90));
    if (startDate < assignmentStart(staff)) startDate = assignmentStart(staff);
    add(
      staff,
      reason,
      hoursFor(staff, reason, [10, 20]),
      startDate,
      addDays(today, random.int(3, EXPIRY_NOTICE_DAYS - 1)),
      'Court duty rota.',
    );
  }
  // The demo SPO's team shows the protected-characteristic path (guidance, a reason needed to remove it).
  if (team === demo.team && !out.some((r) => counts(r) && r.reason.protectedCharacteristic)) {
    const staff = random.pick(othersThanPqip);
    const reason = reasonNamed('Disability');
    const episode = EPISODES.find((e) => e.reason === reason.name)!;
    let startDate = addDays(today, -random.int(30, 180));
    if (startDate < assignmentStart(staff)) startDate = assignmentStart(staff);
    add(
      staff,
      reason,
      hoursFor(staff, reason, episode.pct),
      startDate,
      addDays(today, random.int(90, 360)),
      episode.notes,
    );
  }
  return out;
}

/**
 * PSRs, fast written and oral reports for people sentenced in the report history, at the published rate per
 * person under supervision. The report is written by the person's practitioner when their grade writes that
 * type (a standard PSR needs a PO), otherwise by another practitioner in the team; it is delivered by the
 * sentencing hearing, with the delivery norms of context.md §1.6 (standard about 15 working days, fast up to
 * 5, oral on the day).
 */
async function courtReports(
  database: Database,
  teams: readonly Team[],
  random: Random,
  today: string,
): Promise<TableRows> {
  const rows = new TableRows('court_report', [
    'person_id',
    'event_id',
    'report_type',
    'author_staff_id',
    'team_code',
    'requested_date',
    'completed_date',
    'created_at',
  ]);
  const { rows: candidates } = await sql<{
    person_id: number;
    event_id: number;
    sentence_date: string;
    team_code: string;
    staff_id: number | null;
  }>`
    select s.person_id, s.event_id, s.sentence_date, r.team_code, r.staff_id
    from sentence s
    join responsibility r on r.person_id = s.person_id and r.role = 'COM' and r.end_at is null
    where s.sentence_date > ${addDays(today, -REPORT_HISTORY_DAYS)}::date and s.sentence_date <= ${today}::date
      and not s.soft_deleted
    order by s.person_id, s.id`.execute(database.db);
  const { rows: people } = await sql<{
    n: number;
  }>`select count(*)::int as n from person where case_status = 'ACTIVE'`.execute(database.db);
  const expected = (REPORTS_PER_PERSON_YEAR * people[0]!.n * REPORT_HISTORY_DAYS) / 365;
  const chance = candidates.length === 0 ? 0 : Math.min(1, expected / candidates.length);

  const teamByCode = new Map(teams.map((t) => [t.code, t]));
  const staffById = new Map(teams.flatMap((t) => t.practitioners.map((s) => [s.id, s] as const)));
  for (const c of candidates) {
    const team = teamByCode.get(c.team_code);
    if (!team || !random.chance(chance)) continue;
    const type = REPORT_TYPES.draw(random);
    const writes = (s: Staff) => (type === 'PSR' ? s.grade === 'PO' : true);
    const holder = c.staff_id === null ? undefined : staffById.get(c.staff_id);
    const pool = team.practitioners.filter(writes);
    const author =
      holder && writes(holder) ? holder : random.pick(pool.length > 0 ? pool : team.practitioners);
    const completed = type === 'PSR' ? addWorkingDays(c.sentence_date, -random.int(0, 2)) : c.sentence_date;
    const requested =
      type === 'ORAL' ? completed : addWorkingDays(c.sentence_date, type === 'PSR' ? -15 : -random.int(1, 5));
    rows.add([
      c.person_id,
      c.event_id,
      type,
      author.id,
      team.code,
      requested,
      completed,
      `${requested} 10:00:00+00`,
    ]);
  }
  return rows;
}

// Modelling defaults (context.md publishes no CMS rates): each team records a few CMS contacts a week, a
// colleague covering a home visit, a meeting or a referral on a case someone else in the team holds; low-band
// work is the most common. Only the last week's are made, the ones that count on the seed date (§4.4). The
// unbanded codes score 0 until an administrator sets them, so none are used.
const CMS_CONTACTS_PER_TEAM: readonly [number, number] = [1, 5];
const CMS_BAND_WEIGHTS: Readonly<Record<CmsContactType['band'], number>> = {
  LOW: 5,
  MEDIUM: 3,
  HIGH: 2,
  UNBANDED: 0,
};
const CMS_TYPES = new Weighted(
  CMS_CONTACT_TYPES.filter((t) => CMS_BAND_WEIGHTS[t.band] > 0).map(
    (t) => [t, CMS_BAND_WEIGHTS[t.band]] as const,
  ),
);
/** Cases per practitioner a colleague's CMS contact may be on. */
const CMS_CASES_PER_HOLDER = 3;

/**
 * CMS contacts in the week before `today`, each by a practitioner on a case another practitioner of the same
 * team holds. The demo practitioner covers for a colleague once, so their workload shows CMS points. One
 * query finds a few held cases per practitioner; the rows go through the seed's COPY path like every other
 * contact.
 */
async function cmsContacts(
  database: Database,
  teams: readonly Team[],
  demo: Organisation['demo'],
  random: Random,
  today: string,
): Promise<TableRows> {
  const rows = new TableRows('contact', [
    'person_id',
    'contact_type_code',
    'contact_date',
    'start_time',
    'end_time',
    'staff_id',
    'team_code',
    'notes',
  ]);
  const { rows: held } = await sql<{ person_id: number; staff_id: number; team_code: string }>`
    select person_id, staff_id, team_code from (
      select r.person_id, r.staff_id, r.team_code,
        row_number() over (partition by r.staff_id, r.team_code order by r.person_id) as n
      from responsibility r join person p on p.id = r.person_id
      where r.role = 'COM' and r.end_at is null and r.staff_id is not null and p.case_status = 'ACTIVE'
    ) x
    where n <= ${CMS_CASES_PER_HOLDER}
    order by staff_id, team_code, person_id`.execute(database.db);
  const casesOf = new Map<string, number[]>();
  for (const h of held) {
    const k = `${h.staff_id}|${h.team_code}`;
    const list = casesOf.get(k);
    if (list) list.push(h.person_id);
    else casesOf.set(k, [h.person_id]);
  }
  for (const team of teams) {
    const holders = team.practitioners.filter((s) => casesOf.has(`${s.id}|${team.code}`));
    if (holders.length === 0 || team.practitioners.length < 2) continue;
    const count = random.int(CMS_CONTACTS_PER_TEAM[0], CMS_CONTACTS_PER_TEAM[1]);
    for (let i = 0; i < count; i++) {
      const doneByDemo = team === demo.team && i === 0;
      const holder = random.pick(doneByDemo ? holders.filter((s) => s !== demo.practitioner) : holders);
      if (!holder) continue;
      const doer = doneByDemo
        ? demo.practitioner
        : random.pick(team.practitioners.filter((s) => s !== holder));
      const type = CMS_TYPES.draw(random);
      const hour = random.int(9, 16);
      rows.add([
        random.pick(casesOf.get(`${holder.id}|${team.code}`)!),
        type.code,
        addDays(today, -random.int(1, CMS_WINDOW_DAYS - 1)),
        `${String(hour).padStart(2, '0')}:00:00`,
        `${String(hour + 1).padStart(2, '0')}:00:00`,
        doer.id,
        team.code,
        `Covering for ${holder.forename} ${holder.surname}, who holds the case.`,
      ]);
    }
  }
  return rows;
}
