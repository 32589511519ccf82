/* Regression tests for bugs found while writing the integration suite. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import { createCaller } from '../src/root';
import { createZone, makeContext, registerNfs, rejection, resetDb, useApi, useTempDirs } from './support';

const api = useApi();
const dirs = useTempDirs();

beforeEach(async () => {
  await resetDb(api.db);
});

describe('two stores must never share a directory', () => {
  it('a path that is a symlink to another store\'s directory → CONFLICT on "config.path"', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const link = path.join(dirs.make(), 'alias');
    fs.symlinkSync(dir, link);
    await registerNfs(api.caller, { name: 'nfs-a', zoneId: zone.id, path: dir });
    const { error, shape } = await rejection(
      registerNfs(api.caller, { name: 'nfs-b', zoneId: zone.id, path: link }),
      'store.register',
    );
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.path': ['Overlaps the location of store nfs-a'] });
  });

  it('two concurrent registrations of the same path: exactly one succeeds', async () => {
    const zone = await createZone(api.caller, 'zone-a');
    const dir = dirs.make();
    const results = await Promise.allSettled([
      registerNfs(api.caller, { name: 'nfs-1', zoneId: zone.id, path: dir }),
      registerNfs(api.caller, { name: 'nfs-2', zoneId: zone.id, path: dir }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await api.db.store.count()).toBe(1);
  });
});

describe('internal errors through createCaller', () => {
  it('a database failure reaches a caller as the generic sentence', async () => {
    const { db, dispose } = await createTestDb();
    const { ctx, cleanup } = makeContext(db);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await db.$executeRawUnsafe('DROP TABLE "Event"');
      const caller = createCaller(ctx);
      const { error } = await rejection(caller.zone.create({ name: 'zone-a' }), 'zone.create');
      expect(error.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe('Something went wrong on the server.');
    } finally {
      log.mockRestore();
      await dispose();
      cleanup();
    }
  });
});
