import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { tryAcquire } from '../src/cache/acquire-lease';
import { releaseLease } from '../src/cache/renew-lease';
import { reconcile } from '../src/sync/reconcile';
import { objectRow, replicaRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

describe('acquire in a backup-mode zone', () => {
  it('leases the zone record copy, which is not deleted while leased, and goes once released', async () => {
    const zone = await zoneRow(db, 'backup');
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    await db.store.update({ where: { id: store.id }, data: { config: JSON.stringify({ path: '/srv/nfs-a' }) } });
    const object = await objectRow(db, { originZoneId: zone.id });
    const replica = await replicaRow(db, object.id, store.id, 'ready');
    const ctx = { db, actor: 'test' };

    const outcome = await tryAcquire(ctx, { objectId: object.id, zoneId: zone.id, holder: 'hv-1', ttlSeconds: 600 });
    if (outcome.status !== 'leased') throw new Error('expected a lease');
    expect(outcome.lease.location).toBe(`/srv/nfs-a/objects/${object.id}`);

    await db.dataObject.update({ where: { id: object.id }, data: { deletedAt: new Date(), needsReconcile: true } });
    await reconcile(ctx);
    expect((await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).state).toBe('ready');
    expect(await db.job.count({ where: { kind: 'delete' } })).toBe(0);

    await releaseLease(ctx, { leaseId: outcome.lease.leaseId });
    await reconcile(ctx);
    expect((await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).state).toBe('destroying');
    expect(await db.job.count({ where: { kind: 'delete', replicaId: replica.id } })).toBe(1);
  });

  it('refuses a zone where the object has no ready copy yet, with a clear message', async () => {
    const zone = await zoneRow(db, 'backup');
    await storeRow(db, { role: 'record', zoneId: zone.id });
    const object = await objectRow(db);
    await expect(tryAcquire({ db, actor: 'test' }, { objectId: object.id, zoneId: zone.id, holder: 'hv-1' })).rejects.toThrow(
      new RegExp(`${object.name} has no ready copy in zone ${zone.name} yet`),
    );
  });
});
