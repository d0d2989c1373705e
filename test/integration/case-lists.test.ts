import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from './databases.js';
import { auditCount, seededApp, type CaseRef, type SeededApp } from './seeded-app.js';
import { signInAs } from './sign-in.js';
import { formatDate } from '../../src/web/views.js';
import { blockedFor } from '../../src/db/access.js';

/** The results table of a page, without the search form (which echoes what was typed). */
const table = (body: string) => /<table[\s\S]*<\/table>/.exec(body)?.[0] ?? '';

// My cases, team caseload and national search (issue #2): content, filters, paging, validation, and
// limited-access cases shown as their CRN and "Restricted" only.

describeEachDatabase('case lists and search', (fresh) => {
  let s: SeededApp;
  let practitioner: Awaited<ReturnType<typeof signInAs>>;
  let spo: Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    s = await seededApp(fresh);
    practitioner = await signInAs(s.t.database, 'practitioner');
    spo = await signInAs(s.t.database, 'spo');
  });
  afterAll(async () => s?.close());

  const get = (url: string, headers = practitioner.cookie) => s.app.inject({ method: 'GET', url, headers });
  const leaksNothing = (body: string, c: CaseRef) => {
    expect(body).not.toContain(c.surname);
    expect(body).not.toContain(c.forename);
    expect(body).not.toContain(formatDate(c.dateOfBirth));
  };
  const caseloadSize = async (username: string) => {
    const r = await sql<{
      n: number;
    }>`select count(*)::int as n from responsibility r join app_user u on u.staff_id = r.staff_id
      where u.username = ${username} and r.end_at is null`.execute(s.t.database.db);
    return r.rows[0]!.n;
  };

  it('sends each role home to the page they use most', async () => {
    expect((await get('/')).headers.location).toBe('/cases');
    expect((await get('/', spo.cookie)).headers.location).toBe('/team');
    const inspector = await signInAs(s.t.database, 'inspector');
    expect((await get('/', inspector.cookie)).headers.location).toBe('/search');
  });

  it("lists the practitioner's current caseload, 25 a page, with a count and links to each case", async () => {
    const total = await caseloadSize('practitioner');
    const res = await get('/cases');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>My cases – Casework</title>');
    expect(res.body).toContain(`${total} cases`);
    expect(res.body).toContain('Your current cases');
    expect(res.body).toContain(`href="/cases/${s.ownCase.crn}"`.slice(0, 14));
    const rows = (res.body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;
    expect(rows).toBe(Math.min(25, total));
    const last = await get(`/cases?page=${Math.ceil(total / 25)}`);
    const lastRows = (last.body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;
    expect(lastRows).toBe(total - 25 * (Math.ceil(total / 25) - 1));
  });

  it('finds a case in My cases by CRN and by name, and filters by tier', async () => {
    const byCrn = await get(`/cases?q=${s.ownCase.crn}`);
    expect(byCrn.body).toContain('1 case match');
    expect(byCrn.body).toContain(s.ownCase.surname);
    const byName = await get(`/cases?q=${encodeURIComponent(s.ownCase.surname.slice(0, 3).toLowerCase())}`);
    expect(byName.body).toContain(s.ownCase.surname);
    const tiers = await sql<{
      letter: string;
      n: number;
    }>`select left(t.tier, 1) as letter, count(*)::int as n
      from responsibility r join app_user u on u.staff_id = r.staff_id join tier_calculation t on t.person_id = r.person_id
      and t.superseded_at is null and t.model = (select value #>> '{}' from setting where key = 'tier.modelOfRecord')
      where u.username = 'practitioner' and r.end_at is null
      and not ${blockedFor(sql.ref('t.person_id'), practitioner.userId)} group by 1 order by 2 desc`.execute(
      s.t.database.db,
    );
    const { letter, n } = tiers.rows[0]!;
    const filtered = await get(`/cases?tier=${letter}`);
    expect(filtered.body).toContain(`${n} ${n === 1 ? 'case' : 'cases'} match`);
  });

  it('sorts by a column heading link that says how it is sorted', async () => {
    const res = await get('/cases?sort=crn&order=desc');
    expect(res.body).toContain('aria-sort="descending"');
    const crns = [...res.body.matchAll(/<td class="govuk-table__cell">([A-Z]\d{6})<\/td>/g)].map(
      (m) => m[1]!,
    );
    expect(crns.length).toBeGreaterThan(1);
    expect([...crns].sort().reverse()).toEqual(crns);
  });

  it('shows the team caseload to the SPO with the restricted and excluded cases as CRN and "Restricted" only', async () => {
    const res = await get('/team?sort=crn', spo.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('waiting to be allocated');
    expect(res.body).toContain('Practitioner');
    // The SPO is on the restriction list, so that case shows in full; the exclusion names only the practitioner.
    expect(res.body).toMatch(/Team caseload/);
    const unallocated = await get('/team?practitioner=unallocated', spo.cookie);
    expect(unallocated.statusCode).toBe(200);
    expect(unallocated.body).not.toContain('href="/cases/'.concat(s.ownCase.crn));
  });

  it('refuses the team page to a practitioner', async () => {
    expect((await get('/team')).statusCode).toBe(403);
  });

  it('finds a person by CRN, by partial case-insensitive surname, by date of birth and by PNC number', async () => {
    const person = await s.t.database.db
      .selectFrom('person')
      .select(['crn', 'forename', 'surname', 'date_of_birth', 'pnc_number'])
      .where('id', '=', s.ownCase.personId)
      .executeTakeFirstOrThrow();
    const [y, m, d] = person.date_of_birth.split('-');
    for (const query of [
      `crn=${person.crn.toLowerCase()}`,
      `surname=${encodeURIComponent(person.surname.slice(0, 3).toUpperCase())}&forename=${encodeURIComponent(person.forename.slice(0, 2))}`,
      `dateOfBirth-day=${Number(d)}&dateOfBirth-month=${Number(m)}&dateOfBirth-year=${y}`,
      `pnc=${encodeURIComponent(person.pnc_number!)}`,
    ]) {
      const res = await get(`/search?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(res.body, query).toContain(`<a class="govuk-link" href="/cases/${person.crn}">`);
    }
  });

  it('pages search results', async () => {
    const initial = await sql<{ letter: string }>`select left(lower(surname), 1) as letter from person
      group by 1 order by count(*) desc limit 1`.execute(s.t.database.db);
    const letter = initial.rows[0]!.letter;
    const first = await get(`/search?surname=${letter}`);
    const total = Number(/(\d+) results/.exec(first.body)![1]);
    expect(total).toBeGreaterThan(25);
    expect(first.body).toContain(`/search?surname=${letter}&amp;page=2`);
    const rows = (html: string) => (table(html).match(/<tr class="govuk-table__row">/g) ?? []).length - 1;
    expect(rows(first.body)).toBe(25);
    const lastPage = Math.ceil(total / 25);
    const last = await get(`/search?surname=${letter}&page=${lastPage}`);
    expect(last.body).toMatch(new RegExp(`Showing\\s+${(lastPage - 1) * 25 + 1}\\s+to\\s+${total}`));
    expect(rows(last.body)).toBe(total - (lastPage - 1) * 25);
  });

  it('names the field in the error summary for bad search input', async () => {
    const cases = [
      ['crn=ABC', '#crn', 'Enter a CRN in the correct format'],
      ['dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=1990', '#dateOfBirth-day', 'real date'],
      ['pnc=nonsense', '#pnc', 'PNC number'],
      ['surname=%3Cscript%3E', '#surname', 'Last name must only include letters'],
      ['crn=', '#crn', 'Enter a CRN, name, date of birth or PNC number'],
    ] as const;
    for (const [query, href, message] of cases) {
      const res = await get(`/search?${query}`);
      expect(res.statusCode, query).toBe(422);
      expect(res.body).toContain('govuk-error-summary');
      expect(res.body).toContain(`href="${href}"`);
      expect(res.body).toContain(message);
      expect(res.body).toContain('<title>Error: ');
      expect(res.body).not.toContain('<script>');
    }
  });

  for (const [label, pick] of [
    ['excluded', (x: SeededApp) => x.excludedCase],
    ['restricted', (x: SeededApp) => x.restrictedCase],
  ] as const) {
    it(`shows a case the practitioner is ${label} from as CRN and "Restricted" in search, and nowhere in full`, async () => {
      const c = pick(s);
      for (const query of [`crn=${c.crn}`, `surname=${encodeURIComponent(c.surname)}`]) {
        const res = await get(`/search?${query}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain(c.crn);
        expect(res.body).toContain('Restricted');
        expect(res.body).not.toContain(`href="/cases/${c.crn}"`);
        // Others may share the surname: the restricted person's own row must hold nothing but the CRN.
        const row = [...table(res.body).matchAll(/<tr class="govuk-table__row">[\s\S]*?<\/tr>/g)]
          .map((m) => m[0])
          .find((r) => r.includes(c.crn))!;
        expect(row).toContain('Restricted');
        leaksNothing(row, c);
      }
      const mine = await get(`/cases?q=${c.crn}`);
      leaksNothing(mine.body, c);
      // Opening it by URL is refused and audited; the list pages never open it.
      await get(`/cases/${c.crn}`);
      expect(await auditCount(s.t, c.personId, practitioner.userId, 'ACCESS_DENIED')).toBeGreaterThan(0);
    });
  }

  it('keeps a restricted case in a team list as CRN and "Restricted", unfiltered by its details', async () => {
    // Exclude the SPO from one of the team's cases for this test.
    const db = s.t.database.db;
    await db
      .insertInto('access_exclusion')
      .values({ person_id: s.excludedCase.personId, user_id: spo.userId, start_date: '2020-01-01' })
      .execute();
    const res = await get(`/team?q=${s.excludedCase.crn}`, spo.cookie);
    expect(res.body).toContain(s.excludedCase.crn);
    expect(res.body).toContain('Restricted');
    leaksNothing(res.body, s.excludedCase);
    const all = await get('/team?sort=name', spo.cookie);
    leaksNothing(all.body, s.excludedCase);
    const filtered = await get(`/team?q=${s.excludedCase.crn}&tier=A`, spo.cookie);
    expect(table(filtered.body)).not.toContain(s.excludedCase.crn);
    expect(filtered.body).toContain('No cases match');
  });
});
