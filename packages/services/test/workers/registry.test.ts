import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { registerWorker } from '../../src/workers/register-worker';
import { heartbeatWorker } from '../../src/workers/heartbeat-worker';
import { markWorkerStopped } from '../../src/workers/mark-worker-stopped';
import { listWorkers } from '../../src/workers/list-workers';
import { pruneWorkers } from '../../src/workers/prune-workers';
import { listWorkerStoreHealth } from '../../src/workers/list-worker-store-health';
import { WORKER_HEARTBEAT_MS, WORKER_LIVE_HEARTBEATS, WORKER_PRUNE_AFTER_MS } from '../../src/workers/worker-tuning';
import { claimJob } from '../../src/jobs/claim-job';
import { copyJob, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
const t0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const worker = (id: string, zones: string[] | null = null) => ({ id, hostname: `host-${id}`, pid: 42, version: '1.2.3 (abc1234)', zones });

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
  await db.worker.deleteMany();
});

describe('the worker registry', () => {
  it('lists a registered worker with its host, version, zones and the jobs it runs', async () => {
    await registerWorker(db, worker('w-a', ['zone-a', 'Zone-B']), at(0));
    await registerWorker(db, worker('w-all'), at(0));
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    await copyJob(db, { targetStoreId: store.id });
    await claimJob(db, { workerId: 'w-a' });

    const workers = await listWorkers({ db }, at(1000));
    expect(workers.find((row) => row.id === 'w-a')).toMatchObject({
      hostname: 'host-w-a',
      pid: 42,
      version: '1.2.3 (abc1234)',
      zones: ['zone-a', 'Zone-B'],
      status: 'live',
      jobsRunning: 1,
      startedAt: at(0),
      heartbeatAt: at(0),
      stoppedAt: null,
    });
    expect(workers.find((row) => row.id === 'w-all')).toMatchObject({ zones: null, jobsRunning: 0 });
  });

  it('is live while it heartbeats, stale when it goes silent, stopped after a clean stop', async () => {
    await registerWorker(db, worker('w-1'), at(0));
    const liveFor = WORKER_HEARTBEAT_MS * WORKER_LIVE_HEARTBEATS;
    expect((await listWorkers({ db }, at(liveFor)))[0]!.status).toBe('live');
    expect((await listWorkers({ db }, at(liveFor + 1)))[0]!.status).toBe('stale');

    expect(await heartbeatWorker(db, { id: 'w-1' }, at(liveFor + 1))).toBe(true);
    expect((await listWorkers({ db }, at(liveFor + 2)))[0]).toMatchObject({ status: 'live', heartbeatAt: at(liveFor + 1) });

    await markWorkerStopped(db, { id: 'w-1' }, at(liveFor + 3));
    expect((await listWorkers({ db }, at(liveFor + 4)))[0]).toMatchObject({ status: 'stopped', stoppedAt: at(liveFor + 3) });
  });

  it('a heartbeat for a worker that is not registered says so, so the worker registers again', async () => {
    expect(await heartbeatWorker(db, { id: 'ghost' })).toBe(false);
    expect(await db.worker.count()).toBe(0);
  });

  it('records the health a worker reports for its stores, shown per store for live workers only', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    await registerWorker(db, worker('w-ok'), at(0));
    await registerWorker(db, worker('w-bad'), at(0));
    await registerWorker(db, worker('w-gone'), at(0));
    await heartbeatWorker(db, { id: 'w-ok', health: [{ storeId: store.id, ok: true, error: null }] }, at(1000));
    await heartbeatWorker(db, { id: 'w-bad', health: [{ storeId: store.id, ok: false, error: 'path /x missing on worker w-bad' }] }, at(1000));
    await heartbeatWorker(db, { id: 'w-gone', health: [{ storeId: store.id, ok: true, error: null }, { storeId: 'removed-store', ok: true, error: null }] }, at(1000));
    await markWorkerStopped(db, { id: 'w-gone' }, at(2000));

    const health = await listWorkerStoreHealth({ db }, at(3000));
    expect(health[store.id]).toEqual([
      { workerId: 'w-bad', ok: false, error: 'path /x missing on worker w-bad', checkedAt: at(1000) },
      { workerId: 'w-ok', ok: true, error: null, checkedAt: at(1000) },
    ]);
    expect(health['removed-store']).toBeUndefined();

    await heartbeatWorker(db, { id: 'w-bad', health: [{ storeId: store.id, ok: true, error: 'ignored when ok' }] }, at(4000));
    expect((await listWorkerStoreHealth({ db }, at(4000)))[store.id]).toContainEqual({ workerId: 'w-bad', ok: true, error: null, checkedAt: at(4000) });
  });

  it('registering again under the same id starts afresh: new start, no stop, no old store health', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    await registerWorker(db, worker('w-1', ['a']), at(0));
    await heartbeatWorker(db, { id: 'w-1', health: [{ storeId: store.id, ok: false, error: 'broken' }] }, at(1000));
    await markWorkerStopped(db, { id: 'w-1' }, at(2000));
    await registerWorker(db, worker('w-1', ['b']), at(5000));
    expect((await listWorkers({ db }, at(5000)))[0]).toMatchObject({ zones: ['b'], startedAt: at(5000), stoppedAt: null, status: 'live' });
    expect(await db.workerStoreHealth.count({ where: { workerId: 'w-1' } })).toBe(0);
  });

  it('prunes workers stopped or silent for more than a day, and keeps the others', async () => {
    const day = WORKER_PRUNE_AFTER_MS;
    await registerWorker(db, worker('stopped-long-ago'), at(0));
    await markWorkerStopped(db, { id: 'stopped-long-ago' }, at(1000));
    await registerWorker(db, worker('dead-long-ago'), at(0));
    await registerWorker(db, worker('stopped-recently'), at(0));
    await markWorkerStopped(db, { id: 'stopped-recently' }, at(day));
    await registerWorker(db, worker('live'), at(0));
    await heartbeatWorker(db, { id: 'live' }, at(day + 500));

    expect(await pruneWorkers(db, at(day + 1001))).toBe(2);
    expect((await listWorkers({ db }, at(day + 1001))).map((row) => row.id).sort()).toEqual(['live', 'stopped-recently']);
  });
});
