import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { createSecretBox, getCacheView, type ServiceContext } from '../../src';
import { storeRow, zoneRow } from '../support/rows';

let db: Db;
let ctx: ServiceContext;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  ctx = { db, secrets: createSecretBox(randomBytes(32)), actor: 'admin' };
});
afterAll(async () => dispose());

describe('the Cache page view', () => {
  it("sums the day's minutes for the totals and draws only the last hour, one point a minute", async () => {
    const zone = await zoneRow(db, 'staging');
    const store = await storeRow(db, { role: 'staging', zoneId: zone.id });
    const other = await storeRow(db, { role: 'staging', zoneId: (await zoneRow(db, 'staging')).id });
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const stat = (storeId: string, minutesAgo: number, hits: number, misses: number) =>
      db.cacheStat.create({
        data: { storeId, minute: new Date(minute - minutesAgo * 60_000), hits, misses, joined: 1, bytesStaged: 1n << 40n, evictedTtl: 1, evictedPressure: 2, evictedManual: 3, evictedFailed: 4 },
      });
    await stat(store.id, 0, 5, 1);
    await stat(store.id, 30, 7, 2);
    await stat(store.id, 300, 11, 3);
    await stat(store.id, 25 * 60, 1000, 1000);
    await stat(other.id, 0, 1000, 1000);

    const view = await getCacheView(ctx, { zoneId: zone.id });
    expect(view.totals).toEqual({
      hits: 23,
      misses: 6 + 3,
      joined: 3,
      hitRatio: 23 / 32,
      bytesStaged: 3 * 2 ** 40,
      evictions: { ttl: 3, pressure: 6, manual: 9, failed_copy: 12 },
    });
    expect(view.series).toHaveLength(60);
    expect(view.series.at(-1)).toMatchObject({ minute: new Date(minute), hits: 5, misses: 2, evictions: 10 });
    expect(view.series.at(-31)).toMatchObject({ minute: new Date(minute - 30 * 60_000), hits: 7, misses: 3 });
    expect(view.series.reduce((sum, point) => sum + point.hits, 0)).toBe(12);
  });

  it('a zone without a staging store has nothing counted', async () => {
    const zone = await zoneRow(db, 'staging');
    const view = await getCacheView(ctx, { zoneId: zone.id });
    expect(view).toMatchObject({ store: null, space: null, entryCount: 0, totals: { hits: 0, misses: 0, hitRatio: null } });
  });
});
