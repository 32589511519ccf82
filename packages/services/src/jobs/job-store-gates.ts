import type { Db } from '@stowage/db';

/** Running jobs whose lease is live: what a store's concurrent-transfer limit counts. */
const liveRunning = (now: Date) => ({ state: 'running', leaseExpiresAt: { gt: now } });

const storesOf = (job: { sourceStoreId: string | null; targetStoreId: string | null }) =>
  [job.sourceStoreId, job.targetStoreId].filter((id): id is string => id !== null);

export interface StoreGates {
  /** The last probe failed, or the admin put them in maintenance: no job may touch them now. */
  blocked: Set<string>;
  /** As many live transfers run as their limit allows: no new claim for them. */
  full: Set<string>;
  /** maxConcurrentTransfers of every store. */
  limits: Map<string, number>;
}

/** Which stores a claim must leave alone right now, and every store's transfer limit. */
export async function readStoreGates(db: Db, now: Date): Promise<StoreGates> {
  const [stores, running] = await Promise.all([
    db.store.findMany({ select: { id: true, lastProbeOk: true, adminState: true, maxConcurrentTransfers: true } }),
    db.job.findMany({ where: liveRunning(now), select: { sourceStoreId: true, targetStoreId: true } }),
  ]);
  const transfers = new Map<string, number>();
  for (const job of running) for (const storeId of storesOf(job)) transfers.set(storeId, (transfers.get(storeId) ?? 0) + 1);
  const gates: StoreGates = { blocked: new Set(), full: new Set(), limits: new Map() };
  for (const store of stores) {
    gates.limits.set(store.id, store.maxConcurrentTransfers);
    if (store.lastProbeOk === false || store.adminState === 'maintenance') gates.blocked.add(store.id);
    else if ((transfers.get(store.id) ?? 0) >= store.maxConcurrentTransfers) gates.full.add(store.id);
  }
  return gates;
}

/**
 * After claiming: the claimed jobs that are not among the first `maxConcurrentTransfers` live running jobs
 * (oldest claim first) of every store they touch. When two workers claim past a limit at once, the later
 * claims step back.
 */
export async function jobsOverTransferLimits(
  db: Db,
  jobs: { id: string; sourceStoreId: string | null; targetStoreId: string | null }[],
  limits: Map<string, number>,
  now: Date,
): Promise<Set<string>> {
  const storeIds = [...new Set(jobs.flatMap(storesOf))].filter((id) => limits.has(id));
  if (storeIds.length === 0) return new Set();
  const running = await db.job.findMany({
    where: { ...liveRunning(now), OR: [{ sourceStoreId: { in: storeIds } }, { targetStoreId: { in: storeIds } }] },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, sourceStoreId: true, targetStoreId: true },
  });
  const rank = new Map<string, number>();
  const within = new Set<string>();
  const over = new Set<string>();
  for (const job of running) {
    let fits = true;
    for (const storeId of storesOf(job)) {
      const place = (rank.get(storeId) ?? 0) + 1;
      rank.set(storeId, place);
      if (place > (limits.get(storeId) ?? Infinity)) fits = false;
    }
    (fits ? within : over).add(job.id);
  }
  return new Set(jobs.filter((job) => over.has(job.id) || !within.has(job.id)).map((job) => job.id));
}
