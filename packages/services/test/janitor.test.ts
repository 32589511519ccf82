import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { createSecretBox } from '../src/secrets';
import { endLeaseByHand } from '../src/cache/manage-entry';
import { runJanitor, STUCK_DELETE_RETRY_MS } from '../src/cache/run-janitor';
import { enqueueJob } from '../src/jobs/enqueue-job';
import { failJob } from '../src/jobs/settle-job';
import { updateStore } from '../src/stores/update-store';
import { objectRow, replicaRow, storeRow, zoneRow } from './support/rows';

const MiB = 1024n * 1024n;
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

  it('tries again to delete an entry whose delete failed for good, a while after the failure — not at once', async () => {
    const zone = await zoneRow(db, 'staging');
    const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
    const object = await objectRow(db);
    const entry = await replicaRow(db, object.id, store.id, 'destroying');
    const jobId = await enqueueJob(db, { kind: 'delete', objectId: object.id, replicaId: entry.id, targetStoreId: store.id });
    const failedAt = new Date();
    await db.job.update({ where: { id: jobId }, data: { state: 'failed', error: 'permission denied', finishedAt: failedAt } });

    expect((await runJanitor({ db, actor: 'janitor' }, { now: new Date(failedAt.getTime() + 60_000) })).deletesRetried).toBe(0);
    const later = new Date(failedAt.getTime() + STUCK_DELETE_RETRY_MS + 1000);
    expect((await runJanitor({ db, actor: 'janitor' }, { now: later })).deletesRetried).toBe(1);
    expect(await db.job.count({ where: { kind: 'delete', replicaId: entry.id, state: 'queued' } })).toBe(1);
    // The new job is open: no second one on the next pass.
    expect((await runJanitor({ db, actor: 'janitor' }, { now: later })).deletesRetried).toBe(0);
  });

  it('space returned by a failed stage, or added by raising the capacity, goes to the head of the queue at once', async () => {
    const zone = await zoneRow(db, 'staging');
    const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
    await db.store.update({ where: { id: store.id }, data: { capacityBytes: 100n * MiB } });
    const objectStore = await storeRow(db, { role: 'object' });
    const stageable = async () => {
      const object = await objectRow(db);
      await replicaRow(db, object.id, objectStore.id, 'ready');
      return object.id;
    };
    const inFlight = await replicaRow(db, await stageable(), store.id, 'copying');
    await db.reservation.create({ data: { storeId: store.id, replicaId: inFlight.id, bytes: 80n * MiB, state: 'held' } });
    const stageJob = await enqueueJob(db, { kind: 'stage', objectId: inFlight.objectId, replicaId: inFlight.id, targetStoreId: store.id });
    await db.job.update({ where: { id: stageJob }, data: { state: 'running', ownerId: 'w1', attempts: 1 } });
    const waiting = await replicaRow(db, await stageable(), store.id, 'allocated');
    const deadlineAt = new Date(Date.now() + 600_000);
    await db.reservation.create({ data: { storeId: store.id, replicaId: waiting.id, bytes: 50n * MiB, state: 'waiting', deadlineAt } });

    await failJob(db, { jobId: stageJob, attempt: 1, workerId: 'w1', actor: 'w1', error: 'source unreadable' });
    expect(await db.reservation.findFirstOrThrow({ where: { replicaId: waiting.id } })).toMatchObject({ state: 'held' });
    expect(await db.job.count({ where: { kind: 'stage', replicaId: waiting.id, state: 'queued' } })).toBe(1);

    const third = await replicaRow(db, await stageable(), store.id, 'allocated');
    await db.reservation.create({ data: { storeId: store.id, replicaId: third.id, bytes: 70n * MiB, state: 'waiting', deadlineAt } });
    const ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' };
    await updateStore(ctx, { storeId: store.id, capacityBytes: 200 * 1024 * 1024 });
    expect(await db.reservation.findFirstOrThrow({ where: { replicaId: third.id } })).toMatchObject({ state: 'held' });
  });
});
