import type { Config } from '../config.js';
import { buildApp } from '../web/app.js';
import { countPeople, openMigrated, seedWithProgress } from './database.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../seed/demo-users.js';

export async function serve(config: Config, options: { seedDemo: boolean }): Promise<number> {
  const database = await openMigrated(config);
  if (options.seedDemo) {
    if ((await countPeople(database)) === 0) {
      process.stderr.write('First run: loading demo data (about 7,000 people on probation)…\n');
      await seedWithProgress(database, { scale: 'demo', seed: 1 });
    }
  }
  const app = await buildApp({ database, config, logger: process.env.CASEWORK_LOG !== 'off' });
  const shutdown = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await app.listen({ port: config.port, host: config.host });
  process.stdout.write(
    `\nCasework is running at ${address.replace('127.0.0.1', 'localhost')} (database: ${database.kind})\n`,
  );
  if (options.seedDemo) {
    process.stdout.write(`Demo sign-ins (password for all: ${DEMO_PASSWORD}):\n`);
    for (const s of DEMO_SIGN_INS) process.stdout.write(`  ${s.username.padEnd(14)} ${s.description}\n`);
  }
  return new Promise<number>(() => {
    // Runs until a signal stops it.
  });
}
