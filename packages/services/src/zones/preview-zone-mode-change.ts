import { createHash } from 'node:crypto';
import { z } from 'zod';
import { countOf, entityId, ZONE_MODES, type ZoneMode } from '@stowage/core';
import { bytesToNumber, type Db, type Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { liveLease } from '../cache/lease-rules';
import { planReconcile, type PlannedObject, type ReconcileAction, type World } from '../sync/plan-reconcile';
import { loadWorld, plannedObjectSelect, toPlannedObject } from '../sync/reconcile';
import { bytePhrase } from './byte-phrase';
import { findZoneOrThrow } from './find-zone';

export const previewZoneModeChangeInput = z.object({ zoneId: entityId, mode: z.enum(ZONE_MODES) });
export type PreviewZoneModeChangeInput = z.input<typeof previewZoneModeChangeInput>;

type Tx = Db | Prisma.TransactionClient;

export interface ObjectsAndBytes {
  objects: number;
  bytes: number;
}

/** What the switch does to one store: copies the reconciler will make there, and copies it will destroy. */
export interface StoreChange {
  storeId: string;
  storeName: string;
  role: string;
  made: ObjectsAndBytes;
  destroyed: ObjectsAndBytes;
}

export interface ZoneModePreview {
  zoneId: string;
  zoneName: string;
  from: ZoneMode;
  to: ZoneMode;
  verdict: 'allowed' | 'refused';
  /** Why it is refused, one sentence each; empty when allowed. */
  reasons: string[];
  /** What will happen, one sentence each. */
  effects: string[];
  stores: StoreChange[];
  /** The objects the zone's placement names (ingested, not deleted). */
  objectsInZone: ObjectsAndBytes;
  stagingStore: { id: string; name: string } | null;
  recordStore: { id: string; name: string; freeBytes: number | null } | null;
  liveLeases: number;
  copiesInFlight: number;
  /** A hash of the plan: `setZoneMode` carries it, and refuses when the plan it recomputes differs. */
  fingerprint: string;
}

export async function previewZoneModeChange(ctx: Pick<ServiceContext, 'db'>, input: PreviewZoneModeChangeInput): Promise<ZoneModePreview> {
  const { zoneId, mode } = previewZoneModeChangeInput.parse(input);
  return planZoneModeChange(ctx.db, zoneId, mode);
}

const IN_FLIGHT = ['allocated', 'copying'];
const HOLDS_SPACE = ['allocated', 'copying', 'ready', 'destroying', 'failed'];

/**
 * The one decision on a mode switch, read in `tx`: the preview shows it, and `setZoneMode` recomputes it in
 * its transaction and goes ahead only when it is allowed and has the fingerprint the admin confirmed.
 * The copies made and destroyed are the reconciler's own plan (`planReconcile`) with the zone in its new mode,
 * less what it plans already.
 */
export async function planZoneModeChange(tx: Tx, zoneId: string, to: ZoneMode, now = new Date()): Promise<ZoneModePreview> {
  const zone = await findZoneOrThrow(tx, zoneId);
  const from = zone.mode as ZoneMode;
  const [world, rows, zoneStores] = await Promise.all([
    loadWorld(tx),
    tx.dataObject.findMany({ where: objectsPlacedIn(zoneId), select: plannedObjectSelect, orderBy: { id: 'asc' } }),
    tx.store.findMany({
      where: { zoneId },
      select: { id: true, name: true, role: true, adminState: true, capacityBytes: true, probedTotalBytes: true, probedFreeBytes: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  ]);
  const after: World = { ...world, zones: world.zones.map((z) => (z.id === zoneId ? { ...z, mode: to } : z)) };
  const storeName = new Map([...zoneStores.map((s) => [s.id, s.name] as const)]);
  const otherStores = await tx.store.findMany({ where: { id: { notIn: zoneStores.map((s) => s.id) } }, select: { id: true, name: true, role: true } });
  const roleOf = new Map([...zoneStores, ...otherStores].map((s) => [s.id, s.role]));
  for (const store of otherStores) storeName.set(store.id, store.name);

  const objects = rows.filter((row) => row.sha256 !== null);
  const sizeOf = (row: (typeof rows)[number]) => bytesToNumber(row.sizeBytes) ?? 0;
  const changes = new Map<string, StoreChange>();
  const change = (storeId: string) => {
    let entry = changes.get(storeId);
    if (!entry) {
      entry = { storeId, storeName: storeName.get(storeId) ?? storeId, role: roleOf.get(storeId) ?? 'unknown', made: { objects: 0, bytes: 0 }, destroyed: { objects: 0, bytes: 0 } };
      changes.set(storeId, entry);
    }
    return entry;
  };
  const plannedIds: string[] = [];
  for (const row of objects) {
    const planned = toPlannedObject(row);
    for (const action of newActions(planned, world, after)) {
      if (action.type === 'copy') {
        add(change(action.targetStoreId).made, sizeOf(row));
        plannedIds.push(`copy:${row.id}:${action.targetStoreId}`);
      } else if (action.type === 'destroy') {
        add(change(action.storeId).destroyed, sizeOf(row));
        plannedIds.push(`destroy:${action.replicaId}`);
      }
    }
  }

  const reasons: string[] = [];
  const effects: string[] = [];
  const objectsInZone = total(objects.map(sizeOf));
  const recordStores = zoneStores.filter((s) => s.role === 'record');
  const stagingStores = zoneStores.filter((s) => s.role === 'staging');
  const activeStaging = stagingStores.find((s) => s.adminState === 'active') ?? null;
  const writableRecord = recordStores.find((s) => s.adminState === 'active') ?? null;
  let liveLeases = 0;
  let copiesInFlight = 0;
  let recordStore: ZoneModePreview['recordStore'] = null;

  if (from === to) {
    reasons.push(`Zone ${zone.name} is already in ${to} mode.`);
  } else if (to === 'staging') {
    if (!activeStaging) {
      reasons.push(`Zone ${zone.name} has no active staging store: add one first (role staging, in this zone).`);
    }
    const served = new Set(
      (await tx.replica.findMany({ where: { objectId: { in: objects.map((o) => o.id) }, state: 'ready', store: { role: 'object' } }, select: { objectId: true } })).map(
        (r) => r.objectId,
      ),
    );
    const unreachable = objects.filter((o) => !served.has(o.id));
    if (unreachable.length > 0) {
      const sum = total(unreachable.map(sizeOf));
      reasons.push(
        `${countOf(sum.objects, 'object')} (${bytePhrase(sum.bytes)}) ${sum.objects === 1 ? 'has' : 'have'} no ready copy on any object store: switching would leave ${sum.objects === 1 ? 'it' : 'them'} unreachable in ${zone.name}.`,
      );
    }
    const recordIds = recordStores.map((s) => s.id);
    [liveLeases, copiesInFlight] = await Promise.all([
      tx.lease.count({ where: { ...liveLease(now), replica: { storeId: { in: recordIds } } } }),
      tx.replica.count({ where: { storeId: { in: recordIds }, state: { in: IN_FLIGHT } } }),
    ]);
    if (liveLeases > 0) {
      reasons.push(`${countOf(liveLeases, 'live lease')} on the zone's record copies: wait until ${liveLeases === 1 ? 'it is' : 'they are'} released or end ${liveLeases === 1 ? 'it' : 'them'} on the Cache page.`);
    }
    if (copiesInFlight > 0) {
      reasons.push(`${countOf(copiesInFlight, 'copy', 'copies')} into the zone's record store ${copiesInFlight === 1 ? 'is' : 'are'} in flight: wait until ${copiesInFlight === 1 ? 'it finishes' : 'they finish'}.`);
    }
    if (activeStaging) effects.push(`Hypervisors in ${zone.name} will be served from staging store ${activeStaging.name}, filled on demand from the object stores.`);
  } else {
    if (!writableRecord && !recordStores.some((s) => s.adminState !== 'draining')) {
      reasons.push(`Zone ${zone.name} has no record store: add one first (an NFS store with role record, in this zone).`);
    }
    const target = writableRecord ?? recordStores.find((s) => s.adminState !== 'draining') ?? null;
    if (target) {
      const needed = changes.get(target.id)?.made.bytes ?? 0;
      const freeBytes = await freeBytesOf(tx, target);
      recordStore = { id: target.id, name: target.name, freeBytes };
      if (freeBytes !== null && needed > freeBytes) {
        reasons.push(`Record store ${target.name} has ${bytePhrase(freeBytes)} free; the copies need ${bytePhrase(needed)}.`);
      } else if (freeBytes === null && needed > 0) {
        effects.push(`Record store ${target.name} reports no capacity: make sure it can take ${bytePhrase(needed)}.`);
      }
    }
    const stagingIds = stagingStores.map((s) => s.id);
    liveLeases = await tx.lease.count({ where: { ...liveLease(now), replica: { storeId: { in: stagingIds } } } });
    copiesInFlight = await tx.replica.count({ where: { storeId: { in: stagingIds }, state: { in: IN_FLIGHT } } });
    const made = target ? changes.get(target.id)?.made : undefined;
    if (made && made.objects > 0) {
      effects.push(`Until those copies are ready, hypervisors in ${zone.name} are refused the objects not copied yet ("no ready copy in zone yet").`);
    }
    const unsourced = objects.length - (made?.objects ?? 0) - (await countWithRecordCopy(tx, objects.map((o) => o.id), recordStores.map((s) => s.id)));
    if (target && unsourced > 0) {
      effects.push(`${countOf(unsourced, 'object')} cannot be copied yet (no ready copy to copy from): ${unsourced === 1 ? 'it stays' : 'they stay'} blocked until repaired.`);
    }
    for (const staging of stagingStores) {
      effects.push(`Staging store ${staging.name} keeps its entries until they age out; nothing new is staged there.`);
    }
    if (liveLeases + copiesInFlight > 0) {
      effects.push(`${countOf(liveLeases, 'live lease')} and ${countOf(copiesInFlight, 'copy', 'copies')} in flight on the staging store run to their end.`);
    }
  }

  const stores = [...changes.values()].sort((a, b) => a.storeName.localeCompare(b.storeName));
  for (const store of stores) {
    if (store.made.objects > 0) effects.unshift(`${countOf(store.made.objects, 'copy', 'copies')} (${bytePhrase(store.made.bytes)}) will be made on ${store.role} store ${store.storeName}.`);
    if (store.destroyed.objects > 0) effects.unshift(`${countOf(store.destroyed.objects, 'copy', 'copies')} (${bytePhrase(store.destroyed.bytes)}) will be destroyed on ${store.role} store ${store.storeName}.`);
  }
  if (reasons.length === 0 && stores.length === 0) effects.unshift('No copy will be made or destroyed.');

  const verdict = reasons.length === 0 ? 'allowed' : 'refused';
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ zoneId, from, to, verdict, stores, plannedIds: plannedIds.sort(), liveLeases, copiesInFlight, objects: objects.map((o) => o.id) }))
    .digest('hex')
    .slice(0, 32);
  return {
    zoneId,
    zoneName: zone.name,
    from,
    to,
    verdict,
    reasons,
    effects,
    stores,
    objectsInZone,
    stagingStore: activeStaging ? { id: activeStaging.id, name: activeStaging.name } : null,
    recordStore,
    liveLeases,
    copiesInFlight,
    fingerprint,
  };
}

/** The actions the reconciler plans for `object` in the world after the switch that it does not plan before. */
function newActions(object: PlannedObject, before: World, after: World): ReconcileAction[] {
  const key = (action: ReconcileAction) => (action.type === 'copy' ? `copy:${action.targetStoreId}` : action.type === 'destroy' ? `destroy:${action.replicaId}` : 'purge');
  const existing = new Set(planReconcile(object, before).map(key));
  return planReconcile(object, after).filter((action) => !existing.has(key(action)));
}

function objectsPlacedIn(zoneId: string): Prisma.DataObjectWhereInput {
  return {
    deletedAt: null,
    OR: [
      { placement: 'all_zones' },
      { placement: 'chosen_zones', placements: { some: { zoneId } } },
      { placement: 'origin_only', originZoneId: zoneId },
    ],
  };
}

/** Free bytes on a record store: its capacity less what its copies take, and never more than its last probe saw. */
async function freeBytesOf(
  tx: Tx,
  store: { id: string; capacityBytes: bigint | null; probedTotalBytes: bigint | null; probedFreeBytes: bigint | null },
): Promise<number | null> {
  const capacity = bytesToNumber(store.capacityBytes) ?? bytesToNumber(store.probedTotalBytes);
  const probedFree = bytesToNumber(store.probedFreeBytes);
  if (capacity === null) return probedFree;
  const replicas = await tx.replica.findMany({ where: { storeId: store.id, state: { in: HOLDS_SPACE } }, select: { object: { select: { sizeBytes: true } } } });
  const free = Math.max(0, capacity - total(replicas.map((r) => bytesToNumber(r.object.sizeBytes) ?? 0)).bytes);
  return probedFree === null ? free : Math.min(free, probedFree);
}

async function countWithRecordCopy(tx: Tx, objectIds: string[], recordStoreIds: string[]): Promise<number> {
  if (recordStoreIds.length === 0) return 0;
  const rows = await tx.replica.findMany({
    where: { objectId: { in: objectIds }, storeId: { in: recordStoreIds }, state: { in: ['allocated', 'copying', 'ready'] } },
    distinct: ['objectId'],
    select: { objectId: true },
  });
  return rows.length;
}

function add(into: ObjectsAndBytes, bytes: number) {
  into.objects += 1;
  into.bytes += bytes;
}

function total(sizes: number[]): ObjectsAndBytes {
  return { objects: sizes.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
}
