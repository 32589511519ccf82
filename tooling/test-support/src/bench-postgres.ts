import { benchPostgresUrlOverride, providedPostgresUrl, setPostgresUrlEnv } from './env';
import { startPostgresCluster } from './postgres-cluster';

/**
 * The PostgreSQL a benchmark's createTestDb({ kind: 'postgres' }) uses: the one already given to the run, or the
 * server STOWAGE_BENCH_POSTGRES_URL names (a superuser URL), or a throwaway cluster started here. `stop` stops
 * only a cluster started here.
 */
export async function providePostgresForBench(label: string): Promise<{ stop: () => Promise<void> }> {
  if (providedPostgresUrl()) return { stop: async () => undefined };
  const given = benchPostgresUrlOverride();
  if (given) {
    setPostgresUrlEnv(given);
    return { stop: async () => undefined };
  }
  console.log('bench: starting a throwaway PostgreSQL cluster');
  const cluster = await startPostgresCluster({ label });
  setPostgresUrlEnv(cluster.superuserUrl());
  return { stop: () => cluster.stop() };
}
