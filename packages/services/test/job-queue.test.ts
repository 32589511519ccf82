import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { claimJob } from '../src/jobs/claim-job';
import { heartbeatJob } from '../src/jobs/heartbeat-job';
import { failJob, retryJobLater, succeedJob } from '../src/jobs/settle-job';
import { JobLostError } from '../src/jobs/job-lost-error';
import { copyJob, storeRow, zoneRow } from './support/rows';

let db: Db;
let dispose: () => Promise<void>;
let target: { id: string };

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.job.deleteMany();
  const zone = await zoneRow(db);
  target = await storeRow(db, { role: 'record', zoneId: zone.id });
});

describe('claiming jobs (invariant 5: one worker at a time)', () => {
  it('of many workers racing for one job, exactly one wins, every time', async () => {
    for (let round = 0; round < 20; round += 1) {
      await db.job.deleteMany();
      await copyJob(db, { targetStoreId: target.id });
      const claims = await Promise.all(['w1', 'w2', 'w3', 'w4'].map((workerId) => claimJob(db, { workerId })));
      expect(claims.filter(Boolean)).toHaveLength(1);
    }
  });

  it('a job whose worker stopped heartbeating is taken over, and the old worker can no longer settle it', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    const first = await claimJob(db, { workerId: 'crashed', leaseMs: 1000, now: at(0) });
    expect(first?.id).toBe(jobId);
    expect(await claimJob(db, { workerId: 'other', leaseMs: 1000, now: at(900) })).toBeNull();

    const second = await claimJob(db, { workerId: 'other', leaseMs: 10_000, now: at(1100) });
    expect(second).toMatchObject({ id: jobId, attempts: 2 });
    expect(await heartbeatJob(db, { jobId, workerId: 'crashed', attempt: 1, now: at(1200) })).toEqual({ owned: false, cancelRequested: false });
    await expect(succeedJob(db, { jobId, workerId: 'crashed', attempt: 1, actor: 'test' })).rejects.toBeInstanceOf(JobLostError);
    await succeedJob(db, { jobId, workerId: 'other', attempt: 2, actor: 'test' });
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'succeeded', ownerId: null });
  });

  it('a heartbeat extends the lease and saves progress on the job and its replica', async () => {
    const { jobId, replica } = await copyJob(db, { targetStoreId: target.id });
    const t0 = Date.now();
    await claimJob(db, { workerId: 'w', leaseMs: 1000, now: new Date(t0) });
    await db.replica.update({ where: { id: replica.id }, data: { state: 'copying' } });
    await heartbeatJob(db, { jobId, workerId: 'w', attempt: 1, leaseMs: 60_000, bytesDone: 512, bytesTotal: 1024, now: new Date(t0 + 500) });
    expect(await claimJob(db, { workerId: 'thief', now: new Date(t0 + 5000) })).toBeNull();
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ bytesDone: 512n, bytesTotal: 1024n });
    expect(await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).toMatchObject({ bytesDone: 512n });
  });

  it('jobs touching a store that is down or in maintenance wait without using an attempt', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await db.store.update({ where: { id: target.id }, data: { lastProbeOk: false } });
    expect(await claimJob(db, { workerId: 'w' })).toBeNull();
    await db.store.update({ where: { id: target.id }, data: { lastProbeOk: true, adminState: 'maintenance' } });
    expect(await claimJob(db, { workerId: 'w' })).toBeNull();
    await db.store.update({ where: { id: target.id }, data: { adminState: 'active' } });
    expect(await claimJob(db, { workerId: 'w' })).toMatchObject({ id: jobId, attempts: 1 });
  });

  it('holds the per-store limit on concurrent transfers across workers', async () => {
    await db.store.update({ where: { id: target.id }, data: { maxConcurrentTransfers: 2 } });
    for (let index = 0; index < 4; index += 1) await copyJob(db, { targetStoreId: target.id });
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((workerId) => claimJob(db, { workerId })));
    expect(claims.filter(Boolean)).toHaveLength(2);
    expect(await db.job.count({ where: { state: 'running' } })).toBe(2);
    expect(await db.job.count({ where: { state: 'queued', attempts: 0 } })).toBe(2);
  });
});

describe('settling jobs', () => {
  it('a transient failure goes back to the queue with a backoff; used-up attempts fail the job and its replica', async () => {
    const { jobId, replica } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { maxAttempts: 2 } });
    await claimJob(db, { workerId: 'w' });
    const before = Date.now();
    expect(await retryJobLater(db, { jobId, workerId: 'w', attempt: 1, actor: 'test', error: 'connection reset' })).toBe('retrying');
    const queued = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(queued).toMatchObject({ state: 'queued', error: 'connection reset', errorKind: 'transient', ownerId: null });
    expect(queued.runAfter.getTime()).toBeGreaterThan(before);
    expect(await claimJob(db, { workerId: 'w' })).toBeNull();

    await db.job.update({ where: { id: jobId }, data: { runAfter: new Date(0) } });
    await claimJob(db, { workerId: 'w' });
    expect(await retryJobLater(db, { jobId, workerId: 'w', attempt: 2, actor: 'test', error: 'connection reset' })).toBe('failed');
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      state: 'failed',
      errorKind: 'permanent',
      error: 'connection reset (gave up after 2 attempts)',
    });
    expect(await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).toMatchObject({ state: 'failed' });
  });

  it('a job allowed one attempt gives up "after 1 attempt"', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { maxAttempts: 1 } });
    await claimJob(db, { workerId: 'w' });
    expect(await retryJobLater(db, { jobId, workerId: 'w', attempt: 1, actor: 'test', error: 'connection reset' })).toBe('failed');
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).error).toBe('connection reset (gave up after 1 attempt)');
  });

  it('a permanent failure fails the job at once, with its reason on the replica and in the events', async () => {
    const { jobId, replica } = await copyJob(db, { targetStoreId: target.id });
    await claimJob(db, { workerId: 'w' });
    await failJob(db, { jobId, workerId: 'w', attempt: 1, actor: 'test', error: 'Access denied by the store' });
    expect(await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).toMatchObject({ state: 'failed', error: 'Access denied by the store' });
    expect(await db.event.count({ where: { jobId, type: 'job.failed' } })).toBe(1);
  });

  it('effects that throw leave the job running and owned, so the failure can still be recorded', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await claimJob(db, { workerId: 'w' });
    await expect(
      succeedJob(db, { jobId, workerId: 'w', attempt: 1, actor: 'test', effects: async () => { throw new Error('checksum guard'); } }),
    ).rejects.toThrow('checksum guard');
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ state: 'running', ownerId: 'w' });
  });
});

describe('a job that kills its workers', () => {
  it('is failed with that reason once its attempts are used, not taken over forever', async () => {
    const { jobId, replica } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { maxAttempts: 2 } });
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    expect(await claimJob(db, { workerId: 'dies-1', leaseMs: 1000, now: at(0) })).toMatchObject({ attempts: 1 });
    expect(await claimJob(db, { workerId: 'dies-2', leaseMs: 1000, now: at(1500) })).toMatchObject({ attempts: 2 });
    expect(await claimJob(db, { workerId: 'dies-3', leaseMs: 1000, now: at(3000) })).toBeNull();
    expect(await db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      state: 'failed',
      attempts: 2,
      error: 'Its worker stopped during each of its 2 attempts',
    });
    expect(await db.replica.findUniqueOrThrow({ where: { id: replica.id } })).toMatchObject({ state: 'failed' });
  });

  it('an upload whose receiving process died says how far the upload got, and that it must be sent again', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { kind: 'ingest', payload: JSON.stringify({ source: 'upload' }), maxAttempts: 1, bytesTotal: 4000n } });
    const t0 = Date.now();
    await claimJob(db, { workerId: 'upload:dead', leaseMs: 1000, now: new Date(t0) });
    await db.job.update({ where: { id: jobId }, data: { bytesDone: 1000n } });
    expect(await claimJob(db, { workerId: 'w', leaseMs: 1000, now: new Date(t0 + 1500) })).toBeNull();
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).error).toBe(
      'The upload was interrupted after 1000 of 4000 bytes (25 %): the server receiving it stopped. Upload the file again.',
    );
  });

  it('with a single attempt, says it stopped during its only attempt', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { maxAttempts: 1 } });
    const t0 = Date.now();
    expect(await claimJob(db, { workerId: 'dies-1', leaseMs: 1000, now: new Date(t0) })).toMatchObject({ attempts: 1 });
    expect(await claimJob(db, { workerId: 'dies-2', leaseMs: 1000, now: new Date(t0 + 1500) })).toBeNull();
    expect((await db.job.findUniqueOrThrow({ where: { id: jobId } })).error).toBe('Its worker stopped during its only attempt');
  });
});
