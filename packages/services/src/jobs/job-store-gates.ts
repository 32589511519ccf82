import type { Db } from '@stowage/db';

/** Running jobs whose lease is live: what a store's concurrent-transfer limit counts. */
const liveRunning = (now: Date) => ({ state: 'running', leaseExpiresAt: { gt: now } });

/**
 * Stores no job may be claimed for right now: the last probe failed, the admin put them in maintenance
 * (`blocked`), or as many live transfers as their limit allows already run (`full`).
 */
export async function storesToAvoid(db: Db, now: Date): Promise<{ blocked: Set<string>; full: Set<string> }> {
  const [stores, bySource, byTarget] = await Promise.all([
    db.store.findMany({ select: { id: true, lastProbeOk: true, adminState: true, maxConcurrentTransfers: true } }),
    db.job.groupBy({ by: ['sourceStoreId'], where: { ...liveRunning(now), sourceStoreId: { not: null } }, _count: { _all: true } }),
    db.job.groupBy({ by: ['targetStoreId'], where: { ...liveRunning(now), targetStoreId: { not: null } }, _count: { _all: true } }),
  ]);
  const running = new Map<string, number>();
  for (const row of bySource) running.set(row.sourceStoreId!, (running.get(row.sourceStoreId!) ?? 0) + row._count._all);
  for (const row of byTarget) running.set(row.targetStoreId!, (running.get(row.targetStoreId!) ?? 0) + row._count._all);
  const blocked = new Set<string>();
  const full = new Set<string>();
  for (const store of stores) {
    if (store.lastProbeOk === false || store.adminState === 'maintenance') blocked.add(store.id);
    else if ((running.get(store.id) ?? 0) >= store.maxConcurrentTransfers) full.add(store.id);
  }
  return { blocked, full };
}

/**
 * After claiming: the claimed jobs that are not among the first `maxConcurrentTransfers` live running jobs
 * (oldest claim first) of every store they touch. When two workers claim past a limit at once, the later
 * claims step back.
 */
export async function jobsOverTransferLimits(
  db: Db,
  jobs: { id: string; sourceStoreId: string | null; targetStoreId: string | null }[],
  now: Date,
): Promise<Set<string>> {
  const storeIds = [...new Set(jobs.flatMap((job) => [job.sourceStoreId, job.targetStoreId]).filter((id): id is string => id !== null))];
  if (storeIds.length === 0) return new Set();
  const stores = await db.store.findMany({ where: { id: { in: storeIds } }, select: { id: true, maxConcurrentTransfers: true } });
  const allowed = new Map<string, Set<string>>();
  await Promise.all(
    stores.map(async (store) => {
      const first = await db.job.findMany({
        where: { ...liveRunning(now), OR: [{ sourceStoreId: store.id }, { targetStoreId: store.id }] },
        orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
        select: { id: true },
        take: store.maxConcurrentTransfers,
      });
      allowed.set(store.id, new Set(first.map((job) => job.id)));
    }),
  );
  const over = new Set<string>();
  for (const job of jobs) {
    for (const storeId of [job.sourceStoreId, job.targetStoreId]) {
      const first = storeId ? allowed.get(storeId) : undefined;
      if (first && !first.has(job.id)) over.add(job.id);
    }
  }
  return over;
}
