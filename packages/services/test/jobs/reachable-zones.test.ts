import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { claimJob } from '../../src/jobs/claim-job';
import { enqueueJob } from '../../src/jobs/enqueue-job';
import { objectRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
});

describe('a worker claims only jobs whose every store it can reach', () => {
  it('zone stores by their zone name; object stores from every zone; null reaches all', async () => {
    const east = await zoneRow(db);
    const west = await zoneRow(db);
    const eastNfs = await storeRow(db, { role: 'record', zoneId: east.id });
    const westNfs = await storeRow(db, { role: 'record', zoneId: west.id });
    const objects = await storeRow(db, { role: 'object' });
    const job = async (sourceStoreId: string | null, targetStoreId: string) =>
      enqueueJob(db, { kind: 'sync', objectId: (await objectRow(db)).id, sourceStoreId, targetStoreId });
    const eastOnly = await job(null, eastNfs.id);
    const westToObjects = await job(westNfs.id, objects.id);
    const objectsOnly = await job(null, objects.id);
    const eastToWest = await job(eastNfs.id, westNfs.id);

    const claimable = async (reachableZones: string[] | null | undefined) => {
      const claimed: string[] = [];
      for (let job; (job = await claimJob(db, { workerId: 'w', reachableZones })); ) claimed.push(job.id);
      await db.job.updateMany({ data: { state: 'queued', ownerId: null, attempts: 0, runAfter: new Date(0) } });
      await db.jobClaim.deleteMany();
      return claimed.sort();
    };
    expect(await claimable([east.name])).toEqual([eastOnly, objectsOnly].sort());
    expect(await claimable([west.name])).toEqual([westToObjects, objectsOnly].sort());
    expect(await claimable([])).toEqual([objectsOnly]);
    expect(await claimable(['no-such-zone'])).toEqual([objectsOnly]);
    expect(await claimable([east.name, west.name])).toEqual([eastOnly, westToObjects, objectsOnly, eastToWest].sort());
    expect(await claimable(null)).toEqual([eastOnly, westToObjects, objectsOnly, eastToWest].sort());
    expect(await claimable(undefined)).toEqual([eastOnly, westToObjects, objectsOnly, eastToWest].sort());
  });
});
