import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { recordAudit } from '../db/audit.js';
import { takeWeeklySnapshot } from '../db/workload/figures.js';
import { ensureWorkloadCurrent, reconcileWorkload } from '../db/workload/recalculate.js';
import { isIsoDate } from '../domain/calculation/fields.js';
import { todayInLondon } from '../domain/calculation/run.js';
import { openMigrated } from './database.js';

/**
 * `casework workload snapshot [--date YYYY-MM-DD]`: brings every assignment's figures up to the date and keeps
 * them as that week's snapshot (the trend charts and the 4-week excessive-workload rule read these). Meant for
 * a weekly schedule; running it again the same week replaces that week's figures.
 *
 * `casework workload reconcile [--date]`: the daily reconciliation, run early each morning so the first page
 * of the day does not pay for the re-read; prints and audits the assignments whose figures it corrected.
 */
export async function workloadCommand(config: Config, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'snapshot' && sub !== 'reconcile') {
    process.stderr.write(`Usage: casework workload snapshot|reconcile [--date YYYY-MM-DD]\n`);
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { date: { type: 'string' } } });
  const date = values.date ?? todayInLondon();
  if (!isIsoDate(date)) {
    process.stderr.write(`--date must be a real date in the form YYYY-MM-DD, not '${date}'\n`);
    return 2;
  }
  const database = await openMigrated(config);
  try {
    if (sub === 'reconcile') {
      const differences = await reconcileWorkload(database.db, date);
      await recordAudit(
        database.db,
        { userId: null, name: 'system:workload-reconcile' },
        { entity: 'staff_workload', entityId: date, action: 'RECONCILE', after: { differences } },
      );
      process.stdout.write(
        `Recalculated everyone from the case record: ${differences.length} assignments differed.\n`,
      );
      for (const d of differences.slice(0, 50)) {
        const show = (f: { totalPoints: number; availablePoints: number } | null) =>
          f ? `${f.totalPoints}/${f.availablePoints}` : 'none';
        process.stdout.write(
          `  staff ${d.staffId} in ${d.teamCode}: ${show(d.stored)} → ${show(d.recalculated)}\n`,
        );
      }
      return 0;
    }
    await ensureWorkloadCurrent(database.db, date);
    const rows = await takeWeeklySnapshot(database.db, date);
    await recordAudit(
      database.db,
      { userId: null, name: 'system:workload-snapshot' },
      {
        entity: 'staff_workload_snapshot',
        entityId: date,
        action: 'SNAPSHOT',
        after: { weekEnding: date, rows },
      },
    );
    process.stdout.write(`Kept the workload of ${rows} assignments as the week ending ${date}.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
