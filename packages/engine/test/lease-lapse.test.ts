/* A worker whose heartbeats stop reaching the database (the database restarting, a network cut) must stop its
 * job before the lease it last renewed runs out: from then on another worker may claim the job, and two
 * writers would race. It settles nothing (the job is another claim's now) and leaves the lease to lapse. */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { claimJobs } from '@stowage/services';
import { executeJob } from '../src/jobs/execute-job';

let testDb: TestDb | undefined;
afterEach(async () => {
  await testDb?.dispose();
  testDb = undefined;
});

/** The database as the worker sees it once the connection is cut: every call after `cut()` fails. */
function cuttable(db: Db): { db: Db; cut: () => void } {
  let cut = false;
  // Lazy like Prisma's own promises: a query handed to $transaction fails only when awaited.
  const failure = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
  const fail = () => ({ then: (_: unknown, reject: (error: Error) => void) => reject(failure()) });
  const wrapped = new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (!cut) return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      if (typeof value === 'function') return fail;
      if (value && typeof value === 'object') return new Proxy(value, { get: () => fail });
      return value;
    },
  });
  return { db: wrapped, cut: () => (cut = true) };
}

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
