import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { calcCommand } from './calc.js';

const USAGE = `Usage: casework <command> [options]

Commands:
  serve [--seed-demo]                 Start the web server (migrates first; --seed-demo loads demo data on first run)
  migrate                             Apply database migrations and load reference data
  seed --scale demo|pdu|region|national [--seed N] [--reset]
                                      Generate synthetic data
  calc <calculator> [--input FILE] [--batch] | calc --list
                                      Run a calculation (see shared/specs/calculation-api.md)
  bench [overview|risk|workload] [--scale S]
                                      Run a benchmark and print its figures
  workload snapshot|reconcile [--date YYYY-MM-DD]
                                      Keep this week's workload figures (weekly); re-read every case (daily)

Environment: DATABASE_URL (absent: embedded PGlite), PORT (3000), CASEWORK_DATA_DIR (./data)`;

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'calc':
      return calcCommand(rest, {
        stdout: (line) => process.stdout.write(`${line}\n`),
        stderr: (line) => process.stderr.write(`${line}\n`),
        readStdin,
      });
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'seed-demo': { type: 'boolean' } } });
      const { serve } = await import('./serve.js');
      return serve(readConfig(), { seedDemo: values['seed-demo'] ?? false });
    }
    case 'migrate': {
      const { migrateCommand } = await import('./database.js');
      return migrateCommand(readConfig());
    }
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: {
          scale: { type: 'string', default: 'demo' },
          seed: { type: 'string', default: '1' },
          reset: { type: 'boolean' },
        },
      });
      const { seedCommand } = await import('./database.js');
      return seedCommand(readConfig(), {
        scale: values.scale!,
        seed: values.seed!,
        reset: values.reset ?? false,
      });
    }
    case 'workload': {
      const { workloadCommand } = await import('./workload.js');
      return workloadCommand(readConfig(), rest);
    }
    case 'bench': {
      const { benchCommand } = await import('../../bench/index.js');
      return benchCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command '${command}'.\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);
