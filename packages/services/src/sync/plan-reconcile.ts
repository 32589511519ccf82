/**
 * The reconciler's decision for one object, as a pure function: which replicas the placement policy, the
 * zones' modes and the registered stores want, against the replicas that exist; the difference as actions.
 *
 * - The region's object store keeps one copy (the backup in backup mode, the store of record in staging mode).
 * - Each zone the policy names that is in backup mode keeps a copy on its record store, copied from the
 *   object store (or from another zone's record store when the region has no object store).
 * - Staging stores are caches filled on demand; the reconciler never touches them unless the object is deleted.
 * - A ready copy is destroyed only when another ready copy is wanted and stays, or the object is deleted.
 */

export interface WorldZone {
  id: string;
  mode: string;
}

export interface WorldStore {
  id: string;
  role: string;
  zoneId: string | null;
  adminState: string;
}

export interface World {
  zones: WorldZone[];
  /** Oldest first: the first writable store of a role is where new copies go. */
  stores: WorldStore[];
}

export interface PlannedObject {
  id: string;
  placement: string;
  originZoneId: string | null;
  chosenZoneIds: string[];
  sha256: string | null;
  deletedAt: Date | null;
  replicas: { id: string; storeId: string; state: string }[];
}

export type ReconcileAction =
  | { type: 'copy'; kind: 'backup' | 'sync'; targetStoreId: string; sourceStoreId: string; replicaId: string | null }
  | { type: 'destroy'; replicaId: string; storeId: string }
  | { type: 'purge' };

const LIVE = new Set(['allocated', 'copying', 'ready', 'failed', 'destroying']);

export function planReconcile(object: PlannedObject, world: World, options: { repair?: ReadonlySet<string> } = {}): ReconcileAction[] {
  const storesById = new Map(world.stores.map((store) => [store.id, store]));
  const live = object.replicas.filter((replica) => LIVE.has(replica.state) && storesById.has(replica.storeId));

  if (object.deletedAt) return planDeletion(object, live);
  if (!object.sha256) return [];

  const desired = desiredStoreIds(object, world, live, storesById);
  const actions: ReconcileAction[] = [];
  const replicaOn = new Map(object.replicas.map((replica) => [replica.storeId, replica]));
  const ready = live.filter((replica) => replica.state === 'ready');

  for (const storeId of desired) {
    const existing = replicaOn.get(storeId);
    const needsCopy = !existing || existing.state === 'destroyed' || (existing.state === 'failed' && options.repair?.has(existing.id));
    if (!needsCopy) continue;
    const target = storesById.get(storeId)!;
    const source = chooseSource(target, ready, desired, storesById);
    if (!source) continue;
    actions.push({
      type: 'copy',
      kind: target.role === 'object' ? 'backup' : 'sync',
      targetStoreId: storeId,
      sourceStoreId: source,
      replicaId: existing?.id ?? null,
    });
  }

  const readyDesired = ready.filter((replica) => desired.has(replica.storeId));
  for (const replica of live) {
    const store = storesById.get(replica.storeId)!;
    if (store.role === 'staging' || desired.has(replica.storeId)) continue;
    if (replica.state === 'failed' || (replica.state === 'ready' && readyDesired.length > 0)) {
      actions.push({ type: 'destroy', replicaId: replica.id, storeId: replica.storeId });
    }
  }
  return actions;
}

function planDeletion(object: PlannedObject, live: PlannedObject['replicas']): ReconcileAction[] {
  const destroyable = live.filter((replica) => replica.state === 'ready' || replica.state === 'failed');
  const actions: ReconcileAction[] = destroyable.map((replica) => ({ type: 'destroy', replicaId: replica.id, storeId: replica.storeId }));
  if (live.length === 0) actions.push({ type: 'purge' });
  return actions;
}

function placementZoneIds(object: PlannedObject, world: World): string[] {
  switch (object.placement) {
    case 'all_zones':
      return world.zones.map((zone) => zone.id);
    case 'chosen_zones':
      return object.chosenZoneIds;
    default:
      return object.originZoneId ? [object.originZoneId] : [];
  }
}

function desiredStoreIds(
  object: PlannedObject,
  world: World,
  live: PlannedObject['replicas'],
  storesById: Map<string, WorldStore>,
): Set<string> {
  const desired = new Set<string>();
  const liveOn = (predicate: (store: WorldStore) => boolean) =>
    live.find((replica) => {
      const store = storesById.get(replica.storeId)!;
      return replica.state !== 'destroying' && store.adminState !== 'draining' && predicate(store);
    })?.storeId;
  const firstWritable = (predicate: (store: WorldStore) => boolean) =>
    world.stores.find((store) => store.adminState === 'active' && predicate(store))?.id;

  const objectStore = liveOn((store) => store.role === 'object') ?? firstWritable((store) => store.role === 'object');
  if (objectStore) desired.add(objectStore);

  const modeOf = new Map(world.zones.map((zone) => [zone.id, zone.mode]));
  for (const zoneId of placementZoneIds(object, world)) {
    if (modeOf.get(zoneId) !== 'backup') continue;
    const inZone = (store: WorldStore) => store.role === 'record' && store.zoneId === zoneId;
    const recordStore = liveOn(inZone) ?? firstWritable(inZone);
    if (recordStore) desired.add(recordStore);
  }
  return desired;
}

/** Zones sync from the object store; the object store is filled from any ready record copy. */
function chooseSource(
  target: WorldStore,
  ready: PlannedObject['replicas'],
  desired: Set<string>,
  storesById: Map<string, WorldStore>,
): string | null {
  const readyOn = (role: string) => ready.find((replica) => storesById.get(replica.storeId)!.role === role)?.storeId ?? null;
  if (target.role === 'object') return readyOn('record') ?? (ready.find((replica) => replica.storeId !== target.id)?.storeId ?? null);
  const objectStoreWanted = [...desired].some((id) => storesById.get(id)!.role === 'object');
  if (objectStoreWanted) return readyOn('object');
  return readyOn('record');
}
