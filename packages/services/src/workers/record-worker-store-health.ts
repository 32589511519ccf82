import { z } from 'zod';
import type { Db } from '@stowage/db';
import { workerId, workerStoreHealthInput } from './worker-inputs';

export const recordWorkerStoreHealthInput = z.object({ workerId, health: z.array(workerStoreHealthInput).max(10_000) });

/** Saves what one worker found on the stores it checked (a store removed meanwhile is skipped). */
export async function recordWorkerStoreHealth(db: Db, input: z.input<typeof recordWorkerStoreHealthInput>, now = new Date()): Promise<void> {
  const { workerId: id, health } = recordWorkerStoreHealthInput.parse(input);
  if (health.length === 0) return;
  const existing = new Set((await db.store.findMany({ where: { id: { in: health.map((entry) => entry.storeId) } }, select: { id: true } })).map((store) => store.id));
  for (const entry of health) {
    if (!existing.has(entry.storeId)) continue;
    const data = { ok: entry.ok, error: entry.ok ? null : entry.error, checkedAt: now };
    await db.workerStoreHealth.upsert({
      where: { workerId_storeId: { workerId: id, storeId: entry.storeId } },
      create: { workerId: id, storeId: entry.storeId, ...data },
      update: data,
    });
  }
}
