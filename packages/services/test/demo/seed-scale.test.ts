/* The scale seed: a realistic installation in every state, deterministic for a seed, written by bulk inserts that
 * keep the domain's own rules (foreign keys, one worker per running job, live leases on ready copies). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STATES, REPLICA_STATES } from '@stowage/core';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { seedScale } from '../../src/demo/scale/seed-scale';
import { createSecretBox } from '../../src/secrets';
import type { ServiceContext } from '../../src/context';

// The zones and stores are created through the services, whose events carry the real time: the history ends now.
const NOW = new Date();
const DAY_MS = 86_400_000;

let db: Db;
let dispose: () => Promise<void>;
let ctx: ServiceContext;
let dataDir: string;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-seed-scale-'));
  ctx = { db, secrets: createSecretBox(Buffer.alloc(32, 7)), actor: 'system:seed' };
});
afterAll(async () => {
  await dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const countBy = async (table: 'replica' | 'job', field: 'state') => {
  const rows = (await (db[table] as unknown as { groupBy: (args: object) => Promise<{ state: string; _count: { _all: number } }[]> }).groupBy({ by: [field], _count: { _all: true } }));
  return Object.fromEntries(rows.map((row) => [row.state, row._count._all]));
};

describe('seedScale', () => {
  it('refuses bad sizes before writing anything', async () => {
    await expect(seedScale(ctx, { objects: 0, dataDir })).rejects.toThrow(/At least 1 object/);
    await expect(seedScale(ctx, { objects: 10, zones: 201, dataDir })).rejects.toThrow(/At most 200 zones/);
    await expect(seedScale(ctx, { objects: 1.5, dataDir })).rejects.toThrow(/whole number/);
    expect(await db.zone.count()).toBe(0);
  });

  it('writes objects with replicas in every state, jobs in every state, leases, a month of events and access history', async () => {
    const report = await seedScale(ctx, { objects: 600, zones: 4, seed: 3, dataDir, now: NOW });
    expect(await db.dataObject.count()).toBe(600);
    expect(await db.zone.count()).toBeGreaterThanOrEqual(4);

    const replicas = await countBy('replica', 'state');
    for (const state of REPLICA_STATES) expect(replicas[state] ?? 0, `replicas ${state}`).toBeGreaterThan(0);
    const jobs = await countBy('job', 'state');
    for (const state of JOB_STATES) expect(jobs[state] ?? 0, `jobs ${state}`).toBeGreaterThan(0);

    // One worker per running job, and only workers that exist.
    const running = await db.job.findMany({ where: { state: 'running' }, select: { ownerId: true } });
    const workerIds = new Set((await db.worker.findMany({ select: { id: true } })).map((worker) => worker.id));
    expect(running.every((job) => job.ownerId !== null && workerIds.has(job.ownerId))).toBe(true);

    // Live leases hold ready copies only; released ones are in the past.
    const leases = await db.lease.findMany({ select: { releasedAt: true, expiresAt: true, replica: { select: { state: true } } } });
    const live = leases.filter((lease) => lease.releasedAt === null);
    expect(live.length).toBeGreaterThan(0);
    expect(leases.length - live.length).toBeGreaterThan(0);
    expect(live.every((lease) => lease.replica.state === 'ready')).toBe(true);

    // A ready replica carries the object's checksum (invariant 1 as far as rows can say it).
    const readyWithoutChecksum = await db.replica.count({ where: { state: 'ready', verifiedSha256: null } });
    expect(readyWithoutChecksum).toBe(0);

    const events = await db.event.aggregate({ _min: { at: true }, _max: { at: true }, _count: { _all: true } });
    expect(events._count._all).toBeGreaterThan(600);
    expect(NOW.getTime() - events._min.at!.getTime()).toBeGreaterThan(25 * DAY_MS);
    expect(events._max.at!.getTime()).toBeLessThanOrEqual(Date.now());

    expect(report.accessHistoryRows).toBeGreaterThan(0);
    expect(await db.cacheAccess.count()).toBe(report.accessHistoryRows);
    const tallied = report.tables.find((tally) => tally.table === 'Replica')!.rows;
    expect(tallied).toBe(await db.replica.count());
  }, 180_000);

  it('refuses a database that has objects unless forced, and the same seed gives the same dataset again', async () => {
    await expect(seedScale(ctx, { objects: 10, dataDir, now: NOW })).rejects.toThrow(/already has 600 objects/);
    const before = await countBy('replica', 'state');
    await seedScale(ctx, { objects: 600, zones: 4, seed: 3, dataDir, now: NOW, force: true });
    const after = await countBy('replica', 'state');
    const added = Object.fromEntries(Object.entries(after).map(([state, count]) => [state, count - (before[state] ?? 0)]));
    expect(added).toEqual(before);
    expect(await db.dataObject.count()).toBe(1200);
  }, 180_000);
});
