import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { registerWorker } from '../../src/workers/register-worker';
import { heartbeatWorker } from '../../src/workers/heartbeat-worker';
import { markWorkerStopped } from '../../src/workers/mark-worker-stopped';
import { explainUnrunnableJobs } from '../../src/workers/explain-unrunnable-jobs';
import { copyJob, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
const worker = (id: string, zones: string[] | null) => ({ id, hostname: 'host', pid: 1, version: 'test', zones });

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
  await db.worker.deleteMany();
});

async function zoneWithStore() {
  const zone = await zoneRow(db);
  const store = await storeRow(db, { role: 'record', zoneId: zone.id });
  return { zone, store };
}

describe('why a queued job waits for a worker', () => {
  it('says when no live worker reaches the zone of a store the job touches, and counts those jobs', async () => {
    const a = await zoneWithStore();
    const c = await zoneWithStore();
    const objectStore = await storeRow(db, { role: 'object' });
    await registerWorker(db, worker('w-a', [a.zone.name.toUpperCase()]));
    await copyJob(db, { targetStoreId: a.store.id, sourceStoreId: objectStore.id });
    await copyJob(db, { targetStoreId: objectStore.id, sourceStoreId: a.store.id, kind: 'backup' });
    await copyJob(db, { targetStoreId: c.store.id, sourceStoreId: objectStore.id });
    await copyJob(db, { targetStoreId: c.store.id, sourceStoreId: objectStore.id });

    const explained = await explainUnrunnableJobs({ db });
    expect(explained).toEqual({
      total: 2,
      groups: [{ sourceStoreId: objectStore.id, targetStoreId: c.store.id, jobs: 2, reason: `No live worker reaches zone ${c.zone.name} (its store ${c.store.name})` }],
    });
  });

  it('a worker of every zone runs anything; none at all, or only stopped ones, is said plainly', async () => {
    const a = await zoneWithStore();
    await copyJob(db, { targetStoreId: a.store.id });
    expect((await explainUnrunnableJobs({ db })).groups[0]?.reason).toBe('No live worker is running');
    await registerWorker(db, worker('w-all', null));
    expect(await explainUnrunnableJobs({ db })).toEqual({ total: 0, groups: [] });
    await markWorkerStopped(db, { id: 'w-all' });
    expect((await explainUnrunnableJobs({ db })).groups[0]?.reason).toBe('No live worker is running');
  });

  it('says when every worker that reaches a store finds it broken, with the error; one healthy worker is enough', async () => {
    const a = await zoneWithStore();
    await copyJob(db, { targetStoreId: a.store.id });
    await registerWorker(db, worker('w-1', [a.zone.name]));
    await registerWorker(db, worker('w-2', null));
    await registerWorker(db, worker('w-other', ['elsewhere']));
    await heartbeatWorker(db, { id: 'w-1', health: [{ storeId: a.store.id, ok: false, error: 'path /x missing on worker w-1' }] });
    expect(await explainUnrunnableJobs({ db })).toEqual({ total: 0, groups: [] });

    await heartbeatWorker(db, { id: 'w-2', health: [{ storeId: a.store.id, ok: false, error: 'path /x missing on worker w-2' }] });
    const explained = await explainUnrunnableJobs({ db });
    expect(explained.total).toBe(1);
    expect(explained.groups[0]?.reason).toBe(`Every worker that reaches ${a.store.name} finds it broken: path /x missing on worker w-1`);
  });

  it('a job between two zones needs one worker that reaches both', async () => {
    const a = await zoneWithStore();
    const b = await zoneWithStore();
    await copyJob(db, { targetStoreId: b.store.id, sourceStoreId: a.store.id });
    await registerWorker(db, worker('w-a', [a.zone.name]));
    await registerWorker(db, worker('w-b', [b.zone.name]));
    expect((await explainUnrunnableJobs({ db })).groups[0]?.reason).toBe(
      `No live worker reaches both zone ${a.zone.name} (its store ${a.store.name}) and zone ${b.zone.name} (its store ${b.store.name})`,
    );
    await registerWorker(db, worker('w-ab', [a.zone.name, b.zone.name]));
    expect((await explainUnrunnableJobs({ db })).total).toBe(0);
  });

  it('only queued jobs are explained', async () => {
    const c = await zoneWithStore();
    const { jobId } = await copyJob(db, { targetStoreId: c.store.id });
    await db.job.update({ where: { id: jobId }, data: { state: 'failed' } });
    await registerWorker(db, worker('w-a', ['nowhere']));
    expect(await explainUnrunnableJobs({ db })).toEqual({ total: 0, groups: [] });
  });
});
