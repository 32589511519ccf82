import { z } from 'zod';
import type { Db } from '@stowage/db';
import { workerId } from './worker-inputs';

export const markWorkerStoppedInput = z.object({ id: workerId });

/** A clean stop: the worker is shown stopped, not stale, and its store health no longer counts. */
export async function markWorkerStopped(db: Db, input: z.input<typeof markWorkerStoppedInput>, now = new Date()): Promise<void> {
  const { id } = markWorkerStoppedInput.parse(input);
  await db.worker.updateMany({ where: { id }, data: { stoppedAt: now } });
}
