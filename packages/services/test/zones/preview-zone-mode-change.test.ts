import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { previewZoneModeChange } from '../../src/zones/preview-zone-mode-change';
import { setZoneMode, STALE_PREVIEW_MESSAGE } from '../../src/zones/set-zone-mode';
import { reconcile } from '../../src/sync/reconcile';
import { objectRow, replicaRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

const ctx = () => ({ db, actor: 'test', secrets: undefined as never });

/** An object placed only in `zoneId` (so other tests' zones do not see it), `sizeBytes` long. */
async function objectIn(zoneId: string, sizeBytes: bigint) {
  const object = await objectRow(db, { originZoneId: zoneId });
  await db.dataObject.update({ where: { id: object.id }, data: { placement: 'origin_only', sizeBytes, needsReconcile: false } });
  return object;
}

/** A backup zone with a record store and an object store; each object ready on both. */
async function backupZone(sizes: bigint[], options: { staging?: boolean } = {}) {
  const zone = await zoneRow(db, 'backup');
  const record = await storeRow(db, { role: 'record', zoneId: zone.id });
  const objectStore = await storeRow(db, { role: 'object' });
  const staging = options.staging === false ? null : await storeRow(db, { role: 'staging', zoneId: zone.id });
  const objects = [];
  for (const size of sizes) {
    const object = await objectIn(zone.id, size);
    await replicaRow(db, object.id, record.id, 'ready');
    await replicaRow(db, object.id, objectStore.id, 'ready');
    objects.push(object);
  }
  return { zone, record, objectStore, staging, objects };
}

describe('previewZoneModeChange: backup → staging', () => {
  it('plans the record copies destroyed, per store, with their bytes, and the switch goes ahead on its fingerprint', async () => {
    const { zone, record, staging, objects } = await backupZone([1024n, 3072n]);
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(preview.verdict).toBe('allowed');
    expect(preview.reasons).toEqual([]);
    expect(preview.stagingStore).toEqual({ id: staging!.id, name: staging!.name });
    expect(preview.objectsInZone).toEqual({ objects: 2, bytes: 4096 });
    expect(preview.stores).toEqual([
      { storeId: record.id, storeName: record.name, role: 'record', made: { objects: 0, bytes: 0 }, destroyed: { objects: 2, bytes: 4096 } },
    ]);
    expect(preview.effects[0]).toBe(`2 copies (4 KiB) will be destroyed on record store ${record.name}.`);

    const switched = await setZoneMode(ctx(), { zoneId: zone.id, mode: 'staging', fingerprint: preview.fingerprint });
    expect(switched.mode).toBe('staging');
    await reconcile(ctx(), { scope: 'all' });
    const destroying = await db.replica.findMany({ where: { storeId: record.id, state: 'destroying' }, select: { objectId: true } });
    expect(destroying.map((r) => r.objectId).sort()).toEqual(objects.map((o) => o.id).sort());
    const event = await db.event.findFirstOrThrow({ where: { type: 'zone.mode_changed', zoneId: zone.id } });
    expect(event.message).toBe(`Zone ${zone.name} switched from backup to staging mode`);
  });

  it('refuses a zone without a staging store', async () => {
    const { zone } = await backupZone([1024n], { staging: false });
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(preview.verdict).toBe('refused');
    expect(preview.reasons).toEqual([`Zone ${zone.name} has no active staging store: add one first (role staging, in this zone).`]);
    await expect(setZoneMode(ctx(), { zoneId: zone.id, mode: 'staging', fingerprint: preview.fingerprint })).rejects.toThrow(preview.reasons[0]!);
    expect((await db.zone.findUniqueOrThrow({ where: { id: zone.id } })).mode).toBe('backup');
  });

  it('refuses when objects have no ready copy on any object store, counting them and their bytes', async () => {
    const { zone, record } = await backupZone([1024n]);
    for (const size of [2048n, 4096n]) {
      const object = await objectIn(zone.id, size);
      await replicaRow(db, object.id, record.id, 'ready');
    }
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(preview.verdict).toBe('refused');
    expect(preview.reasons).toEqual([`2 objects (6 KiB) have no ready copy on any object store: switching would leave them unreachable in ${zone.name}.`]);
  });

  it('refuses while a record copy is leased or a copy into the record store is in flight', async () => {
    const { zone, record, objects } = await backupZone([1024n]);
    const leased = await db.replica.findFirstOrThrow({ where: { storeId: record.id, objectId: objects[0]!.id } });
    await db.lease.create({ data: { replicaId: leased.id, holder: 'hv-1', expiresAt: new Date(Date.now() + 600_000) } });
    const copying = await objectIn(zone.id, 1024n);
    await replicaRow(db, copying.id, record.id, 'copying');
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(preview.verdict).toBe('refused');
    expect(preview.liveLeases).toBe(1);
    expect(preview.copiesInFlight).toBe(1);
    expect(preview.reasons).toContain("1 live lease on the zone's record copies: wait until it is released or end it on the Cache page.");
    expect(preview.reasons).toContain("1 copy into the zone's record store is in flight: wait until it finishes.");
  });
});

describe('previewZoneModeChange: staging → backup', () => {
  async function stagingZone(sizes: bigint[], options: { record?: { capacityBytes?: bigint } | false } = {}) {
    const zone = await zoneRow(db, 'staging');
    const objectStore = await storeRow(db, { role: 'object' });
    await storeRow(db, { role: 'staging', zoneId: zone.id });
    const record = options.record === false ? null : await storeRow(db, { role: 'record', zoneId: zone.id });
    if (record && options.record && options.record.capacityBytes) {
      await db.store.update({ where: { id: record.id }, data: { capacityBytes: options.record.capacityBytes } });
    }
    for (const size of sizes) {
      const object = await objectIn(zone.id, size);
      await replicaRow(db, object.id, objectStore.id, 'ready');
    }
    return { zone, record, objectStore };
  }

  it('plans the copies made on the record store, with their bytes and its free space', async () => {
    const { zone, record } = await stagingZone([1024n, 2048n], { record: { capacityBytes: 10_240n } });
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'backup' });
    expect(preview.verdict).toBe('allowed');
    expect(preview.recordStore).toEqual({ id: record!.id, name: record!.name, freeBytes: 10_240 });
    expect(preview.stores).toEqual([
      { storeId: record!.id, storeName: record!.name, role: 'record', made: { objects: 2, bytes: 3072 }, destroyed: { objects: 0, bytes: 0 } },
    ]);
    expect(preview.effects[0]).toBe(`2 copies (3 KiB) will be made on record store ${record!.name}.`);
    await setZoneMode(ctx(), { zoneId: zone.id, mode: 'backup', fingerprint: preview.fingerprint });
    await reconcile(ctx(), { scope: 'all' });
    expect(await db.job.count({ where: { kind: 'sync', targetStoreId: record!.id } })).toBe(2);
  });

  it('refuses a zone without a record store', async () => {
    const { zone } = await stagingZone([1024n], { record: false });
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'backup' });
    expect(preview.verdict).toBe('refused');
    expect(preview.reasons).toEqual([`Zone ${zone.name} has no record store: add one first (an NFS store with role record, in this zone).`]);
  });

  it('refuses when the record store has too little free space for the copies', async () => {
    const { zone, record } = await stagingZone([2048n, 2048n], { record: { capacityBytes: 3072n } });
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'backup' });
    expect(preview.verdict).toBe('refused');
    expect(preview.reasons).toEqual([`Record store ${record!.name} has 3 KiB free; the copies need 4 KiB.`]);
  });

  it('refuses the mode a zone already has', async () => {
    const { zone } = await stagingZone([]);
    const preview = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(preview.reasons).toEqual([`Zone ${zone.name} is already in staging mode.`]);
  });
});

describe('setZoneMode on a stale review', () => {
  it('refuses a switch confirmed on a preview the zone has since outgrown, and goes ahead once reviewed again', async () => {
    const { zone, record } = await backupZone([1024n]);
    const stale = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    const added = await objectIn(zone.id, 1024n);
    await replicaRow(db, added.id, record.id, 'ready');
    const objectStore = await db.replica.findFirstOrThrow({ where: { store: { role: 'object' }, objectId: { not: added.id }, object: { originZoneId: zone.id } } });
    await replicaRow(db, added.id, objectStore.storeId, 'ready');

    await expect(setZoneMode(ctx(), { zoneId: zone.id, mode: 'staging', fingerprint: stale.fingerprint })).rejects.toThrow(STALE_PREVIEW_MESSAGE);
    expect((await db.zone.findUniqueOrThrow({ where: { id: zone.id } })).mode).toBe('backup');

    const fresh = await previewZoneModeChange(ctx(), { zoneId: zone.id, mode: 'staging' });
    expect(fresh.fingerprint).not.toBe(stale.fingerprint);
    expect(fresh.stores[0]!.destroyed).toEqual({ objects: 2, bytes: 2048 });
    await setZoneMode(ctx(), { zoneId: zone.id, mode: 'staging', fingerprint: fresh.fingerprint });
    expect((await db.zone.findUniqueOrThrow({ where: { id: zone.id } })).mode).toBe('staging');
  });

  it('refuses a missing fingerprint with a field message', async () => {
    const { zone } = await backupZone([]);
    await expect(setZoneMode(ctx(), { zoneId: zone.id, mode: 'staging', fingerprint: '' })).rejects.toThrow(/Review the switch first/);
  });
});
