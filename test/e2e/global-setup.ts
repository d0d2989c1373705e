import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { loadReferenceData } from '../../src/db/reference-data.js';
import { seedDatabase } from '../../src/seed/index.js';
import { CHROMIUM_PATH } from './browser.js';
import { addReceivingRegion } from '../integration/transfer-fixture.js';

// Starts a real Casework server (the `casework serve` command, as a user would) on the embedded database,
// seeded with the small deterministic data set, and tells the tests which cases to look at.

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    caseloadCrn: string;
    caseloadName: string;
    excludedCrn: string;
    excludedName: string;
    browserAvailable: boolean;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`casework serve exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`casework serve did not become healthy:\n${log()}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const browserAvailable = fs.existsSync(CHROMIUM_PATH);
  project.provide('browserAvailable', browserAvailable);
  if (!browserAvailable) {
    const line = '='.repeat(78);
    process.stderr.write(
      `\n${line}\nBROWSER SKIPPED: ${CHROMIUM_PATH} is missing (apt-get install chromium).\n${line}\n\n`,
    );
    fs.mkdirSync('test-output', { recursive: true });
    fs.writeFileSync('test-output/browser-skipped', `${CHROMIUM_PATH}\n`);
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-e2e-'));
  const database = await openDatabase({ dataDir });
  await migrate(database.db);
  await loadReferenceData(database);
  await seedDatabase(database, { scale: 'tiny', seed: 1 });
  // A second region, so the transfer journey can hand a case over between regions (the tiny seed has one).
  await addReceivingRegion(database.db);
  const caseload = await sql<{ crn: string; name: string }>`
    select p.crn, p.forename || ' ' || p.surname as name
      from app_user u
      join responsibility r on r.staff_id = u.staff_id and r.end_at is null and r.responsible_officer
      join person p on p.id = r.person_id
     where u.username = 'practitioner'
       and not exists (select 1 from access_exclusion x where x.person_id = p.id)
       and not exists (select 1 from access_restriction x where x.person_id = p.id)
     order by p.crn limit 1`.execute(database.db);
  const excluded = await sql<{ crn: string; name: string }>`
    select p.crn, p.forename || ' ' || p.surname as name
      from app_user u join access_exclusion x on x.user_id = u.id join person p on p.id = x.person_id
     where u.username = 'practitioner' order by p.crn limit 1`.execute(database.db);
  await database.close();
  if (!caseload.rows[0] || !excluded.rows[0])
    throw new Error('The seed gave the demo practitioner no caseload or no exclusion');
  project.provide('caseloadCrn', caseload.rows[0].crn);
  project.provide('caseloadName', caseload.rows[0].name);
  project.provide('excludedCrn', excluded.rows[0].crn);
  project.provide('excludedName', excluded.rows[0].name);

  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['bin/casework.js', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      CASEWORK_DATA_DIR: dataDir,
      PORT: String(port),
      CASEWORK_LOG: 'off',
      CASEWORK_SIGN_IN_LIMIT: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  project.provide('baseUrl', baseUrl);

  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
