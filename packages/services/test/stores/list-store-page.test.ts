/* The Stores list: keyset pages in both sorts and orders, paging back, each filter, and bad input refused
 * with a message that says what is wrong. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nameKey, StowageError } from '@stowage/core';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { listStorePage, type ListStorePageInput } from '../../src/stores/list-store-page';
import { replicaRow, objectRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.replica.deleteMany();
  await db.dataObject.deleteMany();
  await db.store.deleteMany();
  await db.zone.deleteMany();
});

const ctx = () => ({ db });
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

interface StoreFields {
  role?: 'record' | 'object' | 'staging';
  provider?: 'nfs' | 's3' | 'swift';
  zoneId?: string | null;
  adminState?: string;
  probe?: boolean | null;
}

async function store(index: number, name = `store-${String(index).padStart(3, '0')}`, fields: StoreFields = {}) {
  const probe = fields.probe === undefined ? true : fields.probe;
  return db.store.create({
    data: {
      name,
      nameKey: nameKey(name),
      provider: fields.provider ?? 'nfs',
      role: fields.role ?? 'record',
      zoneId: fields.zoneId ?? null,
      config: '{}',
      adminState: fields.adminState ?? 'active',
      ...(probe === null ? {} : { lastProbeOk: probe, lastProbeAt: new Date(T0) }),
      // Several stores share a time, so the id breaks ties.
      createdAt: new Date(T0 + Math.floor(index / 3) * 60_000),
    },
  });
}

async function everyPage(input: ListStorePageInput) {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listStorePage(ctx(), { ...input, ...(cursor ? { cursor } : {}) });
    names.push(...page.stores.map((row) => row.name));
    if (!page.nextCursor) return names;
    cursor = page.nextCursor;
  }
  throw new Error('more than 100 pages');
}

const names = async (input: ListStorePageInput) => (await listStorePage(ctx(), input)).stores.map((row) => row.name);

async function refusal(input: unknown): Promise<Error> {
  try {
    await listStorePage(ctx(), input as ListStorePageInput);
  } catch (error) {
    return error as Error;
  }
  throw new Error('listStorePage was expected to refuse the input');
}

describe('listStorePage', () => {
  it('walks both sorts in both orders in keyset pages, every store once, and pages back', async () => {
    // Mixed case, so the name sort reads the name key and not the name as typed.
    for (let index = 0; index < 23; index++) await store(index, index % 4 === 0 ? `Store-${String(index).padStart(3, '0')}` : undefined);
    const all = await db.store.findMany({ select: { name: true, nameKey: true, createdAt: true, id: true } });
    const sorted = <T extends string | number>(key: (row: (typeof all)[number]) => T, order: 'asc' | 'desc') =>
      [...all]
        .sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const c = x === y ? (a.id < b.id ? -1 : 1) : x < y ? -1 : 1;
          return order === 'asc' ? c : -c;
        })
        .map((row) => row.name);
    for (const order of ['asc', 'desc'] as const) {
      for (const limit of [1, 4, 7, 23, 200]) {
        expect(await everyPage({ sort: 'name', order, limit })).toEqual(sorted((row) => row.nameKey, order));
        expect(await everyPage({ sort: 'created', order, limit })).toEqual(sorted((row) => row.createdAt.getTime(), order));
      }
    }

    const first = await listStorePage(ctx(), { limit: 5 });
    expect(first.prevCursor).toBeUndefined();
    expect(first.nextCursor).toBeDefined();
    const second = await listStorePage(ctx(), { limit: 5, cursor: first.nextCursor! });
    expect(second.prevCursor).toBeDefined();
    expect(second.stores.map((row) => row.name)).toEqual(sorted((row) => row.nameKey, 'asc').slice(5, 10));
    const back = await listStorePage(ctx(), { limit: 5, cursor: second.prevCursor!, direction: 'prev' });
    expect(back.stores.map((row) => row.name)).toEqual(first.stores.map((row) => row.name));
    expect(back.prevCursor).toBeUndefined();

    const last = await listStorePage(ctx(), { limit: 5, cursor: (await listStorePage(ctx(), { limit: 20 })).nextCursor! });
    expect(last.stores).toHaveLength(3);
    expect(last.nextCursor).toBeUndefined();
    expect(last.prevCursor).toBeDefined();
  });

  it('filters by zone, role, provider, state and part of the name in any case, and combines them', async () => {
    const east = await zoneRow(db);
    const west = await zoneRow(db);
    await store(1, 'nfs-east-record', { zoneId: east.id });
    await store(2, 'NFS-east-staging', { zoneId: east.id, role: 'staging' });
    await store(3, 'nfs-west-record', { zoneId: west.id, adminState: 'read_only' });
    await store(4, 'swift-region', { role: 'object', provider: 'swift' });
    await store(5, 's3-region', { role: 'object', provider: 's3', probe: false });
    await store(6, 'nfs-new', { zoneId: west.id, probe: null });
    await store(7, 'nfs-fixing', { zoneId: west.id, adminState: 'maintenance', probe: false });
    await store(8, 'nfs-emptying', { zoneId: west.id, adminState: 'draining' });

    expect(await names({ zoneId: east.id })).toEqual(['nfs-east-record', 'NFS-east-staging']);
    expect(await names({ role: 'object' })).toEqual(['s3-region', 'swift-region']);
    expect(await names({ role: 'staging' })).toEqual(['NFS-east-staging']);
    expect(await names({ provider: 'swift' })).toEqual(['swift-region']);
    expect(await names({ name: '  EAST ' })).toEqual(['nfs-east-record', 'NFS-east-staging']);
    expect(await names({ name: 'nothing-like-it' })).toEqual([]);
    expect(await names({ zoneId: west.id, name: 'record' })).toEqual(['nfs-west-record']);
    expect(await names({ role: 'object', provider: 'nfs' })).toEqual([]);

    expect(await names({ state: 'up' })).toEqual(['nfs-east-record', 'NFS-east-staging', 'swift-region']);
    expect(await names({ state: 'read_only' })).toEqual(['nfs-west-record']);
    expect(await names({ state: 'draining' })).toEqual(['nfs-emptying']);
    expect(await names({ state: 'down' })).toEqual(['s3-region']);
    expect(await names({ state: 'unknown' })).toEqual(['nfs-new']);
    expect(await names({ state: 'maintenance' })).toEqual(['nfs-fixing']);
    // The filter and the badge agree on every store.
    const page = await listStorePage(ctx(), {});
    for (const view of page.stores) expect(await names({ state: view.state, name: view.name })).toContain(view.name);
  });

  it("counts each store's live replicas", async () => {
    const holder = await store(1, 'holder');
    await store(2, 'empty');
    const object = await objectRow(db);
    await replicaRow(db, object.id, holder.id, 'ready');
    await replicaRow(db, (await objectRow(db)).id, holder.id, 'destroyed');
    const page = await listStorePage(ctx(), {});
    expect(page.stores.map((row) => [row.name, row.replicaCount])).toEqual([
      ['empty', 0],
      ['holder', 1],
    ]);
  });

  it('refuses bad limits, unknown keys, a long name, unknown values and bad cursors, saying what is wrong', async () => {
    for (let index = 0; index < 3; index++) await store(index);
    const page = await listStorePage(ctx(), { limit: 1 });

    expect((await refusal({ limit: 0 })).message).toMatch(/>=1|at least 1|too small/i);
    expect((await refusal({ limit: 201 })).message).toMatch(/<=200|at most 200|too big/i);
    expect((await refusal({ colour: 'blue' })).message).toMatch(/Unrecognized key.*colour/);
    expect((await refusal({ name: 'n'.repeat(256) })).message).toMatch(/A name filter is at most 255 characters/);
    expect((await refusal({ role: 'archive' })).message).toMatch(/role/);
    expect((await refusal({ provider: 'ftp' })).message).toMatch(/provider/);
    expect((await refusal({ zoneId: '../etc' })).message).toMatch(/Invalid id/);
    expect(await names({ name: `  ${'n'.repeat(255)}  ` })).toEqual([]);

    for (const cursor of [`x${page.nextCursor!.slice(1)}`, 'bm90IGpzb24', page.nextCursor!.slice(0, -3)]) {
      const error = await refusal({ limit: 1, cursor });
      expect(error).toBeInstanceOf(StowageError);
      expect(error.message).toBe('This page link is not valid for this list: start again from the first page of stores.');
      expect((error as StowageError).fieldErrors).toEqual({ cursor: ['Not a valid cursor'] });
    }
    // A cursor of the name sort is not one of the created sort.
    expect((await refusal({ limit: 1, sort: 'created', cursor: page.nextCursor! })).message).toMatch(/not valid for this list/);
  });
});
