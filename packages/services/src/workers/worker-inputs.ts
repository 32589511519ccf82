import { z } from 'zod';

export const workerId = z.string().trim().min(1).max(200);

/** Zone names as a worker declares them; null means every zone. */
export const workerZones = z.array(z.string().trim().min(1).max(200)).max(1000).nullable();

export const workerStoreHealthInput = z.object({
  storeId: z.string().min(1).max(200),
  ok: z.boolean(),
  error: z.string().max(2000).nullable(),
});
export type WorkerStoreHealthInput = z.infer<typeof workerStoreHealthInput>;
