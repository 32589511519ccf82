import type { Db } from '@stowage/db';

/**
 * The rate one transfer may use: each limited store's bandwidth divided among the live transfers touching
 * it (across all workers), the tightest store deciding. Null when no store it touches is limited.
 */
export async function bandwidthShare(db: Db, storeIds: string[], now = new Date()): Promise<number | null> {
  if (storeIds.length === 0) return null;
  const limited = await db.store.findMany({
    where: { id: { in: storeIds }, bandwidthLimitBps: { not: null } },
    select: { id: true, bandwidthLimitBps: true },
  });
  let share: number | null = null;
  for (const store of limited) {
    const running = await db.job.count({
      where: { state: 'running', leaseExpiresAt: { gt: now }, OR: [{ sourceStoreId: store.id }, { targetStoreId: store.id }] },
    });
    const mine = Number(store.bandwidthLimitBps) / Math.max(1, running);
    share = share === null ? mine : Math.min(share, mine);
  }
  return share;
}
