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
  /** Wanted here, not scheduled yet: the copy it will come from is still being made. */
  | 'pending'
  /** Wanted here, but no copy it could come from is ready or on its way: nothing happens until a retry. */
  | 'blocked'
  /** The placement policy does not name this zone. */
  | 'not_placed'
  /** A staging zone: copied into its cache when a hypervisor asks. */
  | 'on_demand'
  | 'cached'
  /** An object store that takes no new copies (read-only or draining) and has none of this object. */
  | 'not_written'
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
  store: { id: string; name: string; role: string; zoneId: string | null };
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

const COMING = new Set(['allocated', 'copying', 'ready']);

/** Is a copy on a store of one of `roles` ready, or being made? Then a copy waiting for it is only pending. */
function sourceComing(replicas: CellReplica[], roles: string[]): boolean {
  return replicas.some((replica) => COMING.has(replica.state) && roles.includes(replica.store.role));
}

export function zoneCell(options: {
  zone: { id: string; mode: string; hasRecordStore: boolean };
  placed: boolean;
  replicas: CellReplica[];
  /** The region has an object store, so zones sync from it. */
  hasObjectStore: boolean;
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
  if (!zone.hasRecordStore) return empty('no_store');
  return empty(sourceComing(options.replicas, options.hasObjectStore ? ['object'] : ['record']) ? 'pending' : 'blocked');
}

/** The cell of one object store; with `store` null, the region has none and the object no backup. */
export function objectStoreCell(options: { replicas: CellReplica[]; store: { id: string; adminState: string } | null }): SyncCell {
  if (!options.store) return empty('no_store');
  const { id, adminState } = options.store;
  const replica = mostTelling(options.replicas.filter((candidate) => candidate.state !== 'destroyed' && candidate.store.id === id));
  if (replica) return fromReplica(replica);
  if (adminState === 'read_only' || adminState === 'draining') return empty('not_written');
  return empty(sourceComing(options.replicas, ['record', 'object']) ? 'pending' : 'blocked');
}
