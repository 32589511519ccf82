import { createDb } from '@stowage/db';
import { startWorker } from '@stowage/engine';
import { createSecretBox, defaultDatabaseUrl, flushAccessHistory, loadSecretKey } from '@stowage/services';
import { readEnv } from './env';
import { productVersion } from './version';

process.title = 'stowage-worker';
const env = readEnv();
const db = createDb({ url: env.DATABASE_URL ?? defaultDatabaseUrl(env.STOWAGE_DATA_DIR) });
const secrets = createSecretBox(loadSecretKey({ dataDir: env.STOWAGE_DATA_DIR, keyFromEnv: env.STOWAGE_SECRET_KEY }));

const worker = startWorker({
  ctx: { db, secrets, actor: 'worker' },
  workerId: env.STOWAGE_WORKER_ID,
  zones: env.STOWAGE_WORKER_ZONES,
  version: productVersion(),
  concurrency: env.STOWAGE_WORKER_CONCURRENCY,
  leaseMs: env.STOWAGE_JOB_LEASE_S * 1000,
  reconcileIntervalMs: env.STOWAGE_RECONCILE_INTERVAL_MS,
  storeProbeMs: env.STOWAGE_PROBE_INTERVAL_S * 1000,
  log: (message) => console.log(`[worker] ${message}`),
});

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: handing running jobs back to the queue`);
  void worker.stop().then(async () => {
    await flushAccessHistory(db);
    await db.$disconnect();
    process.exit(0);
  });
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
// Started by the supervisor with an IPC channel: when the supervisor dies, this worker stops too.
process.on('disconnect', () => shutdown('supervisor gone'));
