/* The worker's janitor timer folds the replica-count and job-count deltas into the counts: the delta table drains without
 * anyone calling the roll-up, and the counts stay what they were. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readJobCounts, readReplicaCounts } from '@stowage/db';
import { createEngineWorld, type EngineWorld } from './support/engine-world';

let world: EngineWorld;
beforeAll(async () => {
  world = await createEngineWorld();
});
afterAll(async () => {
  await world?.dispose();
});

it('rolls the replica-count and job-count deltas up on the janitor timer', async () => {
  const zoneId = await world.zone('counted');
  const store = await world.recordStore(zoneId, 'counted-nfs');
  for (let index = 0; index < 3; index += 1) {
    const object = await world.db.dataObject.create({ data: { name: `o${index}`, nameKey: `o${index}`, kind: 'iso', format: 'iso', originType: 'url', needsReconcile: false } });
    await world.db.replica.create({ data: { objectId: object.id, storeId: store.id, state: index === 0 ? 'failed' : 'ready', location: `o/${index}`, bytesTotal: 7n } });
  }
  expect(await world.db.replicaCountDelta.count({ where: { storeId: store.id } })).toBe(3);
  await world.db.job.create({ data: { kind: 'verify', state: 'cancelled' } });
  expect(await world.db.jobCountDelta.count()).toBeGreaterThan(0);
  const before = await readReplicaCounts(world.db);

  world.worker({ janitorIntervalMs: 50, reconcileIntervalMs: 60_000 });
  await expect.poll(() => world.db.replicaCountDelta.count(), { timeout: 15_000 }).toBe(0);
  expect(await world.db.replicaStateCount.findMany({ where: { storeId: store.id }, select: { state: true, count: true, bytes: true }, orderBy: { state: 'asc' } })).toEqual([
    { state: 'failed', count: 1, bytes: 7n },
    { state: 'ready', count: 2, bytes: 14n },
  ]);
  expect(await readReplicaCounts(world.db)).toEqual(before);
  await expect.poll(() => world.db.jobCountDelta.count(), { timeout: 15_000 }).toBe(0);
  expect(await readJobCounts(world.db)).toContainEqual({ state: 'cancelled', count: 1 });
});
