/* Round trips through the fetch adapter the web app mounts at /api/trpc: what a browser really gets. */
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import superjson from 'superjson';
import { createCaller } from '../src/root';
import type { ApiContext } from '../src/trpc';
import {
  findKeys,
  httpCall,
  httpError,
  makeContext,
  rejection,
  resetDb,
  useApi,
  useTempDirs,
  type HttpResult,
} from './support';

const api = useApi();
const dirs = useTempDirs();

beforeEach(async () => {
  await resetDb(api.db);
});

/** Nothing in the body that would only help an attacker: no stack, no source paths, no cause. */
function expectNoInternals(result: HttpResult) {
  expect(findKeys(result.body, 'stack')).toEqual([]);
  expect(findKeys(result.body, 'cause')).toEqual([]);
  expect(result.text).not.toMatch(/"stack"/);
  expect(result.text).not.toContain('node_modules');
  expect(result.text).not.toMatch(/\bat [^"]+\.(ts|js|mjs):\d+/);
}

describe('HTTP success', () => {
  it('creates a zone with a POST and lists it with a GET (superjson dates survive)', async () => {
    const created = await httpCall(api.ctx, 'mutation', 'zone.create', { name: 'zone-http' });
    expect(created.status).toBe(200);
    const listed = await httpCall(api.ctx, 'query', 'zone.list');
    expect(listed.status).toBe(200);
    const body = listed.body as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    const zones = superjson.deserialize(body.result.data) as { name: string; createdAt: Date }[];
    expect(zones).toHaveLength(1);
    expect(zones[0]!.name).toBe('zone-http');
    expect(zones[0]!.createdAt).toBeInstanceOf(Date);
  });
});

describe('HTTP errors carry code, message and field errors, and nothing else', () => {
  it('duplicate zone name → 409 with fieldErrors.name', async () => {
    await api.caller.zone.create({ name: 'zone-a' });
    const result = await httpCall(api.ctx, 'mutation', 'zone.create', { name: 'zone-a' });
    expect(result.status).toBe(409);
    expect(httpError(result)).toEqual({
      message: 'A zone named "zone-a" already exists.',
      code: -32009,
      data: { code: 'CONFLICT', httpStatus: 409, fieldErrors: { name: ['This name is already taken'] } },
    });
    expectNoInternals(result);
  });

  it('duplicate zone name on rename → 409 with fieldErrors.name', async () => {
    await api.caller.zone.create({ name: 'zone-a' });
    const b = await api.caller.zone.create({ name: 'zone-b' });
    const result = await httpCall(api.ctx, 'mutation', 'zone.rename', { zoneId: b.id, name: 'zone-a' });
    expect(result.status).toBe(409);
    expect(httpError(result).data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expectNoInternals(result);
  });

  it('duplicate store name → 409 with fieldErrors.name', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-a' });
    const input = { name: 'nfs-a', provider: 'nfs', role: 'record', zoneId: zone.id, capacityBytes: null };
    await api.caller.store.register({
      ...input,
      provider: 'nfs',
      role: 'record',
      config: { path: dirs.make() },
    });
    const result = await httpCall(api.ctx, 'mutation', 'store.register', {
      ...input,
      config: { path: dirs.make() },
    });
    expect(result.status).toBe(409);
    expect(httpError(result).data.fieldErrors).toEqual({ name: ['This name is already taken'] });
    expectNoInternals(result);
  });

  it('relative store path → 400 with fieldErrors["config.path"]', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-a' });
    const result = await httpCall(api.ctx, 'mutation', 'store.register', {
      name: 'nfs-a',
      provider: 'nfs',
      role: 'record',
      zoneId: zone.id,
      config: { path: 'relative/path' },
    });
    expect(result.status).toBe(400);
    expect(httpError(result)).toEqual({
      message: 'The store configuration is not valid.',
      code: -32600,
      data: {
        code: 'BAD_REQUEST',
        httpStatus: 400,
        fieldErrors: { 'config.path': ['Use an absolute path, such as /mnt/secondary'] },
      },
    });
    expectNoInternals(result);
  });

  it('a path that does not exist → 400 with fieldErrors["config.path"], no errno details', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-a' });
    const missing = path.join(dirs.make(), 'missing');
    const result = await httpCall(api.ctx, 'mutation', 'store.register', {
      name: 'nfs-a',
      provider: 'nfs',
      role: 'record',
      zoneId: zone.id,
      config: { path: missing },
    });
    expect(result.status).toBe(400);
    expect(httpError(result).data.fieldErrors).toEqual({ 'config.path': [`${missing} does not exist`] });
    expect(result.text).not.toContain('ENOENT');
    expectNoInternals(result);
  });

  it('an input the schema refuses (empty name) → 400 with zod issues as fieldErrors.name', async () => {
    const result = await httpCall(api.ctx, 'mutation', 'zone.create', { name: '' });
    expect(result.status).toBe(400);
    const error = httpError(result);
    expect(error.message).toBe('Some fields are not valid.');
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.fieldErrors?.name).toContain('Name is required');
    expectNoInternals(result);
  });

  it('unknown zone → 404 without field errors', async () => {
    const result = await httpCall(api.ctx, 'mutation', 'zone.delete', { zoneId: 'nope' });
    expect(result.status).toBe(404);
    expect(httpError(result)).toEqual({
      message: 'Zone nope does not exist.',
      code: -32004,
      data: { code: 'NOT_FOUND', httpStatus: 404, fieldErrors: null },
    });
    expectNoInternals(result);
  });

  it('zone with stores → 412 naming the store', async () => {
    const zone = await api.caller.zone.create({ name: 'zone-a' });
    await api.caller.store.register({
      name: 'nfs-a',
      provider: 'nfs',
      role: 'record',
      zoneId: zone.id,
      config: { path: dirs.make() },
    });
    const result = await httpCall(api.ctx, 'mutation', 'zone.delete', { zoneId: zone.id });
    expect(result.status).toBe(412);
    expect(httpError(result).message).toContain('nfs-a');
    expectNoInternals(result);
  });

  it('an unknown procedure → 404 without internals', async () => {
    const result = await httpCall(api.ctx, 'query', 'zone.nope');
    expect(result.status).toBe(404);
    expectNoInternals(result);
  });
});

describe('internal errors', () => {
  // A database whose Event table is gone: every mutation that records an event fails inside Prisma with
  // a message naming the table. That message must reach the log, never the client.
  let broken: { db: Db; ctx: ApiContext; dispose: () => Promise<void> };

  beforeAll(async () => {
    const testDb = await createTestDb();
    await testDb.db.$executeRawUnsafe('DROP TABLE "Event"');
    const { ctx, cleanup } = makeContext(testDb.db);
    broken = {
      db: testDb.db,
      ctx,
      dispose: async () => {
        await testDb.dispose();
        cleanup();
      },
    };
  });

  afterAll(async () => {
    await broken.dispose();
  });

  it('over HTTP: 500, the generic sentence, no stack, no database detail; the write is rolled back', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await httpCall(broken.ctx, 'mutation', 'zone.create', { name: 'zone-a' });
      expect(result.status).toBe(500);
      expect(httpError(result)).toEqual({
        message: 'Something went wrong on the server.',
        code: -32603,
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, fieldErrors: null },
      });
      expectNoInternals(result);
      expect(result.text).not.toMatch(/Event|prisma|sqlite|table/i);
      // Logged on the server, with the real cause.
      expect(log).toHaveBeenCalled();
      expect(log.mock.calls.map((call) => call[0])).toContain('[api] internal error');
    } finally {
      log.mockRestore();
    }
    expect(await broken.db.zone.count()).toBe(0);
  });

  it('through the caller: INTERNAL_SERVER_ERROR, formatted to the generic sentence, the cause kept for the log', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { error, shape } = await rejection(
        createCaller(broken.ctx).zone.create({ name: 'zone-b' }),
        'zone.create',
      );
      expect(error.code).toBe('INTERNAL_SERVER_ERROR');
      // (error.message itself still carries the Prisma text: see known-bugs.test.ts.)
      expect(error.cause).toBeInstanceOf(Error);
      expect(shape).toEqual({
        message: 'Something went wrong on the server.',
        code: -32603,
        data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, fieldErrors: null },
      });
    } finally {
      log.mockRestore();
    }
  });

  it('queries that do not touch the broken table still work', async () => {
    expect(await createCaller(broken.ctx).zone.list()).toEqual([]);
  });
});
