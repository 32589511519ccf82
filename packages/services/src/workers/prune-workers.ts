import type { Db } from '@stowage/db';
import { WORKER_PRUNE_AFTER_MS } from './worker-tuning';

/** Forgets workers stopped, or silent, for more than a day (their store health goes with them). */
export async function pruneWorkers(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - WORKER_PRUNE_AFTER_MS);
  const pruned = await db.worker.deleteMany({ where: { OR: [{ stoppedAt: { lt: cutoff } }, { stoppedAt: null, heartbeatAt: { lt: cutoff } }] } });
  return pruned.count;
}
