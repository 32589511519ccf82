import type { Db } from '@stowage/db';
import { reachesZone } from './reaches-zone';

export interface ReachableStore {
  id: string;
  name: string;
  provider: string;
  role: string;
  config: string;
  secretsSealed: string | null;
  adminState: string;
  zoneName: string | null;
}

/** The stores a worker with these zones can reach: every region-wide (object) store, and the stores of its zones. */
export async function reachableStores(db: Db, zones: string[] | null): Promise<ReachableStore[]> {
  const stores = await db.store.findMany({
    select: { id: true, name: true, provider: true, role: true, config: true, secretsSealed: true, adminState: true, zone: { select: { name: true } } },
    orderBy: { id: 'asc' },
  });
  return stores
    .map(({ zone, ...store }) => ({ ...store, zoneName: zone?.name ?? null }))
    .filter((store) => store.zoneName === null || reachesZone(zones, store.zoneName));
}
