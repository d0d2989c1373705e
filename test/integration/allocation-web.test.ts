import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { buildOrg, queuePerson, type Org } from './allocation-fixture.js';
import { signInAs } from './sign-in.js';
import { buildApp } from '../../src/web/app.js';
import { readConfig } from '../../src/config.js';

// The allocation pages through HTTP, as a browser uses them: role checks, the queue with restricted rows and
// overdue highlighting, the allocation page with its recommendation and guardrail messages, allocating with
// the error summary on a missing reason, the practitioner's notification, and the dashboard.

describeEachDatabase('allocation pages', (fresh) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let org: Org;
  const cookies: Record<string, string> = {};
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    t = await fresh();
    org = await buildOrg(t.database);
    app = await buildApp({ database: t.database, config: readConfig({}) });
    await app.ready();
    for (const u of ['spo', 'pduhead', 'practitioner', 'inspector', 'pso']) {
      cookies[u] = (await signInAs(t.database, u)).cookie.cookie;
    }
    await queuePerson(t.database.db, {
      crn: 'W100001',
      since: minutesAgo(5),
      tier: 'B2',
      registrations: [{ code: 'RHRH' }],
    });
    await queuePerson(t.database.db, { crn: 'W100002', since: '2026-01-05T09:00:00Z', tier: 'D1' });
    const restricted = await queuePerson(t.database.db, { crn: 'W100003', since: minutesAgo(5), tier: 'A3' });
    await t.database.db
      .insertInto('access_exclusion')
      .values({ person_id: restricted, user_id: org.users.spo, start_date: '2026-01-01' })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const get = (user: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });

  /** Posts a form as a browser does, with the CSRF token and cookie of the page it came from. */
  async function submit(user: string, url: string, fields: Record<string, string>, pageUrl = url) {
    const page = await get(user, pageUrl);
    expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const csrf = page.cookies.find((c) => c.name === '_csrf')!;
    return app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${cookies[user]!}; _csrf=${csrf.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    });
  }

  it('shows the team queue to its SPO, urgent first, restricted cases as CRN only', async () => {
    const res = await get('spo', '/allocation/team/N07T01');
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('Unallocated cases – Camden North');
    expect(body.indexOf('data-crn="W100002"')).toBeLessThan(body.indexOf('data-crn="W100001"'));
    expect(body).toMatch(/data-crn="W100002">[\s\S]*?Overdue/);
    const restrictedRow = /<tr class="govuk-table__row[^"]*" data-crn="W100003">([\s\S]*?)<\/tr>/.exec(
      body,
    )![1]!;
    expect(restrictedRow).toContain('Restricted access');
    expect(restrictedRow).not.toContain('Test W100003');
    expect(restrictedRow).not.toContain('A3');
    expect(body).toMatch(/<strong>3<\/strong> cases waiting/);
    expect(body).toContain('href="/allocation"');
  });

  it('keeps practitioners out of allocation and queues of other PDUs from SPOs', async () => {
    expect((await get('practitioner', '/allocation/team/N07T01')).statusCode).toBe(403);
    expect((await get('practitioner', '/allocation/case/W100001')).statusCode).toBe(403);
    expect((await get('spo', '/allocation/team/N54T01')).statusCode).toBe(403);
    expect((await get('spo', '/allocation/case/W100003')).statusCode).toBe(403);
    expect((await get('inspector', '/allocation/team/N54T01')).statusCode).toBe(200);
  });

  it('lets an inspector read the allocation page but not allocate', async () => {
    const page = await get('inspector', '/allocation/case/W100001');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Allocate case</button>');
  });

  it('shows the ranked practitioners, capacity now → after and the guardrail for a PSO', async () => {
    const page = await get('spo', '/allocation/case/W100001');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Allocate Test W100001 (W100001)');
    expect(page.body).toContain('A case with high RoSH needs a PO; this practitioner is a PSO.');
    expect(page.body).toMatch(/PO1 Officer[\s\S]*?→/);
    expect(page.body).not.toContain('SPO1 Officer');
  });

  it('allocates in one step, asking for the override reason first, and notifies the practitioner', async () => {
    const choice = `${org.staff.pso}:N07T01`;
    const missing = await submit('spo', '/allocation/case/W100001', {
      practitioner: choice,
      notes: 'Good fit',
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('href="#overrideReason"');
    const done = await submit('spo', '/allocation/case/W100001', {
      practitioner: choice,
      notes: 'Good fit',
      overrideReason: 'Experienced PSO, co-worked with the SPO',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/allocation/team/N07T01?allocated=W100001');
    const queue = await get('spo', done.headers.location as string);
    expect(queue.body).toContain('W100001 has been allocated');
    expect(queue.body).not.toContain('data-crn="W100001"');

    const notes = await get('pso', '/notifications');
    expect(notes.body).toContain('W100001 has been allocated to you');
    expect(notes.body).toContain('Book the initial appointment');
    expect(
      await t.database.db
        .selectFrom('notification')
        .select('id')
        .where('recipient_staff_id', '=', org.staff.pso)
        .execute(),
    ).toHaveLength(1);
  });

  it('refuses an allocation post from a practitioner, with a valid CSRF token', async () => {
    const res = await submit(
      'practitioner',
      '/allocation/case/W100002',
      { practitioner: `${org.staff.po}:N07T01`, notes: 'x' },
      '/notifications',
    );
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Allocation is for senior probation officers');
  });

  it('reports the queue, timeliness and overrides on the dashboard', async () => {
    const res = await get('pduhead', '/allocation/dashboard?level=pdu&code=N07P01');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Camden North');
    expect(res.body).toContain('Experienced PSO, co-worked with the SPO');
    expect(res.body).toMatch(/Needs a PO: <strong>1<\/strong>/);
    expect((await get('spo', '/allocation/dashboard?level=pdu&code=N54P01')).statusCode).toBe(403);
  });
});
