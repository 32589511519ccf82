import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { STORE_MARKER_KEY } from '@stowage/providers';
import { createReplica, createZone, registerNfs, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

const GiB = 1024 ** 3;

beforeEach(async () => {
  await resetDb(api.db);
});

describe('store.register', () => {
  it('registers an nfs store of record in a zone; list shows it up with probed capacity', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });

    expect(store).toMatchObject({
      name: 'nfs-a',
      provider: 'nfs',
      role: 'record',
      zoneId: zone.id,
      zoneName: 'zone-a',
      config: { path: dir },
      secretFieldsSet: [],
      configuredCapacityBytes: null,
      adminState: 'active',
      state: 'up',
      replicaCount: 0,
    });

    const [listed, ...rest] = await api.caller.store.list();
    expect(rest).toHaveLength(0);
    expect(listed).toMatchObject({ id: store.id, name: 'nfs-a', state: 'up', zoneId: zone.id });
    expect(listed!.capacity.source).toBe('probed');
    expect(listed!.capacity.totalBytes).toBeGreaterThan(0);
    expect(listed!.capacity.freeBytes).toBeGreaterThan(0);
    expect(listed!.capacity.usedBytes).toBeGreaterThanOrEqual(0);
    expect(listed!.capacity.usedBytes! + listed!.capacity.freeBytes!).toBe(listed!.capacity.totalBytes);
    expect(listed!.lastProbe).toMatchObject({ ok: true, error: null });
    expect(listed!.lastProbe!.at).toBeInstanceOf(Date);
    expect(listed!.lastProbe!.latencyMs).toBeGreaterThanOrEqual(0);

    const events = await api.db.event.findMany({ where: { type: 'store.registered' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ storeId: store.id, zoneId: zone.id, actor: 'test' });
  });

  it('stores the normalised path (no trailing slash) and leaves no probe files behind, only its marker', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: `${dir}///` });
    expect(store.config).toEqual({ path: dir });
    // The marker was written through the temp folder every NFS write goes through.
    expect(fs.readdirSync(dir).sort()).toEqual([STORE_MARKER_KEY, '.stowage-tmp']);
    expect(fs.readdirSync(path.join(dir, '.stowage-tmp'))).toEqual([]);
  });

  it('registers a staging store too', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, {
      name: 'cache-a',
      zoneId: zone.id,
      path: dirs.make(),
      role: 'staging',
    });
    expect(store.role).toBe('staging');
  });

  it('with capacityBytes set, capacity is configured and counts only replica bytes (0)', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, {
      name: 'nfs-cap',
      zoneId: zone.id,
      path: dirs.make(),
      capacityBytes: 10 * GiB,
    });
    expect(store.configuredCapacityBytes).toBe(10 * GiB);
    expect(store.capacity).toEqual({
      source: 'configured',
      totalBytes: 10 * GiB,
      usedBytes: 0,
      freeBytes: 10 * GiB,
    });
    const byId = await api.caller.store.byId({ storeId: store.id });
    expect(byId.capacity).toEqual(store.capacity);
  });

  it('configured capacity counts live replica bytes as used, and ignores destroyed ones', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, {
      name: 'nfs-cap',
      zoneId: zone.id,
      path: dirs.make(),
      capacityBytes: GiB,
    });
    await createReplica(api.db, { storeId: store.id, state: 'ready', bytesTotal: 1000n });
    await createReplica(api.db, { storeId: store.id, state: 'destroyed', bytesTotal: 5000n });
    const view = await api.caller.store.byId({ storeId: store.id });
    expect(view.replicaCount).toBe(1);
    expect(view.capacity).toEqual({
      source: 'configured',
      totalBytes: GiB,
      usedBytes: 1000,
      freeBytes: GiB - 1000,
    });
  });
});

describe('store.list / store.byId', () => {
  it('lists stores by name and filters by zone', async () => {
    const a = await createZone(api.caller, 'zone-a');
    const b = await createZone(api.caller, 'zone-b');
    await registerNfs(api.caller, { name: 'nfs-2', zoneId: a.id, path: dirs.make() });
    await registerNfs(api.caller, { name: 'nfs-1', zoneId: b.id, path: dirs.make() });
    await registerNfs(api.caller, { name: 'nfs-3', zoneId: a.id, path: dirs.make() });

    expect((await api.caller.store.list()).map((store) => store.name)).toEqual(['nfs-1', 'nfs-2', 'nfs-3']);
    expect((await api.caller.store.list({ zoneId: a.id })).map((store) => store.name)).toEqual([
      'nfs-2',
      'nfs-3',
    ]);
    expect((await api.caller.store.list({ zoneId: b.id })).map((store) => store.name)).toEqual(['nfs-1']);
    expect((await api.caller.zone.list()).map((zone) => zone.storeCount)).toEqual([2, 1]);
  });

  it('byId returns the same view as the list', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    const [listed] = await api.caller.store.list();
    expect(await api.caller.store.byId({ storeId: store.id })).toEqual(listed);
  });
});

describe('store.update', () => {
  it('renames a store and records store.updated', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    const updated = await api.caller.store.update({ storeId: store.id, name: 'nfs-renamed' });
    expect(updated).toMatchObject({ id: store.id, name: 'nfs-renamed', state: 'up' });
    expect((await api.caller.store.list()).map((s) => s.name)).toEqual(['nfs-renamed']);
    const events = await api.db.event.findMany({ where: { type: 'store.updated' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toContain('renamed to nfs-renamed');
  });

  it('keeps the case a name was typed in, and a store can be renamed to its own name in another case', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'NFS-East', zoneId: zone.id, path: dirs.make() });
    expect(store.name).toBe('NFS-East');
    const updated = await api.caller.store.update({ storeId: store.id, name: 'nfs-east' });
    expect(updated.name).toBe('nfs-east');
    expect((await api.caller.store.byId({ storeId: store.id })).name).toBe('nfs-east');
  });

  it('sets, changes and clears the configured capacity', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    expect(store.capacity.source).toBe('probed');

    const set = await api.caller.store.update({ storeId: store.id, capacityBytes: 5 * GiB });
    expect(set.configuredCapacityBytes).toBe(5 * GiB);
    expect(set.capacity).toEqual({
      source: 'configured',
      totalBytes: 5 * GiB,
      usedBytes: 0,
      freeBytes: 5 * GiB,
    });

    const changed = await api.caller.store.update({ storeId: store.id, capacityBytes: 2 * GiB });
    expect(changed.capacity.totalBytes).toBe(2 * GiB);

    const cleared = await api.caller.store.update({ storeId: store.id, capacityBytes: null });
    expect(cleared.configuredCapacityBytes).toBeNull();
    expect(cleared.capacity.source).toBe('probed');

    expect(await api.db.event.count({ where: { type: 'store.updated' } })).toBe(3);
  });

  it('changes name and capacity in one call', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    const updated = await api.caller.store.update({ storeId: store.id, name: 'nfs-b', capacityBytes: GiB });
    expect(updated).toMatchObject({ name: 'nfs-b', configuredCapacityBytes: GiB });
  });

  it('an update that changes nothing records no event', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    const same = await api.caller.store.update({
      storeId: store.id,
      name: 'nfs-a',
      capacityBytes: null,
      config: { path: dir },
    });
    expect(same.name).toBe('nfs-a');
    expect(await api.db.event.count({ where: { type: 'store.updated' } })).toBe(0);
  });

  it('moves an empty store to another directory', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    const other = dirs.make();
    const moved = await api.caller.store.update({ storeId: store.id, config: { path: other } });
    expect(moved.config).toEqual({ path: other });
  });
});

describe('store.setAdminState', () => {
  it('read_only → read_only, maintenance → maintenance, active → up; each change is an event', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });

    const readOnly = await api.caller.store.setAdminState({ storeId: store.id, adminState: 'read_only' });
    expect(readOnly).toMatchObject({ adminState: 'read_only', state: 'read_only' });

    const maintenance = await api.caller.store.setAdminState({
      storeId: store.id,
      adminState: 'maintenance',
    });
    expect(maintenance).toMatchObject({ adminState: 'maintenance', state: 'maintenance' });

    const active = await api.caller.store.setAdminState({ storeId: store.id, adminState: 'active' });
    expect(active).toMatchObject({ adminState: 'active', state: 'up' });

    const events = await api.db.event.findMany({
      where: { type: 'store.admin_state_changed' },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    expect(events.map((event) => event.severity)).toEqual(['warning', 'warning', 'info']);
    expect(events.every((event) => event.storeId === store.id && event.zoneId === zone.id)).toBe(true);
  });

  it('setting the state a store already has records no event', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    await api.caller.store.setAdminState({ storeId: store.id, adminState: 'active' });
    expect(await api.db.event.count({ where: { type: 'store.admin_state_changed' } })).toBe(0);
  });
});

describe('store.probe', () => {
  it('probes a healthy store: still up, a newer probe time, no new event', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const probed = await api.caller.store.probe({ storeId: store.id });
    expect(probed.state).toBe('up');
    expect(probed.lastProbe!.ok).toBe(true);
    expect(probed.lastProbe!.at.getTime()).toBeGreaterThan(store.lastProbe!.at.getTime());
    expect(probed.capacity.totalBytes).toBeGreaterThan(0);
    expect(await api.db.event.count({ where: { type: { in: ['store.up', 'store.down'] } } })).toBe(0);
  });

  it('a store whose directory disappeared goes down with the reason, and comes back up', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const parent = dirs.make();
    const dir = path.join(parent, 'export');
    fs.mkdirSync(dir);
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });

    fs.rmSync(dir, { recursive: true });
    const down = await api.caller.store.probe({ storeId: store.id });
    expect(down.state).toBe('down');
    expect(down.lastProbe).toMatchObject({ ok: false });
    expect(down.lastProbe!.error).toContain('does not exist');
    expect(await api.caller.overview.get()).toMatchObject({ totals: { storesDown: 1 } });

    fs.mkdirSync(dir);
    const up = await api.caller.store.probe({ storeId: store.id });
    expect(up.state).toBe('up');

    const events = await api.db.event.findMany({
      where: { type: { in: ['store.up', 'store.down'] } },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    expect(events.map((event) => [event.type, event.severity])).toEqual([
      ['store.down', 'error'],
      ['store.up', 'info'],
    ]);
  });
});

describe('store.remove', () => {
  it('removes an empty store and records store.removed', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    await api.caller.store.remove({ storeId: store.id });
    expect(await api.caller.store.list()).toEqual([]);
    const events = await api.db.event.findMany({ where: { type: 'store.removed' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ zoneId: zone.id, actor: 'test' });
    expect(events[0]!.message).toContain('nfs-a');
    // The zone is empty again and can go.
    await api.caller.zone.delete({ zoneId: zone.id });
  });

  it('removes a store whose only replica is destroyed (and that replica row with it)', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dirs.make() });
    const { object, replica } = await createReplica(api.db, { storeId: store.id, state: 'destroyed' });

    await api.caller.store.remove({ storeId: store.id });

    expect(await api.db.store.findUnique({ where: { id: store.id } })).toBeNull();
    expect(await api.db.replica.findUnique({ where: { id: replica.id } })).toBeNull();
    expect(await api.db.dataObject.findUnique({ where: { id: object.id } })).not.toBeNull();
  });

  it('the path of a removed store can be registered again', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    await api.caller.store.remove({ storeId: store.id });
    const again = await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    expect(again.state).toBe('up');
  });
});

describe('overview.get', () => {
  it('shows zones (by name) with their stores, and the totals', async () => {
    const east = await createZone(api.caller, 'zone-east');
    const west = await createZone(api.caller, 'zone-west');
    const empty = await createZone(api.caller, 'zone-empty');
    const e1 = await registerNfs(api.caller, { name: 'east-1', zoneId: east.id, path: dirs.make() });
    const e2 = await registerNfs(api.caller, {
      name: 'east-2',
      zoneId: east.id,
      path: dirs.make(),
      role: 'staging',
    });
    const w1 = await registerNfs(api.caller, { name: 'west-1', zoneId: west.id, path: dirs.make() });
    const { object } = await createReplica(api.db, { storeId: e1.id, state: 'ready' });
    await api.db.dataObject.create({
      data: { name: 'deleted', nameKey: 'deleted', kind: 'iso', format: 'iso', originType: 'url', deletedAt: new Date() },
    });

    const overview = await api.caller.overview.get();
    expect(overview.zones.map((zone) => [zone.name, zone.stores.map((store) => store.id)])).toEqual([
      ['zone-east', [e1.id, e2.id]],
      ['zone-empty', []],
      ['zone-west', [w1.id]],
    ]);
    expect(overview.zones.map((zone) => zone.id)).toEqual([east.id, empty.id, west.id]);
    expect(overview.zones[0]!.stores[0]).toMatchObject({ name: 'east-1', state: 'up', replicaCount: 1 });
    expect(overview.regionStores).toEqual([]);
    expect(overview.totals).toEqual({ zones: 3, stores: 3, storesDown: 0, objects: 1, failedCopies: 0 });
    expect(object.deletedAt).toBeNull();
  });

  it('is empty on an empty database', async () => {
    expect(await api.caller.overview.get()).toEqual({
      zones: [],
      regionStores: [],
      totals: { zones: 0, stores: 0, storesDown: 0, objects: 0, failedCopies: 0 },
      restarts: { last24h: 0, latest: [] },
      running: { count: 0, jobs: [], bytesPerSecond: 0, bytesDone: 0, bytesTotal: 0, etaSeconds: null },
      recentFailures: [],
      storesDown: [],
      cachesOverWatermark: [],
    });
  });

  it('lists the processes the supervisor restarted in the last 24 hours, newest first', async () => {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
    for (const [hoursAgo, message] of [[30, 'too old'], [2, 'The worker stopped unexpectedly'], [1, 'The web app stopped unexpectedly']] as const) {
      await api.db.event.create({ data: { at: at(hoursAgo), actor: 'system:supervisor', type: 'process.restarted', severity: 'warning', message } });
    }
    const { restarts } = await api.caller.overview.get();
    expect(restarts.last24h).toBe(2);
    expect(restarts.latest.map((restart) => restart.message)).toEqual(['The web app stopped unexpectedly', 'The worker stopped unexpectedly']);
  });
});

describe('store.providers', () => {
  it('lists nfs with a required, non-secret "path" field', async () => {
    const providers = await api.caller.store.providers();
    const nfs = providers.find((provider) => provider.id === 'nfs');
    expect(nfs).toBeDefined();
    expect(nfs!.roles).toEqual(['record', 'staging']);
    expect(nfs!.capabilities.reportsCapacity).toBe(true);
    const field = nfs!.fields.find((candidate) => candidate.name === 'path');
    expect(field).toMatchObject({ name: 'path', type: 'string', required: true, secret: false });
    expect(nfs!.fields.every((candidate) => candidate.secret === false)).toBe(true);
  });

  it('describes the path field with the label and placeholder of its schema', async () => {
    const [nfs] = (await api.caller.store.providers()).filter((provider) => provider.id === 'nfs');
    const field = nfs!.fields.find((candidate) => candidate.name === 'path');
    expect(field).toMatchObject({ label: 'Mount path', placeholder: '/mnt/secondary/zone-1' });
    expect(field!.description).toContain('NFS export');
  });

  it('lists every shipped provider', async () => {
    expect((await api.caller.store.providers()).map((provider) => provider.id)).toEqual(['nfs', 's3', 'swift']);
  });
});
