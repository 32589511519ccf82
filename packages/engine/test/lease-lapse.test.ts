/* A worker whose heartbeats stop reaching the database (the database restarting, a network cut) must stop its
 * job before the lease it last renewed runs out: from then on another worker may claim the job, and two
 * writers would race. It settles nothing (the job is another claim's now) and leaves the lease to lapse. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@stowage/db/testing';
import { claimJobs } from '@stowage/services';
import { executeJob } from '../src/jobs/execute-job';
import { cuttable } from './support/cuttable-db';

let testDb: TestDb | undefined;
afterEach(async () => {
  await testDb?.dispose();
  testDb = undefined;
});

describe('a worker that cannot renew its lease', () => {
  it('aborts the job before the lease it holds runs out, and changes nothing', async () => {
    testDb = await createTestDb();
    const { db } = testDb;
    const job = await db.job.create({ data: { kind: 'verify', runAfter: new Date(Date.now() - 1000) } });
    const leaseMs = 1500;
    const [claimed] = await claimJobs(db, { workerId: 'w1', max: 1, leaseMs });
    expect(claimed?.id).toBe(job.id);
    const connection = cuttable(db);
    let abortedAt: number | null = null;
    const logged: string[] = [];
    const started = Date.now();
    await executeJob(claimed!, {
      ctx: { db: connection.db, actor: 'test' } as never,
      workerId: 'w1',
      leaseMs,
      log: (line) => logged.push(line),
      handler: ({ signal }) => {
        connection.cut();
        return new Promise((_, reject) => {
          const timer = setTimeout(() => reject(new Error('the handler ran to its end: nothing stopped it')), 10_000);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            abortedAt = Date.now();
            reject(signal.reason);
          });
        });
      },
    });
    expect(abortedAt).not.toBeNull();
    expect(abortedAt! - started).toBeLessThan(leaseMs);
    expect(logged.join('\n')).toMatch(/no heartbeat renewed its lease in time/);
    const after = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(after).toMatchObject({ state: 'running', ownerId: 'w1', attempts: 1 });
  });

  it('keeps running while its heartbeats go through', async () => {
    testDb = await createTestDb();
    const { db } = testDb;
    await db.job.create({ data: { kind: 'verify', runAfter: new Date(Date.now() - 1000) } });
    const leaseMs = 900;
    const [claimed] = await claimJobs(db, { workerId: 'w1', max: 1, leaseMs });
    let aborted = false;
    await executeJob(claimed!, {
      ctx: { db, actor: 'test' } as never,
      workerId: 'w1',
      leaseMs,
      handler: async ({ signal }) => {
        signal.addEventListener('abort', () => (aborted = true));
        await new Promise((resolve) => setTimeout(resolve, leaseMs * 3));
        return { effects: async () => undefined };
      },
    });
    expect(aborted).toBe(false);
    expect((await db.job.findUniqueOrThrow({ where: { id: claimed!.id } })).state).toBe('succeeded');
  });
});
