/*
 * Zone workers: a worker declares the zones whose NFS it reaches and runs only jobs whose stores it reaches (an
 * object store is reachable from all). Worker A reaches zone A, worker B zone B; a third zone-A worker finds the
 * zone's NFS path missing on its machine: it reports that as its health for the store and hands the job back
 * without spending an attempt, and worker A runs it. A job only a zone-C worker could run waits, and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainUnrunnableJobs, listWorkers, listWorkerStoreHealth } from '@stowage/services';
import { JOB_HANDLERS, registerObjectByUrl, type JobHandler, type Worker } from '../src';
import { createEngineWorld, type EngineWorld } from './support/engine-world';
import { startFileServer, testBytes } from './support/file-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Run {
  workerId: string;
  jobId: string;
  kind: string;
  storeIds: string[];
}

describe('zone workers', () => {
  let world: EngineWorld;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const runs: Run[] = [];
  const zones: Record<'a' | 'b' | 'c', { id: string; name: string }> = {} as never;
  const stores: Record<'a' | 'b' | 'c', { id: string; root: string }> = {} as never;
  let swiftId: string;
  const workers: Worker[] = [];
  let nfsAMissingOnA2 = false;

  /** The real handlers, noting which worker ran which job on which stores. */
  const recording: Record<string, JobHandler> = Object.fromEntries(
    Object.entries(JOB_HANDLERS).map(([kind, handler]) => [
      kind,
      ((run) => {
        runs.push({ workerId: run.workerId, jobId: run.job.id, kind, storeIds: [run.job.sourceStoreId, run.job.targetStoreId].filter((id): id is string => id !== null) });
        return handler(run);
      }) satisfies JobHandler,
    ]),
  );

  const startZoneWorker = (workerId: string, zoneNames: string[], options: { nfsPathCheck?: (path: string, workerId: string) => Promise<string | null> } = {}) => {
    const worker = world.worker({ workerId, zones: zoneNames, handlers: recording, storeCheckMs: 60_000, ...options });
    workers.push(worker);
    return worker;
  };

  const register = (name: string, zone: 'a' | 'b' | 'c') =>
    registerObjectByUrl(world.ctx, { name, kind: 'template', format: 'raw', originZoneId: zones[zone].id, placement: 'origin_only', url: files.url(`/${name}.raw`) });

  const readyOn = async (objectId: string, storeId: string) =>
    (await world.db.replica.findFirst({ where: { objectId, storeId, state: 'ready' } })) !== null;

  beforeAll(async () => {
    world = await createEngineWorld();
    files = await startFileServer({ '/image-a.raw': testBytes(256 * 1024, 1), '/image-b.raw': testBytes(256 * 1024, 2), '/image-c.raw': testBytes(1024, 3) });
    for (const key of ['a', 'b', 'c'] as const) {
      const name = `zone-${key}`;
      zones[key] = { id: await world.zone(name), name };
      stores[key] = await world.recordStore(zones[key].id, `nfs-${key}`);
    }
    swiftId = (await world.swiftObjectStore('swift-zones')).id;
    await world.allowLoopbackIngest();
  });

  afterAll(async () => {
    await Promise.allSettled(workers.map((worker) => worker.stop()));
    await files?.close();
    await world?.dispose();
  });

  it('each job runs only on a worker that reaches its stores; a missing NFS path hands the job to another worker; a zone no worker reaches says so', async () => {
    const missingPath = stores.a.root;
    startZoneWorker('worker-a2', ['zone-a'], {
      nfsPathCheck: async (path, workerId) => (nfsAMissingOnA2 && path === missingPath ? `path ${path} missing on worker ${workerId}` : null),
    });
    startZoneWorker('worker-b', ['zone-b']);
    // Both have checked their stores at start and found them fine; then zone A's mount goes away on a2's machine.
    await waitFor('both workers checked their stores', async () =>
      (await world.db.workerStoreHealth.count({ where: { ok: true, OR: [{ workerId: 'worker-a2', storeId: stores.a.id }, { workerId: 'worker-b', storeId: stores.b.id }] } })) === 2,
    );
    nfsAMissingOnA2 = true;

    const imageA = await register('image-a', 'a');
    const imageB = await register('image-b', 'b');
    const ingestA = await world.db.job.findFirstOrThrow({ where: { objectId: imageA.objectId, kind: 'ingest' } });

    // Worker a2 claims the zone-A ingest, finds the path missing, reports it and hands the job back.
    const reported = await waitFor('worker-a2 reports nfs-a broken', async () =>
      world.db.workerStoreHealth.findFirst({ where: { workerId: 'worker-a2', storeId: stores.a.id, ok: false } }),
    );
    expect(reported.error).toBe(`path ${missingPath} missing on worker worker-a2`);
    const handedBack = await waitFor('the ingest back in the queue', async () => {
      const job = await world.db.job.findUniqueOrThrow({ where: { id: ingestA.id } });
      return job.state !== 'running' && job;
    });
    expect(handedBack).toMatchObject({ state: 'queued', attempts: 0, ownerId: null });
    expect((await explainUnrunnableJobs(world.ctx)).groups).toContainEqual(
      expect.objectContaining({ targetStoreId: stores.a.id, reason: `Every worker that reaches nfs-a finds it broken: path ${missingPath} missing on worker worker-a2` }),
    );
    expect((await listWorkerStoreHealth(world.ctx))[stores.a.id]).toEqual([expect.objectContaining({ workerId: 'worker-a2', ok: false })]);

    startZoneWorker('worker-a', ['zone-a']);
    const imageC = await register('image-c', 'c');
    await waitFor('image-a on nfs-a and swift, image-b on nfs-b and swift', async () =>
      (await readyOn(imageA.objectId, stores.a.id)) && (await readyOn(imageA.objectId, swiftId)) && (await readyOn(imageB.objectId, stores.b.id)) && (await readyOn(imageB.objectId, swiftId)),
    );

    const zoneOf = new Map([[stores.a.id, 'zone-a'], [stores.b.id, 'zone-b'], [stores.c.id, 'zone-c'], [swiftId, null]]);
    const declared: Record<string, string[]> = { 'worker-a': ['zone-a'], 'worker-a2': ['zone-a'], 'worker-b': ['zone-b'] };
    const outOfReach = runs.filter((run) => run.storeIds.some((id) => zoneOf.get(id) && !declared[run.workerId]!.includes(zoneOf.get(id)!)));
    expect(outOfReach).toEqual([]);
    expect(runs.filter((run) => run.workerId === 'worker-a2' && run.storeIds.includes(stores.a.id))).toEqual([]);
    expect(runs.filter((run) => run.jobId === ingestA.id).map((run) => run.workerId)).toEqual(['worker-a']);
    expect(await world.db.job.findUniqueOrThrow({ where: { id: ingestA.id } })).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(runs.some((run) => run.workerId === 'worker-b' && run.storeIds.includes(stores.b.id))).toBe(true);

    const ingestC = await world.db.job.findFirstOrThrow({ where: { objectId: imageC.objectId, kind: 'ingest' } });
    expect(ingestC).toMatchObject({ state: 'queued', attempts: 0 });
    expect(runs.some((run) => run.jobId === ingestC.id)).toBe(false);
    const explained = await explainUnrunnableJobs(world.ctx);
    expect(explained.groups).toContainEqual({ sourceStoreId: null, targetStoreId: stores.c.id, jobs: 1, reason: 'No live worker reaches zone zone-c (its store nfs-c)' });

    const listed = await listWorkers(world.ctx);
    expect(listed.map((worker) => [worker.id, worker.status, worker.zones]).sort()).toEqual([
      ['worker-a', 'live', ['zone-a']],
      ['worker-a2', 'live', ['zone-a']],
      ['worker-b', 'live', ['zone-b']],
    ]);
    await workers[0]!.stop();
    expect((await listWorkers(world.ctx)).find((worker) => worker.id === 'worker-a2')?.status).toBe('stopped');
  });
});
