/* "Retry these": the failed copies of the selected objects go back to the queue, and nothing else does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import type { ServiceContext } from '../../src/context';
import { retrySelectedObjects } from '../../src/objects/retry-selected-objects';
import { createSecretBox } from '../../src/secrets';
import { copyJob, objectRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
let ctx: ServiceContext;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  ctx = { db, secrets: createSecretBox(Buffer.alloc(32, 5)), actor: 'otto' };
});
afterAll(async () => dispose());

async function failedCopy(storeId: string) {
  const copy = await copyJob(db, { targetStoreId: storeId });
  await db.job.update({ where: { id: copy.jobId }, data: { state: 'failed', error: 'Unavailable: ESTALE', attempts: 5, finishedAt: new Date() } });
  await db.replica.update({ where: { id: copy.replica.id }, data: { state: 'failed', error: 'Unavailable: ESTALE' } });
  return copy;
}

describe('retrySelectedObjects', () => {
  it('requeues the failed copies of the selected objects only, and says what it did with the rest', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const [a, b, notSelected] = [await failedCopy(store.id), await failedCopy(store.id), await failedCopy(store.id)];
    const healthy = await objectRow(db);

    const result = await retrySelectedObjects(ctx, { objectIds: [a.object.id, b.object.id, healthy.id, 'gone-object'] });
    expect(result).toEqual({ retried: 2, nothingFailed: 1, uploadsToSendAgain: 0, unknown: 1 });
    for (const copy of [a, b]) {
      expect((await db.job.findUniqueOrThrow({ where: { id: copy.jobId } })).state).toBe('queued');
      expect((await db.replica.findUniqueOrThrow({ where: { id: copy.replica.id } })).state).toBe('allocated');
    }
    expect((await db.job.findUniqueOrThrow({ where: { id: notSelected.jobId } })).state).toBe('failed');
    expect(await db.event.count({ where: { type: 'job.retried', objectId: { in: [a.object.id, b.object.id] }, actor: 'otto' } })).toBe(2);

    // Again: nothing is failed any more.
    expect(await retrySelectedObjects(ctx, { objectIds: [a.object.id] })).toEqual({ retried: 0, nothingFailed: 1, uploadsToSendAgain: 0, unknown: 0 });
  });

  it('refuses an empty selection, more than a page, a repeated id and ids that are not ids', async () => {
    await expect(retrySelectedObjects(ctx, { objectIds: [] })).rejects.toThrow(/at least one/);
    await expect(retrySelectedObjects(ctx, { objectIds: Array.from({ length: 201 }, (_, index) => `o${index}`) })).rejects.toThrow(/At most 200/);
    await expect(retrySelectedObjects(ctx, { objectIds: ['same', 'same'] })).rejects.toThrow(/twice/);
    await expect(retrySelectedObjects(ctx, { objectIds: ['../etc/passwd'] })).rejects.toThrow();
  });
});
