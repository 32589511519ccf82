/* The jobs-per-state counters (JobStateCount + pending JobCountDelta rows, kept by triggers on Job): whatever
 * happens to jobs — inserts, state changes, bulk updates, deletes — and whenever the roll-up runs, the counts equal
 * a GROUP BY over Job, and the Jobs list reports them. Also: 8 writers and two roll-ups at once on separate
 * connections (no deadlock, exact counts). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STATES } from '@stowage/core';
import { createDb, readJobCounts, rollUpJobCounts, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { listJobs } from '../src/jobs/list-jobs';
import { objectRow } from './support/rows';

let db: Db;
let url: string;
let kind: 'sqlite' | 'postgres';
let dispose: () => Promise<void>;
let objectId: string;

beforeAll(async () => {
  ({ db, url, kind, dispose } = await createTestDb());
  objectId = (await objectRow(db)).id;
});
afterAll(async () => {
  await dispose();
});

async function grouped(): Promise<Record<string, number>> {
  const groups = await db.job.groupBy({ by: ['state'], _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.state, group._count._all]));
}

async function expectCountsMatchJobs(context: string) {
  const [rows, truth] = await Promise.all([readJobCounts(db), grouped()]);
  expect(Object.fromEntries(rows.map((row) => [row.state, row.count])), context).toEqual(truth);
  const { counts } = await listJobs({ db } as never, { limit: 1 });
  expect(counts, context).toEqual({ queued: 0, running: 0, failed: 0, succeeded: 0, cancelled: 0, ...truth });
}

const state = fc.constantFrom(...JOB_STATES);
const command = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), state }),
  fc.record({ kind: fc.constant('setState' as const), pick: fc.nat(), state }),
  fc.record({ kind: fc.constant('bulkState' as const), from: state, to: state }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rollUp' as const), batch: fc.integer({ min: 1, max: 5 }) }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

const newJob = (jobState: string) => ({ kind: 'verify', state: jobState, objectId });

async function run(step: Command): Promise<void> {
  const jobs = await db.job.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const picked = 'pick' in step && jobs.length > 0 ? jobs[step.pick % jobs.length]! : null;
  switch (step.kind) {
    case 'insert':
      await db.job.create({ data: newJob(step.state) });
      return;
    case 'setState':
      if (picked) await db.job.update({ where: { id: picked.id }, data: { state: step.state } });
      return;
    case 'bulkState':
      await db.job.updateMany({ where: { state: step.from }, data: { state: step.to } });
      return;
    case 'delete':
      if (picked) await db.job.delete({ where: { id: picked.id } });
      return;
    case 'rollUp':
      // Small batches, a bounded number of them: some deltas stay pending for the reader to add.
      await rollUpJobCounts(db, { batch: step.batch, maxBatches: 2 });
      return;
  }
}

describe('job counts per state', () => {
  it('equal a GROUP BY over Job after any sequence of inserts, state changes, bulk updates, deletes and roll-ups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (steps) => {
        await db.job.deleteMany();
        for (const [index, step] of steps.entries()) {
          await run(step);
          if (index % 5 === 4) await expectCountsMatchJobs(`after ${index + 1} commands`);
        }
        await expectCountsMatchJobs('at the end, deltas pending');
        await rollUpJobCounts(db);
        expect(await db.jobCountDelta.count()).toBe(0);
        await expectCountsMatchJobs('after a full roll-up');
      }),
      { numRuns: 20 },
    );
  });

  it('stay exact with 8 writers and two roll-ups at once on separate connections, without deadlock', async () => {
    await db.job.deleteMany();
    await rollUpJobCounts(db);
    const created: { id: string }[] = [];
    for (let index = 0; index < 24; index += 1) created.push(await db.job.create({ data: newJob('queued'), select: { id: true } }));
    // On SQLite one connection, as in the replica counts' test: better-sqlite3 waits for the file lock synchronously.
    const clients = kind === 'postgres' ? Array.from({ length: 10 }, () => createDb({ url })) : Array.from({ length: 10 }, () => db);
    try {
      let writing = true;
      const writers = clients.slice(0, 8).map(async (client, writer) => {
        for (let round = 0; round < 40; round += 1) {
          const job = created[(writer * 7 + round * 3) % created.length]!;
          await client.job.update({ where: { id: job.id }, data: { state: JOB_STATES[(writer + round) % JOB_STATES.length]! } });
        }
      });
      const rollUps = clients.slice(8).map(async (client) => {
        let folded = 0;
        while (writing) folded += (await rollUpJobCounts(client, { batch: 7 })).folded;
        return folded;
      });
      await Promise.all(writers);
      writing = false;
      const folded = await Promise.all(rollUps);
      expect(folded.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
      await expectCountsMatchJobs('deltas pending after the race');
      await rollUpJobCounts(db);
      await expectCountsMatchJobs('after the last roll-up');
      expect((await readJobCounts(db)).reduce((sum, row) => sum + row.count, 0)).toBe(created.length);
    } finally {
      if (kind === 'postgres') await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});
