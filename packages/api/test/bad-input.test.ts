/* One test per bad input: the tRPC code a client gets and the field error the form shows (through the
 * router's errorFormatter, see `rejection`). */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { StowageError } from '@stowage/core';
import { createReplica, createZone, registerNfs, rejection, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

beforeEach(async () => {
  await resetDb(api.db);
});

/** A zone to register stores into. */
async function zone(name = 'zone-a') {
  return createZone(api.caller, name);
}

describe('zones', () => {
  it('duplicate zone name → CONFLICT on "name"', async () => {
    await zone('zone-a');
    const { error, shape } = await rejection(api.caller.zone.create({ name: 'zone-a' }), 'zone.create');
    expect(error.code).toBe('CONFLICT');
    expect(error.cause).toBeInstanceOf(StowageError);
    expect(shape.message).toBe('A zone named "zone-a" already exists.');
    expect(shape.data).toEqual({
      code: 'CONFLICT',
      httpStatus: 409,
      fieldErrors: { name: ['This name is already taken'] },
    });
    expect(await api.db.zone.count()).toBe(1);
  });

  it('duplicate zone name after trimming → CONFLICT on "name"', async () => {
    await zone('zone-a');
    const { error, shape } = await rejection(api.caller.zone.create({ name: '  zone-a ' }), 'zone.create');
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
  });

  it('duplicate zone name on rename → CONFLICT on "name", the zone keeps its name', async () => {
    await zone('zone-a');
    const b = await zone('zone-b');
    const { error, shape } = await rejection(
      api.caller.zone.rename({ zoneId: b.id, name: 'zone-a' }),
      'zone.rename',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A zone named "zone-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect((await api.db.zone.findUniqueOrThrow({ where: { id: b.id } })).name).toBe('zone-b');
    expect(await api.db.event.count({ where: { type: 'zone.renamed' } })).toBe(0);
  });

  it('a zone name differing only in case → CONFLICT on "name", quoting the zone as it is spelled', async () => {
    await zone('zone-a');
    const { error, shape } = await rejection(api.caller.zone.create({ name: 'ZONE-A' }), 'zone.create');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A zone named "zone-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect(await api.db.zone.count()).toBe(1);
  });

  it('zone names differing in ß/SS or in a decomposed accent are one name', async () => {
    await zone('Straße-Zürich');
    for (const name of ['STRASSE-ZÜRICH', 'strasse-zu\u0308rich']) {
      const { shape } = await rejection(api.caller.zone.create({ name }), 'zone.create');
      expect(shape.message).toBe('A zone named "Straße-Zürich" already exists.');
    }
    expect(await api.db.zone.count()).toBe(1);
  });

  it('renaming a zone to another zone\'s name in another case → CONFLICT on "name", the zone keeps its name', async () => {
    await zone('zone-a');
    const b = await zone('zone-b');
    const { error, shape } = await rejection(api.caller.zone.rename({ zoneId: b.id, name: 'Zone-A' }), 'zone.rename');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A zone named "zone-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect((await api.db.zone.findUniqueOrThrow({ where: { id: b.id } })).name).toBe('zone-b');
  });

  it('zone name of 256 characters → BAD_REQUEST on "name"', async () => {
    const { error, shape } = await rejection(api.caller.zone.create({ name: 'z'.repeat(256) }), 'zone.create');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.message).toBe('Some fields are not valid.');
    expect(shape.data.fieldErrors).toEqual({ name: ['Name must be at most 255 characters'] });
  });

  it('zone name of exactly 255 characters is accepted', async () => {
    const created = await api.caller.zone.create({ name: 'z'.repeat(255) });
    expect(created.name).toHaveLength(255);
  });

  it('empty zone name → BAD_REQUEST on "name"', async () => {
    const { error, shape } = await rejection(api.caller.zone.create({ name: '' }), 'zone.create');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.name).toContain('Name is required');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['name']);
  });

  it('blank zone name (spaces only) → BAD_REQUEST on "name"', async () => {
    const { error, shape } = await rejection(api.caller.zone.create({ name: '    ' }), 'zone.create');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.name).toContain('Name is required');
  });

  it('zone name with a slash → BAD_REQUEST on "name"', async () => {
    const { error, shape } = await rejection(api.caller.zone.create({ name: 'east/west' }), 'zone.create');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.name?.[0]).toMatch(/^Use letters, digits/);
  });

  it('empty name on rename → BAD_REQUEST on "name"', async () => {
    const a = await zone('zone-a');
    const { error, shape } = await rejection(
      api.caller.zone.rename({ zoneId: a.id, name: '' }),
      'zone.rename',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.name).toContain('Name is required');
  });

  it('unknown zone mode → BAD_REQUEST on "mode"', async () => {
    const a = await zone('zone-a');
    const { error, shape } = await rejection(
      api.caller.zone.setMode({ zoneId: a.id, mode: 'archive' as never, fingerprint: '0'.repeat(32) }),
      'zone.setMode',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['mode']);
  });

  it('rename of an unknown zone id → NOT_FOUND', async () => {
    const { error, shape } = await rejection(
      api.caller.zone.rename({ zoneId: 'nope', name: 'x' }),
      'zone.rename',
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(shape.message).toBe('Zone nope does not exist.');
    expect(shape.data).toEqual({ code: 'NOT_FOUND', httpStatus: 404, fieldErrors: null });
  });

  it('setMode of an unknown zone id → NOT_FOUND', async () => {
    const { error } = await rejection(
      api.caller.zone.setMode({ zoneId: 'nope', mode: 'staging', fingerprint: '0'.repeat(32) }),
      'zone.setMode',
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('delete of an unknown zone id → NOT_FOUND', async () => {
    const { error, shape } = await rejection(api.caller.zone.delete({ zoneId: 'nope' }), 'zone.delete');
    expect(error.code).toBe('NOT_FOUND');
    expect(shape.message).toBe('Zone nope does not exist.');
  });

  it('a malformed zone id → BAD_REQUEST on "zoneId"', async () => {
    const { error, shape } = await rejection(api.caller.zone.delete({ zoneId: '../etc' }), 'zone.delete');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ zoneId: ['Invalid id'] });
  });

  it('removing a zone that has stores → PRECONDITION_FAILED naming the stores', async () => {
    const a = await zone('zone-a');
    await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(api.caller.zone.delete({ zoneId: a.id }), 'zone.delete');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(shape.message).toBe('Zone zone-a still has 2 stores (nfs-a, nfs-b). Remove them first.');
    expect(shape.data).toEqual({ code: 'PRECONDITION_FAILED', httpStatus: 412, fieldErrors: null });
    expect(await api.db.zone.count()).toBe(1);
    expect(await api.db.event.count({ where: { type: 'zone.deleted' } })).toBe(0);
  });
});

describe('store registration', () => {
  it('duplicate store name → CONFLICT on "name"', async () => {
    const a = await zone();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A store named "nfs-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect(await api.db.store.count()).toBe(1);
  });

  it('a store name differing only in case → CONFLICT on "name", quoting the store as it is spelled', async () => {
    const a = await zone();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'NFS-A', zoneId: a.id, path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A store named "nfs-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect(await api.db.store.count()).toBe(1);
  });

  it('relative path → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: 'mnt/secondary' }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.message).toBe('The store configuration is not valid.');
    expect(shape.data.fieldErrors).toEqual({
      'config.path': ['Use an absolute path, such as /mnt/secondary'],
    });
  });

  it('path with a ".." segment → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const dir = dirs.make();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: `${dir}/../${path.basename(dir)}` }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Path must not contain ".." segments'] });
  });

  it('path with a NUL byte → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: `${dirs.make()}\0x` }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Path must not contain NUL bytes'] });
  });

  it('empty path → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: '' }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.['config.path']).toContain('Path is required');
  });

  it('missing path field → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      api.caller.store.register({ name: 'nfs-a', provider: 'nfs', role: 'record', zoneId: a.id, config: {} }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['config.path']);
  });

  it('a path that does not exist → BAD_REQUEST on "config.path" saying so', async () => {
    const a = await zone();
    const missing = path.join(dirs.make(), 'missing');
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: missing }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.message).toContain('does not exist');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': [`${missing} does not exist`] });
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('a file instead of a directory → BAD_REQUEST on "config.path" saying "not a directory"', async () => {
    const a = await zone();
    const file = path.join(dirs.make(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: file }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.['config.path']).toHaveLength(1);
    expect(shape.data.fieldErrors?.['config.path']?.[0]).toContain('not a directory');
  });

  it('a path below a file → BAD_REQUEST on "config.path" saying "not a directory"', async () => {
    const a = await zone();
    const file = path.join(dirs.make(), 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: path.join(file, 'below') }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.['config.path']?.[0]).toContain('not a directory');
  });

  it('a directory that is not writable → BAD_REQUEST on "config.path" saying "not writable"', async () => {
    const a = await zone();
    const dir = dirs.make();
    dirs.lock(dir);
    try {
      const { error, shape } = await rejection(
        registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dir }),
        'store.register',
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(shape.data.fieldErrors).toEqual({ 'config.path': [`${dir} is not writable`] });
      expect(await api.db.store.count()).toBe(0);
    } finally {
      dirs.unlock(dir);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a second store on the same path → CONFLICT on "config.path"', async () => {
    const a = await zone();
    const dir = dirs.make();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dir });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: `${dir}/` }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe(`Store nfs-a already uses this location (nfs:${dir}/).`);
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Overlaps the location of store nfs-a'] });
  });

  it('a path nested inside another store\'s path → CONFLICT on "config.path"', async () => {
    const a = await zone();
    const dir = dirs.make();
    const nested = path.join(dir, 'inner');
    fs.mkdirSync(nested);
    await registerNfs(api.caller, { name: 'nfs-outer', zoneId: a.id, path: dir });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-inner', zoneId: a.id, path: nested }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Overlaps the location of store nfs-outer'] });
  });

  it('a path that contains another store\'s path → CONFLICT on "config.path"', async () => {
    const a = await zone();
    const dir = dirs.make();
    const nested = path.join(dir, 'inner');
    fs.mkdirSync(nested);
    await registerNfs(api.caller, { name: 'nfs-inner', zoneId: a.id, path: nested });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-outer', zoneId: a.id, path: dir }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Overlaps the location of store nfs-inner'] });
  });

  it("a sibling whose name starts with another store's directory name does not conflict", async () => {
    const a = await zone();
    const parent = dirs.make();
    fs.mkdirSync(path.join(parent, 'store'));
    fs.mkdirSync(path.join(parent, 'store-2'));
    await registerNfs(api.caller, { name: 'nfs-1', zoneId: a.id, path: path.join(parent, 'store') });
    const second = await registerNfs(api.caller, {
      name: 'nfs-2',
      zoneId: a.id,
      path: path.join(parent, 'store-2'),
    });
    expect(second.state).toBe('up');
  });

  it('record role without a zone → BAD_REQUEST on "zoneId"', async () => {
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: null, path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.message).toBe('A record store belongs to a zone.');
    expect(shape.data.fieldErrors).toEqual({ zoneId: ['Choose a zone'] });
  });

  it('staging role without a zone → BAD_REQUEST on "zoneId"', async () => {
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: null, path: dirs.make(), role: 'staging' }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ zoneId: ['Choose a zone'] });
  });

  it('object role on the nfs provider → BAD_REQUEST on "role"', async () => {
    const { error, shape } = await rejection(
      api.caller.store.register({
        name: 'nfs-a',
        provider: 'nfs',
        role: 'object',
        zoneId: null,
        config: { path: dirs.make() },
      }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ role: ['Choose one of: record, staging'] });
  });

  it('unknown role → BAD_REQUEST on "role"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      api.caller.store.register({
        name: 'nfs-a',
        provider: 'nfs',
        role: 'archive' as never,
        zoneId: a.id,
        config: { path: dirs.make() },
      }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['role']);
  });

  it('unknown provider id → BAD_REQUEST on "provider"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      api.caller.store.register({
        name: 'x',
        provider: 'ftp' as never,
        role: 'record',
        zoneId: a.id,
        config: { path: dirs.make() },
      }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['provider']);
  });

  it('an object-store provider in a zone-scoped role (s3 as record) → BAD_REQUEST on "role"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      api.caller.store.register({ name: 'x', provider: 's3', role: 'record', zoneId: a.id, config: {} }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ role: ['Choose one of: object'] });
  });

  it('store name of 256 characters → BAD_REQUEST on "name"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 's'.repeat(256), zoneId: a.id, path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ name: ['Name must be at most 255 characters'] });
  });

  it('empty store name → BAD_REQUEST on "name"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: '', zoneId: a.id, path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.name).toContain('Name is required');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['name']);
  });

  it('capacity below 1 MiB → BAD_REQUEST on "capacityBytes"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make(), capacityBytes: 1000 }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ capacityBytes: ['Capacity must be at least 1 MiB'] });
  });

  it('fractional capacity → BAD_REQUEST on "capacityBytes"', async () => {
    const a = await zone();
    const { error, shape } = await rejection(
      registerNfs(api.caller, {
        name: 'nfs-a',
        zoneId: a.id,
        path: dirs.make(),
        capacityBytes: 2 ** 30 + 0.5,
      }),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors?.capacityBytes).toContain('Capacity must be a whole number of bytes');
  });

  it('unknown zone id → NOT_FOUND', async () => {
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-a', zoneId: 'no-such-zone', path: dirs.make() }),
      'store.register',
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(shape.message).toBe('Zone no-such-zone does not exist.');
    expect(await api.db.store.count()).toBe(0);
  });
});

describe('store updates and removal', () => {
  it('renaming a store to a taken name → CONFLICT on "name"', async () => {
    const a = await zone();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const b = await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(
      api.caller.store.update({ storeId: b.id, name: 'nfs-a' }),
      'store.update',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect((await api.db.store.findUniqueOrThrow({ where: { id: b.id } })).name).toBe('nfs-b');
  });

  it('renaming a store to another store\'s name in another case → CONFLICT on "name", quoting that store', async () => {
    const a = await zone();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const b = await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(api.caller.store.update({ storeId: b.id, name: 'Nfs-A' }), 'store.update');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toBe('A store named "nfs-a" already exists.');
    expect(shape.data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expect((await api.db.store.findUniqueOrThrow({ where: { id: b.id } })).name).toBe('nfs-b');
  });

  it('moving a store onto another store\'s path → CONFLICT on "config.path"', async () => {
    const a = await zone();
    const dirA = dirs.make();
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirA });
    const b = await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(
      api.caller.store.update({ storeId: b.id, config: { path: dirA } }),
      'store.update',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Overlaps the location of store nfs-a'] });
  });

  it('moving a store to a relative path → BAD_REQUEST on "config.path"', async () => {
    const a = await zone();
    const b = await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    const { error, shape } = await rejection(
      api.caller.store.update({ storeId: b.id, config: { path: 'relative' } }),
      'store.update',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({
      'config.path': ['Use an absolute path, such as /mnt/secondary'],
    });
  });

  it('moving a store that holds replicas → PRECONDITION_FAILED, the path is unchanged', async () => {
    const a = await zone();
    const dir = dirs.make();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dir });
    await createReplica(api.db, { storeId: store.id, state: 'ready' });
    const { error } = await rejection(
      api.caller.store.update({ storeId: store.id, config: { path: dirs.make() } }),
      'store.update',
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect((await api.caller.store.byId({ storeId: store.id })).config).toEqual({ path: dir });
  });

  it('byId of an unknown store id → NOT_FOUND', async () => {
    const { error, shape } = await rejection(api.caller.store.byId({ storeId: 'nope' }), 'store.byId');
    expect(error.code).toBe('NOT_FOUND');
    expect(shape.message).toBe('Store nope does not exist.');
  });

  it('update of an unknown store id → NOT_FOUND', async () => {
    const { error } = await rejection(
      api.caller.store.update({ storeId: 'nope', name: 'x' }),
      'store.update',
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('setAdminState of an unknown store id → NOT_FOUND', async () => {
    const { error } = await rejection(
      api.caller.store.setAdminState({ storeId: 'nope', adminState: 'read_only' }),
      'store.setAdminState',
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('probe of an unknown store id → NOT_FOUND', async () => {
    const { error } = await rejection(api.caller.store.probe({ storeId: 'nope' }), 'store.probe');
    expect(error.code).toBe('NOT_FOUND');
  });

  it('remove of an unknown store id → NOT_FOUND', async () => {
    const { error } = await rejection(api.caller.store.remove({ storeId: 'nope' }), 'store.remove');
    expect(error.code).toBe('NOT_FOUND');
  });

  it('removing a store that holds a ready replica → PRECONDITION_FAILED, and the store stays', async () => {
    const a = await zone();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    const { replica } = await createReplica(api.db, { storeId: store.id, state: 'ready' });
    const { error, shape } = await rejection(api.caller.store.remove({ storeId: store.id }), 'store.remove');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(shape.message).toBe('Store nfs-a still holds 1 replica. Drain it before removing it.');
    expect(shape.data.fieldErrors).toBeNull();
    expect(await api.db.store.findUnique({ where: { id: store.id } })).not.toBeNull();
    expect(await api.db.replica.findUnique({ where: { id: replica.id } })).not.toBeNull();
    expect((await api.caller.store.list()).map((s) => s.id)).toEqual([store.id]);
    expect(await api.db.event.count({ where: { type: 'store.removed' } })).toBe(0);
  });

  it.each(['allocated', 'copying', 'failed', 'destroying'])(
    'removing a store that holds a replica in state %s → PRECONDITION_FAILED',
    async (state) => {
      const a = await zone();
      const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
      await createReplica(api.db, { storeId: store.id, state });
      const { error } = await rejection(api.caller.store.remove({ storeId: store.id }), 'store.remove');
      expect(error.code).toBe('PRECONDITION_FAILED');
      expect(await api.db.store.count()).toBe(1);
    },
  );

  it('removing a store with a ready and a destroyed replica counts only the live one', async () => {
    const a = await zone();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    await createReplica(api.db, { storeId: store.id, state: 'ready' });
    await createReplica(api.db, { storeId: store.id, state: 'destroyed' });
    const { error, shape } = await rejection(api.caller.store.remove({ storeId: store.id }), 'store.remove');
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(shape.message).toContain('still holds 1 replica.');
    expect(await api.db.replica.count()).toBe(2);
  });

  it('removing a store whose only replica is destroyed succeeds', async () => {
    const a = await zone();
    const store = await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    await createReplica(api.db, { storeId: store.id, state: 'destroyed' });
    await expect(api.caller.store.remove({ storeId: store.id })).resolves.toBeUndefined();
    expect(await api.db.store.count()).toBe(0);
    expect(await api.db.replica.count()).toBe(0);
  });
});

describe('lists at scale', () => {
  const badLimits = [0, 201, 1.5];

  it('job.list: a limit outside 1–200 → BAD_REQUEST on "limit"', async () => {
    for (const limit of badLimits) {
      const { error, shape } = await rejection(api.caller.job.list({ limit }), 'job.list');
      expect(error.code).toBe('BAD_REQUEST');
      expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['limit']);
    }
  });

  it('job.list: an unknown sort, state or key → BAD_REQUEST naming it', async () => {
    expect((await rejection(api.caller.job.list({ sort: 'name' as never }), 'job.list')).shape.data.fieldErrors).toHaveProperty('sort');
    expect((await rejection(api.caller.job.list({ state: 'stuck' as never }), 'job.list')).shape.data.fieldErrors).toHaveProperty('state');
    const { error } = await rejection(api.caller.job.list({ offset: 100 } as never), 'job.list');
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('job.list: a cursor that is not one, or one of another list or sort → BAD_REQUEST on "cursor", saying to start again', async () => {
    await zone('zone-a');
    const objects = await api.caller.object.list({ limit: 1 });
    const forged = Buffer.from(JSON.stringify(['created', 'date', 'x', 'y'])).toString('base64url');
    for (const cursor of ['not-a-cursor', forged, ...(objects.nextCursor ? [objects.nextCursor] : [])]) {
      const { error, shape } = await rejection(api.caller.job.list({ cursor }), 'job.list');
      expect(error.code).toBe('BAD_REQUEST');
      expect(shape.message).toMatch(/start again from the first page of jobs/);
      expect(shape.data.fieldErrors).toEqual({ cursor: ['Not a valid cursor'] });
    }
    const { shape } = await rejection(api.caller.job.list({ cursor: 'x'.repeat(2001) }), 'job.list');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['cursor']);
  });

  it('object.list: a bad limit, zone id, state or a name of 256 characters → BAD_REQUEST naming the field; nothing changes', async () => {
    const before = await api.db.dataObject.count();
    for (const limit of badLimits) expect(Object.keys((await rejection(api.caller.object.list({ limit }), 'object.list')).shape.data.fieldErrors ?? {})).toEqual(['limit']);
    expect((await rejection(api.caller.object.list({ zoneId: '../etc' }), 'object.list')).shape.data.fieldErrors).toHaveProperty('zoneId');
    expect((await rejection(api.caller.object.list({ state: 'lost' as never }), 'object.list')).shape.data.fieldErrors).toHaveProperty('state');
    expect((await rejection(api.caller.object.list({ name: 'n'.repeat(256) }), 'object.list')).shape.data.fieldErrors).toHaveProperty('name');
    const { shape } = await rejection(api.caller.object.list({ cursor: 'not-a-cursor' }), 'object.list');
    expect(shape.data.fieldErrors).toEqual({ cursor: ['Not a valid cursor'] });
    expect(await api.db.dataObject.count()).toBe(before);
  });
});

describe('store list page', () => {
  it('limit 0 → BAD_REQUEST on "limit"', async () => {
    const { error, shape } = await rejection(api.caller.store.page({ limit: 0 }), 'store.page');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.message).toBe('Some fields are not valid.');
    expect(shape.data.fieldErrors).toEqual({ limit: ['Too small: expected number to be >=1'] });
  });

  it('limit 201 → BAD_REQUEST on "limit"', async () => {
    const { error, shape } = await rejection(api.caller.store.page({ limit: 201 }), 'store.page');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ limit: ['Too big: expected number to be <=200'] });
  });

  it('an unknown key → BAD_REQUEST naming it', async () => {
    const { error, shape } = await rejection(api.caller.store.page({ colour: 'blue' } as never), 'store.page');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ _: ['Unrecognized key: "colour"'] });
  });

  it('a name filter of 256 characters → BAD_REQUEST on "name"', async () => {
    const { error, shape } = await rejection(api.caller.store.page({ name: 'n'.repeat(256) }), 'store.page');
    expect(error.code).toBe('BAD_REQUEST');
    expect(shape.data.fieldErrors).toEqual({ name: ['A name filter is at most 255 characters'] });
  });

  it('an unknown role or provider, or a malformed zone id → BAD_REQUEST on that field', async () => {
    const role = await rejection(api.caller.store.page({ role: 'archive' as never }), 'store.page');
    expect(Object.keys(role.shape.data.fieldErrors ?? {})).toEqual(['role']);
    const provider = await rejection(api.caller.store.page({ provider: 'ftp' as never }), 'store.page');
    expect(Object.keys(provider.shape.data.fieldErrors ?? {})).toEqual(['provider']);
    const zoneId = await rejection(api.caller.store.page({ zoneId: '../etc' }), 'store.page');
    expect(zoneId.shape.data.fieldErrors).toEqual({ zoneId: ['Invalid id'] });
  });

  it('a cursor this list did not write → BAD_REQUEST on "cursor", saying to start again', async () => {
    const a = await zone('zone-a');
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: a.id, path: dirs.make() });
    await registerNfs(api.caller, { name: 'nfs-b', zoneId: a.id, path: dirs.make() });
    const page = await api.caller.store.page({ limit: 1 });
    expect(page.stores.map((store) => store.name)).toEqual(['nfs-a']);
    for (const cursor of ['not-a-cursor', `x${page.nextCursor!.slice(1)}`]) {
      const { error, shape } = await rejection(api.caller.store.page({ limit: 1, cursor }), 'store.page');
      expect(error.code).toBe('BAD_REQUEST');
      expect(shape.message).toBe('This page link is not valid for this list: start again from the first page of stores.');
      expect(shape.data.fieldErrors).toEqual({ cursor: ['Not a valid cursor'] });
    }
    const { shape } = await rejection(api.caller.store.page({ limit: 1, sort: 'created', cursor: page.nextCursor! }), 'store.page');
    expect(shape.data.fieldErrors).toEqual({ cursor: ['Not a valid cursor'] });
  });
});
