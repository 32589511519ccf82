/* The Cache page's entries: keyset pages in each sort and order visit every entry once, each filter, eviction
 * ranks equal to the place in the janitor's order (never used first, then least recently used), and bad input
 * refused with the field named. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nameKey } from '@stowage/core';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { listCacheEntries, type CacheEntryView, type ListCacheEntriesInput } from '../../src/cache/list-cache-entries';
import { storeRow, zoneRow } from '../support/rows';

let db: Db;
let dispose: () => Promise<void>;
beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());

const NOW = new Date('2026-12-01T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const STATES = ['ready', 'ready', 'ready', 'copying', 'failed', 'allocated', 'destroying'];

let zoneId: string;
let storeId: string;
let replicaIds: string[];

beforeEach(async () => {
  await db.lease.deleteMany();
  await db.replica.deleteMany();
  await db.dataObject.deleteMany();
  await db.store.deleteMany();
  await db.zone.deleteMany();
  const zone = await zoneRow(db, 'staging');
  zoneId = zone.id;
  storeId = (await storeRow(db, { role: 'staging', zoneId })).id;
  replicaIds = [];
  for (let index = 0; index < 23; index += 1) {
    const name = index % 5 === 0 ? `Ubuntu-${index}` : `debian-${index}`;
    const object = await db.dataObject.create({ data: { name, nameKey: nameKey(name), kind: 'template', format: 'qcow2', originType: 'url', sizeBytes: 1000n } });
    const replica = await db.replica.create({
      data: {
        objectId: object.id,
        storeId,
        state: STATES[index % STATES.length]!,
        location: `o/${index}`,
        // Some never used, some used at the same minute (ties broken by id), sizes with ties and unknowns.
        lastAccessAt: index % 6 === 0 ? null : minutesAgo(index % 4),
        bytesTotal: index % 9 === 0 ? null : BigInt(100 * (index % 5)),
        pinned: index % 7 === 1,
      },
    });
    replicaIds.push(replica.id);
    if (index % 4 === 2) await db.lease.create({ data: { replicaId: replica.id, holder: `hv-${index}`, expiresAt: new Date(NOW.getTime() + 60_000) } });
    if (index % 4 === 3) await db.lease.create({ data: { replicaId: replica.id, holder: `gone-${index}`, expiresAt: minutesAgo(1) } });
  }
  // A destroyed replica is no entry any more.
  const gone = await db.dataObject.create({ data: { name: 'gone', nameKey: 'gone', kind: 'iso', format: 'iso', originType: 'url' } });
  await db.replica.create({ data: { objectId: gone.id, storeId, state: 'destroyed', location: 'o/gone' } });
});

const list = (input: Omit<ListCacheEntriesInput, 'zoneId'> = {}) => listCacheEntries({ db }, { zoneId, ...input }, { now: NOW });

async function everyPage(input: Omit<ListCacheEntriesInput, 'zoneId'>): Promise<CacheEntryView[]> {
  const seen: CacheEntryView[] = [];
  let page = await list({ ...input, limit: 4 });
  seen.push(...page.entries);
  while (page.nextCursor) {
    page = await list({ ...input, limit: 4, cursor: page.nextCursor });
    seen.push(...page.entries);
  }
  return seen;
}

const accessKey = (entry: CacheEntryView) => (entry.lastAccessAt === null ? -Infinity : entry.lastAccessAt.getTime());

describe('listCacheEntries', () => {
  it('pages visit every entry once, in each sort and order, and back again', async () => {
    const live = replicaIds.length;
    for (const sort of ['lastAccess', 'size'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen = await everyPage({ sort, order });
        expect(seen.map((entry) => entry.replicaId).sort(), `${sort} ${order}`).toEqual([...replicaIds].sort());
        expect(seen).toHaveLength(live);
        // An unknown size shows as 0 and sorts first ascending (last descending), so sizes never go the wrong way.
        const key = sort === 'lastAccess' ? accessKey : (entry: CacheEntryView) => entry.sizeBytes;
        for (let index = 1; index < seen.length; index += 1) {
          const [a, b] = [seen[index - 1]!, seen[index]!];
          expect(order === 'asc' ? key(a) <= key(b) : key(a) >= key(b), `${sort} ${order} at ${index}`).toBe(true);
        }
      }
    }
    // Forward three pages, then back: the second page again, then the first.
    const first = await list({ limit: 5 });
    const second = await list({ limit: 5, cursor: first.nextCursor! });
    const third = await list({ limit: 5, cursor: second.nextCursor! });
    expect((await list({ limit: 5, cursor: third.prevCursor!, direction: 'prev' })).entries).toEqual(second.entries);
    const back = await list({ limit: 5, cursor: second.prevCursor!, direction: 'prev' });
    expect(back.entries).toEqual(first.entries);
    expect(back.prevCursor).toBeUndefined();
  });

  it('filters by state, pinned, leased (a live lease only) and part of the name in any case', async () => {
    const all = await everyPage({});
    expect((await everyPage({ state: 'ready' })).map((entry) => entry.replicaId)).toEqual(all.filter((entry) => entry.state === 'ready').map((entry) => entry.replicaId));
    expect((await everyPage({ pinned: true })).every((entry) => entry.pinned)).toBe(true);
    expect((await everyPage({ pinned: true })).length).toBe(all.filter((entry) => entry.pinned).length);
    const leased = await everyPage({ leased: true });
    expect(leased.length).toBe(6);
    expect(leased.every((entry) => entry.leases.length === 1 && entry.leases[0]!.holder.startsWith('hv-'))).toBe(true);
    expect((await everyPage({ leased: false })).length).toBe(all.length - 6);
    const ubuntu = await everyPage({ name: 'UBUNTU' });
    expect(ubuntu.map((entry) => entry.objectName).sort()).toEqual(all.filter((entry) => entry.objectName.startsWith('Ubuntu')).map((entry) => entry.objectName).sort());
    expect(await everyPage({ state: 'ready', pinned: false, leased: false, name: 'nothing-like-this' })).toEqual([]);
  });

  it('ranks the evictable entries in the janitor\'s order, on any page and in any sort', async () => {
    const all = await everyPage({});
    const evictableOrder = all.filter((entry) => entry.state === 'ready' && !entry.pinned && entry.leases.length === 0);
    expect(evictableOrder.length).toBeGreaterThan(2);
    evictableOrder.forEach((entry, index) => expect(entry.evictionRank, entry.objectName).toBe(index + 1));
    for (const entry of all) if (!evictableOrder.includes(entry)) expect(entry.evictionRank).toBeNull();
    const bySize = await everyPage({ sort: 'size', order: 'desc' });
    const rankOf = new Map(all.map((entry) => [entry.replicaId, entry.evictionRank]));
    for (const entry of bySize) expect(entry.evictionRank).toBe(rankOf.get(entry.replicaId));
  });

  it('an empty page for a zone without a staging store; an unknown zone is not found', async () => {
    const other = await zoneRow(db, 'staging');
    expect(await listCacheEntries({ db }, { zoneId: other.id })).toEqual({ entries: [] });
    await expect(listCacheEntries({ db }, { zoneId: 'no-such-zone' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses bad input, naming the field', async () => {
    const field = async (input: unknown) => {
      const error = await listCacheEntries({ db }, input as ListCacheEntriesInput).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, JSON.stringify(input)).not.toBeNull();
      return error;
    };
    for (const input of [{ zoneId, limit: 0 }, { zoneId, limit: 201 }, { zoneId, sort: 'name' }, { zoneId, state: 'destroyed' }, { zoneId, name: 'n'.repeat(256) }, { zoneId, offset: 5 }, {}, { zoneId: '../x' }]) {
      await field(input);
    }
    await expect(list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { cursor: ['Not a valid cursor'] } });
    const bySize = await list({ sort: 'size', limit: 2 });
    await expect(list({ cursor: bySize.nextCursor! })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
