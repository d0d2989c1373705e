import type { Config } from '../config.js';
import { buildApp } from '../web/app.js';
import { openMigrated } from './database.js';
import { createProgressReporter, seedDatabase } from '../seed/index.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS } from '../seed/demo-users.js';

export async function serve(config: Config, options: { seedDemo: boolean }): Promise<number> {
  const database = await openMigrated(config);
  if (options.seedDemo) {
    const people = await database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(people.n) === 0) {
      process.stderr.write('First run: loading demo data (about 7,000 people on probation)…\n');
      const progress = createProgressReporter();
      await seedDatabase(database, { scale: 'demo', seed: 1, onProgress: progress.onProgress });
      progress.stop();
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
