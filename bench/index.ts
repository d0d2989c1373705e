import { benchAllocation } from './allocation.js';
import { benchOverview } from './overview.js';
import { benchRisk } from './risk.js';
import { benchWorkload } from './workload.js';

const BENCHMARKS: Record<string, { run: (args: string[]) => Promise<void>; about: string }> = {
  overview: {
    run: benchOverview,
    about: 'case overview page: server time against bare SQL, pages per second',
  },
  allocation: {
    run: benchAllocation,
    about: 'allocation: recommendation against every practitioner of the busiest PDU, and the page data',
  },
  risk: {
    run: benchRisk,
    about: 'risk record: pure core per person, then a full recompute and store of everyone',
  },
  workload: {
    run: benchWorkload,
    about: 'workload: full recalculation, incremental update after one allocation, team page p95',
  },
};

/** `casework bench [name] [options]`: runs one benchmark (default overview) and prints its figures. */
export async function benchCommand(args: string[]): Promise<number> {
  const name = args[0] && !args[0].startsWith('-') ? args[0] : 'overview';
  const bench = BENCHMARKS[name];
  if (!bench) {
    process.stderr.write(
      `Unknown benchmark '${name}'. Choose one of: ${Object.keys(BENCHMARKS).join(', ')}\n`,
    );
    return 2;
  }
  process.stdout.write(`Benchmark ${name}: ${bench.about}\n`);
  await bench.run(args[0] === name ? args.slice(1) : args);
  return 0;
}
