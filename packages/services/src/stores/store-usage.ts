import { bytesToNumber, type Db, type Prisma } from '@stowage/db';
import type { StoreUsage } from './store-view';

/** Replicas that occupy a store: everything not yet destroyed. */
export const LIVE_REPLICA_STATES = ['allocated', 'copying', 'ready', 'failed', 'destroying'];

export async function storeUsage(
  tx: Db | Prisma.TransactionClient,
  storeIds: string[],
): Promise<Map<string, StoreUsage>> {
  const groups = await tx.replica.groupBy({
    by: ['storeId'],
    where: { storeId: { in: storeIds }, state: { in: LIVE_REPLICA_STATES } },
    _count: { _all: true },
    _sum: { bytesTotal: true },
  });
  const usage = new Map<string, StoreUsage>();
  for (const id of storeIds) usage.set(id, { replicaCount: 0, replicaBytes: 0 });
  for (const group of groups) {
    usage.set(group.storeId, {
      replicaCount: group._count._all,
      replicaBytes: bytesToNumber(group._sum.bytesTotal) ?? 0,
    });
  }
  return usage;
}
