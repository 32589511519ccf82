import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { createSecretBox, type ServiceContext } from '../../src';
import { listJobs, listJobsInput } from '../../src/jobs/list-jobs';
import { objectRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let ctx: ServiceContext;
let dispose: () => Promise<void>;
const ids = { zoneA: '', zoneB: '', storeA: '', storeB: '', object: '' };
const STATES = ['queued', 'running', 'failed', 'succeeded', 'cancelled'] as const;
const KINDS = ['sync', 'backup', 'verify'] as const;
const JOBS = 37;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' };
  const [zoneA, zoneB] = [await zoneRow(db), await zoneRow(db)];
  const storeA = await storeRow(db, { role: 'record', zoneId: zoneA.id });
  const storeB = await storeRow(db, { role: 'record', zoneId: zoneB.id });
  const object = await objectRow(db);
  Object.assign(ids, { zoneA: zoneA.id, zoneB: zoneB.id, storeA: storeA.id, storeB: storeB.id, object: object.id });
  const base = Date.UTC(2026, 0, 1);
  // Some jobs share a created time, so the id breaks ties; updated times run the other way.
  await db.job.createMany({
    data: Array.from({ length: JOBS }, (_, i) => ({
      kind: KINDS[i % 3]!,
      state: STATES[i % 5]!,
      targetStoreId: i % 2 ? storeA.id : storeB.id,
      sourceStoreId: i % 4 === 0 ? storeA.id : null,
      objectId: i % 6 === 0 ? object.id : null,
      createdAt: new Date(base + Math.floor(i / 3) * 1000),
      updatedAt: new Date(base + (JOBS - i) * 1000),
    })),
  });
});
afterAll(async () => dispose());

type Input = Parameters<typeof listJobs>[1];

/** Every page of a list, following nextCursor. */
async function walk(input: Input & object) {
  const seen: { id: string; createdAt: Date }[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listJobs(ctx, { ...input, ...(cursor ? { cursor } : {}) });
    seen.push(...page.jobs);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

describe('listJobs', () => {
  it('walks every job once, newest first, across pages of 5', async () => {
    const all = await db.job.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
    const seen = await walk({ limit: 5 });
    expect(seen.map((job) => job.id)).toEqual(all.map((job) => job.id));
  });

  it('sorts by updated time both ways', async () => {
    const asc = await db.job.findMany({ orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], select: { id: true } });
    expect((await walk({ limit: 7, sort: 'updated', order: 'asc' })).map((job) => job.id)).toEqual(asc.map((job) => job.id));
    expect((await walk({ limit: 7, sort: 'updated', order: 'desc' })).map((job) => job.id)).toEqual(asc.map((job) => job.id).reverse());
  });

  it('pages back to the page before, and a full first page from the second', async () => {
    const first = await listJobs(ctx, { limit: 5 });
    expect(first.prevCursor).toBeUndefined();
    const second = await listJobs(ctx, { limit: 5, cursor: first.nextCursor! });
    const third = await listJobs(ctx, { limit: 5, cursor: second.nextCursor! });
    const back = await listJobs(ctx, { limit: 5, cursor: third.prevCursor!, direction: 'prev' });
    expect(back.jobs.map((job) => job.id)).toEqual(second.jobs.map((job) => job.id));
    const start = await listJobs(ctx, { limit: 5, cursor: second.prevCursor!, direction: 'prev' });
    expect(start.jobs.map((job) => job.id)).toEqual(first.jobs.map((job) => job.id));
    expect(start.prevCursor).toBeUndefined();
  });

  it('filters by state, kind, object, store and zone (either end of the route)', async () => {
    const rows = await db.job.findMany({ select: { id: true, state: true, kind: true, objectId: true, sourceStoreId: true, targetStoreId: true } });
    const idsOf = (jobs: { id: string }[]) => jobs.map((job) => job.id).sort();
    expect(idsOf(await walk({ limit: 4, state: 'failed' }))).toEqual(idsOf(rows.filter((row) => row.state === 'failed')));
    expect(idsOf(await walk({ limit: 4, kind: 'backup' }))).toEqual(idsOf(rows.filter((row) => row.kind === 'backup')));
    expect(idsOf(await walk({ limit: 4, objectId: ids.object }))).toEqual(idsOf(rows.filter((row) => row.objectId === ids.object)));
    const touchesA = rows.filter((row) => row.sourceStoreId === ids.storeA || row.targetStoreId === ids.storeA);
    expect(idsOf(await walk({ limit: 4, storeId: ids.storeA }))).toEqual(idsOf(touchesA));
    expect(idsOf(await walk({ limit: 4, zoneId: ids.zoneA }))).toEqual(idsOf(touchesA));
    const inB = rows.filter((row) => row.targetStoreId === ids.storeB);
    expect(idsOf(await walk({ limit: 4, zoneId: ids.zoneB }))).toEqual(idsOf(inB));
    expect(idsOf(await walk({ limit: 4, zoneId: ids.zoneB, state: 'queued', kind: 'sync' }))).toEqual(
      idsOf(inB.filter((row) => row.state === 'queued' && row.kind === 'sync')),
    );
  });

  it('counts jobs per state over every job', async () => {
    const { counts } = await listJobs(ctx, { limit: 1, state: 'failed' });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(JOBS);
    expect(counts.failed).toBe(await db.job.count({ where: { state: 'failed' } }));
  });

  it('refuses a tampered cursor, a cursor of another sort and limits out of bounds', async () => {
    const first = await listJobs(ctx, { limit: 5 });
    const cursor = first.nextCursor!;
    const tampered = Buffer.from(JSON.stringify(['created', 'd', 'soon', 'x'])).toString('base64url');
    await expect(listJobs(ctx, { cursor: tampered })).rejects.toThrow('This page link is not valid for this list');
    await expect(listJobs(ctx, { cursor: `${cursor}zz` })).rejects.toThrow('This page link is not valid');
    await expect(listJobs(ctx, { cursor, sort: 'updated' })).rejects.toThrow('This page link is not valid');
    expect(listJobsInput.safeParse({ limit: 0 }).success).toBe(false);
    expect(listJobsInput.safeParse({ limit: 201 }).success).toBe(false);
    expect(listJobsInput.safeParse({ limit: 200 }).success).toBe(true);
    expect(listJobsInput.safeParse({ state: 'done' }).success).toBe(false);
    expect(listJobsInput.safeParse({ sort: 'size' }).success).toBe(false);
    expect(listJobsInput.safeParse({ zoneId: '../x' }).success).toBe(false);
  });
});
