/* The Objects list: keyset pages in every sort, each filter (kind, name, a zone's state, no ready copy anywhere),
 * cursors refused when tampered, and the counts per zone from the counters. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nameKey } from '@stowage/core';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import type { ServiceContext } from '../../src/context';
import { listObjects, type ListObjectsInput } from '../../src/objects/list-objects';
import { createSecretBox } from '../../src/secrets';
import { storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
let ctx: ServiceContext;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  ctx = { db, secrets: createSecretBox(Buffer.alloc(32, 3)), actor: 'admin' };
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.replica.deleteMany();
  await db.placementZone.deleteMany();
  await db.dataObject.deleteMany();
  await db.store.deleteMany();
  await db.zone.deleteMany();
});

const T0 = Date.parse('2026-11-01T00:00:00.000Z');

async function object(index: number, fields: { name?: string; kind?: string; sizeBytes?: bigint | null; placement?: string; originZoneId?: string; chosen?: string[] } = {}) {
  const name = fields.name ?? `object-${String(index).padStart(3, '0')}`;
  return db.dataObject.create({
    data: {
      name,
      nameKey: nameKey(name),
      kind: fields.kind ?? 'template',
      format: 'qcow2',
      sizeBytes: fields.sizeBytes === undefined ? BigInt(1000 + ((index * 7919) % 500)) : fields.sizeBytes,
      sha256: 'a'.repeat(64),
      originType: 'url',
      originUrl: 'https://images.example.com/a.qcow2',
      originZoneId: fields.originZoneId ?? null,
      placement: fields.placement ?? 'all_zones',
      // Several objects share a time, so the id breaks ties.
      createdAt: new Date(T0 + Math.floor(index / 3) * 60_000),
      ...(fields.chosen ? { placements: { create: fields.chosen.map((zoneId) => ({ zoneId })) } } : {}),
    },
  });
}

async function everyPage(input: ListObjectsInput) {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await listObjects(ctx, { ...input, ...(cursor ? { cursor } : {}) });
    names.push(...page.objects.map((row) => row.name));
    if (!page.nextCursor) return names;
    cursor = page.nextCursor;
  }
  throw new Error('more than 100 pages');
}

describe('listObjects', () => {
  it('walks every sort in both orders in keyset pages with no duplicate and no gap, and pages back', async () => {
    for (let index = 0; index < 37; index++) await object(index, { sizeBytes: index % 5 === 0 ? null : undefined });
    const all = await db.dataObject.findMany({ select: { name: true, nameKey: true, createdAt: true, sizeBytes: true, id: true } });
    const byKey = <T>(key: (row: (typeof all)[number]) => T, order: 'asc' | 'desc') =>
      [...all]
        .sort((a, b) => {
          const [x, y] = [key(a), key(b)];
          const nullsFirst = (v: T) => (v === null ? 0 : 1);
          const c = x === y ? (a.id < b.id ? -1 : 1) : x === null || y === null ? nullsFirst(x) - nullsFirst(y) : (x as number) < (y as number) ? -1 : 1;
          return order === 'asc' ? c : -c;
        })
        .map((row) => row.name);
    for (const order of ['asc', 'desc'] as const) {
      expect(await everyPage({ sort: 'created', order, limit: 5 })).toEqual(byKey((row) => row.createdAt.getTime(), order));
      expect(await everyPage({ sort: 'name', order, limit: 4 })).toEqual(byKey((row) => row.nameKey, order));
      expect(await everyPage({ sort: 'size', order, limit: 6 })).toEqual(byKey((row) => row.sizeBytes, order));
    }

    const first = await listObjects(ctx, { sort: 'name', order: 'asc', limit: 10 });
    expect(first.prevCursor).toBeUndefined();
    const second = await listObjects(ctx, { sort: 'name', order: 'asc', limit: 10, cursor: first.nextCursor! });
    const back = await listObjects(ctx, { sort: 'name', order: 'asc', limit: 10, cursor: second.prevCursor!, direction: 'prev' });
    expect(back.objects.map((row) => row.name)).toEqual(first.objects.map((row) => row.name));
  });

  it('keeps its place when objects are added before the cursor', async () => {
    for (let index = 0; index < 12; index++) await object(index);
    const first = await listObjects(ctx, { sort: 'name', order: 'asc', limit: 5 });
    await object(100, { name: 'aaa-new-first' });
    const rest = await everyPage({ sort: 'name', order: 'asc', limit: 5, cursor: first.nextCursor! } as ListObjectsInput);
    expect([...first.objects.map((row) => row.name), ...rest]).toEqual(Array.from({ length: 12 }, (_, index) => `object-${String(index).padStart(3, '0')}`));
  });

  it('filters by kind and by a part of the name in any case', async () => {
    await object(1, { name: 'Ubuntu-24.04-server', kind: 'template' });
    await object(2, { name: 'ubuntu-24.04-live', kind: 'iso' });
    await object(3, { name: 'debian-12', kind: 'template' });
    expect((await listObjects(ctx, { kind: 'template', sort: 'name', order: 'asc' })).objects.map((row) => row.name)).toEqual(['debian-12', 'Ubuntu-24.04-server']);
    expect((await listObjects(ctx, { name: 'UBUNTU', sort: 'name', order: 'asc' })).objects.map((row) => row.name)).toEqual(['ubuntu-24.04-live', 'Ubuntu-24.04-server']);
    expect((await listObjects(ctx, { name: 'ubuntu', kind: 'iso' })).objects.map((row) => row.name)).toEqual(['ubuntu-24.04-live']);
  });

  it("filters by a zone's state: ready, copying, failed, and missing where the placement wants a copy", async () => {
    const east = await zoneRow(db);
    const west = await zoneRow(db);
    const eastStore = await storeRow(db, { role: 'record', zoneId: east.id });
    const westStore = await storeRow(db, { role: 'record', zoneId: west.id });
    const replica = (objectId: string, storeId: string, state: string) => db.replica.create({ data: { objectId, storeId, state, location: `o/${objectId}` } });
    const ready = await object(1, { name: 'ready-east' });
    await replica(ready.id, eastStore.id, 'ready');
    const copying = await object(2, { name: 'copying-east' });
    await replica(copying.id, eastStore.id, 'copying');
    const allocated = await object(3, { name: 'allocated-east' });
    await replica(allocated.id, eastStore.id, 'allocated');
    const failed = await object(4, { name: 'failed-east' });
    await replica(failed.id, eastStore.id, 'failed');
    await replica(failed.id, westStore.id, 'ready');
    await object(5, { name: 'missing-everywhere' });
    await object(6, { name: 'west-only', placement: 'chosen_zones', chosen: [west.id] });
    await object(7, { name: 'origin-east', placement: 'origin_only', originZoneId: east.id });
    const destroyed = await object(8, { name: 'destroyed-east' });
    await replica(destroyed.id, eastStore.id, 'destroyed');

    // Each filter read both ways: from the replicas in the state (few, as counted) and by walking every object.
    const names = async (input: ListObjectsInput) => {
      const read = async (readByReplicasUpTo: number) => (await listObjects(ctx, { sort: 'name', order: 'asc', ...input }, { readByReplicasUpTo })).objects.map((row) => row.name);
      const [fromReplicas, walked] = [await read(5000), await read(0)];
      expect(fromReplicas).toEqual(walked);
      return fromReplicas;
    };
    expect(await names({ zoneId: east.id, state: 'ready' })).toEqual(['ready-east']);
    expect(await names({ zoneId: east.id, state: 'copying' })).toEqual(['allocated-east', 'copying-east']);
    const first = await listObjects(ctx, { zoneId: east.id, state: 'copying', sort: 'name', order: 'asc', limit: 1 });
    expect(first.objects.map((row) => row.name)).toEqual(['allocated-east']);
    const second = await listObjects(ctx, { zoneId: east.id, state: 'copying', sort: 'name', order: 'asc', limit: 1, cursor: first.nextCursor });
    expect([second.objects.map((row) => row.name), second.nextCursor]).toEqual([['copying-east'], undefined]);
    expect(await names({ zoneId: east.id, state: 'failed' })).toEqual(['failed-east']);
    expect(await names({ zoneId: west.id, state: 'ready' })).toEqual(['failed-east']);
    // West-only is not wanted in east; a destroyed copy is no copy.
    expect(await names({ zoneId: east.id, state: 'missing' })).toEqual(['destroyed-east', 'missing-everywhere', 'origin-east']);
    expect(await names({ zoneId: west.id, state: 'missing' })).toEqual(['allocated-east', 'copying-east', 'destroyed-east', 'missing-everywhere', 'ready-east', 'west-only']);
    // No ready copy in any zone.
    expect(await names({ notInSyncAnywhere: true })).toEqual(['allocated-east', 'copying-east', 'destroyed-east', 'missing-everywhere', 'origin-east', 'west-only']);
    expect(await names({ notInSyncAnywhere: true, kind: 'iso' })).toEqual([]);

    const page = await listObjects(ctx, {});
    expect(page.zoneCounts[east.id]).toMatchObject({ ready: 1, copying: 1, allocated: 1, failed: 1, destroyed: 1 });
    expect(page.zoneCounts[west.id]).toMatchObject({ ready: 1, failed: 0 });
  });

  it('refuses a tampered cursor, a cursor of another sort, bad limits, a state without its zone, and an unknown zone', async () => {
    for (let index = 0; index < 3; index++) await object(index);
    const page = await listObjects(ctx, { limit: 1 });
    expect(page.nextCursor).toBeDefined();
    await expect(listObjects(ctx, { limit: 1, cursor: `x${page.nextCursor!.slice(1)}` })).rejects.toThrow(/not valid for this list/);
    await expect(listObjects(ctx, { limit: 1, cursor: 'bm90IGpzb24' })).rejects.toThrow(/not valid for this list/);
    await expect(listObjects(ctx, { limit: 1, sort: 'name', cursor: page.nextCursor! })).rejects.toThrow(/not valid for this list/);
    await expect(listObjects(ctx, { limit: 0 })).rejects.toThrow();
    await expect(listObjects(ctx, { limit: 201 })).rejects.toThrow();
    await expect(listObjects(ctx, { state: 'failed' })).rejects.toThrow(/Choose the zone/);
    await expect(listObjects(ctx, { zoneId: 'no-such-zone', state: 'failed' })).rejects.toThrow(/not found|No zone|Zone/);
  });
});
