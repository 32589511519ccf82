import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { createSecretBox, type ServiceContext } from '../src';
import { cancelJob } from '../src/jobs/cancel-job';
import { claimJob } from '../src/jobs/claim-job';
import { heartbeatJob } from '../src/jobs/heartbeat-job';
import { enqueueJob } from '../src/jobs/enqueue-job';
import { listFailures } from '../src/jobs/list-failures';
import { retryJobs } from '../src/jobs/retry-jobs';
import { failJob } from '../src/jobs/settle-job';
import { copyJob, storeRow, zoneRow } from './support/rows';

let db: Db;
let ctx: ServiceContext;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' };
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
});

async function failedCopy(targetStoreId: string, error = 'Access denied') {
  const created = await copyJob(db, { targetStoreId });
  await db.job.update({ where: { id: created.jobId }, data: { runAfter: new Date(0) } });
  const claimed = await claimJob(db, { workerId: 'w', kinds: ['sync'] });
  if (claimed?.id !== created.jobId) throw new Error('expected to claim the new job');
  await failJob(db, { jobId: created.jobId, workerId: 'w', attempt: claimed.attempts, actor: 'test', error });
  return created;
}

describe('cancel', () => {
  it('cancels a queued job at once and fails its replica with the reason', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const { jobId, replica } = await copyJob(db, { targetStoreId: store.id });
    expect(await cancelJob(ctx, { jobId })).toEqual({ state: 'cancelled' });
    expect(await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).toMatchObject({ state: 'failed', error: 'cancelled by an admin' });
  });

  it('asks a running job to stop: its worker hears it on the next heartbeat', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const { jobId } = await copyJob(db, { targetStoreId: store.id });
    await claimJob(db, { workerId: 'w' });
    expect(await cancelJob(ctx, { jobId })).toEqual({ state: 'running' });
    expect(await heartbeatJob(db, { jobId, workerId: 'w', attempt: 1 })).toEqual({ owned: true, cancelRequested: true });
  });

  it('refuses to cancel a finished job', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const { jobId } = await failedCopy(store.id);
    await expect(cancelJob(ctx, { jobId })).rejects.toThrow('Only a queued or running job can be cancelled; this one is failed.');
  });
});

describe('failures and retry', () => {
  it('lists exactly the current failures with their reasons; a newer job for the replica supersedes an old failure', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const first = await failedCopy(store.id, 'disk full');
    const second = await failedCopy(store.id, 'permission denied');
    await enqueueJob(db, { kind: 'sync', objectId: second.object.id, replicaId: second.replica.id, targetStoreId: store.id });
    const failures = await listFailures(ctx);
    expect(failures.map((job) => [job.id, job.error])).toEqual([[first.jobId, 'disk full']]);
  });

  it('lists failed and cancelled jobs together, newest first, up to the limit, and only those touching a zone when asked', async () => {
    const zoneA = await zoneRow(db);
    const zoneB = await zoneRow(db);
    const storeA = await storeRow(db, { role: 'record', zoneId: zoneA.id });
    const storeB = await storeRow(db, { role: 'record', zoneId: zoneB.id });
    const oldest = await failedCopy(storeA.id, 'first');
    const cancelled = await copyJob(db, { targetStoreId: storeB.id });
    await cancelJob(ctx, { jobId: cancelled.jobId });
    const newest = await failedCopy(storeA.id, 'third');
    const at = (jobId: string, ms: number) => db.job.update({ where: { id: jobId }, data: { finishedAt: new Date(ms) } });
    await at(oldest.jobId, 1_000);
    await at(cancelled.jobId, 2_000);
    await at(newest.jobId, 3_000);

    expect((await listFailures(ctx)).map((job) => job.id)).toEqual([newest.jobId, cancelled.jobId, oldest.jobId]);
    expect((await listFailures(ctx, { limit: 2 })).map((job) => job.id)).toEqual([newest.jobId, cancelled.jobId]);
    expect((await listFailures(ctx, { zoneId: zoneA.id })).map((job) => job.id)).toEqual([newest.jobId, oldest.jobId]);
    expect((await listFailures(ctx, { zoneId: zoneB.id })).map((job) => job.id)).toEqual([cancelled.jobId]);
    await expect(listFailures(ctx, { zoneId: '' })).rejects.toThrow();
    await expect(listFailures(ctx, { limit: 0 })).rejects.toThrow();
    await expect(listFailures(ctx, { unknown: 1 } as never)).rejects.toThrow();
  });

  it('retries one job, all of an object, all of a zone, or everything — and nothing that did not fail', async () => {
    const zoneA = await zoneRow(db);
    const zoneB = await zoneRow(db);
    const storeA = await storeRow(db, { role: 'record', zoneId: zoneA.id });
    const storeB = await storeRow(db, { role: 'record', zoneId: zoneB.id });
    const a1 = await failedCopy(storeA.id);
    const a2 = await failedCopy(storeA.id);
    const b1 = await failedCopy(storeB.id);
    const b2 = await failedCopy(storeB.id);
    const healthy = await copyJob(db, { targetStoreId: storeB.id });

    expect(await retryJobs(ctx, { scope: 'job', jobId: a1.jobId })).toEqual({ retried: 1, uploadsToSendAgain: 0 });
    expect(await db.job.findUniqueOrThrow({ where: { id: a1.jobId } })).toMatchObject({ state: 'queued', attempts: 0, error: null });
    expect(await db.replica.findUniqueOrThrow({ where: { id: a1.replica.id } })).toMatchObject({ state: 'allocated' });

    expect(await retryJobs(ctx, { scope: 'object', objectId: a2.object.id })).toEqual({ retried: 1, uploadsToSendAgain: 0 });
    expect(await retryJobs(ctx, { scope: 'zone', zoneId: zoneB.id })).toEqual({ retried: 2, uploadsToSendAgain: 0 });
    expect(await retryJobs(ctx, { scope: 'all' })).toEqual({ retried: 0, uploadsToSendAgain: 0 });
    expect(await db.job.findUniqueOrThrow({ where: { id: healthy.jobId } })).toMatchObject({ state: 'queued' });
    for (const { jobId } of [b1, b2]) expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'queued' });
    await expect(retryJobs(ctx, { scope: 'job', jobId: healthy.jobId })).rejects.toThrow(/Only the latest failed or cancelled job/);
  });
});
