/* The demo's generated access history: a staging zone's last 30 days for the capacity planner, deterministic for
 * a seed, with hits and misses from an LRU at the staging store's capacity and a realistic share of one-off objects. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { DEMO_STAGING_CAPACITY_BYTES, seedDemo } from '../../src/demo/seed-demo';
import { DEMO_HISTORY_DAYS, seedDemoHistory } from '../../src/demo/seed-demo-history';
import { createSecretBox } from '../../src/secrets';
import { storeRow, zoneRow } from '../support/rows';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-03T12:00:00.000Z');

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

async function historyOf(zoneId: string) {
  return db.cacheAccess.findMany({
    where: { zoneId },
    orderBy: { id: 'asc' },
    select: { at: true, storeId: true, objectId: true, sizeBytes: true, hit: true },
  });
}

async function stagingZone() {
  const zone = await zoneRow(db, 'staging');
  const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
  return { zone, store };
}

describe('seedDemoHistory', () => {
  it('is deterministic for a seed and an end time, and another seed gives another history', async () => {
    const a = await stagingZone();
    const b = await stagingZone();
    const c = await stagingZone();
    const options = { capacityBytes: DEMO_STAGING_CAPACITY_BYTES, seed: 7, now: NOW };
    const first = await seedDemoHistory(db, { ...options, zoneId: a.zone.id, storeId: a.store.id });
    const second = await seedDemoHistory(db, { ...options, zoneId: b.zone.id, storeId: b.store.id });
    await seedDemoHistory(db, { ...options, seed: 8, zoneId: c.zone.id, storeId: c.store.id });
    expect(second).toEqual(first);

    const strip = (rows: Awaited<ReturnType<typeof historyOf>>) => rows.map(({ storeId: _, ...row }) => row);
    const rowsA = await historyOf(a.zone.id);
    expect(rowsA).toHaveLength(first.accesses);
    expect(rowsA.every((row) => row.storeId === a.store.id)).toBe(true);
    expect(strip(await historyOf(b.zone.id))).toEqual(strip(rowsA));
    expect(strip(await historyOf(c.zone.id))).not.toEqual(strip(rowsA));
  });

  it('spans the 30 days up to now, in time order, with hits and misses and 5–20 % of acquires to objects used once', async () => {
    const { zone, store } = await stagingZone();
    const summary = await seedDemoHistory(db, { zoneId: zone.id, storeId: store.id, capacityBytes: DEMO_STAGING_CAPACITY_BYTES, now: NOW });
    const rows = await historyOf(zone.id);
    expect(rows.length).toBe(summary.accesses);
    expect(rows.length).toBeGreaterThanOrEqual(40_000);
    expect(rows.length).toBeLessThanOrEqual(60_000);
    expect(summary.objects).toBeGreaterThanOrEqual(1000);
    // A catalogue of 1200 (and new versions), plus the one-off objects.
    expect(summary.objects).toBeLessThanOrEqual(12_000);

    const times = rows.map((row) => row.at.getTime());
    const start = NOW.getTime() - DEMO_HISTORY_DAYS * DAY_MS;
    expect(DEMO_HISTORY_DAYS).toBe(30);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.min(...times)).toBeLessThan(start + DAY_MS);
    expect(Math.max(...times)).toBeLessThan(NOW.getTime());
    expect(Math.max(...times)).toBeGreaterThan(NOW.getTime() - DAY_MS);
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) expect.fail(`access ${i} goes back in time`);

    const hits = rows.filter((row) => row.hit).length;
    expect(hits).toBe(summary.hits);
    // 400 GiB of a working set of several TiB: a cache that helps, but not one that holds everything.
    expect(hits / rows.length).toBeGreaterThan(0.2);
    expect(hits / rows.length).toBeLessThan(0.9);

    const uses = new Map<string, number>();
    for (const row of rows) uses.set(row.objectId, (uses.get(row.objectId) ?? 0) + 1);
    const once = rows.filter((row) => uses.get(row.objectId) === 1).length;
    expect(once / rows.length).toBeGreaterThanOrEqual(0.05);
    expect(once / rows.length).toBeLessThanOrEqual(0.2);
    // An object used once is never a hit; sizes are whole bytes between 100 MiB and 50 GiB.
    expect(rows.some((row) => row.hit && uses.get(row.objectId) === 1)).toBe(false);
    expect(rows.every((row) => row.sizeBytes >= 100n * 1024n ** 2n && row.sizeBytes <= 50n * 1024n ** 3n)).toBe(true);
    expect(rows.every((row) => row.objectId.startsWith('demo-'))).toBe(true);
    // The working set is several TiB.
    const sizes = new Map(rows.map((row) => [row.objectId, row.sizeBytes]));
    const workingSet = [...sizes.values()].reduce((sum, size) => sum + size, 0n);
    expect(workingSet).toBeGreaterThan(2n * 1024n ** 4n);
  });
});

describe('seedDemo', () => {
  it('gives the staging zone zone-north a staging store with a configured capacity and the 30-day history', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-demo-history-'));
    try {
      await db.cacheAccess.deleteMany({});
      await db.store.deleteMany({});
      await db.zone.deleteMany({});
      const ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'system:demo' };
      const started = Date.now();
      expect(await seedDemo(ctx, { dataDir })).toBe(true);
      const elapsed = Date.now() - started;
      // < 2 s on an idle machine; generous here, for two busy cores and PostgreSQL.
      expect(elapsed).toBeLessThan(15_000);

      const north = await db.zone.findUniqueOrThrow({ where: { nameKey: 'zone-north' }, include: { stores: true } });
      expect(north.mode).toBe('staging');
      expect(north.stores).toHaveLength(1);
      expect(north.stores[0]).toMatchObject({ name: 'north-cache', provider: 'nfs', role: 'staging', capacityBytes: BigInt(DEMO_STAGING_CAPACITY_BYTES) });
      const rows = await historyOf(north.id);
      expect(rows.length).toBeGreaterThan(40_000);
      expect(rows.every((row) => row.storeId === north.stores[0]!.id)).toBe(true);
      const last = Math.max(...rows.map((row) => row.at.getTime()));
      expect(started - last).toBeLessThan(DAY_MS);
      expect(await db.cacheAccess.count()).toBe(rows.length);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
