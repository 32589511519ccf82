import type { TransferProgress } from '../jobs/job-view';

/**
 * The sync state of (object, zone) or (object, object store), derived from replica rows every time it is
 * shown (invariant 6): nothing stores it twice.
 */
export type SyncCellState =
  | 'allocated'
  | 'copying'
  | 'ready'
  | 'failed'
  | 'destroying'
  /** Wanted here, not scheduled yet: its source copy is not ready. */
  | 'pending'
  /** The placement policy does not name this zone. */
  | 'not_placed'
  /** A staging zone: copied into its cache when a hypervisor asks. */
  | 'on_demand'
  | 'cached'
  /** No store to hold it (no record store in the zone, or no object store in the region). */
  | 'no_store';

export interface SyncCell {
  state: SyncCellState;
  replicaId: string | null;
  storeName: string | null;
  error: string | null;
  progress: TransferProgress | null;
}

export interface CellReplica {
  id: string;
  state: string;
  error: string | null;
  store: { name: string; role: string; zoneId: string | null };
  progress: TransferProgress | null;
}

const SHOWN_FIRST = ['copying', 'allocated', 'failed', 'ready', 'destroying'];

function fromReplica(replica: CellReplica): SyncCell {
  return {
    state: replica.state as SyncCellState,
    replicaId: replica.id,
    storeName: replica.store.name,
    error: replica.error,
    progress: replica.state === 'copying' || replica.state === 'allocated' ? replica.progress : null,
  };
}

const empty = (state: SyncCellState): SyncCell => ({ state, replicaId: null, storeName: null, error: null, progress: null });

function mostTelling(replicas: CellReplica[]): CellReplica | undefined {
  return [...replicas].sort((a, b) => SHOWN_FIRST.indexOf(a.state) - SHOWN_FIRST.indexOf(b.state))[0];
}

export function zoneCell(options: {
  zone: { id: string; mode: string; hasRecordStore: boolean };
  placed: boolean;
  replicas: CellReplica[];
}): SyncCell {
  const { zone, placed } = options;
  const live = options.replicas.filter((replica) => replica.state !== 'destroyed' && replica.store.zoneId === zone.id);
  if (zone.mode === 'staging') {
    const cached = live.find((replica) => replica.store.role === 'staging' && replica.state === 'ready');
    if (cached) return { ...fromReplica(cached), state: 'cached' };
    const record = mostTelling(live.filter((replica) => replica.store.role === 'record'));
    return record ? fromReplica(record) : empty('on_demand');
  }
  const record = mostTelling(live.filter((replica) => replica.store.role === 'record'));
  if (record) return fromReplica(record);
  if (!placed) return empty('not_placed');
  return empty(zone.hasRecordStore ? 'pending' : 'no_store');
}

export function objectStoreCell(options: { replicas: CellReplica[]; hasObjectStore: boolean }): SyncCell {
  const live = options.replicas.filter((replica) => replica.state !== 'destroyed' && replica.store.role === 'object');
  const replica = mostTelling(live);
  if (replica) return fromReplica(replica);
  return empty(options.hasObjectStore ? 'pending' : 'no_store');
}
