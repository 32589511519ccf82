import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { claimJob, claimJobs } from '../../src/jobs/claim-job';
import { findOverlappingClaims } from '../../src/jobs/find-overlapping-claims';
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
  target = await storeRow(db, { role: 'record', zoneId: (await zoneRow(db)).id, maxConcurrentTransfers: 50 });
});

const claimsOf = (jobId: string) =>
  db.jobClaim.findMany({ where: { jobId }, orderBy: { claimedAt: 'asc' }, select: { workerId: true, attempt: true, claimedAt: true, endedAt: true, outcome: true } });

describe('the claim log', () => {
  it('records each claim with its claim time and ends it with how it was settled', async () => {
    const t0 = new Date(Date.now() + 1000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const jobs = await Promise.all(Array.from({ length: 5 }, () => copyJob(db, { targetStoreId: target.id })));
    const claimed = await claimJobs(db, { workerId: 'w', max: 5, now: at(0) });
    expect(claimed.map((job) => job.id).sort()).toEqual(jobs.map((job) => job.jobId).sort());
    for (const { jobId } of jobs) expect(await claimsOf(jobId)).toEqual([{ workerId: 'w', attempt: 1, claimedAt: at(0), endedAt: null, outcome: null }]);

    const [a, b, c, d, e] = jobs.map((job) => ({ jobId: job.jobId, workerId: 'w', attempt: 1, actor: 'test', now: at(100) }));
    await succeedJob(db, a!);
    await failJob(db, { ...b!, error: 'denied' });
    await retryJobLater(db, { ...c!, error: 'reset' });
    await handBackJob(db, { ...d!, runAfter: at(0) });
    await db.job.update({ where: { id: e!.jobId }, data: { cancelRequested: true } });
    await settleCancelledJob(db, { jobId: e!.jobId, expectedState: 'running', expectedOwner: 'w', expectedAttempt: 1, now: at(100) });
    const outcomes = await Promise.all([a, b, c, d, e].map(async (job) => (await claimsOf(job!.jobId)).map((claim) => [claim.outcome, claim.endedAt])));
    expect(outcomes).toEqual(['succeeded', 'failed', 'retrying', 'handed_back', 'cancelled'].map((outcome) => [[outcome, at(100)]]));
  });

  it('a takeover ends the previous claim as lost at the takeover time; a hand-back reclaimed reuses its attempt', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    const t0 = new Date(Date.now() + 1000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await claimJob(db, { workerId: 'dead', leaseMs: 1000, now: at(0) });
    await claimJob(db, { workerId: 'alive', leaseMs: 1000, now: at(1500) });
    expect(await claimsOf(jobId)).toEqual([
      { workerId: 'dead', attempt: 1, claimedAt: at(0), endedAt: at(1500), outcome: 'lost' },
      { workerId: 'alive', attempt: 2, claimedAt: at(1500), endedAt: null, outcome: null },
    ]);
    await handBackJob(db, { jobId, workerId: 'alive', attempt: 2, runAfter: at(1600), now: at(1600) });
    await claimJob(db, { workerId: 'next', leaseMs: 1000, now: at(1700) });
    expect((await claimsOf(jobId)).map((claim) => [claim.workerId, claim.attempt, claim.outcome])).toEqual([
      ['dead', 1, 'lost'],
      ['next', 2, null],
    ]);
    expect(await findOverlappingClaims(db)).toEqual([]);
  });

  it('a job that ran out of attempts after its worker died ends that claim as lost', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    await db.job.update({ where: { id: jobId }, data: { maxAttempts: 1 } });
    const t0 = new Date(Date.now() + 1000);
    await claimJob(db, { workerId: 'dead', leaseMs: 1000, now: t0 });
    expect(await claimJob(db, { workerId: 'w', now: new Date(t0.getTime() + 1500) })).toBeNull();
    expect((await claimsOf(jobId)).map((claim) => [claim.workerId, claim.outcome])).toEqual([['dead', 'lost']]);
  });
});

describe('findOverlappingClaims', () => {
  it('finds two claims of one job open at once, and a claim that began before the previous one ended', async () => {
    const { jobId } = await copyJob(db, { targetStoreId: target.id });
    const { jobId: other } = await copyJob(db, { targetStoreId: target.id });
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    await db.jobClaim.createMany({
      data: [
        { id: 'a1', jobId, workerId: 'w1', attempt: 1, claimedAt: at(0), endedAt: at(1000), outcome: 'lost' },
        { id: 'a2', jobId, workerId: 'w2', attempt: 2, claimedAt: at(900), endedAt: at(2000), outcome: 'succeeded' },
        { id: 'b1', jobId: other, workerId: 'w1', attempt: 1, claimedAt: at(0), endedAt: null },
        { id: 'b2', jobId: other, workerId: 'w2', attempt: 2, claimedAt: at(5000), endedAt: null },
        // Back to back: not an overlap.
        { id: 'a3', jobId, workerId: 'w3', attempt: 3, claimedAt: at(2000), endedAt: at(3000), outcome: 'succeeded' },
      ],
    });
    const overlaps = await findOverlappingClaims(db);
    expect(overlaps.map((overlap) => [overlap.jobId, overlap.first.claimId, overlap.second.claimId]).sort()).toEqual(
      [
        [jobId, 'a1', 'a2'],
        [other, 'b1', 'b2'],
      ].sort(),
    );
    const first = overlaps.find((overlap) => overlap.first.claimId === 'a1')!;
    expect(first).toMatchObject({ first: { workerId: 'w1', attempt: 1, claimedAt: at(0), endedAt: at(1000) }, second: { workerId: 'w2', attempt: 2 } });
  });
});
