#!/usr/bin/env node
// The issue #6 crash test at full size: 1,000 concurrent transfers over HTTP against PostgreSQL while the server
// is SIGKILLed 5 times (test/integration/transfer-crash.test.ts). The normal suite runs it with 300 to stay
// quick. Pass a number to change the count: `node scripts/crash-transfers.js 2000`.
import { spawnSync } from 'node:child_process';

const transfers = process.argv[2] ?? '1000';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['vitest', 'run', 'test/integration/transfer-crash.test.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    CASEWORK_CRASH_TRANSFERS: transfers,
    CASEWORK_CRASH_KILLS: process.env.CASEWORK_CRASH_KILLS ?? '5',
  },
});
process.exit(result.status ?? 1);
