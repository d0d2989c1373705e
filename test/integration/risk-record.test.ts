import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { loadReferenceData } from '../../src/db/reference-data.js';
import {
  addRegistration,
  completeAssessment,
  deregister,
  endSentence,
  recordRelease,
  startSentence,
} from '../../src/db/risk-changes.js';
import {
  gatherCaseFacts,
  gatherCaseFactsJson,
  loadCurrentRecords,
  recalculateEveryone,
  recalculatePeople,
} from '../../src/db/risk-record.js';
import { planWithRecords } from '../../src/domain/risk/recalculation.js';
import { seedDatabase } from '../../src/seed/index.js';
import { startSession } from '../../src/web/auth/session.js';
import { SESSION_COOKIE } from '../../src/web/auth/routes.js';
import { buildApp } from '../../src/web/app.js';
import { ValidationError } from '../../src/domain/validation.js';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { signInAs } from './sign-in.js';

const TODAY = '2026-11-02';

describeEachDatabase('risk record: recalculation with every change, and the Risk tab', (fresh) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const actor = { userId: null, name: 'system:test' };

  beforeAll(async () => {
    t = await fresh();
    await loadReferenceData(t.database);
    await seedDatabase(t.database, { scale: 'tiny', seed: 3, today: TODAY });
    app = await buildApp({ database: t.database, config: readConfig({}) });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const db = () => t.database.db;

  async function tiers(personId: number) {
    return db()
      .selectFrom('tier_calculation')
      .select(['model', 'tier', 'previous_tier', 'changes', 'reason'])
      .where('person_id', '=', personId)
      .where('superseded_at', 'is', null)
      .orderBy('model')
      .execute();
  }
  async function counts(personId: number) {
    const { rows } = await sql<{ recalcs: number; regs: number; scores: number; tiers: number }>`select
      (select count(*)::int from risk_recalculation where person_id = ${personId}) as recalcs,
      (select count(*)::int from registration where person_id = ${personId}) as regs,
      (select count(*)::int from predictor_score where person_id = ${personId}) as scores,
      (select count(*)::int from tier_calculation where person_id = ${personId}) as tiers`.execute(db());
    return rows[0]!;
  }

  /** An active community case with a scored assessment, no MAPPA and no RoSH above medium. */
  async function ordinaryPerson(): Promise<number> {
    const { rows } = await sql<{ id: number }>`select p.id from person p
      where p.case_status = 'ACTIVE'
        and exists (select 1 from predictor_score s where s.person_id = p.id and s.predictor = 'arp' and s.status = 'SCORED')
        and exists (select 1 from sentence s where s.person_id = p.id and s.termination_date is null and s.custodial_status is null)
        and not exists (select 1 from registration r where r.person_id = p.id and r.register_type_code in ('MAPP', 'RVHR', 'RHRH', 'PRC') and r.deregistration_date is null)
        and not exists (select 1 from access_restriction a where a.person_id = p.id)
        and not exists (select 1 from access_exclusion a where a.person_id = p.id)
      order by p.id limit 1`.execute(db());
    return rows[0]!.id;
  }

  it('stores every predictor (scores or refusals, never made-up scores) and both tiers for every seeded person', async () => {
    const { rows } = await sql<{
      people: number;
      scored: number;
      refused: number;
      bad: number;
      v3: number;
      v2: number;
    }>`select
      (select count(*)::int from person) as people,
      (select count(*)::int from predictor_score where status = 'SCORED' and superseded_at is null) as scored,
      (select count(*)::int from predictor_score where status = 'REFUSED' and superseded_at is null) as refused,
      (select count(*)::int from predictor_score where status = 'REFUSED' and (score is not null or json_array_length(errors) = 0)) as bad,
      (select count(*)::int from tier_calculation where model = 'SINGLE_AXIS' and superseded_at is null) as v3,
      (select count(*)::int from tier_calculation where model = 'PROTECT_CHANGE' and superseded_at is null) as v2`.execute(
      db(),
    );
    const r = rows[0]!;
    expect(r.scored + r.refused).toBe(r.people * 13);
    expect(r.refused).toBeGreaterThan(0);
    expect(r.bad).toBe(0);
    expect(r.v3).toBe(r.people);
    expect(r.v2).toBe(r.people);
  });

  it('adding a MAPPA level 2 registration raises the tier in the same transaction, with the history saying why', async () => {
    const id = await ordinaryPerson();
    const before = await tiers(id);
    const { plan } = await db()
      .transaction()
      .execute((trx) =>
        addRegistration(
          trx,
          actor,
          id,
          { registerTypeCode: 'MAPP', registrationDate: TODAY, category: 'M2', level: 'M2' },
          TODAY,
        ),
      );
    const after = await tiers(id);
    const v2 = after.find((x) => x.model === 'PROTECT_CHANGE')!;
    expect(v2.tier.startsWith('A')).toBe(true);
    expect(v2.previous_tier).toBe(before.find((x) => x.model === 'PROTECT_CHANGE')!.tier);
    expect(v2.reason).toBe('Registration added: MAPP');
    expect(v2.changes).toContain('Registration added: MAPP (level M2, category M2)');
    expect(plan.changed).toContain('PROTECT_CHANGE');

    const reg = await db()
      .selectFrom('registration')
      .select('id')
      .where('person_id', '=', id)
      .where('register_type_code', '=', 'MAPP')
      .executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) =>
        deregister(trx, actor, id, reg.id, { deregistrationDate: TODAY, reason: 'Level reviewed' }, TODAY),
      );
    const removed = await tiers(id);
    expect(removed.find((x) => x.model === 'PROTECT_CHANGE')!.tier).toBe(
      before.find((x) => x.model === 'PROTECT_CHANGE')!.tier,
    );
    expect(removed.find((x) => x.model === 'PROTECT_CHANGE')!.reason).toBe(
      'Registration removed: MAPP (Level reviewed)',
    );
  });

  it('rolls back the change and the recalculation together when anything fails', async () => {
    const id = await ordinaryPerson();
    const before = await counts(id);
    // A failing audit write (unknown user) happens after the registration and the recalculation were written.
    await expect(
      db()
        .transaction()
        .execute((trx) =>
          addRegistration(
            trx,
            { userId: 999_999, name: 'ghost' },
            id,
            { registerTypeCode: 'ADVP', registrationDate: TODAY },
            TODAY,
          ),
        ),
    ).rejects.toThrow();
    expect(await counts(id)).toEqual(before);
  });

  it('refuses bad input with named fields and stores nothing', async () => {
    const id = await ordinaryPerson();
    const before = await counts(id);
    const err = await db()
      .transaction()
      .execute((trx) =>
        addRegistration(
          trx,
          actor,
          id,
          { registerTypeCode: 'MAPP', registrationDate: '2099-01-01', category: 'M9' },
          TODAY,
        ),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems.map((p) => p.field).sort()).toEqual([
      'category',
      'level',
      'registrationDate',
    ]);
    expect(await counts(id)).toEqual(before);
  });

  it('recalculates when an assessment is completed, a sentence starts and ends, and on release', async () => {
    const id = await ordinaryPerson();
    const a = await db()
      .insertInto('assessment')
      .values({
        person_id: id,
        assessment_type: 'OASYS_LAYER_3',
        status: 'IN_PROGRESS',
        initiated_date: '2026-10-20',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) => completeAssessment(trx, actor, id, a.id, { completedDate: TODAY }, TODAY));
    const latest = await db()
      .selectFrom('risk_recalculation')
      .select(['trigger', 'assessment_id'])
      .where('person_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ trigger: 'ASSESSMENT_COMPLETED', assessment_id: a.id });
    // The new assessment has no answers, so the predictors now refuse rather than keep an old score.
    const arp = await db()
      .selectFrom('predictor_score')
      .select(['status', 'assessment_id'])
      .where('person_id', '=', id)
      .where('predictor', '=', 'arp')
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(arp).toEqual({ status: 'REFUSED', assessment_id: a.id });
    const v3 = (await tiers(id)).find((x) => x.model === 'SINGLE_AXIS')!;
    expect(v3.tier).toBe('MISSING');

    const current = await db()
      .selectFrom('sentence')
      .select(['id'])
      .where('person_id', '=', id)
      .where('termination_date', 'is', null)
      .executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) =>
        endSentence(trx, actor, id, current.id, { terminationDate: TODAY, reason: 'Completed' }, TODAY),
      );
    expect((await tiers(id)).find((x) => x.model === 'SINGLE_AXIS')!.tier).toBe('NOT_SUPERVISED');

    const ev = await db()
      .insertInto('event')
      .values({ person_id: id, event_number: 99, referral_date: '2026-10-01', conviction_date: '2026-10-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { sentenceId } = await db()
      .transaction()
      .execute((trx) =>
        startSentence(
          trx,
          actor,
          id,
          {
            eventId: ev.id,
            disposalTypeCode: 'SDS',
            sentenceDate: '2026-10-15',
            expectedReleaseDate: '2027-04-15',
          },
          TODAY,
        ),
      );
    expect((await tiers(id)).find((x) => x.model === 'SINGLE_AXIS')!.reason).toBe('Sentence started: SDS');
    await db()
      .transaction()
      .execute((trx) => recordRelease(trx, actor, id, sentenceId, { releaseDate: TODAY }, TODAY));
    const release = await db()
      .selectFrom('risk_recalculation')
      .select('trigger')
      .where('person_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(release.trigger).toBe('RELEASED');
    const audit = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('person_id', '=', id)
      .where('entity', '=', 'risk_recalculation')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(4);
  });

  async function signedIn(username: string) {
    const user = await db()
      .selectFrom('app_user')
      .select(['id'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const token = await startSession(db(), user.id, 1);
    return { [SESSION_COOKIE]: token } as Record<string, string>;
  }

  async function crnOf(personId: number) {
    return (
      await db().selectFrom('person').select('crn').where('id', '=', personId).executeTakeFirstOrThrow()
    ).crn;
  }

  async function get(cookies: Record<string, string>, url: string) {
    const res = await app.inject({ method: 'GET', url, cookies });
    const csrfCookie = res.cookies.find((c) => c.name === '_csrf');
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    return { res, cookies: { ...cookies, ...(csrfCookie ? { _csrf: csrfCookie.value } : {}) }, token };
  }

  it('shows RoSH, flags, every predictor with its workings, the chart and both tiers', async () => {
    const id = await ordinaryPerson();
    const crn = await crnOf(id);
    const { res } = await get(await signedIn('spo'), `/cases/${crn}/risk`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('RoSH by group');
    expect(res.body).toContain('Known adult');
    expect(res.body).toContain('data-score="arp"');
    expect(res.body).toContain('How this was worked out');
    expect(res.body).toContain('Every person scores 5 points for having at least one sanction');
    expect(res.body).toContain('<svg role="img"');
    expect(res.body).toContain('data-tier="PROTECT_CHANGE"');
    expect(res.body).toContain('data-tier="SINGLE_AXIS"');
    expect(res.body).toContain('Which rule decided it');
    const stored = await db()
      .selectFrom('tier_calculation')
      .select('tier')
      .where('person_id', '=', id)
      .where('model', '=', 'PROTECT_CHANGE')
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(res.body).toContain(`data-tier="PROTECT_CHANGE">${stored.tier}`);
  });

  it('shows a restricted case as the restriction message only', async () => {
    const { rows } = await sql<{
      crn: string;
      message: string | null;
    }>`select p.crn, p.restriction_message as message from person p
      where exists (select 1 from access_restriction r where r.person_id = p.id)
        and not exists (select 1 from access_restriction r join app_user u on u.id = r.user_id where r.person_id = p.id and u.username = 'practitioner')
      limit 1`.execute(db());
    const { res } = await get(await signedIn('practitioner'), `/cases/${rows[0]!.crn}/risk`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('RoSH by group');
    expect(res.body).not.toContain('data-score');
    if (rows[0]!.message) expect(res.body).toContain(rows[0]!.message.replace(/'/g, '&#39;'));
  });

  it('lets a practitioner propose an override and an SPO decide it, with errors for bad input and role checks', async () => {
    const id = await ordinaryPerson();
    const crn = await crnOf(id);
    const practitioner = await get(await signedIn('practitioner'), `/cases/${crn}/risk`);
    const post = (page: typeof practitioner, url: string, payload: Record<string, string>) =>
      app.inject({ method: 'POST', url, cookies: page.cookies, payload: { _csrf: page.token!, ...payload } });

    const bad = await post(practitioner, `/cases/${crn}/risk/overrides`, {
      kind: 'TIER_SINGLE_AXIS',
      proposedValue: 'Z',
      reason: ' ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#proposedValue"');
    expect(bad.body).toContain('href="#reason"');
    expect(
      await db().selectFrom('risk_override').select('id').where('person_id', '=', id).execute(),
    ).toHaveLength(0);

    const ok = await post(practitioner, `/cases/${crn}/risk/overrides`, {
      kind: 'TIER_PROTECT_CHANGE',
      proposedValue: 'a3',
      reason: 'Recent intelligence of threats to a former partner',
    });
    expect(ok.statusCode).toBe(303);
    const proposal = await db()
      .selectFrom('risk_override')
      .selectAll()
      .where('person_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({
      status: 'PROPOSED',
      proposed_value: 'A3',
      kind: 'TIER',
      model: 'PROTECT_CHANGE',
    });

    const selfDecision = await post(practitioner, `/cases/${crn}/risk/overrides/${proposal.id}/decision`, {
      decision: 'APPROVED',
      decisionReason: 'Agreed',
    });
    expect(selfDecision.statusCode).toBe(403);

    const spo = await get(await signedIn('spo'), `/cases/${crn}/risk`);
    const missingReason = await post(spo, `/cases/${crn}/risk/overrides/${proposal.id}/decision`, {
      decision: 'APPROVED',
      decisionReason: '',
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.body).toContain('Enter the reason for your decision');
    const approved = await post(spo, `/cases/${crn}/risk/overrides/${proposal.id}/decision`, {
      decision: 'APPROVED',
      decisionReason: 'Agreed after case discussion',
    });
    expect(approved.statusCode).toBe(303);

    const page = await get(await signedIn('practitioner'), `/cases/${crn}/risk`);
    expect(page.res.body).toContain('Overridden to <strong>A3</strong>');
    expect(page.res.body).toContain('Recent intelligence of threats to a former partner');
    expect(page.res.body).toContain('Agreed after case discussion');
    expect(page.res.body).toContain(`>${proposal.calculated_value}<`);
  });

  /** People like ordinaryPerson(), several of them, so a rule is checked on more than one tier. */
  async function ordinaryPeople(n: number): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`select p.id from person p
      where p.case_status = 'ACTIVE'
        and exists (select 1 from sentence s where s.person_id = p.id and s.termination_date is null)
        and not exists (select 1 from registration r where r.person_id = p.id and r.register_type_code in ('ADVP', 'RCPR') and r.deregistration_date is null)
        and not exists (select 1 from access_restriction a where a.person_id = p.id)
        and not exists (select 1 from access_exclusion a where a.person_id = p.id)
      order by p.id desc limit ${n}`.execute(db());
    return rows.map((r) => r.id);
  }

  /**
   * How high a tier is, per axis, so "never lower" can be checked: protect/change A3 is the highest on both
   * axes (protect A > D, change 3 > 0); single-axis A is the highest; MISSING and NOT_SUPERVISED have no rank.
   */
  function rank(model: string, tier: string): number[] | null {
    if (model === 'PROTECT_CHANGE') return [68 - tier.charCodeAt(0), Number(tier[1])];
    return /^[A-G]$/.test(tier) ? [71 - tier.charCodeAt(0)] : null;
  }

  it('adding a domestic abuse or child protection flag never lowers either tier, and removing it restores them', async () => {
    const people = await ordinaryPeople(4);
    expect(people.length).toBe(4);
    for (const [i, id] of people.entries()) {
      const code = i % 2 === 0 ? 'ADVP' : 'RCPR';
      const before = await tiers(id);
      const { registrationId } = await db()
        .transaction()
        .execute((trx) =>
          addRegistration(trx, actor, id, { registerTypeCode: code, registrationDate: TODAY }, TODAY),
        );
      const after = await tiers(id);
      for (const b of before) {
        const a = after.find((x) => x.model === b.model)!;
        const [rb, ra] = [rank(b.model, b.tier), rank(a.model, a.tier)];
        if (rb && ra) ra.forEach((r, axis) => expect(r).toBeGreaterThanOrEqual(rb[axis]!));
        else expect(a.tier).toBe(b.tier);
      }
      await db()
        .transaction()
        .execute((trx) =>
          deregister(
            trx,
            actor,
            id,
            registrationId,
            { deregistrationDate: TODAY, reason: 'Entered in error' },
            TODAY,
          ),
        );
      expect((await tiers(id)).map((t) => t.tier)).toEqual(before.map((t) => t.tier));
    }
  });

  it('flags: a practitioner adds one through the form, the tier and its history follow, and removing it needs a reason', async () => {
    const [id] = await ordinaryPeople(1);
    const crn = await crnOf(id!);
    const page = await get(await signedIn('practitioner'), `/cases/${crn}/risk`);
    expect(page.res.body).toContain('action="/cases/' + crn + '/risk/registrations"');
    expect(page.res.body).toContain('Domestic abuse perpetrator (ADVP), reviewed every 3 months');
    const post = (url: string, payload: Record<string, string>) =>
      app.inject({ method: 'POST', url, cookies: page.cookies, payload: { _csrf: page.token!, ...payload } });
    const [y, m, d] = TODAY.split('-');
    const before = await counts(id!);

    const bad = await post(`/cases/${crn}/risk/registrations`, {
      registerTypeCode: 'NOPE',
      'registrationDate-day': '1',
      'registrationDate-month': '1',
      'registrationDate-year': '2099',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#registerTypeCode"');
    expect(bad.body).toContain('Select a register type that exists');
    expect(bad.body).toContain('href="#registrationDate-day"');
    expect(bad.body).toContain('The registration date must be today or in the past');
    expect(bad.body).toContain('value="2099"');
    const graded = await post(`/cases/${crn}/risk/registrations`, {
      registerTypeCode: 'ADVP',
      category: 'M2',
      'registrationDate-day': d!,
      'registrationDate-month': m!,
      'registrationDate-year': y!,
    });
    expect(graded.statusCode).toBe(400);
    expect(graded.body).toContain('href="#category"');
    expect(await counts(id!)).toEqual(before);

    const added = await post(`/cases/${crn}/risk/registrations`, {
      registerTypeCode: 'ADVP',
      'registrationDate-day': d!,
      'registrationDate-month': m!,
      'registrationDate-year': y!,
      notes: 'Police call-out, October',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/cases/${crn}/risk#tier`);
    const reg = await db()
      .selectFrom('registration')
      .select(['id', 'next_review_date', 'notes'])
      .where('person_id', '=', id!)
      .where('register_type_code', '=', 'ADVP')
      .where('deregistration_date', 'is', null)
      .executeTakeFirstOrThrow();
    expect(reg.next_review_date).toBe('2027-02-02');
    expect(reg.notes).toBe('Police call-out, October');
    const withFlag = (await get(page.cookies, `/cases/${crn}/risk`)).res.body;
    const v3 = (await tiers(id!)).find((t) => t.model === 'SINGLE_AXIS')!;
    expect(withFlag).toContain(`data-tier="SINGLE_AXIS">${v3.tier}`);
    expect(withFlag).toContain('Registration added: ADVP');
    expect(withFlag).toContain(
      `<form method="post" action="/cases/${crn}/risk/registrations/${reg.id}/deregister"`,
    );

    const noReason = await post(`/cases/${crn}/risk/registrations/${reg.id}/deregister`, {
      'deregistrationDate-day': d!,
      'deregistrationDate-month': m!,
      'deregistrationDate-year': y!,
      reason: '  ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain(`href="#deregistrationReason-${reg.id}"`);
    expect(noReason.body).toContain('Enter why the registration is being removed');
    const stillActive = await db()
      .selectFrom('registration')
      .select('deregistration_date')
      .where('id', '=', reg.id)
      .executeTakeFirstOrThrow();
    expect(stillActive.deregistration_date).toBeNull();

    const removed = await post(`/cases/${crn}/risk/registrations/${reg.id}/deregister`, {
      'deregistrationDate-day': d!,
      'deregistrationDate-month': m!,
      'deregistrationDate-year': y!,
      reason: 'Entered on the wrong case',
    });
    expect(removed.statusCode).toBe(303);
    const history = (await get(page.cookies, `/cases/${crn}/risk`)).res.body;
    expect(history).toContain('Registration removed: ADVP (Entered on the wrong case)');
  });

  it('records a completed assessment’s RoSH by group: the RoSH flag and the tier follow the highest level', async () => {
    const [id] = await ordinaryPeople(1);
    const crn = await crnOf(id!);
    const a = await db()
      .insertInto('assessment')
      .values({
        person_id: id!,
        assessment_type: 'OASYS_LAYER_3',
        status: 'IN_PROGRESS',
        initiated_date: '2026-10-20',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const page = await get(await signedIn('spo'), `/cases/${crn}/risk`);
    expect(page.res.body).toContain(`/cases/${crn}/risk/assessments/${a.id}/complete`);
    const post = (payload: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: `/cases/${crn}/risk/assessments/${a.id}/complete`,
        cookies: page.cookies,
        payload: { _csrf: page.token!, ...payload },
      });
    const date = { 'completedDate-day': '2', 'completedDate-month': '11', 'completedDate-year': '2026' };
    const missing = await post({ ...date, 'rosh-children': 'HIGH', 'rosh-public': 'MEDIUM' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#rosh-knownAdult"');
    expect(missing.body).toContain('href="#rosh-staff"');
    const unchanged = await db()
      .selectFrom('assessment')
      .select('status')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.status).toBe('IN_PROGRESS');

    const ok = await post({
      ...date,
      'rosh-children': 'HIGH',
      'rosh-public': 'MEDIUM',
      'rosh-knownAdult': 'LOW',
      'rosh-staff': 'LOW',
    });
    expect(ok.statusCode).toBe(303);
    const stored = await db()
      .selectFrom('assessment')
      .select(['status', 'rosh_children', 'rosh_overall', 'rosh_prisoners'])
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      status: 'COMPLETE',
      rosh_children: 'HIGH',
      rosh_overall: 'HIGH',
      rosh_prisoners: null,
    });
    const roshFlags = await db()
      .selectFrom('registration')
      .select('register_type_code')
      .where('person_id', '=', id!)
      .where('register_type_code', 'in', ['RVHR', 'RHRH', 'RMRH', 'RLRH'])
      .where('deregistration_date', 'is', null)
      .execute();
    expect(roshFlags).toEqual([{ register_type_code: 'RHRH' }]);
    const v2 = (await tiers(id!)).find((t) => t.model === 'PROTECT_CHANGE')!;
    expect(v2.reason).toBe('Assessment completed on 2026-11-02: RoSH high');
    expect((await get(page.cookies, `/cases/${crn}/risk`)).res.body).toContain('RoSH High: 20 points');
  });

  it('only practitioners and SPOs who may open the case can change flags', async () => {
    const [id] = await ordinaryPeople(1);
    const crn = await crnOf(id!);
    const inspector = await get(await signedIn('inspector'), `/cases/${crn}/risk`);
    expect(inspector.res.statusCode).toBe(200);
    expect(inspector.res.body).not.toContain('Add a flag');
    const before = await counts(id!);
    const payload = {
      registerTypeCode: 'ADVP',
      'registrationDate-day': '2',
      'registrationDate-month': '11',
      'registrationDate-year': '2026',
    };
    const byInspector = await app.inject({
      method: 'POST',
      url: `/cases/${crn}/risk/registrations`,
      cookies: inspector.cookies,
      payload: { _csrf: inspector.token!, ...payload },
    });
    expect(byInspector.statusCode).toBe(403);
    expect(byInspector.body).toContain('Only a practitioner or an SPO can change the risk record');

    const { rows } = await sql<{ id: number; crn: string }>`select p.id, p.crn from person p
      where exists (select 1 from access_restriction r where r.person_id = p.id)
        and not exists (select 1 from access_restriction r join app_user u on u.id = r.user_id where r.person_id = p.id and u.username = 'practitioner')
      limit 1`.execute(db());
    const restricted = rows[0]!;
    const restrictedBefore = await counts(restricted.id);
    const practitioner = await get(await signedIn('practitioner'), '/search');
    const byRestricted = await app.inject({
      method: 'POST',
      url: `/cases/${restricted.crn}/risk/registrations`,
      cookies: practitioner.cookies,
      payload: { _csrf: practitioner.token!, ...payload },
    });
    expect(byRestricted.statusCode).toBe(403);
    expect(byRestricted.body).toContain('This case is restricted');
    expect(byRestricted.body).not.toContain('Add a flag');
    expect(await counts(id!)).toEqual(before);
    expect(await counts(restricted.id)).toEqual(restrictedBefore);
  });

  it('the API adds and removes a flag through the same services, with 422s naming fields and 403 for read-only roles', async () => {
    const [id] = await ordinaryPeople(1);
    const crn = await crnOf(id!);
    const practitioner = await signInAs(t.database, 'practitioner');
    const inspector = await signInAs(t.database, 'inspector');
    const post = (headers: Record<string, string>, url: string, payload: object) =>
      app.inject({ method: 'POST', url: `/api/v1/persons/${crn}${url}`, headers, payload });
    const before = await counts(id!);

    const bad = await post(practitioner.bearer, '/registrations', {
      registerTypeCode: 'NOPE',
      registrationDate: '2099-01-01',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['registerTypeCode', 'registrationDate']);
    const readOnly = await post(inspector.bearer, '/registrations', {
      registerTypeCode: 'RCPR',
      registrationDate: TODAY,
    });
    expect(readOnly.statusCode).toBe(403);
    expect(await counts(id!)).toEqual(before);

    const added = await post(practitioner.bearer, '/registrations', {
      registerTypeCode: 'RCPR',
      registrationDate: TODAY,
    });
    expect(added.statusCode).toBe(201);
    const body = added.json();
    const v3 = (await tiers(id!)).find((x) => x.model === 'SINGLE_AXIS')!;
    expect(v3.reason).toBe('Registration added: RCPR');
    expect(body.tierChanges.map((c: { tier: string }) => c.tier)).toEqual(
      (await tiers(id!)).filter((x) => body.changed.includes(x.model)).map((x) => x.tier),
    );

    const noReason = await post(practitioner.bearer, `/registrations/${body.registrationId}/deregister`, {
      deregistrationDate: TODAY,
      reason: '',
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors).toEqual([
      { field: 'reason', problem: 'Enter why the registration is being removed' },
    ]);
    const removed = await post(practitioner.bearer, `/registrations/${body.registrationId}/deregister`, {
      deregistrationDate: TODAY,
      reason: 'Child protection plan ended',
    });
    expect(removed.statusCode).toBe(200);
    expect((await tiers(id!)).find((x) => x.model === 'SINGLE_AXIS')!.reason).toBe(
      'Registration removed: RCPR (Child protection plan ended)',
    );
  });

  // Last: it moves everyone's calculation date a year on, which the tests above do not expect.
  it('the bulk recalculation on calculation threads writes what the single-thread core plans, and only changes', async () => {
    const sameDay = await recalculateEveryone(db(), {
      trigger: 'SCHEDULED',
      reason: 'Test recalculation',
      actorUserId: null,
      today: TODAY,
      workers: 2,
      chunkSize: 40,
    });
    const people = await db().selectFrom('person').select('id').where('soft_deleted', '=', false).execute();
    expect(sameDay).toMatchObject({
      people: people.length,
      predictorRowsWritten: 0,
      tierRowsWritten: 0,
      workers: 2,
    });

    // A year on, ages and time-limited rules move: plan it on this thread first, then store it on two threads.
    const later = '2027-11-02';
    const facts = await gatherCaseFacts(db(), { fromId: 0, toId: Number.MAX_SAFE_INTEGER }, later);
    // The calculation threads are given the same facts as JSON text.
    expect(
      JSON.parse(await gatherCaseFactsJson(db(), { fromId: 0, toId: Number.MAX_SAFE_INTEGER }, later)),
    ).toEqual(facts);
    const current = await loadCurrentRecords(
      db(),
      facts.map((f) => f.personId),
    );
    const expected = planWithRecords(facts, current, later);
    const moved = await recalculateEveryone(db(), {
      trigger: 'SCHEDULED',
      reason: 'Test recalculation',
      actorUserId: null,
      today: later,
      workers: 2,
      chunkSize: 40,
    });
    expect(moved.predictorRowsWritten).toBe(expected.reduce((n, p) => n + p.predictorRows.length, 0));
    expect(moved.tierRowsWritten).toBe(expected.reduce((n, p) => n + p.tierRows.length, 0));
    expect(moved.tierRowsWritten).toBeGreaterThan(0);
    // Only the people with a changed fingerprint were read back in full.
    expect(moved.comparedInFull).toBe(
      new Set(expected.filter((p) => p.changed.length > 0).map((p) => p.personId)).size,
    );
    // Every current row has the fingerprint migration 014 would give it from its stored JSON (so a database
    // upgraded by 014 compares by fingerprint too), and there is one per row.
    const unmatched = await sql<{ scores: number; tiers: number; missing: number }>`
      select
        (select count(*) from predictor_score where superseded_at is null
          and fingerprint is distinct from predictor_score_fingerprint(model_version, result, errors, inputs))::int as scores,
        (select count(*) from tier_calculation where superseded_at is null
          and fingerprint is distinct from tier_calculation_fingerprint(model_version, tier, provisional, inputs))::int as tiers,
        (select count(*) from predictor_score where fingerprint is null)::int as missing`.execute(db());
    expect(unmatched.rows[0]).toEqual({ scores: 0, tiers: 0, missing: 0 });
    const stored = await db()
      .selectFrom('tier_calculation')
      .select(['person_id', 'model', 'tier'])
      .where('superseded_at', 'is', null)
      .where('calculation_date', '=', later)
      .orderBy('person_id')
      .orderBy('model')
      .execute();
    expect(stored).toEqual(
      expected
        .flatMap((p) => p.tierRows.map((t) => ({ person_id: p.personId, model: t.model, tier: t.tier })))
        .sort((a, b) => a.person_id - b.person_id || a.model.localeCompare(b.model)),
    );
  }, 120_000);
  // After the test above, which moved everyone a year on: this one moves them a year further.
  it('a recalculation of everyone waits for a change being made to a person, then calculates from it', async (ctx) => {
    // PGlite has one connection, so its transactions never overlap and there is nothing to wait for.
    if (!t.url) ctx.skip();
    const person = await db()
      .selectFrom('person')
      .select('id')
      .where('case_status', '=', 'ACTIVE')
      .where('soft_deleted', '=', false)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('registration')
              .select('id')
              .whereRef('registration.person_id', '=', 'person.id')
              .where('register_type_code', '=', 'RCPR'),
          ),
        ),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const later = '2028-11-02';
    let bulk: Promise<unknown> | undefined;
    // A practitioner's change: a child protection flag added and the person recalculated, in one transaction
    // that the scheduled run starts during.
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`insert into registration (person_id, register_type_code, registration_date)
          values (${person.id}, 'RCPR', ${later}::date)`.execute(trx);
        await recalculatePeople(
          trx,
          { personIds: [person.id] },
          {
            trigger: 'REGISTRATION_ADDED',
            reason: 'Registration added: RCPR',
            actorUserId: null,
            today: later,
          },
        );
        bulk = recalculateEveryone(db(), {
          trigger: 'SCHEDULED',
          reason: 'Test recalculation',
          actorUserId: null,
          today: later,
          workers: 0,
          chunkSize: 100_000,
        });
        // The scheduled run waits for this person's row before it reads anyone's case facts.
        for (let i = 0; ; i++) {
          const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query ilike '%for no key update%'`.execute(db());
          if (waiting.rows[0]!.n > 0) break;
          if (i > 200) throw new Error('the recalculation of everyone did not wait for the change');
          await new Promise((r) => setTimeout(r, 50));
        }
      });
    await bulk;
    // It read the flag once the change was committed: both tiers still count it, and there is one current each.
    const current = await db()
      .selectFrom('tier_calculation')
      .select(['model', 'inputs'])
      .where('person_id', '=', person.id)
      .where('superseded_at', 'is', null)
      .orderBy('model')
      .execute();
    expect(current.map((c) => c.model)).toEqual(['PROTECT_CHANGE', 'SINGLE_AXIS']);
    for (const c of current)
      expect((c.inputs as { registrations: { code: string }[] }).registrations.map((r) => r.code)).toContain(
        'RCPR',
      );
  }, 120_000);
});
