import path from 'node:path';

/** Configuration, read once from the environment with defaults (see README "Configuration"). */
export interface Config {
  /** PostgreSQL connection string; absent means the embedded PGlite database. */
  databaseUrl: string | undefined;
  port: number;
  host: string;
  /** Folder holding the PGlite data files. */
  dataDir: string;
  /** Secure cookies need HTTPS; off for local use, on behind a TLS-terminating proxy. */
  secureCookies: boolean;
  sessionHours: number;
  /**
   * Node processes serving requests (node:cluster). Rendering pages is CPU work in one thread per process;
   * sessions and everything else live in the database, so any process can answer any request.
   */
  workers: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}"`);
  }
  const workers = Number(env.CASEWORK_WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new Error(`CASEWORK_WORKERS must be a whole number from 1 to 64, not "${env.CASEWORK_WORKERS}"`);
  }
  if (workers > 1 && !env.DATABASE_URL) {
    throw new Error(
      'CASEWORK_WORKERS above 1 needs DATABASE_URL: the embedded database belongs to one process',
    );
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.CASEWORK_DATA_DIR ?? './data'),
    secureCookies: env.CASEWORK_SECURE_COOKIES === 'true',
    sessionHours: Number(env.CASEWORK_SESSION_HOURS ?? 10),
    workers,
  };
}
