import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { registerWorker } from '../../src/workers/register-worker';
import { markWorkerStopped } from '../../src/workers/mark-worker-stopped';
import { storesWithoutWorker } from '../../src/workers/stores-without-worker';
import { WORKER_HEARTBEAT_MS, WORKER_LIVE_HEARTBEATS } from '../../src/workers/worker-tuning';
import { storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
const t0 = new Date('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.worker.deleteMany();
  await db.store.deleteMany();
});

describe('the stores the web app probes', () => {
  it('are the object stores and the zone stores no live worker reaches: a zone worker probes its own', async () => {
    const [east, west] = [await zoneRow(db), await zoneRow(db)];
    const objectStore = await storeRow(db, { role: 'object' });
    const eastNfs = await storeRow(db, { role: 'record', zoneId: east.id });
    const westNfs = await storeRow(db, { role: 'record', zoneId: west.id });
    const sorted = (ids: string[]) => [...ids].sort();

    // No worker at all: the web app probes everything.
    expect(sorted(await storesWithoutWorker(db, at(0)))).toEqual(sorted([objectStore.id, eastNfs.id, westNfs.id]));

    await registerWorker(db, { id: 'w-east', hostname: 'east-1', pid: 1, version: '0.12.0', zones: [east.name] }, at(0));
    expect(sorted(await storesWithoutWorker(db, at(1000)))).toEqual(sorted([objectStore.id, westNfs.id]));

    // A worker of every zone: only the object store is the web app's.
    await registerWorker(db, { id: 'w-all', hostname: 'all-1', pid: 2, version: '0.12.0', zones: null }, at(0));
    expect(await storesWithoutWorker(db, at(1000))).toEqual([objectStore.id]);

    // Stopped or silent workers reach nothing: their zones are the web app's again.
    await markWorkerStopped(db, { id: 'w-all' }, at(2000));
    const silent = at(WORKER_HEARTBEAT_MS * (WORKER_LIVE_HEARTBEATS + 2));
    expect(sorted(await storesWithoutWorker(db, silent))).toEqual(sorted([objectStore.id, eastNfs.id, westNfs.id]));
  });
});
