/* The access history: every first attempt of an acquire is recorded (hit, miss, joined miss) in staging and
 * backup zones, buffered and flushed within a second; retention through the janitor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { tryAcquire } from '../../src/cache/acquire-lease';
import { runJanitor } from '../../src/cache/run-janitor';
import { bufferedAccesses, flushAccessHistory, recordAccess } from '../../src/planner/record-access';
import { getAccessHistorySettings, refreshAccessRecording, updateAccessHistorySettings } from '../../src/planner/access-history-settings';
import { objectRow, replicaRow, storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

const ctx = () => ({ db, actor: 'test' });

async function stagingZone() {
  const zone = await zoneRow(db, 'staging');
  const objectStore = await storeRow(db, { role: 'object' });
  const staging = await storeRow(db, { role: 'staging', zoneId: zone.id });
  await db.store.update({ where: { id: staging.id }, data: { capacityBytes: 1n << 30n } });
  return { zone, objectStore, staging };
}

describe('recording acquires', () => {
  it('records a miss, a joined miss and a hit in a staging zone, not the later attempts of a waiting caller, flushed within a second', async () => {
    const { zone, objectStore, staging } = await stagingZone();
    const object = await objectRow(db);
    await replicaRow(db, object.id, objectStore.id, 'ready');
    const input = { objectId: object.id, zoneId: zone.id, holder: 'hv-1' };
    expect((await tryAcquire(ctx(), input)).status).toBe('pending'); // miss: starts the copy
    expect((await tryAcquire(ctx(), input)).status).toBe('pending'); // joined
    expect((await tryAcquire(ctx(), input, { countAccess: false })).status).toBe('pending'); // a waiter's later attempt
    await db.replica.updateMany({ where: { objectId: object.id, storeId: staging.id }, data: { state: 'ready', readyAt: new Date() } });
    expect((await tryAcquire(ctx(), input)).status).toBe('leased'); // hit (the hot path)
    // Written by the buffer's one-second timer, not by anything the test calls (on a busy machine: a little later).
    await expect.poll(() => db.cacheAccess.count({ where: { zoneId: zone.id } }), { timeout: 10_000, interval: 100 }).toBe(3);
    const rows = await db.cacheAccess.findMany({ where: { zoneId: zone.id }, orderBy: { id: 'asc' } });
    expect(rows.map((row) => [row.storeId, row.objectId, row.sizeBytes, row.hit])).toEqual([
      [staging.id, object.id, 1024n, false],
      [staging.id, object.id, 1024n, false],
      [staging.id, object.id, 1024n, true],
    ]);
  });

  it('records an acquire in a backup zone against the record store, and not a refused one', async () => {
    const zone = await zoneRow(db, 'backup');
    const record = await storeRow(db, { role: 'record', zoneId: zone.id });
    const object = await objectRow(db);
    const missing = await objectRow(db);
    await replicaRow(db, object.id, record.id, 'ready');
    expect((await tryAcquire(ctx(), { objectId: object.id, zoneId: zone.id, holder: 'hv-1' })).status).toBe('leased');
    await expect(tryAcquire(ctx(), { objectId: missing.id, zoneId: zone.id, holder: 'hv-1' })).rejects.toThrow(/no ready copy/);
    await flushAccessHistory(db);
    const rows = await db.cacheAccess.findMany({ where: { zoneId: zone.id } });
    expect(rows.map((row) => [row.storeId, row.objectId, row.hit])).toEqual([[record.id, object.id, true]]);
  });

  it('keeps what was buffered until flushAccessHistory writes it (the crash-loss bound: the unflushed second)', async () => {
    const zone = await zoneRow(db, 'staging');
    for (let index = 0; index < 10; index += 1) {
      recordAccess(db, { at: new Date(), zoneId: zone.id, storeId: 's', objectId: `o${index}`, sizeBytes: 10n, hit: index % 2 === 0 });
    }
    expect(bufferedAccesses(db)).toBe(10);
    expect(await db.cacheAccess.count({ where: { zoneId: zone.id } })).toBe(0);
    await flushAccessHistory(db);
    expect(bufferedAccesses(db)).toBe(0);
    expect(await db.cacheAccess.count({ where: { zoneId: zone.id } })).toBe(10);
  });
});

describe('retention through the janitor', () => {
  it('deletes accesses older than the retention days, then the oldest beyond the row cap', async () => {
    await db.cacheAccess.deleteMany({});
    const now = new Date('2026-06-01T00:00:00Z');
    const day = 24 * 3600 * 1000;
    const zone = await zoneRow(db, 'staging');
    // 5 accesses 10 days old, then 10,005 recent ones.
    for (let index = 0; index < 5; index += 1) recordAccess(db, { at: new Date(now.getTime() - 10 * day), zoneId: zone.id, storeId: 's', objectId: 'old', sizeBytes: 1n, hit: false });
    for (let index = 0; index < 10_005; index += 1) recordAccess(db, { at: new Date(now.getTime() - day + index), zoneId: zone.id, storeId: 's', objectId: `o${index}`, sizeBytes: 1n, hit: true });
    await flushAccessHistory(db);
    await updateAccessHistorySettings(ctx(), { retentionDays: 7, maxRows: 10_000 });
    const result = await runJanitor(ctx(), { now });
    expect(result.accessesPruned).toBe(10);
    expect(await db.cacheAccess.count({ where: { objectId: 'old' } })).toBe(0);
    expect(await db.cacheAccess.count()).toBe(10_000);
    expect(await db.cacheAccess.count({ where: { objectId: { in: ['o0', 'o4'] } } })).toBe(0);
    expect(await db.cacheAccess.count({ where: { objectId: 'o5' } })).toBe(1);
    await expect(updateAccessHistorySettings(ctx(), { retentionDays: 0, maxRows: 10_000 })).rejects.toThrow(/access history/);
  });
});


describe('the recording switch', () => {
  async function hitZone() {
    const { zone, objectStore, staging } = await stagingZone();
    const object = await objectRow(db);
    await replicaRow(db, object.id, objectStore.id, 'ready');
    await replicaRow(db, object.id, staging.id, 'ready');
    return { zone, input: { objectId: object.id, zoneId: zone.id, holder: 'hv-1' } };
  }

  it('off: acquires write no rows; on again: they do (in this process at once, no waiting for a re-read)', async () => {
    const { zone, input } = await hitZone();
    expect(await updateAccessHistorySettings(ctx(), { retentionDays: 30, maxRows: 100_000, recording: false })).toEqual({ retentionDays: 30, maxRows: 100_000, recording: false });
    expect((await tryAcquire(ctx(), input)).status).toBe('leased');
    expect((await tryAcquire(ctx(), input)).status).toBe('leased');
    expect(bufferedAccesses(db)).toBe(0);
    await flushAccessHistory(db);
    expect(await db.cacheAccess.count({ where: { zoneId: zone.id } })).toBe(0);
    // Saving the retention alone keeps the switch as it was.
    expect((await updateAccessHistorySettings(ctx(), { retentionDays: 31, maxRows: 100_000 })).recording).toBe(false);
    expect(await getAccessHistorySettings(db)).toEqual({ retentionDays: 31, maxRows: 100_000, recording: false });

    await updateAccessHistorySettings(ctx(), { retentionDays: 30, maxRows: 100_000, recording: true });
    expect((await tryAcquire(ctx(), input)).status).toBe('leased');
    await flushAccessHistory(db);
    const rows = await db.cacheAccess.findMany({ where: { zoneId: zone.id } });
    expect(rows.map((row) => [row.objectId, row.hit])).toEqual([[input.objectId, true]]);
  });

  it('reads the switch another process saved from the cached value, re-read off the hot path', async () => {
    const zone = await zoneRow(db, 'staging');
    await updateAccessHistorySettings(ctx(), { retentionDays: 30, maxRows: 100_000, recording: true });
    // Another process turns recording off: this one keeps its last known value until it re-reads.
    await db.setting.update({ where: { key: 'access_history' }, data: { value: JSON.stringify({ retentionDays: 30, maxRows: 100_000, recording: false }) } });
    const access = { at: new Date(), zoneId: zone.id, storeId: 's', objectId: 'o', sizeBytes: 1n, hit: true };
    recordAccess(db, access);
    expect(bufferedAccesses(db)).toBe(1);
    expect(await refreshAccessRecording(db)).toBe(false);
    recordAccess(db, access);
    expect(bufferedAccesses(db)).toBe(1);
    await db.setting.update({ where: { key: 'access_history' }, data: { value: JSON.stringify({ retentionDays: 30, maxRows: 100_000, recording: true }) } });
    expect(await refreshAccessRecording(db)).toBe(true);
    recordAccess(db, access);
    await flushAccessHistory(db);
    expect(await db.cacheAccess.count({ where: { zoneId: zone.id } })).toBe(2);
  });

  it('reads a saved row without the field as recording on', async () => {
    const value = JSON.stringify({ retentionDays: 12, maxRows: 20_000 });
    await db.setting.upsert({ where: { key: 'access_history' }, create: { key: 'access_history', value }, update: { value } });
    expect(await getAccessHistorySettings(db)).toEqual({ retentionDays: 12, maxRows: 20_000, recording: true });
    expect(await refreshAccessRecording(db)).toBe(true);
    await db.setting.deleteMany({ where: { key: 'access_history' } });
    expect(await getAccessHistorySettings(db)).toEqual({ retentionDays: 90, maxRows: 5_000_000, recording: true });
  });
});
