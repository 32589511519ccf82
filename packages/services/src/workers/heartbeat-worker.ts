import { z } from 'zod';
import type { Db } from '@stowage/db';
import { workerId, workerStoreHealthInput } from './worker-inputs';
import { recordWorkerStoreHealth } from './record-worker-store-health';

export const heartbeatWorkerInput = z.object({ id: workerId, health: z.array(workerStoreHealthInput).max(10_000).default([]) });

/**
 * The worker is alive, and this is how it found the stores it reaches. False when its row is gone (pruned, or
 * never registered): the caller registers again.
 */
export async function heartbeatWorker(db: Db, input: z.input<typeof heartbeatWorkerInput>, now = new Date()): Promise<boolean> {
  const { id, health } = heartbeatWorkerInput.parse(input);
  const beat = await db.worker.updateMany({ where: { id }, data: { heartbeatAt: now, stoppedAt: null } });
  if (beat.count !== 1) return false;
  await recordWorkerStoreHealth(db, { workerId: id, health }, now);
  return true;
}
