/** The environment variables this package reads and writes (process.env is touched here only). */

/** Optional: a PostgreSQL bin dir (initdb, pg_ctl, postgres) to use before pg_config / /usr/lib/postgresql. */
export function postgresBinDirOverride(): string | undefined {
  return process.env.STOWAGE_PG_BINDIR || undefined;
}

/** Optional: where throwaway clusters' temp dirs go (default os.tmpdir()). */
export function postgresTempParentOverride(): string | undefined {
  return process.env.STOWAGE_PG_TMPDIR || undefined;
}

/** This environment without PG* variables (a PGDATA or PGPORT from the shell must not steer pg_ctl). */
export function environmentWithoutPgVariables(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('PG')) delete env[key];
  return env;
}

/** Where the Vitest global setup leaves the superuser URL of database `postgres`, for child processes too. */
export const POSTGRES_URL_ENV = 'STOWAGE_TEST_POSTGRES_URL';

export function setPostgresUrlEnv(url: string): void {
  process.env[POSTGRES_URL_ENV] = url;
}

/** The PostgreSQL the run was given already (a global setup's, or a parent's), if any. */
export function providedPostgresUrl(): string | undefined {
  return process.env[POSTGRES_URL_ENV] || undefined;
}

/** Optional: a PostgreSQL server for the benchmarks (a superuser URL) instead of a throwaway cluster. */
export function benchPostgresUrlOverride(): string | undefined {
  return process.env.STOWAGE_BENCH_POSTGRES_URL || undefined;
}
