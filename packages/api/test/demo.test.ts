/* overview.loadDemo: the admin's "load demo data" button on an empty installation. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection, resetDb, useApi } from './support';

const api = useApi();

beforeEach(async () => {
  await resetDb(api.db);
});

describe('overview.loadDemo', () => {
  it('on an empty installation creates two backup zones and a staging zone with an up nfs store each, inside the data directory', async () => {
    await api.caller.overview.loadDemo();
    const overview = await api.caller.overview.get();
    expect(
      overview.zones.map((zone) => [zone.name, zone.mode, zone.stores.map((store) => store.name)]),
    ).toEqual([
      ['zone-east', 'backup', ['east-nfs-1']],
      ['zone-north', 'staging', ['north-cache']],
      ['zone-west', 'backup', ['west-nfs-1']],
    ]);
    expect(overview.totals).toMatchObject({ zones: 3, stores: 3, storesDown: 0 });
    const dataDir = path.resolve(api.ctx.dataDir);
    for (const zone of overview.zones) {
      const store = zone.stores[0]!;
      const staging = zone.mode === 'staging';
      expect(store).toMatchObject({ provider: 'nfs', role: staging ? 'staging' : 'record', state: 'up' });
      expect(store.capacity.source).toBe(staging ? 'configured' : 'probed');
      if (staging) expect(store.capacity.totalBytes).toBe(400 * 1024 ** 3);
      const storePath = store.config.path as string;
      expect(storePath.startsWith(`${dataDir}${path.sep}`)).toBe(true);
      expect(fs.statSync(storePath).isDirectory()).toBe(true);
    }
    // The staging zone comes with 30 days of access history for the capacity planner.
    const north = overview.zones.find((zone) => zone.name === 'zone-north')!;
    expect(await api.db.cacheAccess.count({ where: { zoneId: north.id, storeId: north.stores[0]!.id } })).toBeGreaterThan(40_000);
  });

  it('is refused with PRECONDITION_FAILED once any zone exists, and creates nothing', async () => {
    await api.caller.zone.create({ name: 'mine' });
    const { error, shape } = await rejection(api.caller.overview.loadDemo(), 'overview.loadDemo');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(shape.message).toBe('Demo data can only be loaded into an empty installation.');
    expect(shape.data.fieldErrors).toBeNull();
    expect((await api.caller.zone.list()).map((zone) => zone.name)).toEqual(['mine']);
    expect(await api.db.store.count()).toBe(0);
    expect(await api.db.cacheAccess.count()).toBe(0);
  });

  it('a second load is refused', async () => {
    await api.caller.overview.loadDemo();
    const { error } = await rejection(api.caller.overview.loadDemo(), 'overview.loadDemo');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(await api.db.zone.count()).toBe(3);
  });
});
