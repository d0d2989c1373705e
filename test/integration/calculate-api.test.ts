import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase, type TestDatabase } from './databases.js';
import { buildApp } from '../../src/web/app.js';
import { readConfig } from '../../src/config.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { startSession } from '../../src/web/auth/session.js';
import { calcCommand } from '../../src/cli/calc.js';
import { calculators } from '../../src/domain/calculation/registry.js';

// calculation-api.md §5: the HTTP API answers exactly as the CLI does, with the status codes of §5.2.

const OGRS3_EXAMPLE = {
  sex: 'MALE',
  dateOfBirth: '1991-07-17',
  convictionDate: '2021-08-05',
  followUpStartDate: '2021-12-12',
  totalSanctions: 2,
  ageAtFirstSanction: 21,
  offenceCode: '11618',
  calculationDate: '2026-03-02',
};

async function cli(args: string[], stdin: string): Promise<{ code: number; stdout: string[] }> {
  const stdout: string[] = [];
  const code = await calcCommand(args, {
    stdout: (l) => stdout.push(l),
    stderr: () => undefined,
    readStdin: async () => stdin,
  });
  return { code, stdout };
}

describeEachDatabase('calculation HTTP API', (fresh) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let auth: { authorization: string };

  beforeAll(async () => {
    t = await fresh();
    app = await buildApp({ database: t.database, config: readConfig({}) });
    await app.ready();
    const user = await t.database.db
      .insertInto('app_user')
      .values({
        username: 'calc-user',
        display_name: 'Calc User',
        password_hash: await hashPassword('a long password'),
        roles: ['PRACTITIONER'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    auth = { authorization: `Bearer ${await startSession(t.database.db, user.id, 1)}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const post = (
    name: string,
    payload: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/calculate/${name}`,
      payload,
      headers: { ...auth, ...headers },
    });

  it('needs authentication like the rest of /api/v1', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/calculate/ogrs3', payload: OGRS3_EXAMPLE });
    expect(res.statusCode).toBe(401);
  });

  it('lists every calculator as the CLI --list does', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/calculate', headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const fromCli = await cli(['--list'], '');
    expect(res.json()).toEqual(JSON.parse(fromCli.stdout[0]!));
    expect(res.json().calculators).toHaveLength(calculators.length);
  });

  it('answers a computed result with 200 and the same body as the CLI', async () => {
    const res = await post('ogrs3', JSON.stringify(OGRS3_EXAMPLE));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ calculator: 'ogrs3', oneYearPercent: 9, twoYearPercent: 17, band: 'LOW' });
    const fromCli = await cli(['ogrs3'], JSON.stringify(OGRS3_EXAMPLE));
    expect(fromCli.code).toBe(0);
    expect(res.body).toBe(fromCli.stdout[0]);
  });

  it('answers a refusal with 422 and every missing field named, identical to the CLI', async () => {
    const res = await post('ogrs3', '{"calculationDate":"2026-03-02"}');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.errors[0].type).toBe('MISSING_MANDATORY_INPUT');
    expect(body.errors[0].fields).toContain('offenceCode');
    expect(body).not.toHaveProperty('band');
    expect(res.body).toBe((await cli(['ogrs3'], '{"calculationDate":"2026-03-02"}')).stdout[0]);
  });

  it('answers malformed JSON and a non-object body with 400', async () => {
    const malformed = await post('ogrs3', 'not json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].type).toBe('MALFORMED_JSON');
    const array = await post('ogrs3', '[1,2]');
    expect(array.statusCode).toBe(400);
    expect(array.json().errors[0].type).toBe('INVALID_BODY');
  });

  it('answers an unknown calculator with 404', async () => {
    const res = await post('ogrs4', JSON.stringify(OGRS3_EXAMPLE));
    expect(res.statusCode).toBe(404);
    expect(res.json().errors[0]).toMatchObject({ type: 'UNKNOWN_CALCULATOR', fields: [] });
    expect(res.json().errors[0].message).toContain("'ogrs4'");
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await post('ogrs3', 'sex=MALE', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].type).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const big = JSON.stringify({ ...OGRS3_EXAMPLE, padding: 'x'.repeat(1024 * 1024) });
    const res = await post('ogrs3', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].type).toBe('PAYLOAD_TOO_LARGE');
  });

  it('describes one request schema per calculator in the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    // Paths are relative to the document's server, /api/v1.
    const paths = res.json().paths as Record<string, { post?: { requestBody?: unknown } }>;
    for (const c of calculators) {
      expect(paths[`/calculate/${c.name}`]?.post?.requestBody, c.name).toBeDefined();
    }
    expect(paths['/calculate/{calculator}']).toBeUndefined();
  });
});
