import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { reconcile } from '../src/sync/reconcile';
import { markForReconcile } from '../src/replicas/mark-for-reconcile';
import { objectRow, replicaRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

describe('reconcile pass', () => {
  it('schedules the difference as replicas and jobs, once, and looks only at what changed', async () => {
    const zoneA = await zoneRow(db);
    const zoneB = await zoneRow(db);
    const recordA = await storeRow(db, { role: 'record', zoneId: zoneA.id });
    const recordB = await storeRow(db, { role: 'record', zoneId: zoneB.id });
    const objects = [];
    for (let index = 0; index < 5; index += 1) {
      const object = await objectRow(db, { originZoneId: zoneA.id });
      await replicaRow(db, object.id, recordA.id, 'ready');
      objects.push(object);
    }
    const ctx = { db, actor: 'test' };
    const first = await reconcile(ctx);
    expect(first).toMatchObject({ objectsExamined: 5, actionsApplied: 5 });
    expect(await db.job.count({ where: { kind: 'sync', targetStoreId: recordB.id, sourceStoreId: recordA.id } })).toBe(5);

    expect(await reconcile(ctx)).toMatchObject({ objectsExamined: 0, actionsApplied: 0 });
    expect(await reconcile(ctx, { scope: 'all' })).toMatchObject({ objectsExamined: 5, actionsApplied: 0 });

    await markForReconcile(db, { id: objects[0]!.id });
    expect(await reconcile(ctx)).toMatchObject({ objectsExamined: 1, actionsApplied: 0 });
    expect(await db.job.count()).toBe(5);
  });
});
