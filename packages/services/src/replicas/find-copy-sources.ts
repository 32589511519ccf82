import type { Db, Prisma } from '@stowage/db';
import { rankCopySources } from '../sync/plan-reconcile';

export interface CopySource {
  storeId: string;
  location: string;
  healthy: boolean;
}

/**
 * The ready copies a copy of `objectId` into `targetStoreId` can read from, best first (see rankCopySources):
 * `preferred` (the job's planned source) leads while it is healthy.
 */
export async function findCopySources(
  db: Db | Prisma.TransactionClient,
  options: { objectId: string; targetStoreId: string; preferred?: string | null },
): Promise<CopySource[]> {
  const target = await db.store.findUnique({ where: { id: options.targetStoreId }, select: { id: true, role: true, zoneId: true, adminState: true } });
  if (!target) return [];
  const ready = await db.replica.findMany({
    where: { objectId: options.objectId, state: 'ready', storeId: { not: options.targetStoreId } },
    orderBy: [{ readyAt: 'asc' }, { id: 'asc' }],
    select: { location: true, store: { select: { id: true, role: true, zoneId: true, adminState: true, lastProbeOk: true } } },
  });
  const holders = ready.map(({ location, store }) => ({
    ...store,
    location,
    healthy: store.lastProbeOk !== false && store.adminState !== 'maintenance',
  }));
  const ranked = rankCopySources(target, holders);
  const preferred = ranked.findIndex((store) => store.id === options.preferred && store.healthy);
  if (preferred > 0) ranked.unshift(...ranked.splice(preferred, 1));
  return ranked.map((store) => ({ storeId: store.id, location: store.location, healthy: store.healthy }));
}
