import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** One load run: `connections` clients for `duration` seconds, cycling through `paths` with a session cookie. */
export interface LoadRequest {
  url: string;
  connections: number;
  duration: number;
  cookie: string;
  paths: string[];
}

export interface LoadResult {
  pagesPerSecond: number;
  latencyP50: number;
  latencyP97_5: number;
  errors: number;
}

async function run(request: LoadRequest): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.duration,
    headers: { cookie: request.cookie },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: request.paths[next++ % request.paths.length]! }),
      },
    ],
  });
  return {
    pagesPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP97_5: result.latency.p97_5,
    errors: result.non2xx + result.errors,
  };
}

/**
 * Runs autocannon in a child process. In the server's own process the load generator would take the event
 * loop the server needs, and pages/s would measure the two together.
 */
export function generateLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--load-generator'], {
      execArgv: ['--import', 'tsx'],
    });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The load generator exited with ${code}`));
    });
    child.send(request);
  });
}

if (process.argv.includes('--load-generator') && process.send) {
  process.once('message', (request) => {
    run(request as LoadRequest).then(
      (result) => process.send!(result, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
