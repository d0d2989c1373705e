import cliProgress from 'cli-progress';
import type { ProgressUpdate } from './csv.js';

/**
 * A progress bar on stderr for `casework seed`: people generated, rows copied and rows per second.
 * Returns the onProgress callback and a stop function for when the seed ends.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (update: ProgressUpdate) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{phase} [{bar}] {value}/{total} people | {rows} rows | {rate} rows/s | {seconds}s',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(u) {
      const payload = {
        phase: u.phase.padEnd(12),
        rows: u.rows.toLocaleString('en-GB'),
        rate: Math.round(u.rows / Math.max(0.001, u.elapsedMs / 1000)).toLocaleString('en-GB'),
        seconds: (u.elapsedMs / 1000).toFixed(0),
      };
      if (!started) {
        bar.start(u.totalPeople, u.people, payload);
        started = true;
      } else bar.update(u.people, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
