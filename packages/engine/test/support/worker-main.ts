/*
 * A Stowage worker in a process of its own, for tests that kill it (crash safety) and benchmarks:
 * `node --import tsx test/support/worker-main.ts` (see worker-process.ts, which spawns it).
 *
 * Environment:
 *   DATABASE_URL                    file: URL of the test database (required)
 *   STOWAGE_SECRET_KEY              the secret box key, 64 hex characters (required)
 *   STOWAGE_WORKER_ID               worker id (default: host:pid:random)
 *   STOWAGE_JOB_LEASE_MS            job lease in milliseconds (default: the engine's)
 *   STOWAGE_WORKER_CONCURRENCY      jobs at once (default 4)
 *   STOWAGE_POLL_MS                 idle poll (default 50)
 *   STOWAGE_RECONCILE_INTERVAL_MS   reconciler tick (default 100)
 *   STOWAGE_DOWN_STORE_PROBE_MS     re-probe of down stores (default 500)
 *   STOWAGE_WAIT_FOR_GO             "1": load everything, open the database, print "warm", then wait for a
 *                                   line "go" on stdin before starting the worker (a pre-started standby)
 *
 * Prints "ready <workerId>" once the worker loop runs. Exits at once when stdin closes (the parent died),
 * so an aborted test run leaves no worker behind; SIGTERM stops gracefully (jobs go back to the queue).
 */
import { createInterface } from 'node:readline';
import { createDb } from '@stowage/db';
import { createSecretBox, parseSecretKey } from '@stowage/services';
import { startWorker, type Worker } from '../../src';

const env = process.env;
const number = (name: string, fallback?: number) => {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, not ${value}`);
  return parsed;
};

if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');
if (!env.STOWAGE_SECRET_KEY) throw new Error('STOWAGE_SECRET_KEY is required');

const db = createDb({ url: env.DATABASE_URL });
const secrets = createSecretBox(parseSecretKey(env.STOWAGE_SECRET_KEY));
// Opens the database now, so a standby's first claim does not pay for it.
await db.$queryRawUnsafe('SELECT 1');

let worker: Worker | null = null;
const start = () => {
  if (worker) return;
  worker = startWorker({
    ctx: { db, secrets, actor: 'worker' },
    workerId: env.STOWAGE_WORKER_ID || undefined,
    concurrency: number('STOWAGE_WORKER_CONCURRENCY', 4),
    leaseMs: number('STOWAGE_JOB_LEASE_MS'),
    pollMs: number('STOWAGE_POLL_MS', 50),
    reconcileIntervalMs: number('STOWAGE_RECONCILE_INTERVAL_MS', 100),
    downStoreProbeMs: number('STOWAGE_DOWN_STORE_PROBE_MS', 500),
    log: (message) => console.log(`[worker] ${message}`),
  });
  console.log(`ready ${worker.workerId}`);
};

const stdin = createInterface({ input: process.stdin });
stdin.on('line', (line) => {
  if (line.trim() === 'go') start();
});
// The parent is gone (or closed our stdin): a crash-test worker must not outlive its test.
stdin.on('close', () => process.exit(3));

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await worker?.stop();
    await db.$disconnect();
    process.exit(0);
  })();
});

if (env.STOWAGE_WAIT_FOR_GO === '1') console.log('warm');
else start();
