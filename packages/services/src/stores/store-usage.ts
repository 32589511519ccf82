import { readReplicaCounts, type Db } from '@stowage/db';
import type { StoreUsage } from './store-view';

/** Replicas that occupy a store: everything not yet destroyed. */
export const LIVE_REPLICA_STATES = ['allocated', 'copying', 'ready', 'failed', 'destroying'];

/**
 * What each store holds (its live replicas and their bytes), from the per-state counters the Replica triggers keep
 * (docs/architecture.md, "Counts per state"): a read of a few rows per store, however many replicas there are.
 */
export async function storeUsage(db: Db, storeIds: string[]): Promise<Map<string, StoreUsage>> {
  const usage = new Map<string, StoreUsage>(storeIds.map((id) => [id, { replicaCount: 0, replicaBytes: 0 }]));
  for (const row of await readReplicaCounts(db)) {
    const store = usage.get(row.storeId);
    if (!store || !LIVE_REPLICA_STATES.includes(row.state)) continue;
    store.replicaCount += row.count;
    store.replicaBytes += row.bytes;
  }
  return usage;
}
