/* Shared test harness for the API integration tests: a throwaway database per test file, temp store
 * directories per test, helpers to read errors the way the UI sees them (through the real errorFormatter),
 * and an HTTP round trip through the same fetch adapter the web app uses. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTRPCErrorShape, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { nameKey, type Role } from '@stowage/core';
import type { SignedIn } from '@stowage/auth';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { createSecretBox, INSTALLATION_ID_SETTING } from '@stowage/services';
import { appRouter, createCaller } from '../src/root';
import { createContextInner, type ApiContext } from '../src/trpc';

export type Caller = ReturnType<typeof createCaller>;

export interface ApiHarness {
  readonly db: Db;
  readonly ctx: ApiContext;
  readonly caller: Caller;
}

/** Who the tests act as unless they say otherwise: an admin named "test". */
export function principalFor(role: Role, username = 'test'): SignedIn {
  return { userId: `user-${username}`, username, role, mustChangePassword: false, sessionId: `session-${username}` };
}

/** A request context on `db` with a fresh secret key and a temp data directory (removed by `cleanup`). */
export function makeContext(db: Db, principal: SignedIn | null = principalFor('admin')): { ctx: ApiContext; cleanup: () => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-test-data-'));
  const ctx = createContextInner({ db, secrets: createSecretBox(randomBytes(32)), principal, dataDir });
  return { ctx, cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** One migrated SQLite file (and data directory) for the whole test file, disposed after it. */
export function useApi(): ApiHarness {
  let state: (ApiHarness & { dispose: () => Promise<void> }) | undefined;
  beforeAll(async () => {
    const testDb = await createTestDb();
    const { ctx, cleanup } = makeContext(testDb.db);
    const dispose = async () => {
      await testDb.dispose();
      cleanup();
    };
    state = { db: testDb.db, ctx, caller: createCaller(ctx), dispose };
  });
  afterAll(async () => {
    await state?.dispose();
  });
  const get = () => {
    if (!state) throw new Error('useApi() is used before beforeAll ran');
    return state;
  };
  return {
    get db() {
      return get().db;
    },
    get ctx() {
      return get().ctx;
    },
    get caller() {
      return get().caller;
    },
  };
}

/**
 * Empties every table, children first, so each test starts from an empty database — of the same installation,
 * so that stores' markers left in reused locations count as stale, not as another installation's.
 */
export async function resetDb(db: Db): Promise<void> {
  await db.cacheAccess.deleteMany();
  await db.lease.deleteMany();
  await db.reservation.deleteMany();
  await db.event.deleteMany();
  await db.job.deleteMany();
  await db.replica.deleteMany();
  await db.placementZone.deleteMany();
  await db.dataObject.deleteMany();
  await db.store.deleteMany();
  await db.zone.deleteMany();
  await db.setting.deleteMany({ where: { key: { not: INSTALLATION_ID_SETTING } } });
  await db.lock.deleteMany();
}

/* Temp directories ----------------------------------------------------------------------------------- */

const isRoot = process.getuid?.() === 0;

/**
 * Makes a directory refuse new files. Root ignores permission bits, so as root the directory is made
 * immutable with `chattr +i`; otherwise its mode becomes 0555.
 */
export function lockWrites(dir: string): void {
  if (isRoot) execFileSync('chattr', ['+i', dir]);
  else fs.chmodSync(dir, 0o555);
}

export function unlockWrites(dir: string): void {
  if (isRoot) execFileSync('chattr', ['-i', dir]);
  else fs.chmodSync(dir, 0o755);
}

/** Temp directories created by a test, removed (unlocked first) after each test. */
export function useTempDirs() {
  const created: string[] = [];
  const locked = new Set<string>();
  afterEach(() => {
    for (const dir of locked) {
      try {
        unlockWrites(dir);
      } catch {
        // already unlocked or gone
      }
    }
    locked.clear();
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** A fresh, empty, writable directory under os.tmpdir(). */
    make(prefix = 'stowage-store-'): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      created.push(dir);
      return dir;
    },
    lock(dir: string): void {
      lockWrites(dir);
      locked.add(dir);
    },
    unlock(dir: string): void {
      unlockWrites(dir);
      locked.delete(dir);
    },
  };
}

/* Errors as the UI sees them -------------------------------------------------------------------------- */

export interface FormattedError {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null };
}

/**
 * Awaits a call that must fail. `createCaller` throws the TRPCError unformatted, so the router's own
 * errorFormatter is applied here (exactly what the HTTP adapter does) to get what a client receives.
 */
export async function rejection(
  call: Promise<unknown>,
  procedurePath: string,
): Promise<{ error: TRPCError; shape: FormattedError }> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`${procedurePath} was expected to fail but succeeded`);
  expect(caught).toBeInstanceOf(TRPCError);
  const error = caught as TRPCError;
  const shape = getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: 'unknown',
    path: procedurePath,
    input: undefined,
    ctx: undefined,
  }) as FormattedError;
  return { error, shape };
}

/* HTTP round trip ------------------------------------------------------------------------------------ */

export interface HttpResult {
  status: number;
  /** The raw response text, to look for things that must never be sent (stacks, paths of source files). */
  text: string;
  /** The parsed JSON body, still superjson-encoded. */
  body: unknown;
}

/** Calls a procedure through the fetch adapter, the way the web app's route handler does. */
export async function httpCall(
  ctx: ApiContext,
  type: 'query' | 'mutation',
  procedurePath: string,
  input?: unknown,
): Promise<HttpResult> {
  const url = new URL(`http://stowage.test/api/trpc/${procedurePath}`);
  const encoded = input === undefined ? undefined : JSON.stringify(superjson.serialize(input));
  let request: Request;
  if (type === 'query') {
    if (encoded) url.searchParams.set('input', encoded);
    request = new Request(url);
  } else {
    request = new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: encoded ?? '{}',
    });
  }
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContextInner(ctx),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as unknown };
}

/** The error shape of an HTTP error response, decoded with superjson. */
export function httpError(result: HttpResult): FormattedError {
  const body = result.body as { error?: Parameters<typeof superjson.deserialize>[0] };
  expect(body.error).toBeDefined();
  return superjson.deserialize(body.error!) as FormattedError;
}

/** Every key path in `value` whose key is `key` (e.g. "stack"), at any depth. */
export function findKeys(value: unknown, key: string, at = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === key) found.push(`${at}.${k}`);
    found.push(...findKeys(v, key, `${at}.${k}`));
  }
  return found;
}

/* Domain shortcuts ----------------------------------------------------------------------------------- */

export async function createZone(caller: Caller, name: string) {
  return caller.zone.create({ name });
}

export async function registerNfs(
  caller: Caller,
  options: {
    name: string;
    zoneId: string | null;
    path: string;
    capacityBytes?: number | null;
    role?: 'record' | 'staging';
  },
) {
  return caller.store.register({
    name: options.name,
    provider: 'nfs',
    role: options.role ?? 'record',
    zoneId: options.zoneId,
    capacityBytes: options.capacityBytes ?? null,
    config: { path: options.path },
  });
}

/** A data object and one replica of it on `storeId`, written straight to the database. */
export async function createReplica(
  db: Db,
  options: { storeId: string; state: string; name?: string; bytesTotal?: bigint },
) {
  const name = options.name ?? `object-${randomBytes(4).toString('hex')}`;
  const object = await db.dataObject.create({
    data: {
      name,
      nameKey: nameKey(name),
      kind: 'template',
      format: 'qcow2',
      originType: 'url',
      originUrl: 'https://example.test/image.qcow2',
      sizeBytes: options.bytesTotal ?? 1024n,
    },
  });
  const replica = await db.replica.create({
    data: {
      objectId: object.id,
      storeId: options.storeId,
      state: options.state,
      location: `objects/${object.id}`,
      bytesTotal: options.bytesTotal ?? 1024n,
      bytesDone: options.bytesTotal ?? 1024n,
    },
  });
  return { object, replica };
}
