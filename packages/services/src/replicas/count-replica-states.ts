import { REPLICA_STATES, type ReplicaState, type StoreRole } from '@stowage/core';
import { readReplicaCounts } from '@stowage/db';
import type { ServiceContext } from '../context';

/** Replicas in each state (every state present, zero when none). */
export type StateCounts = Record<ReplicaState, number>;

export interface StoreStateCounts {
  storeId: string;
  zoneId: string | null;
  role: StoreRole;
  counts: StateCounts;
  /** Σ bytesTotal of the replicas in each state (sizes not known yet count 0). */
  bytes: StateCounts;
}

export interface ZoneStateCounts {
  zoneId: string;
  /** The zone's record stores only: its copies of the objects (staging stores hold a cache, not copies). */
  counts: StateCounts;
}

export interface ReplicaStateCounts {
  /** Every store, with zeros for a store without replicas. */
  byStore: StoreStateCounts[];
  /** Every zone, with zeros for a zone without copies. */
  byZone: ZoneStateCounts[];
}

export const emptyStateCounts = (): StateCounts => Object.fromEntries(REPLICA_STATES.map((state) => [state, 0])) as StateCounts;

const isReplicaState = (state: string): state is ReplicaState => (REPLICA_STATES as readonly string[]).includes(state);

/**
 * Replicas per store × state and per zone × state, from the counters the Replica triggers keep
 * (docs/architecture.md, "Counts per state"): a read of a few hundred rows however many replicas there are.
 */
export async function countReplicaStates(ctx: Pick<ServiceContext, 'db'>): Promise<ReplicaStateCounts> {
  const [rows, stores, zones] = await Promise.all([
    readReplicaCounts(ctx.db),
    ctx.db.store.findMany({ select: { id: true, zoneId: true, role: true }, orderBy: { name: 'asc' } }),
    ctx.db.zone.findMany({ select: { id: true }, orderBy: { name: 'asc' } }),
  ]);
  const byStore = new Map<string, StoreStateCounts>(
    stores.map((store) => [store.id, { storeId: store.id, zoneId: store.zoneId, role: store.role as StoreRole, counts: emptyStateCounts(), bytes: emptyStateCounts() }]),
  );
  const byZone = new Map<string, ZoneStateCounts>(zones.map((zone) => [zone.id, { zoneId: zone.id, counts: emptyStateCounts() }]));
  for (const row of rows) {
    const store = byStore.get(row.storeId);
    if (!store || !isReplicaState(row.state)) continue;
    store.counts[row.state] += row.count;
    store.bytes[row.state] += row.bytes;
    if (store.role === 'record' && store.zoneId) {
      const zone = byZone.get(store.zoneId);
      if (zone) zone.counts[row.state] += row.count;
    }
  }
  return { byStore: [...byStore.values()], byZone: [...byZone.values()] };
}
