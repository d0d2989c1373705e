import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { buildOrg, queuePerson, type Org } from './allocation-fixture.js';
import { signInAs } from './sign-in.js';
import { buildApp } from '../../src/web/app.js';
import { readConfig } from '../../src/config.js';
import { todayInLondon } from '../../src/domain/calculation/run.js';

// Intake and the allocation prompts on the home pages, through HTTP as a browser and an API client use them:
// the intake form (defaults, error summary linked to fields, nothing stored on error, straight to the queue),
// POST /api/v1/intake, the queue counts on /team, the new-allocation banner on /cases, and the allocation
// configuration page.

describeEachDatabase('intake and allocation home pages', (fresh) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Org;
  const cookies: Record<string, string> = {};
  const bearers: Record<string, string> = {};

  beforeAll(async () => {
    t = await fresh();
    org = await buildOrg(t.database);
    await t.database.db
      .insertInto('app_user')
      .values({ username: 'admin', display_name: 'admin', password_hash: 'x', roles: ['ADMIN'] })
      .execute();
    app = await buildApp({ database: t.database, config: readConfig({}) });
    await app.ready();
    for (const u of ['spo', 'pduhead', 'practitioner', 'inspector', 'admin']) {
      const session = await signInAs(t.database, u);
      cookies[u] = session.cookie.cookie;
      bearers[u] = session.bearer.authorization;
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const db = () => t.database.db;
  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });

  async function submit(user: string, url: string, fields: Record<string, string | string[]>, pageUrl = url) {
    const page = await get(user, pageUrl);
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const csrf = page.cookies.find((c) => c.name === '_csrf')!;
    const payload = new URLSearchParams({ _csrf: token });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) payload.append(k, x);
    return app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${cookies[user]!}; _csrf=${csrf.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: payload.toString(),
    });
  }

  const count = async (table: 'person' | 'event') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const [year, month, day] = todayInLondon().split('-');
  const today = { 'sentenceDate-day': day!, 'sentenceDate-month': month!, 'sentenceDate-year': year! };

  it('opens the intake form with the defaults most sentences need', async () => {
    const page = await get('spo', '/intake');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Record a sentence');
    expect(page.body).toMatch(/<option value="ORA_CO" selected>/);
    expect(page.body).toMatch(/<option value="MONTHS" selected>/);
    expect(page.body).toContain(`name="sentenceDate-year" type="text" value="${year}"`);
    expect(page.body).toMatch(/<option value="N07T01" selected>Camden North<\/option>/);
    expect((await get('practitioner', '/intake')).statusCode).toBe(403);
    expect((await get('inspector', '/intake')).statusCode).toBe(403);
  });

  it('shows an error summary linked to each bad field and stores nothing', async () => {
    const before = { person: await count('person'), event: await count('event') };
    const res = await submit('spo', '/intake', {
      personKind: 'new',
      forename: 'Sam',
      surname: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1990',
      sex: 'MALE',
      courtCode: 'HIGHMC',
      ...today,
      mainOffence: '',
      disposalTypeCode: 'ORA_CO',
      length: '12',
      lengthUnit: 'MONTHS',
      teamCode: 'N07T01',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#surname"');
    expect(res.body).toContain('href="#dateOfBirth-day"');
    expect(res.body).toContain('href="#mainOffence"');
    expect(res.body).toContain('value="Sam"');
    const late = await submit('spo', '/intake', {
      personKind: 'new',
      forename: 'Sam',
      surname: 'Late',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1990',
      sex: 'MALE',
      courtCode: 'HIGHMC',
      ...today,
      mainOffence: '10501',
      disposalTypeCode: 'ORA_CO',
      length: '12',
      lengthUnit: 'MONTHS',
      'requirements.2.requirementTypeCode': 'F',
      'requirements.2.length': 'ten',
      teamCode: 'N07T01',
    });
    expect(late.statusCode).toBe(422);
    expect(late.body).toContain('href="#requirements.2.length"');
    expect({ person: await count('person'), event: await count('event') }).toEqual(before);
  });

  it('records a new person and shows them in the team queue at once', async () => {
    const res = await submit('spo', '/intake', {
      personKind: 'new',
      forename: 'Robin',
      surname: 'Intake',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '1994',
      sex: 'FEMALE',
      courtCode: 'HIGHMC',
      ...today,
      mainOffence: '10501',
      additionalOffences: '04600, 03900',
      disposalTypeCode: 'ORA_CO',
      length: '12',
      lengthUnit: 'MONTHS',
      'requirements.0.requirementTypeCode': 'F',
      'requirements.0.length': '15',
      teamCode: 'N07T01',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const crn = /queued=([A-Z][0-9]{6})$/.exec(res.headers.location as string)![1]!;
    expect(res.headers.location).toBe(`/allocation/team/N07T01?queued=${crn}`);
    const queue = await get('spo', res.headers.location as string);
    expect(queue.body).toContain(`${crn} is waiting in this queue`);
    expect(queue.body).toContain(`data-crn="${crn}"`);
    expect(queue.body).toContain('Robin Intake');
    const offences = await db()
      .selectFrom('offence as o')
      .innerJoin('person as p', 'p.id', 'o.person_id')
      .select('o.offence_code')
      .where('p.crn', '=', crn)
      .orderBy('o.id')
      .execute();
    expect(offences.map((o) => o.offence_code)).toEqual(['10501', '04600', '03900']);
  });

  it('records a court outcome through the API, naming bad fields with 422', async () => {
    const body = {
      person: { forename: 'Alex', surname: 'Api', dateOfBirth: '1988-07-01', sex: 'NOT_KNOWN' },
      teamCode: 'N07T02',
      courtCode: 'WESTMC',
      sentenceDate: todayInLondon(),
      offences: [{ offenceCode: '10501' }],
      disposalTypeCode: 'SDS',
      length: 6,
      lengthUnit: 'MONTHS',
    };
    const post = (user: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/intake',
        headers: { authorization: bearers[user]! },
        payload: payload as Record<string, unknown>,
      });
    const ok = await post('spo', body);
    expect(ok.statusCode, ok.body).toBe(201);
    const json = ok.json() as { outcome: string; crn: string; eventNumber: string; unallocatedSince: string };
    expect(json).toMatchObject({ outcome: 'QUEUED', teamCode: 'N07T02', staffId: null, eventNumber: '1' });
    expect(Date.now() - Date.parse(json.unallocatedSince)).toBeLessThan(60_000);
    const bad = await post('spo', {
      ...body,
      offences: [{ offenceCode: '99999' }],
      sentenceDate: '2026-02-30',
    });
    expect(bad.statusCode, bad.body).toBe(422);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      'offences.0.offenceCode',
      'sentenceDate',
    ]);
    const missing = await post('spo', { ...body, teamCode: undefined });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('teamCode');
    expect((await post('practitioner', body)).statusCode).toBe(403);
  });

  it('shows the SPO and the head of PDU their unallocated and overdue counts, linked to the queue', async () => {
    await queuePerson(db(), { crn: 'H100001', since: '2026-01-05T09:00:00Z', tier: 'D1' });
    const spo = await get('spo', '/team');
    expect(spo.statusCode).toBe(200);
    const counts = /data-testid="home-queue-counts">([\s\S]*?)<\/div>\s*<\/div>/.exec(spo.body)![1]!;
    const team = await get('spo', '/allocation/team/N07T01');
    const total = /<strong>(\d+)<\/strong> cases? waiting/.exec(team.body)![1];
    const overdue = /<strong class="[^"]*">(\d+)<\/strong> overdue/.exec(team.body)![1];
    expect(counts).toContain(`data-testid="queue-total">${total}<`);
    expect(counts).toContain(`${overdue} overdue`);
    expect(Number(overdue)).toBeGreaterThan(0);
    expect(counts).toContain('href="/allocation/team/N07T01"');
    const head = await get('pduhead', '/team');
    expect(head.body).toContain('href="/allocation/pdu/N07P01"');
    expect(head.body).toContain('Camden and Islington queue');
  });

  it('tells the practitioner about a new allocation on My cases and marks it read when opened', async () => {
    await queuePerson(db(), { crn: 'H100002', since: '2026-11-20T09:00:00Z', tier: 'D1' });
    const allocated = await submit('spo', '/allocation/case/H100002', {
      practitioner: `${org.staff.po}:N07T01`,
      notes: 'Good fit',
    });
    expect(allocated.statusCode, allocated.body.slice(0, 400)).toBe(303);
    const home = await get('practitioner', '/cases');
    expect(home.body).toContain('govuk-notification-banner');
    const banner = /data-testid="new-allocations">([\s\S]*?)<\/ul>/.exec(home.body)![1]!;
    expect(banner).toContain('Open H100002');
    expect(banner).toContain('Book the initial appointment');
    const notification = await db()
      .selectFrom('notification as n')
      .innerJoin('person as p', 'p.id', 'n.person_id')
      .select(['n.person_id', 'n.id'])
      .where('p.crn', '=', 'H100002')
      .executeTakeFirstOrThrow();
    const opened = await submit(
      'practitioner',
      `/notifications/${notification.person_id}/${notification.id}/read`,
      { open: 'case' },
      '/cases',
    );
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe('/cases/H100002');
    const read = await db()
      .selectFrom('notification')
      .select('read_at')
      .where('id', '=', notification.id)
      .executeTakeFirstOrThrow();
    expect(read.read_at).not.toBeNull();
    expect((await get('practitioner', '/cases')).body).not.toContain('Open H100002');
  });

  it('lets an administrator change the allocation configuration, refusing bad values field by field', async () => {
    expect((await get('spo', '/allocation/admin/config')).statusCode).toBe(403);
    const readOnly = await get('inspector', '/allocation/admin/config');
    expect(readOnly.statusCode).toBe(200);
    expect(readOnly.body).not.toContain('Save configuration');
    const page = await get('admin', '/allocation/admin/config?region=N07');
    expect(page.body).toContain('Allocation configuration – London');
    expect(page.body).toContain(
      'id="timeliness.targetWorkingDays" name="timeliness.targetWorkingDays" type="text" value="3"',
    );

    const form = (overrides: Record<string, string | string[]>) => ({
      region: 'N07',
      'timeliness.targetWorkingDays': '3',
      'timeliness.custodyWorkingDaysBeforeRelease': '10',
      'guardrails.poGrade.enabled': 'yes',
      'guardrails.poGrade.outcome': 'OVERRIDE',
      'guardrails.poGrade.grades': ['PSO', 'PQIP'],
      'guardrails.poGrade.roshLevels': ['HIGH', 'VERY_HIGH'],
      'guardrails.poGrade.mappaLevels': ['M2', 'M3'],
      'guardrails.poGrade.v3Tiers': ['A', 'B'],
      'guardrails.poGrade.registerCodes': 'ADVP RCPR SPO',
      'guardrails.newOfficer.enabled': 'yes',
      'guardrails.newOfficer.outcome': 'OVERRIDE',
      'guardrails.newOfficer.grades': ['NQO', 'PQIP'],
      'guardrails.newOfficer.roshLevels': ['VERY_HIGH'],
      'guardrails.newOfficer.mappaLevels': ['M2', 'M3'],
      'guardrails.overCapacity.enabled': 'yes',
      'guardrails.overCapacity.outcome': 'JUSTIFICATION',
      'guardrails.overrideRoles': ['SPO', 'PDU_HEAD'],
      'ranking.eligibleGrades': ['PO', 'NQO', 'PSO', 'PQIP'],
      'ranking.gradeOrder': 'PO NQO PSO PQIP',
      'ranking.gradeFit.points': '30',
      'ranking.gradeFit.preferredForOtherCases.grades': ['PSO'],
      'ranking.gradeFit.preferredForOtherCases.points': '10',
      'ranking.guardrailPenalty': '40',
      'ranking.capacity.pointsPerPct': '1',
      'ranking.capacity.maxPoints': '40',
      'ranking.continuity.points': '20',
      'ranking.recentAllocations.windowDays': '7',
      'ranking.recentAllocations.pointsPerAllocation': '5',
      ...overrides,
    });
    const url = '/allocation/admin/config';
    const bad = await submit(
      'admin',
      url,
      form({ 'timeliness.targetWorkingDays': 'five' }),
      `${url}?region=N07`,
    );
    expect(bad.statusCode, bad.body).toBe(422);
    expect(bad.body).toContain('href="#timeliness.targetWorkingDays"');
    expect(bad.body).toContain('Allocate within (working days): must be a whole number from 1 to 60');
    expect(bad.body).toContain('value="five"');

    const ok = await submit(
      'admin',
      url,
      form({ 'timeliness.targetWorkingDays': '5', 'guardrails.overCapacity.outcome': 'BLOCK' }),
      `${url}?region=N07`,
    );
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/allocation/admin/config?region=N07&saved=yes');
    const saved = await db()
      .selectFrom('allocation_config')
      .select(['region_code', 'config'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(saved.region_code).toBe('N07');
    expect(saved.config).toMatchObject({
      timeliness: { targetWorkingDays: 5, custodyWorkingDaysBeforeRelease: 10 },
      guardrails: { overCapacity: { enabled: true, outcome: 'BLOCK' } },
    });
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'actor'])
      .where('entity', '=', 'allocation_config')
      .execute();
    expect(audit).toEqual([{ action: 'CREATE', actor: 'admin' }]);
    const reloaded = await get('admin', ok.headers.location as string);
    expect(reloaded.body).toContain('The allocation configuration has been saved');
    expect(reloaded.body).toContain('name="timeliness.targetWorkingDays" type="text" value="5"');
  });
});
