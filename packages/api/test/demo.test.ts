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
  it('on an empty installation creates two zones with an up nfs store each, inside the data directory', async () => {
    await api.caller.overview.loadDemo();
    const overview = await api.caller.overview.get();
    expect(
      overview.zones.map((zone) => [zone.name, zone.mode, zone.stores.map((store) => store.name)]),
    ).toEqual([
      ['zone-east', 'backup', ['east-nfs-1']],
      ['zone-west', 'backup', ['west-nfs-1']],
    ]);
    expect(overview.totals).toMatchObject({ zones: 2, stores: 2, storesDown: 0 });
    const dataDir = path.resolve(api.ctx.dataDir);
    for (const zone of overview.zones) {
      const store = zone.stores[0]!;
      expect(store).toMatchObject({ provider: 'nfs', role: 'record', state: 'up' });
      expect(store.capacity.source).toBe('probed');
      const storePath = store.config.path as string;
      expect(storePath.startsWith(`${dataDir}${path.sep}`)).toBe(true);
      expect(fs.statSync(storePath).isDirectory()).toBe(true);
    }
  });

  it('is refused with PRECONDITION_FAILED once any zone exists, and creates nothing', async () => {
    await api.caller.zone.create({ name: 'mine' });
    const { error, shape } = await rejection(api.caller.overview.loadDemo(), 'overview.loadDemo');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(shape.message).toBe('Demo data can only be loaded into an empty installation.');
    expect(shape.data.fieldErrors).toBeNull();
    expect((await api.caller.zone.list()).map((zone) => zone.name)).toEqual(['mine']);
    expect(await api.db.store.count()).toBe(0);
  });

  it('a second load is refused', async () => {
    await api.caller.overview.loadDemo();
    const { error } = await rejection(api.caller.overview.loadDemo(), 'overview.loadDemo');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(await api.db.zone.count()).toBe(2);
  });
});
