/* A job's outcome reached while the database restarts (a second or so) is recorded once it answers again,
 * as long as the worker's lease holds: the claim ends with that outcome rather than lapsing under a live
 * worker and being taken over (the chaos test's audit 1 counts that as an overlap). A database that stays
 * away longer than the lease leaves the job to lapse, as before. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@stowage/db/testing';
import { claimJobs } from '@stowage/services';
import { executeJob } from '../src/jobs/execute-job';
import type { JobHandler } from '../src/jobs/job-run';
import { cuttable } from './support/cuttable-db';

let testDb: TestDb | undefined;
afterEach(async () => {
  await testDb?.dispose();
  testDb = undefined;
});

const RESTART_MS = 400;

async function runThroughRestart(options: { leaseMs: number; backAfterMs: number | null; handler: (cut: () => void) => ReturnType<JobHandler> }) {
  testDb = await createTestDb();
  const { db } = testDb;
  const job = await db.job.create({ data: { kind: 'verify', runAfter: new Date(Date.now() - 1000) } });
  const [claimed] = await claimJobs(db, { workerId: 'w1', max: 1, leaseMs: options.leaseMs });
  expect(claimed?.id).toBe(job.id);
  const connection = cuttable(db);
  const cut = () => {
    connection.cut();
    if (options.backAfterMs !== null) setTimeout(connection.restore, options.backAfterMs);
  };
  const logged: string[] = [];
  const started = Date.now();
  await executeJob(claimed!, { ctx: { db: connection.db, actor: 'test' } as never, workerId: 'w1', leaseMs: options.leaseMs, log: (line) => logged.push(line), handler: () => options.handler(cut) });
  return {
    tookMs: Date.now() - started,
    logged: logged.join('\n'),
    job: await db.job.findUniqueOrThrow({ where: { id: job.id } }),
    claim: await db.jobClaim.findFirstOrThrow({ where: { jobId: job.id } }),
  };
}

describe('a job whose outcome is reached while the database restarts', () => {
  it('a transient failure is recorded as a retry once the database answers again', async () => {
    const run = await runThroughRestart({
      leaseMs: 5_000,
      backAfterMs: RESTART_MS,
      handler: async (cut) => {
        cut();
        throw new Error('the object store hung up');
      },
    });
    expect(run.job).toMatchObject({ state: 'queued', ownerId: null, error: 'the object store hung up' });
    expect(run.claim).toMatchObject({ workerId: 'w1', outcome: 'retrying' });
    expect(run.claim.endedAt).not.toBeNull();
    expect(run.logged).toMatch(/recording the outcome of job \S+ failed \(Connection terminated unexpectedly\); trying again in \d+ ms/);
    expect(run.tookMs).toBeGreaterThanOrEqual(RESTART_MS);
  });

  it('a success is recorded with its effects once the database answers again', async () => {
    let effectsApplied = 0;
    const run = await runThroughRestart({
      leaseMs: 5_000,
      backAfterMs: RESTART_MS,
      handler: async (cut) => {
        cut();
        return { effects: async () => void (effectsApplied += 1) };
      },
    });
    expect(run.job).toMatchObject({ state: 'succeeded', ownerId: null });
    expect(run.claim).toMatchObject({ workerId: 'w1', outcome: 'succeeded' });
    expect(effectsApplied).toBe(1);
  });

  it('a database that stays away past the lease: the worker gives up by then and the claim is left to lapse', async () => {
    const leaseMs = 1_500;
    const run = await runThroughRestart({
      leaseMs,
      backAfterMs: null,
      handler: async (cut) => {
        cut();
        throw new Error('the object store hung up');
      },
    });
    expect(run.tookMs).toBeLessThan(leaseMs + 500);
    expect(run.logged).toMatch(/could not settle job/);
    expect(run.job).toMatchObject({ state: 'running', ownerId: 'w1', attempts: 1 });
    expect(run.claim.endedAt).toBeNull();
  });
});
