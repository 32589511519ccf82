/**
 * The reconciler's decision for one object, as a pure function: which replicas the placement policy, the
 * zones' modes and the registered stores want, against the replicas that exist; the difference as actions.
 *
 * - Every active object store of the region keeps a copy (the backup in backup mode, the store of record in
 *   staging mode), so that backups on two providers survive the loss of one; an object store that is read-only
 *   or in maintenance keeps the copy it has but gets no new one.
 * - Each zone the policy names that is in backup mode keeps a copy on its record store, copied from an object
 *   store (or from another zone's record store when no object store has a ready copy).
 * - Staging stores are caches filled on demand; the reconciler never touches them unless the object is deleted.
 * - A ready copy is destroyed only when another ready copy is wanted and stays, or the object is deleted.
 * - Copies are read from a healthy store when there is one (see chooseSource).
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
  /** False when its last probe failed or it is in maintenance: read from it only when nothing else has a copy. */
  healthy?: boolean;
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

  const holdsLiveCopy = new Set(live.filter((replica) => replica.state !== 'destroying').map((replica) => replica.storeId));
  for (const store of world.stores) {
    if (store.role !== 'object') continue;
    if (store.adminState === 'active' || (holdsLiveCopy.has(store.id) && store.adminState !== 'draining')) desired.add(store.id);
  }

  const modeOf = new Map(world.zones.map((zone) => [zone.id, zone.mode]));
  for (const zoneId of placementZoneIds(object, world)) {
    if (modeOf.get(zoneId) !== 'backup') continue;
    const inZone = (store: WorldStore) => store.role === 'record' && store.zoneId === zoneId;
    const recordStore = liveOn(inZone) ?? firstWritable(inZone);
    if (recordStore) desired.add(recordStore);
  }
  return desired;
}

/**
 * Where a copy reads from, among the ready copies: a healthy store before one that is down or in maintenance,
 * then by role. An object store is filled from a record copy, else from another object store. A zone syncs
 * from an object store — waiting for the backup while none has a ready copy yet — and from another zone's
 * record store only when every object store with a copy is down, or the region has no object store.
 */
function chooseSource(
  target: WorldStore,
  ready: PlannedObject['replicas'],
  desired: Set<string>,
  storesById: Map<string, WorldStore>,
): string | null {
  const candidates = rankCopySources(target, ready.map((replica) => storesById.get(replica.storeId)!));
  const backupWanted = [...desired].some((id) => storesById.get(id)!.role === 'object');
  if (target.role === 'record' && backupWanted && !candidates.some((store) => store.role === 'object')) return null;
  return candidates[0]?.id ?? null;
}

/** The roles a copy into a store of `role` may read from, preferred first. A staging cache fills from object stores. */
const SOURCE_ROLES: Record<string, string[]> = { object: ['record', 'object'], record: ['object', 'record'], staging: ['object'] };

/**
 * The stores holding a ready copy that a copy into `target` may read from, best first: healthy before down
 * or in maintenance, then by role (SOURCE_ROLES); ties keep their order. The worker uses the same order to
 * fall over to the next source when one cannot be read.
 */
export function rankCopySources<S extends WorldStore>(target: WorldStore, holders: S[]): S[] {
  const roles = SOURCE_ROLES[target.role] ?? [];
  const rank = (store: WorldStore) => (store.healthy === false ? roles.length : 0) + roles.indexOf(store.role);
  return holders.filter((store) => store.id !== target.id && roles.includes(store.role)).sort((a, b) => rank(a) - rank(b));
}
