import { z } from 'zod';
import type { Db } from '@stowage/db';
import { workerId, workerZones } from './worker-inputs';
import { zonesToJson } from './zones-json';

export const registerWorkerInput = z.object({
  id: workerId,
  hostname: z.string().min(1).max(255),
  pid: z.number().int().min(0),
  version: z.string().min(1).max(200),
  zones: workerZones,
});

/** A worker's row at start: who it is, what it runs, the zones it reaches. A restart under the same id starts afresh. */
export async function registerWorker(db: Db, input: z.input<typeof registerWorkerInput>, now = new Date()): Promise<void> {
  const { id, zones, ...rest } = registerWorkerInput.parse(input);
  const data = { ...rest, zones: zonesToJson(zones), startedAt: now, heartbeatAt: now, stoppedAt: null };
  await db.$transaction(async (tx) => {
    await tx.workerStoreHealth.deleteMany({ where: { workerId: id } });
    await tx.worker.upsert({ where: { id }, create: { id, ...data }, update: data });
  });
}
