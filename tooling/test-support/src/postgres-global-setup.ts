/*
 * Vitest globalSetup: one throwaway PostgreSQL cluster per Vitest run (see postgres-cluster.ts). Tests read
 * it with `inject('postgres')`; child processes and code outside Vitest's inject find the superuser URL of
 * database `postgres` in STOWAGE_TEST_POSTGRES_URL. If the cluster cannot start, the run fails: tests that
 * need PostgreSQL never pass without it.
 *
 *   globalSetup: ['@stowage/test-support/postgres-global-setup']
 */
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { POSTGRES_URL_ENV, setPostgresUrlEnv } from './env';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster';

export interface ProvidedPostgres {
  host: '127.0.0.1';
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust auth). */
  superuserUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

export { POSTGRES_URL_ENV };

let cluster: PostgresCluster | undefined;

export async function setup(project: TestProject) {
  cluster = await startPostgresCluster({ label: 'vitest' });
  const superuserUrl = cluster.superuserUrl('postgres');
  setPostgresUrlEnv(superuserUrl);
  project.provide('postgres', { host: cluster.host, port: cluster.port, superuserUrl });
}

export async function teardown() {
  await cluster?.stop();
  cluster = undefined;
}
