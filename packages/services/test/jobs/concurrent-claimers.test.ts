import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, databaseKind, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { claimJobs } from '../../src/jobs/claim-job';
import { findOverlappingClaims } from '../../src/jobs/find-overlapping-claims';
import { succeedJob } from '../../src/jobs/settle-job';
import { storeRow, zoneRow } from '../support/rows';

const JOBS = 200;
const CLAIMERS = 4;

let db: Db;
let url: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, url, dispose } = await createTestDb());
});
afterAll(async () => dispose());

/*
 * On PostgreSQL each claimer has its own client (its own pool), as separate worker processes would. On SQLite
 * the claimers share the process's one client: better-sqlite3 waits for a locked file synchronously, so a
 * second client in the same process would block the event loop that the first one's open transaction needs
 * (across processes, where workers really are, that wait is harmless; bench:claims runs them so).
 */
describe('concurrent claimers', () => {
  it(`${CLAIMERS} claimers over ${JOBS} queued jobs claim every job exactly once`, async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id, maxConcurrentTransfers: 1000 });
    await db.job.createMany({ data: Array.from({ length: JOBS }, () => ({ kind: 'sync', targetStoreId: store.id, runAfter: new Date(0) })) });

    const separate = databaseKind(db) === 'postgres';
    const clients = Array.from({ length: CLAIMERS }, () => (separate ? createDb({ url, poolSize: 3 }) : db));
    try {
      const claimedBy = await Promise.all(
        clients.map(async (client, index) => {
          const workerId = `claimer-${index}`;
          const claimed: string[] = [];
          for (;;) {
            const jobs = await claimJobs(client, { workerId, max: 1 + (index % 3) * 3 });
            if (jobs.length === 0) return claimed;
            for (const job of jobs) {
              claimed.push(job.id);
              await succeedJob(client, { jobId: job.id, workerId, attempt: job.attempts, actor: workerId });
            }
          }
        }),
      );
      const all = claimedBy.flat();
      expect(all).toHaveLength(JOBS);
      expect(new Set(all).size).toBe(JOBS);
      expect(await db.job.count({ where: { state: 'succeeded', attempts: 1 } })).toBe(JOBS);
      expect(await db.jobClaim.count({ where: { outcome: 'succeeded' } })).toBe(JOBS);
      expect(await db.jobClaim.count()).toBe(JOBS);
      expect(await findOverlappingClaims(db)).toEqual([]);
    } finally {
      if (separate) await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });
});
