/* The planner over a recorded history: the zone's window read in keyset batches, the curve and replay built from
 * it, the staging store's capacity, pins and leases taken into account; the trace export imports back as the
 * same curve; an imported CSV's bad lines are refused by line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import { bulkInsert, type BulkValue, type Db } from '@stowage/db';
import { seededRandom } from '@stowage/core';
import { planZoneCapacity } from '../../src/planner/plan-zone-capacity';
import { planImportedTrace } from '../../src/planner/plan-imported-trace';
import { exportAccessTrace } from '../../src/planner/export-access-trace';
import { readAccessHistory } from '../../src/planner/read-access-history';
import { bufferedAccesses, recordAccess } from '../../src/planner/record-access';
import { objectRow, replicaRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

const NOW = new Date('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;
const GIB = 1024 ** 3;

/** `count` accesses over the last `days` days of 40 objects (Zipf-ish), sizes 1–8 GiB, hit every other one. */
async function recordHistory(zoneId: string, storeId: string, options: { count: number; days: number; seed: number; prefix?: string }) {
  const random = seededRandom(options.seed);
  const rows: BulkValue[][] = [];
  const start = NOW.getTime() - options.days * 24 * HOUR;
  for (let i = 0; i < options.count; i++) {
    const object = Math.floor(40 * random() ** 2);
    const at = new Date(start + Math.floor(((i + 0.5) / options.count) * options.days * 24 * HOUR));
    rows.push([at, zoneId, storeId, `${options.prefix ?? 'obj'}-${object}`, BigInt((1 + (object % 8)) * GIB), i % 2 === 0]);
  }
  await bulkInsert(db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], rows);
}

describe('planZoneCapacity', () => {
  it('plans a staging zone from its own window only, with the staging store as today’s size', async () => {
    const zone = await zoneRow(db, 'staging');
    const other = await zoneRow(db, 'staging');
    const staging = await storeRow(db, { role: 'staging', zoneId: zone.id });
    await db.store.update({ where: { id: staging.id }, data: { capacityBytes: BigInt(60 * GIB) } });
    await recordHistory(zone.id, staging.id, { count: 3000, days: 6, seed: 7 });
    await recordHistory(zone.id, staging.id, { count: 500, days: 0, seed: 8, prefix: 'future' }); // at NOW exactly: outside [from, to)
    await recordHistory(other.id, staging.id, { count: 700, days: 6, seed: 9 });
    // Older than the 1-day window but inside the 7-day one.
    const week = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 7, targetPercent: 80 }, NOW);
    const day = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 1 }, NOW);
    expect(week.accesses).toBe(3000);
    expect(day.accesses).toBe(500);
    expect(week.zone).toEqual({ id: zone.id, name: zone.name, mode: 'staging' });
    expect(week.points.length).toBeGreaterThanOrEqual(200);
    expect(week.measuredAccesses).toBe(2700);
    expect(week.current?.capacityBytes).toBe(60 * GIB);
    // Recorded outcomes: every other access a hit, among the measured 2,700 (the first 300 warm up).
    expect(week.current?.measuredHitRatio).toBeCloseTo(0.5, 5);
    expect(week.current?.predictedHitRatio).toBeGreaterThan(0);
    expect(week.target?.hitRatio).toBe(0.8);
    expect(week.largestObjectBytes).toBe(8 * GIB);
    // At least one replay point, and where TTL (30 days) and watermarks cannot act at the largest sizes, the replay
    // of LRU stays close to the curve.
    expect(week.replay.length).toBeGreaterThan(0);
    for (const point of week.replay) expect(Math.abs(point.hitRatio - point.curveHitRatio)).toBeLessThan(0.2);
  });

  it('plans a backup zone as if it were in staging mode: no current size, no measured ratio', async () => {
    const zone = await zoneRow(db, 'backup');
    const record = await storeRow(db, { role: 'record', zoneId: zone.id });
    await recordHistory(zone.id, record.id, { count: 800, days: 3, seed: 3 });
    const view = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 7 }, NOW);
    expect(view.zone?.mode).toBe('backup');
    expect(view.current).toBeNull();
    expect(view.accesses).toBe(800);
    expect(view.replay.length).toBeGreaterThan(0);
  });

  it('counts pinned entries’ bytes and keeps them out of the exact range', async () => {
    const zone = await zoneRow(db, 'staging');
    const staging = await storeRow(db, { role: 'staging', zoneId: zone.id });
    await db.store.update({ where: { id: staging.id }, data: { capacityBytes: BigInt(100 * GIB) } });
    const object = await objectRow(db);
    const replica = await replicaRow(db, object.id, staging.id, 'ready');
    await db.replica.update({ where: { id: replica.id }, data: { pinned: true, bytesTotal: BigInt(5 * GIB) } });
    await recordHistory(zone.id, staging.id, { count: 600, days: 2, seed: 5 });
    const view = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 7 }, NOW);
    expect(view.pinnedBytes).toBe(5 * GIB);
    const firstExact = view.points.find((point) => point.exact)!;
    expect(firstExact.capacityBytes).toBeGreaterThanOrEqual(view.largestObjectBytes + 5 * GIB);
    expect(view.points.filter((point) => point.capacityBytes < view.largestObjectBytes + 5 * GIB).every((point) => !point.exact)).toBe(true);
  });

  it('an empty window answers an empty curve, an unknown zone is refused', async () => {
    const zone = await zoneRow(db, 'staging');
    const view = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 30 }, NOW);
    expect(view.accesses).toBe(0);
    expect(view.points).toEqual([]);
    await expect(planZoneCapacity({ db }, { zoneId: 'no-such-zone', windowDays: 30 }, NOW)).rejects.toThrow(/does not exist/);
    await expect(planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 5 as 7 }, NOW)).rejects.toThrow();
    await expect(planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 7, targetPercent: 100 }, NOW)).rejects.toThrow();
  });
});

describe('the history read in keyset batches', () => {
  it('small batches read every row once, in time order, rows of one instant split across batches included', async () => {
    const zone = await zoneRow(db, 'staging');
    const at = new Date(NOW.getTime() - HOUR);
    const rows: BulkValue[][] = [];
    for (let i = 0; i < 25; i++) rows.push([i < 10 ? at : new Date(at.getTime() + i), zone.id, 's', `o-${i}`, 1n, false]);
    await bulkInsert(db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], rows);
    const seen: string[] = [];
    let batches = 0;
    for await (const batch of readAccessHistory(db, { zoneId: zone.id, from: new Date(NOW.getTime() - 2 * HOUR), to: NOW, batchRows: 4 })) {
      batches++;
      seen.push(...batch.objectIds);
      expect(batch.times.every((time, i) => i === 0 || time >= batch.times[i - 1]!)).toBe(true);
    }
    expect(batches).toBe(7);
    expect([...seen].sort()).toEqual(rows.map((row) => row[3] as string).sort());
    expect(new Set(seen).size).toBe(25);
  });
});

describe('trace export and import', () => {
  it('the exported trace imports back as the same curve', async () => {
    const zone = await zoneRow(db, 'backup');
    const record = await storeRow(db, { role: 'record', zoneId: zone.id });
    await recordHistory(zone.id, record.id, { count: 1500, days: 5, seed: 11 });
    const { chunks } = await exportAccessTrace({ db }, { zoneId: zone.id, windowDays: 7 }, NOW);
    let csv = '';
    for await (const chunk of chunks) csv += chunk;
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('time,object,size,hit');
    expect(lines).toHaveLength(1501);
    const imported = planImportedTrace(csv);
    const recorded = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 7 }, NOW);
    expect(imported.zone).toBeNull();
    expect(imported.accesses).toBe(1500);
    expect(imported.points.map((point) => [point.capacityBytes, point.hitRatio, point.byteHitRatio])).toEqual(
      recorded.points.map((point) => [point.capacityBytes, point.hitRatio, point.byteHitRatio]),
    );
  });
});

describe('empty objects', () => {
  it('are not recorded, and a row of one (recorded earlier) is left out of the plan instead of failing it', async () => {
    const zone = await zoneRow(db, 'backup');
    const before = bufferedAccesses(db);
    recordAccess(db, { at: new Date(), zoneId: zone.id, storeId: 's', objectId: 'empty', sizeBytes: 0n, hit: true });
    expect(bufferedAccesses(db)).toBe(before);
    await bulkInsert(db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], [
      [new Date(NOW.getTime() - HOUR), zone.id, 's', 'empty', 0n, true],
      [new Date(NOW.getTime() - HOUR + 1), zone.id, 's', 'full', 5n, false],
    ]);
    const view = await planZoneCapacity({ db }, { zoneId: zone.id, windowDays: 1 }, NOW);
    expect(view.accesses).toBe(1);
  });
});
