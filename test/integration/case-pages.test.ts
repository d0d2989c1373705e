import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './databases.js';
import { auditCount, seededApp, type CaseRef, type SeededApp } from './seeded-app.js';
import { signInAs } from './sign-in.js';
import { formatDate } from '../../src/web/views.js';
import { endSession, hashToken } from '../../src/web/auth/session.js';

// Case overview, personal details and audit history (issue #2), and the limited-access rule on each of them.

describeEachDatabase('case pages', (fresh) => {
  let s: SeededApp;
  let practitioner: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    s = await seededApp(fresh);
    practitioner = await signInAs(s.t.database, 'practitioner');
  });
  afterAll(async () => s?.close());

  const get = (url: string, headers = practitioner.cookie) => s.app.inject({ method: 'GET', url, headers });

  const leaksNothing = (body: string, c: CaseRef) => {
    expect(body).not.toContain(c.surname);
    expect(body).not.toContain(c.forename);
    expect(body).not.toContain(formatDate(c.dateOfBirth));
  };

  it('shows the overview of an own case: person, sentence, flags, RoSH, officer and contacts', async () => {
    const res = await get(`/cases/${s.ownCase.crn}`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain(`${s.ownCase.forename} ${s.ownCase.surname}`);
    expect(body).toContain(s.ownCase.crn);
    expect(body).toContain(formatDate(s.ownCase.dateOfBirth));
    expect(body).toMatch(/<title>Overview – .+ \(/);
    expect(body).toContain('Current sentences');
    expect(body).toContain('Risk of serious harm');
    expect(body).toContain('Responsible officer');
    expect(body).toContain('data-testid="flags"');
    expect(body).toContain('moj-sub-navigation');
    expect(body).toContain(`href="/cases/${s.ownCase.crn}/personal-details"`);
    expect(await auditCount(s.t, s.ownCase.personId, practitioner.userId, 'VIEW')).toBeGreaterThan(0);
  });

  it('lists domestic abuse and child safeguarding flags before the others', async () => {
    const db = s.t.database.db;
    const withBoth = await db
      .selectFrom('registration as g')
      .innerJoin('register_type as gt', 'gt.code', 'g.register_type_code')
      .innerJoin('person as p', 'p.id', 'g.person_id')
      .select(['p.crn', 'gt.safeguarding_group', 'gt.description'])
      .where('g.deregistration_date', 'is', null)
      .where('g.soft_deleted', '=', false)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('registration as o')
            .innerJoin('register_type as ot', 'ot.code', 'o.register_type_code')
            .select('o.id')
            .whereRef('o.person_id', '=', 'g.person_id')
            .where('o.deregistration_date', 'is', null)
            .where('ot.safeguarding_group', 'is', null),
        ),
      )
      .where('gt.safeguarding_group', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('access_restriction as r')
              .select('r.id')
              .whereRef('r.person_id', '=', 'g.person_id'),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('access_exclusion as x').select('x.id').whereRef('x.person_id', '=', 'g.person_id'),
          ),
        ),
      )
      .limit(1)
      .executeTakeFirstOrThrow();
    const res = await get(`/cases/${withBoth.crn}`);
    const flags = /data-testid="flags">([\s\S]*?)<\/ul>/.exec(res.body)![1]!;
    const items = [...flags.matchAll(/<strong class="govuk-tag[^"]*">([^<]+)<\/strong>/g)].map((m) => m[1]!);
    expect(items[0]).toBe(withBoth.description);
  });

  it('shows personal details with the main address first', async () => {
    const res = await get(`/cases/${s.ownCase.crn}/personal-details`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Personal details');
    expect(res.body).toContain(s.ownCase.surname);
    const statuses = [...res.body.matchAll(/<td class="govuk-table__cell">(Main|Other|Previous)<\/td>/g)].map(
      (m) => m[1],
    );
    if (statuses.includes('Main')) expect(statuses[0]).toBe('Main');
  });

  it('shows the audit history newest first, including this user viewing the case, and pages it', async () => {
    for (let i = 0; i < 26; i++) await get(`/cases/${s.ownCase.crn}`);
    const res = await get(`/cases/${s.ownCase.crn}/history`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Viewed');
    expect(res.body).toContain('practitioner');
    expect(res.body).toContain('purpose');
    expect(res.body).toContain('history');
    const rows = res.body.match(/<tr class="govuk-table__row">/g)!.length - 1;
    expect(rows).toBe(25);
    expect(res.body).toContain(`/cases/${s.ownCase.crn}/history?page=2`);
    const page2 = await get(`/cases/${s.ownCase.crn}/history?page=2`);
    expect(page2.statusCode).toBe(200);
    expect(page2.body).toMatch(/Showing\s+26\s+to/);
  });

  for (const [label, pick] of [
    ['excluded', (x: SeededApp) => x.excludedCase],
    ['restricted', (x: SeededApp) => x.restrictedCase],
  ] as const) {
    it(`shows only the message for a case the user is ${label} from, on every case page, and audits it`, async () => {
      const c = pick(s);
      const before = await auditCount(s.t, c.personId, practitioner.userId, 'ACCESS_DENIED');
      for (const path of ['', '/personal-details', '/history']) {
        const res = await get(`/cases/${c.crn}${path}`);
        expect(res.statusCode).toBe(403);
        expect(res.body).toContain(c.crn);
        expect(res.body).toMatch(label === 'excluded' ? /excluded/i : /restricted/i);
        leaksNothing(res.body, c);
        expect(res.body).not.toContain('moj-sub-navigation');
      }
      expect(await auditCount(s.t, c.personId, practitioner.userId, 'ACCESS_DENIED')).toBe(before + 3);
      expect(await auditCount(s.t, c.personId, practitioner.userId, 'VIEW')).toBe(0);
    });
  }

  it('lets a user on the restriction list open the restricted case', async () => {
    const spo = await signInAs(s.t.database, 'spo');
    const res = await get(`/cases/${s.restrictedCase.crn}`, spo.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(s.restrictedCase.surname);
  });

  it('gives the inspector the same read-only page as the practitioner, with no forms that change anything', async () => {
    const inspector = await signInAs(s.t.database, 'inspector');
    const res = await get(`/cases/${s.ownCase.crn}`, inspector.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(s.ownCase.surname);
    const posts = [...res.body.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g)].map((m) => m[1]);
    expect(posts).toEqual(['/sign-out']);
  });

  it('answers 404 for an invalid or unknown CRN, on each case page', async () => {
    for (const crn of ['not-a-crn', 'Z999999', '1234567']) {
      for (const path of ['', '/personal-details', '/history']) {
        const res = await get(`/cases/${crn}${path}`);
        expect(res.statusCode).toBe(404);
        expect(res.body).toContain('Case not found');
      }
    }
  });

  it('accepts a lower-case CRN for the same case', async () => {
    const res = await get(`/cases/${s.ownCase.crn.toLowerCase()}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(s.ownCase.surname);
  });

  it('sends a signed-out or expired session to sign in, however recently it opened a case', async () => {
    for (const end of ['sign-out', 'expiry'] as const) {
      const session = await signInAs(s.t.database, 'practitioner');
      const token = session.cookie.cookie.split('=')[1]!;
      expect((await get(`/cases/${s.ownCase.crn}`, session.cookie)).statusCode).toBe(200);
      if (end === 'sign-out') await endSession(s.t.database.db, token);
      else
        await s.t.database.db
          .updateTable('user_session')
          .set({ expires_at: new Date(Date.now() - 1000) })
          .where('token_hash', '=', hashToken(token))
          .execute();
      const res = await get(`/cases/${s.ownCase.crn}`, session.cookie);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toMatch(/^\/sign-in/);
    }
  });

  it('sends people who are not signed in to sign in', async () => {
    const res = await s.app.inject({ method: 'GET', url: `/cases/${s.ownCase.crn}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toMatch(/^\/sign-in/);
  });
});
