#!/usr/bin/env node
// The whole test suite, as the README's `npm test`: type check, unit and integration tests (each
// integration suite on PGlite and on PostgreSQL), then the browser journeys. A run that could not reach
// PostgreSQL or Chromium says so loudly at the end; with CI=true (or --strict) it fails instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const strict = process.argv.includes('--strict') || process.env.CI === 'true';
const markers = {
  'test-output/postgresql-skipped': 'the PostgreSQL run was skipped (no server reachable)',
  'test-output/browser-skipped': 'the browser run was skipped (no /usr/bin/chromium)',
};
for (const file of Object.keys(markers)) fs.rmSync(file, { force: true });

function step(title, command, args) {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed\n`);
    process.exit(result.status ?? 1);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('Type check', npx, ['tsc', '--noEmit', '-p', '.']);
step('Unit and integration tests (PGlite and PostgreSQL)', npx, ['vitest', 'run']);
step('End-to-end and accessibility tests (Chromium)', npx, [
  'vitest',
  'run',
  '--config',
  'vitest.e2e.config.ts',
]);

const skipped = Object.entries(markers).filter(([file]) => fs.existsSync(file));
for (const [, why] of skipped) process.stderr.write(`\n!!! ${why.toUpperCase()} !!!\n`);
if (skipped.length > 0 && strict) {
  process.stderr.write('Failing because CI must run both databases and the browser.\n');
  process.exit(1);
}
process.stdout.write(
  skipped.length === 0
    ? '\n✓ All tests passed on PGlite, PostgreSQL and Chromium\n'
    : '\n✓ Tests passed (with skips above)\n',
);
