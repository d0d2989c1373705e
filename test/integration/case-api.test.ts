import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './databases.js';
import { auditCount, seededApp, type SeededApp } from './seeded-app.js';
import { signInAs } from './sign-in.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-users.js';

// The read-only /api/v1 persons API (issue #2): schemas, status codes, paging and limited access.

describeEachDatabase('case API', (fresh) => {
  let s: SeededApp;
  let practitioner: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    s = await seededApp(fresh);
    practitioner = await signInAs(s.t.database, 'practitioner');
  });
  afterAll(async () => s?.close());

  const get = (url: string, headers: Record<string, string> = practitioner.bearer) =>
    s.app.inject({ method: 'GET', url, headers });

  it('issues a bearer token for a right password and refuses a wrong one', async () => {
    const ok = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { username: 'Practitioner', password: DEMO_PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const token = ok.json().token as string;
    expect(ok.json().tokenType).toBe('Bearer');
    const withToken = await get(`/api/v1/persons/${s.ownCase.crn}`, { authorization: `Bearer ${token}` });
    expect(withToken.statusCode, `${ok.body} ${withToken.body}`).toBe(200);
    const wrong = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { username: 'practitioner', password: 'wrong' },
    });
    expect(wrong.statusCode).toBe(401);
    const missing = await s.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { username: 'x' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('password');
  });

  it('needs a token', async () => {
    expect((await get(`/api/v1/persons/${s.ownCase.crn}`, {})).statusCode).toBe(401);
  });

  it('serves a public OpenAPI document describing the person endpoints', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/persons',
      '/persons/{crn}',
      '/persons/{crn}/events',
      '/persons/{crn}/registrations',
      '/persons/{crn}/contacts',
      '/auth/token',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/persons/{crn}'].get.responses['403']).toBeDefined();
  });

  it('returns a person with tier, case type and responsible officer', async () => {
    const res = await get(`/api/v1/persons/${s.ownCase.crn}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      crn: s.ownCase.crn,
      surname: s.ownCase.surname,
      dateOfBirth: s.ownCase.dateOfBirth,
    });
    expect(body.responsibleOfficer.team.code).toMatch(/^N07/);
    expect(['COMMUNITY', 'CUSTODY', 'LICENCE', 'PRE_SENTENCE', 'UNKNOWN']).toContain(body.caseType);
  });

  it('returns events with offences and sentences, and registrations in display order', async () => {
    const events = (await get(`/api/v1/persons/${s.ownCase.crn}/events`)).json();
    expect(events.events.length).toBeGreaterThan(0);
    expect(events.events[0].offences.some((o: { main: boolean }) => o.main)).toBe(true);
    const regs = (await get(`/api/v1/persons/${s.ownCase.crn}/registrations`)).json().registrations as {
      active: boolean;
      safeguardingGroup: string | null;
    }[];
    expect(regs.length).toBeGreaterThan(0);
    const firstOther = regs.findIndex((r) => r.active && r.safeguardingGroup === null);
    const lastSafeguarding = regs.map((r) => r.active && r.safeguardingGroup !== null).lastIndexOf(true);
    if (firstOther >= 0 && lastSafeguarding >= 0) expect(lastSafeguarding).toBeLessThan(firstOther);
  });

  it('pages contacts and filters them by date, newest first', async () => {
    const all = (await get(`/api/v1/persons/${s.ownCase.crn}/contacts?pageSize=5`)).json();
    expect(all.content).toHaveLength(Math.min(5, all.totalElements));
    expect(all.totalPages).toBe(Math.ceil(all.totalElements / 5));
    const dates = all.content.map((c: { date: string }) => c.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    const page2 = (await get(`/api/v1/persons/${s.ownCase.crn}/contacts?pageSize=5&page=2`)).json();
    expect(page2.content[0].id).not.toBe(all.content[0].id);
    const from = dates.at(-1);
    const ranged = (
      await get(`/api/v1/persons/${s.ownCase.crn}/contacts?from=${from}&to=${dates[0]}&pageSize=100`)
    ).json();
    expect(ranged.content.every((c: { date: string }) => c.date >= from && c.date <= dates[0])).toBe(true);
  });

  it('searches by name, CRN, date of birth and PNC, paged', async () => {
    const byCrn = (await get(`/api/v1/persons?crn=${s.ownCase.crn}`)).json();
    expect(byCrn.content).toEqual([expect.objectContaining({ crn: s.ownCase.crn, restricted: false })]);
    const byText = (await get(`/api/v1/persons?search=${s.ownCase.crn.toLowerCase()}`)).json();
    expect(byText.totalElements).toBe(1);
    const byName = (
      await get(`/api/v1/persons?name=${encodeURIComponent(s.ownCase.surname.slice(0, 3))}&pageSize=2`)
    ).json();
    expect(byName.pageSize).toBe(2);
    expect(byName.totalPages).toBe(Math.ceil(byName.totalElements / 2));
    const byDob = (await get(`/api/v1/persons?dob=${s.ownCase.dateOfBirth}`)).json();
    expect(byDob.content.map((p: { crn: string }) => p.crn)).toContain(s.ownCase.crn);
  });

  it('names the field for bad input: 400 from the schema, 422 for values that cannot be right', async () => {
    const cases = [
      ['/api/v1/persons?crn=X123456&page=0', 400, 'page'],
      ['/api/v1/persons?crn=X123456&pageSize=1000', 400, 'pageSize'],
      ['/api/v1/persons', 422, 'search'],
      ['/api/v1/persons?crn=nope', 422, 'crn'],
      ['/api/v1/persons?dob=2020-02-30', 422, 'dob'],
      ['/api/v1/persons?pnc=zzz', 422, 'pnc'],
      [`/api/v1/persons/${s.ownCase.crn}/contacts?from=2026-13-01`, 422, 'from'],
      [`/api/v1/persons/${s.ownCase.crn}/contacts?from=2026-05-01&to=2026-01-01`, 422, 'to'],
    ] as const;
    for (const [url, status, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().errors[0].field, url).toBe(field);
    }
  });

  it('answers 404 for an invalid or unknown CRN on every person endpoint', async () => {
    for (const crn of ['bad', 'Z999999']) {
      for (const path of ['', '/events', '/registrations', '/contacts']) {
        const res = await get(`/api/v1/persons/${crn}${path}`);
        expect(res.statusCode).toBe(404);
        expect(res.json().errors[0].field).toBe('crn');
      }
    }
  });

  for (const [label, pick] of [
    ['excluded', (x: SeededApp) => x.excludedCase],
    ['restricted', (x: SeededApp) => x.restrictedCase],
  ] as const) {
    it(`refuses a case the caller is ${label} from with 403 and no data, and audits it`, async () => {
      const c = pick(s);
      const before = await auditCount(s.t, c.personId, practitioner.userId, 'ACCESS_DENIED');
      for (const path of ['', '/events', '/registrations', '/contacts']) {
        const res = await get(`/api/v1/persons/${c.crn}${path}`);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ errors: [{ field: 'crn', problem: 'restricted' }] });
      }
      expect(await auditCount(s.t, c.personId, practitioner.userId, 'ACCESS_DENIED')).toBe(before + 4);
      const search = await get(`/api/v1/persons?surname=${encodeURIComponent(c.surname)}`);
      const row = search.json().content.find((p: { crn: string }) => p.crn === c.crn);
      expect(row).toEqual({ crn: c.crn, restricted: true });
      const byCrn = await get(`/api/v1/persons?crn=${c.crn}`);
      expect(byCrn.body).not.toContain(c.surname);
      expect(byCrn.body).not.toContain(c.dateOfBirth);
    });
  }
});
