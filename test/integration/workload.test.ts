import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { buildApp } from '../../src/web/app.js';
import { readConfig } from '../../src/config.js';
import { startSession } from '../../src/web/auth/session.js';
import { loadReferenceData } from '../../src/db/reference-data.js';
import { seedDatabase } from '../../src/seed/index.js';
import { todayInLondon } from '../../src/domain/calculation/run.js';
import { plusDays } from '../../src/domain/workload/exact.js';
import { saveWeightingVersion, weightingConfigForDate } from '../../src/db/workload/config.js';
import {
  ensureWorkloadCurrent,
  onCaseChanged,
  onCaseloadChanged,
  reconcileWorkload,
  recalculateAllWorkload,
  recalculateWorkload,
  type AssignmentWorkload,
} from '../../src/db/workload/recalculate.js';
import { recordCourtReport, removeReduction } from '../../src/db/workload/reductions.js';
import { takeWeeklySnapshot } from '../../src/db/workload/figures.js';
import { capacityThresholdsForDate } from '../../src/db/workload/thresholds.js';
import { teamView } from '../../src/web/workload/view-models.js';
import { ValidationError } from '../../src/domain/validation.js';
import { addRegistration } from '../../src/db/risk-changes.js';
import type { WeightingConfig } from '../../src/domain/workload/index.js';
import type { Database } from '../../src/db/connection.js';

// workload.md and issue #4 "Done when": the figures on the pages and the API equal an independent
// recomputation from the case record, and every kind of change moves them at once.

interface Expected {
  total: number;
  available: number;
}

/**
 * Workload figures worked out straight from the case record, person by person, with its own reading of the
 * rules (case type, flags, keep-percentages, report window, CMS contacts, reductions, available points). It
 * shares no code with the service, so agreement means the service reads the record as the specification says.
 */
async function independentFigures(
  database: Database,
  today: string,
  config: WeightingConfig,
): Promise<Map<string, Expected>> {
  const db = database.db;
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const members = await q<{
    staff_id: number;
    team_code: string;
    contracted_hours: string;
    grade: string;
    qualification_date: string | null;
  }>(sql`
    select st.staff_id, st.team_code, st.contracted_hours, s.grade, s.qualification_date from staff_team st
    join staff s on s.id = st.staff_id where st.end_date is null and s.end_date is null`);
  const holders = await q<{ person_id: number; staff_id: number; team_code: string }>(sql`
    select r.person_id, r.staff_id, r.team_code from responsibility r join person p on p.id = r.person_id
    where r.role = 'COM' and r.end_at is null and r.staff_id is not null and p.case_status = 'ACTIVE'
      and not p.soft_deleted and p.merged_into_person_id is null`);
  const sentences = await q<{
    person_id: number;
    id: number;
    expected_end_date: string | null;
    custodial_status: string | null;
    sentence_type: string;
  }>(sql`
    select s.person_id, s.id, s.expected_end_date, s.custodial_status, d.sentence_type from sentence s
    join disposal_type d on d.code = s.disposal_type_code where not s.soft_deleted and s.termination_date is null`);
  const tiers = new Map(
    (
      await q<{ person_id: number; tier: string }>(
        sql`select person_id, tier from tier_calculation where model = 'PROTECT_CHANGE' and superseded_at is null`,
      )
    ).map((r) => [r.person_id, r.tier]),
  );
  const warrants = new Set(
    (
      await q<{ person_id: number }>(
        sql`select person_id from registration where register_type_code = 'WRSM' and deregistration_date is null and not soft_deleted`,
      )
    ).map((r) => r.person_id),
  );
  const t2a = new Set(
    (
      await q<{ person_id: number }>(
        sql`select person_id from intervention where type_code = 'T2A' and not soft_deleted and (end_date is null or end_date >= ${today}::date)`,
      )
    ).map((r) => r.person_id),
  );
  const requirements = await q<{ person_id: number; sentence_id: number; code: string }>(sql`
    select person_id, sentence_id, requirement_type_code as code from requirement where active and not soft_deleted and actual_end_date is null`);
  const reports = await q<{
    author_staff_id: number;
    team_code: string;
    report_type: string;
    completed_date: string | null;
  }>(sql`
    select author_staff_id, team_code, report_type, completed_date from court_report where not soft_deleted`);
  const reductions = await q<{
    staff_id: number;
    team_code: string;
    hours: string;
    start_date: string;
    end_date: string;
    status: string;
  }>(sql`
    select staff_id, team_code, hours, start_date, end_date, status from workload_reduction`);
  // CMS contacts found by their type's flag, not by the code prefix the service's index uses.
  const cmsContacts = await q<{
    person_id: number;
    staff_id: number | null;
    team_code: string | null;
    contact_type_code: string;
    contact_date: string;
  }>(sql`
    select c.person_id, c.staff_id, c.team_code, c.contact_type_code, c.contact_date from contact c
    join contact_type ct on ct.code = c.contact_type_code where ct.workload_cms and not c.soft_deleted`);

  const points = new Map<string, Decimal>();
  for (const h of holders) {
    const own = sentences
      .filter((s) => s.person_id === h.person_id)
      .sort(
        (a, b) => (b.expected_end_date ?? '0000').localeCompare(a.expected_end_date ?? '0000') || b.id - a.id,
      )[0];
    let location: 'COMMUNITY' | 'LICENCE' | 'CUSTODY' | null = null;
    if (own?.sentence_type === 'SP') location = 'COMMUNITY';
    else if (own && ['IN_CUSTODY', 'RECALLED'].includes(own.custodial_status ?? '')) location = 'CUSTODY';
    else if (
      own?.sentence_type === 'SC' &&
      ['RELEASED_ON_LICENCE', 'POST_SENTENCE_SUPERVISION'].includes(own.custodial_status ?? '')
    )
      location = 'LICENCE';
    const set = t2a.has(h.person_id) ? config.t2a : config.standard;
    const tier = tiers.get(h.person_id);
    const weight = location && tier ? (set.tierPoints[location][tier] ?? 0) : 0;
    const open = own
      ? requirements.filter((r) => r.person_id === h.person_id && r.sentence_id === own.id)
      : [];
    const keep = warrants.has(h.person_id)
      ? set.keepPct.warrants
      : own?.expected_end_date && own.expected_end_date < today
        ? set.keepPct.overdueTermination
        : open.length > 0 && open.every((r) => r.code === 'W')
          ? set.keepPct.unpaidWork
          : 100;
    const k = `${h.staff_id}/${h.team_code}`;
    points.set(k, (points.get(k) ?? new Decimal(0)).plus(new Decimal(weight).times(keep).div(100)));
  }
  const windowStart = plusDays(today, -29);
  for (const r of reports) {
    if (
      !r.completed_date ||
      r.completed_date < windowStart ||
      r.completed_date > today ||
      r.report_type === 'ORAL'
    )
      continue;
    const k = `${r.author_staff_id}/${r.team_code}`;
    const p =
      r.report_type === 'PSR'
        ? config.standard.reportPoints.standardReport
        : config.standard.reportPoints.fastReport;
    points.set(k, (points.get(k) ?? new Decimal(0)).plus(p));
  }
  // A CMS contact counts from its date to 6 days later; + for who did it, − for who holds the case now, and
  // nothing when they are the same assignment.
  const holderOf = new Map(holders.map((h) => [h.person_id, `${h.staff_id}/${h.team_code}`]));
  const cmsFrom = plusDays(today, -6);
  for (const c of cmsContacts) {
    if (c.staff_id === null || c.team_code === null || c.contact_date < cmsFrom || c.contact_date > today)
      continue;
    const doer = `${c.staff_id}/${c.team_code}`;
    const holder = holderOf.get(c.person_id);
    if (holder === doer) continue;
    const weight = config.standard.cmsContactPoints[c.contact_type_code] ?? 0;
    points.set(doer, (points.get(doer) ?? new Decimal(0)).plus(weight));
    if (holder) points.set(holder, (points.get(holder) ?? new Decimal(0)).minus(weight));
  }
  const out = new Map<string, Expected>();
  for (const m of members) {
    const k = `${m.staff_id}/${m.team_code}`;
    const reduction = reductions
      .filter(
        (r) =>
          r.staff_id === m.staff_id &&
          r.team_code === m.team_code &&
          r.status !== 'DELETED' &&
          r.start_date <= today &&
          today <= r.end_date,
      )
      .reduce((sum, r) => sum.plus(r.hours), new Decimal(0));
    const grade = ['PO', 'PQIP', 'PSO', 'SPO'].includes(m.grade)
      ? (m.grade as 'PO' | 'PQIP' | 'PSO' | 'SPO')
      : null;
    let available = 0;
    if (grade) {
      const def = config.standard.defaultContractedHours[grade];
      const hours = new Decimal(m.contracted_hours);
      if (def > 0 && !hours.isZero())
        available = Decimal.max(
          0,
          new Decimal(config.standard.weeklyTargetPoints[grade])
            .times(hours.minus(reduction))
            .div(def)
            .floor(),
        ).toNumber();
    }
    out.set(k, {
      total: (points.get(k) ?? new Decimal(0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
      available,
    });
  }
  return out;
}

describeEachDatabase('workload in the system', (fresh) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const today = todayInLondon();
  const tokens: Record<string, string> = {};
  let practitionerStaffId: number;
  let teamCode: string;
  let pduCode: string;
  let otherTeam: string;

  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, cookies: { casework_session: tokens[user]! } });
  const api = async (user: string, url: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[user]!}` },
    });

  /** Submits a form the way a browser does: fetch the page for its CSRF token and cookie, then post. */
  async function submit(user: string, pageUrl: string, postUrl: string, fields: Record<string, string>) {
    const page = await get(user, pageUrl);
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = page.cookies.find((c) => c.name === '_csrf')!;
    return app.inject({
      method: 'POST',
      url: postUrl,
      cookies: { casework_session: tokens[user]!, _csrf: cookie.value },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
  }

  async function expectedNow(config?: WeightingConfig) {
    return independentFigures(
      t.database,
      today,
      config ?? (await weightingConfigForDate(t.database.db, today)),
    );
  }

  /** The team API's figures per assignment. */
  async function teamApi(code = teamCode): Promise<Map<string, Expected>> {
    const res = await api('spo', `/workload/teams/${code}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as {
      practitioners: { staffId: number; teamCode: string; totalPoints: number; availablePoints: number }[];
    };
    return new Map(
      body.practitioners.map((p) => [
        `${p.staffId}/${p.teamCode}`,
        { total: p.totalPoints, available: p.availablePoints },
      ]),
    );
  }

  /** The team page's table: points used and available per practitioner row. */
  async function teamPage(code = teamCode): Promise<Map<string, Expected>> {
    const res = await get('spo', `/workload/team/${code}`);
    expect(res.statusCode).toBe(200);
    const out = new Map<string, Expected>();
    for (const m of res.body.matchAll(
      /<tr class="govuk-table__row" data-staff-id="(\d+)">([\s\S]*?)<\/tr>/g,
    )) {
      const cells = [...m[2]!.matchAll(/govuk-table__cell--numeric">(-?[\d.]+)<\/td>/g)].map((c) =>
        Number(c[1]),
      );
      out.set(`${m[1]}/${code}`, { total: cells[0]!, available: cells[1]! });
    }
    return out;
  }

  async function expectTeamToMatch(config?: WeightingConfig) {
    const expected = await expectedNow(config);
    const fromTeam = new Map([...expected].filter(([k]) => k.endsWith(`/${teamCode}`)));
    expect(await teamApi()).toEqual(fromTeam);
    expect(await teamPage()).toEqual(fromTeam);
    return fromTeam;
  }

  beforeAll(async () => {
    t = await fresh();
    await loadReferenceData(t.database);
    await seedDatabase(t.database, { scale: 'tiny', seed: 1, today: '2026-11-02' });
    app = await buildApp({ database: t.database, config: readConfig({}) });
    await app.ready();
    const users = await t.database.db.selectFrom('app_user').select(['id', 'username', 'staff_id']).execute();
    for (const name of ['practitioner', 'spo', 'pduhead', 'admin', 'inspector']) {
      tokens[name] = await startSession(t.database.db, users.find((u) => u.username === name)!.id, 1);
    }
    practitionerStaffId = users.find((u) => u.username === 'practitioner')!.staff_id!;
    const team = await t.database.db
      .selectFrom('staff_team as st')
      .innerJoin('team as tm', 'tm.code', 'st.team_code')
      .select(['st.team_code', 'tm.pdu_code'])
      .where('st.staff_id', '=', practitionerStaffId)
      .executeTakeFirstOrThrow();
    teamCode = team.team_code;
    pduCode = team.pdu_code;
    otherTeam = (
      await t.database.db
        .selectFrom('team')
        .select('code')
        .where('code', '!=', teamCode)
        .where('code', 'not like', '%POM')
        .executeTakeFirstOrThrow()
    ).code;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('shows on the team page and API exactly what an independent recomputation from the case record gives', async () => {
    const expected = await expectTeamToMatch();
    expect(expected.size).toBeGreaterThan(3);
    expect([...expected.values()].some((e) => e.total > 0)).toBe(true);
  });

  it('rolls PDU, region and national figures up as sums over sums', async () => {
    const expected = await expectedNow();
    const teams = await t.database.db.selectFrom('team').select(['code', 'pdu_code']).execute();
    const pduOf = new Map(teams.map((tm) => [tm.code, tm.pdu_code]));
    const res = await api('admin', `/workload/pdus/${pduCode}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      unit: { totalPoints: number; availablePoints: number; workloadPct: number | null };
      children: { code: string; totalPoints: number }[];
    };
    const inPdu = [...expected].filter(([k]) => pduOf.get(k.split('/')[1]!) === pduCode).map(([, v]) => v);
    const total = inPdu.reduce((n, e) => n + e.total, 0);
    const available = inPdu.reduce((n, e) => n + e.available, 0);
    expect(body.unit.totalPoints).toBe(total);
    expect(body.unit.availablePoints).toBe(available);
    expect(body.unit.workloadPct).toBeCloseTo((total / available) * 100, 9);
    const national = (await api('admin', '/workload/national')).json() as { unit: { totalPoints: number } };
    expect(national.unit.totalPoints).toBe([...expected.values()].reduce((n, e) => n + e.total, 0));
    const page = await get('pduhead', `/workload/pdu/${pduCode}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg id="unit-chart"');
    expect(page.body).toContain(`<td class="govuk-table__cell govuk-table__cell--numeric">${total}</td>`);
  });

  it("moves a CMS contact's points from the case holder to whoever did the work, for 7 days", async () => {
    const db = t.database.db;
    const a = practitionerStaffId;
    const { rows: held } = await sql<{ staff_id: number; person_id: number }>`
      select r.staff_id, r.person_id from responsibility r join person p on p.id = r.person_id
      where r.team_code = ${teamCode} and r.staff_id <> ${a} and r.role = 'COM' and r.end_at is null
        and p.case_status = 'ACTIVE' and not p.soft_deleted and p.merged_into_person_id is null
      order by r.staff_id, r.person_id limit 1`.execute(db);
    const b = held[0]!.staff_id;
    const bCase = held[0]!.person_id;
    const config = await weightingConfigForDate(db, today);
    const referrals = 'CMS06'; // Completing and assisting with referrals, high band
    const visits = 'CMS18'; // Home and prison visits, high band
    const weight = config.standard.cmsContactPoints[referrals]!;
    const visitWeight = config.standard.cmsContactPoints[visits]!;
    expect([weight, visitWeight]).toEqual([26, 18]);

    const figures = async (q: Pick<typeof db, 'selectFrom'> = db) => {
      const rows = await q
        .selectFrom('staff_workload')
        .select(['staff_id', 'cms_points', 'total_points'])
        .where('team_code', '=', teamCode)
        .where('staff_id', 'in', [a, b])
        .execute();
      const of = (id: number) => {
        const r = rows.find((x) => x.staff_id === id)!;
        return { cms: Number(r.cms_points), total: r.total_points };
      };
      return { a: of(a), b: of(b) };
    };
    /** Records a contact as a contact-logging path must: recalculating doer and holder in its transaction. */
    const record = (staffId: number, code: string, date = today) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('contact')
          .values({
            person_id: bCase,
            contact_type_code: code,
            contact_date: date,
            staff_id: staffId,
            team_code: teamCode,
          })
          .execute();
        await onCaseChanged(trx, bCase, today, [staffId]);
      });

    await ensureWorkloadCurrent(db, today);
    const before = await figures();
    await record(a, referrals);
    const after = await figures();
    expect(after.a).toEqual({ cms: before.a.cms + weight, total: before.a.total + weight });
    expect(after.b).toEqual({ cms: before.b.cms - weight, total: before.b.total - weight });
    await expectTeamToMatch();
    // Both pages show the signed CMS points (with their % of available points) for each of them.
    const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
    const teamBody = (await get('spo', `/workload/team/${teamCode}`)).body;
    const rowOf = (id: number) => teamBody.match(new RegExp(`data-staff-id="${id}">([\\s\\S]*?)</tr>`))![1]!;
    expect(rowOf(a)).toContain(`>${signed(after.a.cms)} (`);
    expect(rowOf(b)).toContain(`>${signed(after.b.cms)}`);
    const pageOfA = (await get('spo', `/workload/practitioner/${a}/${teamCode}`)).body;
    expect(pageOfA).toContain('CMS points');
    expect(pageOfA).toContain(`${signed(after.a.cms)} (`);

    // By the holder on their own case, or of a type that is not CMS: nothing moves.
    await record(b, referrals);
    await record(a, 'C326');
    expect(await figures()).toEqual(after);

    // 6 days old still counts; 7 days old no longer does.
    await record(a, visits, plusDays(today, -6));
    await record(a, 'CMS09', plusDays(today, -7));
    const windowed = await figures();
    expect(windowed.a.cms).toBe(after.a.cms + visitWeight);
    expect(windowed.b.cms).toBe(after.b.cms - visitWeight);
    await expectTeamToMatch();

    // The window moves with the date alone: tomorrow the 6-day-old contact no longer counts.
    await ensureWorkloadCurrent(db, plusDays(today, 1));
    expect((await figures()).a.cms).toBe(after.a.cms);
    expect((await figures()).b.cms).toBe(after.b.cms);
    await ensureWorkloadCurrent(db, today);
    expect(await figures()).toEqual(windowed);

    // A recalculation of A alone, or of B alone, sees both directions and agrees with one of everyone.
    const mine = (rows: AssignmentWorkload[], id: number) =>
      rows.find((r) => r.staff_id === id && r.team_code === teamCode)!;
    const onlyA = await db.transaction().execute((trx) => recalculateWorkload(trx, { staffIds: [a] }, today));
    const onlyB = await db.transaction().execute((trx) => recalculateWorkload(trx, { staffIds: [b] }, today));
    const everyone = await db
      .transaction()
      .execute((trx) => recalculateWorkload(trx, 'ALL', today, { refreshCases: true }));
    expect(mine(onlyA, a)).toEqual(mine(everyone, a));
    expect(mine(onlyB, b)).toEqual(mine(everyone, b));
    expect(mine(onlyA, a).cms_contacts).toEqual({
      contactsOutsideOwnCaseload: { [referrals]: 1, [visits]: 1 },
      contactsByOthersOnMyCases: {},
    });
    expect(mine(onlyB, b).cms_contacts).toMatchObject({
      contactsByOthersOnMyCases: { [referrals]: 1, [visits]: 1 },
    });
    expect(await figures()).toEqual(windowed);

    // A weighting change weighs the stored CMS contacts again (rolled back, so the weight tests below start
    // from the seed's version).
    const edited: WeightingConfig = {
      ...config,
      standard: {
        ...config.standard,
        cmsContactPoints: { ...config.standard.cmsContactPoints, [referrals]: 40 },
      },
    };
    const independent = await expectedNow(edited);
    const rollback = new Error('rollback');
    await expect(
      db.transaction().execute(async (trx) => {
        await saveWeightingVersion(
          trx,
          { userId: null, name: 'test' },
          { effectiveFrom: today, config: edited },
          today,
        );
        await recalculateWorkload(trx, 'ALL', today);
        const reweighed = await figures(trx);
        expect(reweighed.a).toEqual({
          cms: after.a.cms - weight + 40 + visitWeight,
          total: windowed.a.total - weight + 40,
        });
        expect(reweighed.b.total).toBe(windowed.b.total + weight - 40);
        expect(reweighed.a.total).toBe(independent.get(`${a}/${teamCode}`)!.total);
        expect(reweighed.b.total).toBe(independent.get(`${b}/${teamCode}`)!.total);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await figures()).toEqual(windowed);
  });

  it('recalculates everyone when an administrator changes a weight, and keeps the history', async () => {
    const before = await weightingConfigForDate(t.database.db, today);
    const [d, m, y] = [today.slice(8), today.slice(5, 7), today.slice(0, 4)];
    const res = await submit('admin', '/workload/admin/weights', '/workload/admin/weights', {
      'effectiveFrom-day': d,
      'effectiveFrom-month': m,
      'effectiveFrom-year': y,
      'standard.tierPoints.COMMUNITY.C1': '80',
      'standard.tierPoints.COMMUNITY.B2': '130',
      'standard.cmsContactPoints.CMS06': '30',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const after = await weightingConfigForDate(t.database.db, today);
    expect(after.standard.version).toBe(before.standard.version + 1);
    expect(after.standard.tierPoints.COMMUNITY.C1).toBe(80);
    expect(after.standard.cmsContactPoints.CMS06).toBe(30);
    expect(after.standard.cmsContactPoints.CMS05).toBe(before.standard.cmsContactPoints.CMS05);
    const expected = await expectTeamToMatch(after);
    expect(expected).not.toEqual(
      new Map([...(await expectedNow(before))].filter(([k]) => k.endsWith(`/${teamCode}`))),
    );
    const history = await get('inspector', '/workload/admin/weights');
    expect(history.body).toContain(`STANDARD-${after.standard.version}`);
    expect(history.body).toMatch(
      /id="standard\.cmsContactPoints\.CMS06" name="standard\.cmsContactPoints\.CMS06" inputmode="decimal" value="30"/,
    );
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity', '=', 'workload_weighting_version')
      .execute();
    expect(audit).toHaveLength(1);
  });

  /** Submits a weight edit that must be refused with 422, naming `field`, and leave the weights as they were. */
  async function expectWeightEditRefused(fields: Record<string, string>, field: string) {
    const before = await weightingConfigForDate(t.database.db, today);
    const res = await submit('admin', '/workload/admin/weights', '/workload/admin/weights', fields);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`href="#${field}"`);
    expect((await weightingConfigForDate(t.database.db, today)).standard.version).toBe(
      before.standard.version,
    );
  }

  it('refuses a weight edit dated in the past, naming the field, and changes nothing', async () => {
    await expectWeightEditRefused(
      {
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '1',
        'effectiveFrom-year': '2020',
        'standard.tierPoints.COMMUNITY.C1': '99',
      },
      'effectiveFrom',
    );
  });

  it('refuses a CMS weight outside 0–999, naming the contact type, and changes nothing', async () => {
    await expectWeightEditRefused(
      {
        'effectiveFrom-day': today.slice(8),
        'effectiveFrom-month': today.slice(5, 7),
        'effectiveFrom-year': today.slice(0, 4),
        'standard.cmsContactPoints.CMS18': '1000',
      },
      'standard.cmsContactPoints.CMS18',
    );
  });

  it('versions the capacity thresholds: a change from tomorrow bands figures from tomorrow, and bad values are refused', async () => {
    const db = t.database.db;
    const tomorrow = plusDays(today, 1);
    const dateFields = (date: string) => ({
      'thresholdsFrom-day': String(Number(date.slice(8))),
      'thresholdsFrom-month': String(Number(date.slice(5, 7))),
      'thresholdsFrom-year': date.slice(0, 4),
    });
    const values = {
      highlightAbovePct: '50',
      overCapacityAbovePct: '60.5',
      excessiveAbovePct: '60.5',
      excessiveConsecutiveWeeks: '2',
    };
    const form = '/workload/admin/weights';
    // Highlighting above over capacity, a past date, and a non-administrator: refused, nothing saved.
    const bad = await submit('admin', form, '/workload/admin/thresholds', {
      ...dateFields(tomorrow),
      ...values,
      highlightAbovePct: '70',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('href="#highlightAbovePct"');
    const past = await submit('admin', form, '/workload/admin/thresholds', {
      ...dateFields(plusDays(today, -1)),
      ...values,
    });
    expect(past.statusCode).toBe(422);
    expect(past.body).toContain('href="#thresholdsFrom"');
    const weeks = await submit('admin', form, '/workload/admin/thresholds', {
      ...dateFields(tomorrow),
      ...values,
      excessiveConsecutiveWeeks: '1.5',
    });
    expect(weeks.statusCode).toBe(422);
    expect(weeks.body).toContain('href="#excessiveConsecutiveWeeks"');
    expect((await capacityThresholdsForDate(db, tomorrow)).version).toBe(1);

    const saved = await submit('admin', form, '/workload/admin/thresholds', {
      ...dateFields(tomorrow),
      ...values,
    });
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    expect(await capacityThresholdsForDate(db, today)).toMatchObject({
      version: 1,
      overCapacityAbovePct: 110,
    });
    expect(await capacityThresholdsForDate(db, tomorrow)).toMatchObject({
      version: 2,
      highlightAbovePct: 50,
      overCapacityAbovePct: 60.5,
      excessiveConsecutiveWeeks: 2,
    });
    const history = (await get('inspector', form)).body;
    expect(history).toMatch(/data-testid="thresholds-history"[\s\S]*<td class="govuk-table__cell">2<\/td>/);
    const audit = await db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('entity', '=', 'workload_threshold_version')
      .execute();
    expect(audit).toEqual([{ entity_id: '2' }]);

    // Today's pages keep today's thresholds; tomorrow's bands follow the new version, from the same figures.
    const band = (pct: number | null, highlight: number, over: number) =>
      pct === null ? 'NO_AVAILABLE_POINTS' : pct > over ? 'RED' : pct > highlight ? 'AMBER' : 'WITHIN';
    const nowView = (await teamView(db, teamCode, today))!;
    for (const m of nowView.members) expect(m.band).toBe(band(m.workloadPct, 100, 110));
    await ensureWorkloadCurrent(db, tomorrow);
    const next = (await teamView(db, teamCode, tomorrow))!;
    expect(next.members.some((m) => m.band === 'RED')).toBe(true);
    for (const m of next.members) expect(m.band).toBe(band(m.workloadPct, 50, 60.5));
    // What the page says about the colours and the excessive flag follows the version too.
    expect(next.chart.caption).toBe(
      'Bars are blue up to 50%, orange over 50% and red over 60.5%. Dashed lines mark 50% and 60.5%.',
    );
    expect(nowView.chart.caption).toContain('red over 110%');
    expect(next.members.every((m) => m.excessiveAbovePct === 60.5)).toBe(true);
    await ensureWorkloadCurrent(db, today);
    // Only an administrator may change them.
    const inspector = await submit('inspector', form, '/workload/admin/thresholds', {
      ...dateFields(plusDays(today, 2)),
      ...values,
    });
    expect(inspector.statusCode).toBe(403);
  });

  it('applies a weight change dated tomorrow from tomorrow, and shows it in the history now', async () => {
    const db = t.database.db;
    const tomorrow = plusDays(today, 1);
    const todayFigures = await teamApi();
    const res = await submit('admin', '/workload/admin/weights', '/workload/admin/weights', {
      'effectiveFrom-day': String(Number(tomorrow.slice(8))),
      'effectiveFrom-month': String(Number(tomorrow.slice(5, 7))),
      'effectiveFrom-year': tomorrow.slice(0, 4),
      'standard.weeklyTargetPoints.PO': '2000',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    expect(await teamApi()).toEqual(todayFigures);
    expect((await get('admin', '/workload/admin/weights')).body).toMatch(
      /STANDARD-\d+<\/td><td class="govuk-table__cell">\d+ \w+ \d{4}<\/td><td class="govuk-table__cell">Current/,
    );
    // On its first day the store is brought up to date with it.
    await ensureWorkloadCurrent(db, tomorrow);
    const po = await db
      .selectFrom('staff_workload')
      .select(['available_points', 'contracted_hours', 'reduction_hours'])
      .where('grade', '=', 'PO')
      .where('reduction_hours', '=', '0')
      .where('contracted_hours', '=', '37')
      .executeTakeFirstOrThrow();
    expect(po.available_points).toBe(2000);
  });

  it('applies a reduction and a contracted-hours change at once', async () => {
    const key = `${practitionerStaffId}/${teamCode}`;
    const base = `/workload/practitioner/${practitionerStaffId}/${teamCode}`;
    const reasons = await t.database.db
      .selectFrom('workload_reduction_reason')
      .select(['id', 'name'])
      .execute();
    const other = reasons.find((r) => r.name === 'Other')!;
    const end = plusDays(today, 20);
    const res = await submit('spo', `${base}/reductions/add?reasonId=${other.id}`, `${base}/reductions`, {
      reasonId: String(other.id),
      hours: '3',
      'startDate-day': String(Number(today.slice(8))),
      'startDate-month': String(Number(today.slice(5, 7))),
      'startDate-year': today.slice(0, 4),
      'endDate-day': String(Number(end.slice(8))),
      'endDate-month': String(Number(end.slice(5, 7))),
      'endDate-year': end.slice(0, 4),
      notes: '',
    });
    expect(res.statusCode, res.body.slice(0, 800)).toBe(303);
    const afterReduction = await expectTeamToMatch();
    expect(afterReduction.get(key)!.available).toBe(Math.floor((2176 * 34) / 37));
    const team = await get('spo', `/workload/team/${teamCode}`);
    expect(team.body).toMatch(/Reductions ending in the next 4 weeks[\s\S]*Other[\s\S]*<\/table>/);

    const refused = await submit('spo', base, `${base}/contracted-hours`, { contractedHours: '40' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#contractedHours"');
    expect((await teamApi()).get(key)).toEqual(afterReduction.get(key));

    const hours = await submit('spo', base, `${base}/contracted-hours`, { contractedHours: '30' });
    expect(hours.statusCode).toBe(303);
    const afterHours = await expectTeamToMatch();
    expect(afterHours.get(key)!.available).toBe(Math.floor((2176 * 27) / 37));
    const page = await get('practitioner', '/workload');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('My workload');
    expect(page.body).toContain(`${afterHours.get(key)!.available}`);
  });

  it('refuses to remove a protected-characteristic reduction without a reason, naming the field, and changes nothing', async () => {
    const base = `/workload/practitioner/${practitionerStaffId}/${teamCode}`;
    const disability = (
      await t.database.db
        .selectFrom('workload_reduction_reason')
        .select('id')
        .where('name', '=', 'Disability')
        .executeTakeFirstOrThrow()
    ).id;
    const end = plusDays(today, 90);
    const added = await submit('spo', `${base}/reductions/add?reasonId=${disability}`, `${base}/reductions`, {
      reasonId: String(disability),
      hours: '2.5',
      'startDate-day': String(Number(today.slice(8))),
      'startDate-month': String(Number(today.slice(5, 7))),
      'startDate-year': today.slice(0, 4),
      'endDate-day': String(Number(end.slice(8))),
      'endDate-month': String(Number(end.slice(5, 7))),
      'endDate-year': end.slice(0, 4),
      notes: 'Agreed with occupational health',
    });
    expect(added.statusCode, added.body.slice(0, 800)).toBe(303);
    const row = await t.database.db
      .selectFrom('workload_reduction')
      .selectAll()
      .where('reason_id', '=', disability)
      .where('staff_id', '=', practitionerStaffId)
      .executeTakeFirstOrThrow();
    const figures = await teamApi();

    const refused = await submit(
      'spo',
      `/workload/reductions/${row.id}/remove`,
      `/workload/reductions/${row.id}/remove`,
      {
        action: 'DELETE',
        removalReason: '  ',
      },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('href="#removalReason"');
    await expect(
      removeReduction(t.database.db, { userId: null, name: 'test' }, row.id, 'ARCHIVE', '', today),
    ).rejects.toSatisfy(
      (e) => e instanceof ValidationError && e.problems.some((p) => p.field === 'removalReason'),
    );
    // The database refuses it too, whatever path the change takes.
    await expect(
      sql`update workload_reduction set status = 'DELETED' where id = ${row.id}`.execute(t.database.db),
    ).rejects.toThrow(/protected characteristic/);
    const unchanged = await t.database.db
      .selectFrom('workload_reduction')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.status).toBe(row.status);
    expect(unchanged.end_date).toBe(row.end_date);
    expect(await teamApi()).toEqual(figures);

    const removed = await submit(
      'spo',
      `/workload/reductions/${row.id}/remove`,
      `/workload/reductions/${row.id}/remove`,
      {
        action: 'DELETE',
        removalReason: 'Adjustment no longer needed, agreed with the practitioner',
      },
    );
    expect(removed.statusCode).toBe(303);
    await expectTeamToMatch();
  });

  it('keeps existing reductions counting when their reason is disabled', async () => {
    const other = (
      await t.database.db
        .selectFrom('workload_reduction_reason')
        .select('id')
        .where('name', '=', 'Other')
        .executeTakeFirstOrThrow()
    ).id;
    const before = await teamApi();
    const res = await submit('admin', '/workload/admin/reasons', `/workload/admin/reasons/${other}`, {
      allowancePct: '',
      maxPct: '',
      monthsToExpiry: '',
    });
    expect(res.statusCode).toBe(303);
    expect(
      (
        await t.database.db
          .selectFrom('workload_reduction_reason')
          .select('enabled')
          .where('id', '=', other)
          .executeTakeFirstOrThrow()
      ).enabled,
    ).toBe(false);
    await recalculateAllWorkload(t.database.db, today);
    expect(await teamApi()).toEqual(before);
  });

  it('moves the figures in the same transaction as an allocation and a court report', async () => {
    const db = t.database.db;
    const colleague = (
      await db
        .selectFrom('staff_team as st')
        .innerJoin('staff as s', 's.id', 'st.staff_id')
        .select('st.staff_id')
        .where('st.team_code', '=', teamCode)
        .where('s.grade', '=', 'PO')
        .where('st.staff_id', '!=', practitionerStaffId)
        .executeTakeFirstOrThrow()
    ).staff_id;
    const moving = await db
      .selectFrom('responsibility')
      .selectAll()
      .where('staff_id', '=', practitionerStaffId)
      .where('role', '=', 'COM')
      .where('end_at', 'is', null)
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .updateTable('responsibility')
        .set({ end_at: now })
        .where('person_id', '=', moving.person_id)
        .where('id', '=', moving.id)
        .execute();
      await trx
        .insertInto('responsibility')
        .values({
          person_id: moving.person_id,
          role: 'COM',
          responsible_officer: moving.responsible_officer,
          team_code: teamCode,
          staff_id: colleague,
          start_at: now,
          allocation_reason: 'Caseload adjustment',
        })
        .execute();
      await onCaseloadChanged(trx, [practitionerStaffId, colleague], today);
    });
    await expectTeamToMatch();

    const before = (await teamApi()).get(`${colleague}/${teamCode}`)!;
    await recordCourtReport(
      db,
      { userId: null, name: 'test' },
      {
        personId: moving.person_id,
        eventId: null,
        reportType: 'PSR',
        authorStaffId: colleague,
        teamCode,
        requestedDate: plusDays(today, -10),
        completedDate: today,
      },
      today,
    );
    const after = (await expectTeamToMatch()).get(`${colleague}/${teamCode}`)!;
    expect(after.total).toBe(before.total + 138);
  });

  it('moves the figures in the same transaction as a change to the case record (a warrant is registered)', async () => {
    const db = t.database.db;
    const key = `${practitionerStaffId}/${teamCode}`;
    const { rows } = await sql<{ person_id: number }>`
      select r.person_id from responsibility r
      join sentence s on s.person_id = r.person_id and not s.soft_deleted and s.termination_date is null
      join disposal_type d on d.code = s.disposal_type_code and d.sentence_type = 'SP'
      join tier_calculation tc on tc.person_id = r.person_id and tc.model = 'PROTECT_CHANGE' and tc.superseded_at is null
      where r.staff_id = ${practitionerStaffId} and r.role = 'COM' and r.end_at is null
        and s.expected_end_date >= ${today}::date and tc.tier in ('B2', 'B1', 'C2', 'C1')
        and (select count(*) from sentence x where x.person_id = r.person_id and not x.soft_deleted and x.termination_date is null) = 1
        and not exists (select 1 from registration g where g.person_id = r.person_id and g.register_type_code = 'WRSM' and g.deregistration_date is null)
      limit 1`.execute(db);
    const before = (await teamApi()).get(key)!;
    await db
      .transaction()
      .execute((trx) =>
        addRegistration(
          trx,
          { userId: null, name: 'test' },
          rows[0]!.person_id,
          { registerTypeCode: 'WRSM', registrationDate: today },
          today,
        ),
      );
    const after = (await expectTeamToMatch()).get(key)!;
    // A warrant keeps 0 % of the case's points by default.
    expect(after.total).toBeLessThan(before.total);
  });

  it('leaves nothing for a full re-read of the case record to correct after incremental updates', async () => {
    const db = t.database.db;
    const stored = async () =>
      (
        await db
          .selectFrom('staff_workload')
          .select(['staff_id', 'team_code', 'total_points', 'available_points', 'total_cases', 'caseload'])
          .execute()
      )
        .map(
          (s) =>
            `${s.staff_id}/${s.team_code}:${s.total_points}/${s.available_points}/${s.total_cases}/${JSON.stringify(s.caseload)}`,
        )
        .sort();
    const before = await stored();
    expect(await reconcileWorkload(db, today)).toEqual([]);
    expect(await stored()).toEqual(before);
    expect(before.length).toBeGreaterThan(10);
  });

  it('flags an excessive workload after 4 consecutive weekly snapshots over 110%', async () => {
    const db = t.database.db;
    await sql`update staff_team set contracted_hours = 5 where staff_id = ${practitionerStaffId} and team_code = ${teamCode}`.execute(
      db,
    );
    // A change that skipped onCaseloadChanged is found and corrected by the daily reconciliation.
    const differences = await reconcileWorkload(db, today);
    expect(differences.map((d) => d.staffId)).toEqual([practitionerStaffId]);
    for (const weeksAgo of [3, 2, 1, 0]) await takeWeeklySnapshot(db, plusDays(today, -7 * weeksAgo));
    const page = await get('spo', `/workload/team/${teamCode}`);
    // At least the 4 weeks just taken: the run goes on through any earlier week that was over too, as the
    // seed's snapshot 7 days before the first of them can be, depending on the weekday the suite runs.
    const weeks = Number(/Excessive: (\d+) weeks over 110%/.exec(page.body)?.[1]);
    expect(weeks).toBeGreaterThanOrEqual(4);
    expect(page.body).toContain('<svg id="team-trend"');
    const res = await api('spo', `/workload/teams/${teamCode}`);
    const me = (
      res.json() as { practitioners: { staffId: number; excessive: boolean; band: string }[] }
    ).practitioners.find((p) => p.staffId === practitionerStaffId)!;
    expect(me).toMatchObject({ excessive: true, band: 'RED' });
  });

  it('exports every table as CSV with the figures on the page', async () => {
    const res = await get('spo', `/workload/team/${teamCode}/export/practitioners`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toMatch(/^Staff code,Name,Grade,Workload %,Points used,Available points/);
    const page = await teamPage();
    expect(lines).toHaveLength(page.size + 1);
    const expected = await expectedNow();
    const staffIds = await t.database.db.selectFrom('staff').select(['id', 'staff_code']).execute();
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const id = staffIds.find((s) => s.staff_code === cells[0])!.id;
      expect(Number(cells[4])).toBe(expected.get(`${id}/${teamCode}`)!.total);
    }
    for (const url of [
      `/workload/team/${teamCode}/export/expiring-reductions`,
      `/workload/team/${teamCode}/export/trend`,
      `/workload/practitioner/${practitionerStaffId}/${teamCode}/export/caseload`,
      `/workload/practitioner/${practitionerStaffId}/${teamCode}/export/reductions`,
      `/workload/practitioner/${practitionerStaffId}/${teamCode}/export/reports`,
      `/workload/pdu/${pduCode}/export/units`,
    ]) {
      const csv = await get('pduhead', url);
      expect(csv.statusCode, url).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
    }
    for (const url of ['/workload/admin/weights/export/history', '/workload/admin/reasons/export/reasons']) {
      const csv = await get('inspector', url);
      expect(csv.statusCode, url).toBe(200);
      expect(csv.body.trim().split('\n').length, url).toBeGreaterThan(2);
    }
    const reasons = await get('admin', '/workload/admin/reasons/export/reasons');
    expect(reasons.body).toContain('Disability,PERSONAL_CIRCUMSTANCES,,,,Yes,Yes');
  });

  describe('role checks', () => {
    it('lets a practitioner see only their own workload', async () => {
      expect((await get('practitioner', `/workload/team/${teamCode}`)).statusCode).toBe(403);
      expect((await get('practitioner', `/workload/pdu/${pduCode}`)).statusCode).toBe(403);
      expect((await api('practitioner', '/workload/national')).statusCode).toBe(403);
      expect((await api('practitioner', `/workload/practitioners/${practitionerStaffId}`)).statusCode).toBe(
        200,
      );
      const colleague = (
        await t.database.db
          .selectFrom('staff_team')
          .select('staff_id')
          .where('team_code', '=', teamCode)
          .where('staff_id', '!=', practitionerStaffId)
          .executeTakeFirstOrThrow()
      ).staff_id;
      expect((await api('practitioner', `/workload/practitioners/${colleague}`)).statusCode).toBe(403);
    });

    it('keeps an SPO to their own team and the head of PDU to their PDU', async () => {
      expect((await get('spo', `/workload/team/${otherTeam}`)).statusCode).toBe(403);
      expect((await get('spo', '/workload/national')).statusCode).toBe(403);
      expect((await get('pduhead', `/workload/team/${teamCode}`)).statusCode).toBe(200);
      expect((await get('pduhead', '/workload/admin/weights')).statusCode).toBe(403);
    });

    it('lets an inspector read but not change anything', async () => {
      expect((await get('inspector', '/workload/national')).statusCode).toBe(200);
      expect((await get('inspector', `/workload/team/${teamCode}`)).statusCode).toBe(200);
      const page = await get('inspector', '/workload/admin/weights');
      expect(page.body).not.toContain('Save as a new version');
      const base = `/workload/practitioner/${practitionerStaffId}/${teamCode}`;
      expect((await get('inspector', `${base}/reductions/add`)).statusCode).toBe(403);
    });

    it('answers the API with JSON errors', async () => {
      const res = await api('admin', '/workload/teams/NOPE99');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ errors: [{ field: 'code', problem: 'No such team' }] });
      const bad = await api('admin', '/workload/practitioners/abc');
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('staffId');
    });
  });
});
