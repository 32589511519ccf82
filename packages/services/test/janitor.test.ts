import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { createSecretBox } from '../src/secrets';
import { endLeaseByHand } from '../src/cache/manage-entry';
import { runJanitor } from '../src/cache/run-janitor';
import { objectRow, replicaRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

describe('janitor and admin actions on the cache', () => {
  it('clears entries whose copy failed, through a delete job', async () => {
    const zone = await zoneRow(db, 'staging');
    const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
    await db.store.update({ where: { id: store.id }, data: { capacityBytes: 1n << 30n } });
    const object = await objectRow(db);
    const failed = await replicaRow(db, object.id, store.id, 'failed');
    const result = await runJanitor({ db, actor: 'janitor' });
    expect(result.failedCleared).toBe(1);
    expect((await db.replica.findUniqueOrThrow({ where: { id: failed.id } })).state).toBe('destroying');
    expect(await db.job.count({ where: { kind: 'delete', replicaId: failed.id } })).toBe(1);
  });

  it('an admin ending a lease by hand is recorded with who did it', async () => {
    const zone = await zoneRow(db, 'staging');
    const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
    const object = await objectRow(db);
    const entry = await replicaRow(db, object.id, store.id, 'ready');
    const lease = await db.lease.create({ data: { replicaId: entry.id, holder: 'hv-7', expiresAt: new Date(Date.now() + 60_000) } });
    const ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' };
    expect(await endLeaseByHand(ctx, { leaseId: lease.id })).toMatchObject({ released: true, endReason: 'released' });
    const event = await db.event.findFirstOrThrow({ where: { type: 'cache.lease_ended' } });
    expect(event).toMatchObject({ actor: 'admin', objectId: object.id });
    expect(event.message).toContain('hv-7');
  });
});
