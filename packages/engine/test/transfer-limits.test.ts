import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateStore } from '@stowage/services';
import { registerObjectByUrl } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { startFileServer, testBytes } from './support/file-server';

describe('per-store transfer limits, across the transfers of a store', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const MiB = 1024 * 1024;

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startFileServer({ '/one': testBytes(2 * MiB, 1), '/two': testBytes(2 * MiB, 2) });
    await world.allowLoopbackIngest();
  });
  afterAll(async () => {
    await world?.dispose();
    await files?.close();
  });

  it('a store with one transfer slot and 2 MiB/s runs its copies one after another, each at most at the limit', async () => {
    const zoneA = await world.zone('limits-a');
    const storeA = await world.recordStore(zoneA, 'limits-nfs-a');
    await updateStore(world.ctx, { storeId: storeA.id, maxConcurrentTransfers: 1, bandwidthLimitBps: 2 * MiB });
    const register = (name: string, path: string) =>
      registerObjectByUrl(world.ctx, { name, kind: 'iso', format: 'iso', originZoneId: zoneA, placement: 'origin_only', url: files.url(path) });
    const one = await register('limited-one', '/one');
    const two = await register('limited-two', '/two');

    const worker = world.worker({ concurrency: 4 });
    await worker.idle();
    await worker.stop();
    const jobs = await world.db.job.findMany({ where: { id: { in: [one.jobId, two.jobId] } }, orderBy: { startedAt: 'asc' } });
    expect(jobs.map((job) => job.state)).toEqual(['succeeded', 'succeeded']);
    const [first, second] = jobs as [(typeof jobs)[0], (typeof jobs)[0]];
    expect(second.startedAt!.getTime()).toBeGreaterThanOrEqual(first.finishedAt!.getTime());
    for (const job of jobs) {
      const seconds = (job.finishedAt!.getTime() - job.startedAt!.getTime()) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(0.8);
    }
  });
});
