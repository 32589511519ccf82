/* The Overview from the counters: store usage equal to the store list's own (a GROUP BY over Replica), sync
 * health per zone, stores down, caches past their high watermark, the running jobs' aggregate throughput and
 * the latest failures — with deltas pending and after a roll-up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpReplicaCounts, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { getOverview } from '../../src/overview/get-overview';
import { listStores } from '../../src/stores/list-stores';
import { objectRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => {
  await dispose();
});

describe('getOverview', () => {
  it('is empty on a fresh install', async () => {
    const overview = await getOverview({ db });
    expect(overview).toMatchObject({
      zones: [],
      regionStores: [],
      totals: { zones: 0, stores: 0, storesDown: 0, objects: 0, failedCopies: 0 },
      running: { count: 0, jobs: [], bytesPerSecond: 0, etaSeconds: null },
      recentFailures: [],
      storesDown: [],
      cachesOverWatermark: [],
    });
  });

  it('answers sync health, capacity, stores down, full caches, running jobs and failures from bounded reads', async () => {
    const east = await zoneRow(db);
    const west = await zoneRow(db);
    const eastRecord = await storeRow(db, { role: 'record', zoneId: east.id });
    const westRecord = await storeRow(db, { role: 'record', zoneId: west.id });
    const cache = await storeRow(db, { role: 'staging', zoneId: west.id });
    await db.store.update({ where: { id: eastRecord.id }, data: { capacityBytes: 10_000n } });
    await db.store.update({ where: { id: cache.id }, data: { capacityBytes: 1_000n, highWatermarkPct: 90 } });
    await db.store.update({ where: { id: westRecord.id }, data: { lastProbeOk: false, lastProbeError: 'mount gone', lastProbeAt: new Date() } });

    const states = ['ready', 'ready', 'ready', 'failed', 'copying', 'allocated'] as const;
    for (const [index, state] of states.entries()) {
      const object = await objectRow(db);
      await db.replica.create({ data: { objectId: object.id, storeId: eastRecord.id, state, location: `e/${index}`, bytesTotal: 1_000n } });
      await db.replica.create({ data: { objectId: object.id, storeId: westRecord.id, state: index < 2 ? 'failed' : 'ready', location: `w/${index}`, bytesTotal: 500n } });
      if (index < 2) await db.replica.create({ data: { objectId: object.id, storeId: cache.id, state: 'ready', location: `c/${index}`, bytesTotal: 460n } });
    }
    await rollUpReplicaCounts(db, { batch: 5, maxBatches: 1 }); // some folded, the rest pending

    const now = Date.now();
    const [object] = await db.dataObject.findMany({ take: 1, orderBy: { id: 'asc' } });
    await db.job.create({ data: { kind: 'sync', objectId: object!.id, targetStoreId: westRecord.id, state: 'running', bytesDone: 400n, bytesTotal: 1_000n, startedAt: new Date(now - 4_000), heartbeatAt: new Date(now) } });
    await db.job.create({ data: { kind: 'sync', objectId: object!.id, targetStoreId: eastRecord.id, state: 'running', bytesDone: 200n, bytesTotal: null, startedAt: new Date(now - 2_000), heartbeatAt: new Date(now) } });
    for (let index = 0; index < 7; index += 1) {
      await db.job.create({ data: { kind: 'sync', objectId: object!.id, state: 'failed', error: `failure ${index}`, runAfter: new Date(now - 60_000 + index * 1_000), finishedAt: new Date(now - 50_000 + index * 1_000) } });
    }

    const overview = await getOverview({ db });
    const byId = new Map(overview.zones.map((zone) => [zone.id, zone]));
    expect(byId.get(east.id)!.health).toMatchObject({ ready: 3, failed: 1, copying: 1, allocated: 1 });
    // The staging store's cache entries are not copies of the zone.
    expect(byId.get(west.id)!.health).toMatchObject({ ready: 4, failed: 2, copying: 0, allocated: 0 });
    expect(overview.totals).toMatchObject({ zones: 2, stores: 3, storesDown: 1, failedCopies: 3 });

    // Usage from the counters is the store list's own (a GROUP BY over Replica).
    const listed = await listStores({ db });
    const shown = [...overview.zones.flatMap((zone) => zone.stores), ...overview.regionStores];
    expect(new Map(shown.map((store) => [store.id, store]))).toEqual(new Map(listed.map((store) => [store.id, store])));
    expect(shown.find((store) => store.id === eastRecord.id)!.capacity).toMatchObject({ source: 'configured', usedBytes: 6_000, freeBytes: 4_000 });

    expect(overview.storesDown).toEqual([expect.objectContaining({ id: westRecord.id, error: 'mount gone' })]);
    expect(overview.cachesOverWatermark).toEqual([expect.objectContaining({ id: cache.id, usedBytes: 920, capacityBytes: 1_000, highWatermarkPct: 90 })]);
    expect(overview.cachesOverWatermark[0]!.usedPct).toBeCloseTo(92);

    expect(overview.running.count).toBe(2);
    expect(overview.running.jobs).toHaveLength(2);
    expect(overview.running.bytesPerSecond).toBeCloseTo(400 / 4 + 200 / 2);
    expect(overview.running).toMatchObject({ bytesDone: 400, bytesTotal: 1_000 });
    expect(overview.running.etaSeconds).toBeCloseTo(600 / 200);

    expect(overview.recentFailures.map((job) => job.error)).toEqual(['failure 6', 'failure 5', 'failure 4', 'failure 3', 'failure 2']);

    // After a full roll-up nothing changes.
    await rollUpReplicaCounts(db);
    const again = await getOverview({ db });
    expect(again.zones.map((zone) => zone.health)).toEqual(overview.zones.map((zone) => zone.health));
    expect(again.cachesOverWatermark.map((entry) => entry.usedBytes)).toEqual([920]);
  });
});
