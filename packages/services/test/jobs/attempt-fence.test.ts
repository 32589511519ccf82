import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { claimJob } from '../../src/jobs/claim-job';
import { heartbeatJob } from '../../src/jobs/heartbeat-job';
import { JobLostError } from '../../src/jobs/job-lost-error';
import { failJob, handBackJob, retryJobLater, settleCancelledJob, succeedJob } from '../../src/jobs/settle-job';
import { copyJob, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
let target: { id: string };

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
  target = await storeRow(db, { role: 'record', zoneId: (await zoneRow(db)).id });
});

/** A job claimed by worker `w` whose lease ran out and that `w` itself then claimed again: attempt 1 is stale. */
async function reclaimedBySameWorker() {
  const { jobId } = await copyJob(db, { targetStoreId: target.id });
  const t0 = Date.now();
  expect(await claimJob(db, { workerId: 'w', leaseMs: 1000, now: new Date(t0) })).toMatchObject({ id: jobId, attempts: 1 });
  expect(await claimJob(db, { workerId: 'w', leaseMs: 60_000, now: new Date(t0 + 1500) })).toMatchObject({ id: jobId, attempts: 2 });
  return { jobId, later: new Date(t0 + 2000) };
}

describe('the attempt fence: a claim whose lease was taken over changes nothing, even under the same worker id', () => {
  it('refuses the stale attempt a heartbeat and every kind of settling; the live attempt settles', async () => {
    const { jobId, later } = await reclaimedBySameWorker();
    const stale = { jobId, workerId: 'w', attempt: 1, actor: 'test', now: later };

    expect(await heartbeatJob(db, { ...stale, bytesDone: 99 })).toEqual({ owned: false, cancelRequested: false });
    await expect(succeedJob(db, stale)).rejects.toBeInstanceOf(JobLostError);
    await expect(retryJobLater(db, { ...stale, error: 'stale' })).rejects.toBeInstanceOf(JobLostError);
    await expect(failJob(db, { ...stale, error: 'stale' })).rejects.toBeInstanceOf(JobLostError);
    expect(await handBackJob(db, { ...stale, runAfter: later })).toBe(false);
    await db.job.update({ where: { id: jobId }, data: { cancelRequested: true } });
    expect(await settleCancelledJob(db, { jobId, expectedState: 'running', expectedOwner: 'w', expectedAttempt: 1 })).toBe(false);
    await db.job.update({ where: { id: jobId }, data: { cancelRequested: false } });

    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'running', ownerId: 'w', attempts: 2, bytesDone: 0n });
    expect(await heartbeatJob(db, { jobId, workerId: 'w', attempt: 2, now: later })).toEqual({ owned: true, cancelRequested: false });
    await succeedJob(db, { jobId, workerId: 'w', attempt: 2, actor: 'test', now: later });
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'succeeded' });
    expect(await db.jobClaim.findMany({ where: { jobId }, orderBy: { attempt: 'asc' }, select: { attempt: true, outcome: true } })).toEqual([
      { attempt: 1, outcome: 'lost' },
      { attempt: 2, outcome: 'succeeded' },
    ]);
  });
});
