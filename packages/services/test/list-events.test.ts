import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '@stowage/db/testing';
import type { Db } from '@stowage/db';
import { listEvents, type ListEventsInput } from '../src/events/list-events';
import { EVENT_FACET_LIMIT, listEventFacets } from '../src/events/list-event-facets';
import { objectRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
});
afterAll(async () => dispose());
beforeEach(async () => {
  await db.event.deleteMany();
});

const T0 = new Date('2026-01-10T12:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

interface Row {
  id: string;
  at?: Date;
  actor?: string;
  type?: string;
  outcome?: string;
  zoneId?: string;
  storeId?: string;
  objectId?: string;
}

async function events(...rows: Row[]) {
  await db.event.createMany({
    data: rows.map((row) => ({
      id: row.id,
      at: row.at ?? T0,
      actor: row.actor ?? 'admin',
      type: row.type ?? 'zone.created',
      outcome: row.outcome ?? 'success',
      message: `event ${row.id}`,
      zoneId: row.zoneId ?? null,
      storeId: row.storeId ?? null,
      objectId: row.objectId ?? null,
    })),
  });
}

const ids = async (input: ListEventsInput) => (await listEvents({ db }, input)).events.map((item) => item.id);

describe('listEvents filters', () => {
  it('lists newest first, ties broken by id', async () => {
    await events({ id: 'a', at: minutes(1) }, { id: 'b', at: minutes(3) }, { id: 'c', at: minutes(3) }, { id: 'd', at: minutes(2) });
    expect(await ids({})).toEqual(['c', 'b', 'd', 'a']);
  });

  it('by actor, exactly', async () => {
    await events({ id: 'a', actor: 'alice' }, { id: 'b', actor: 'bob' }, { id: 'c', actor: 'alice2' });
    expect(await ids({ actor: 'alice' })).toEqual(['a']);
  });

  it('by type: exact, a prefix ending in "." or ".*", or several', async () => {
    await events(
      { id: 'a', type: 'auth.sign_in' },
      { id: 'b', type: 'auth.locked_out' },
      { id: 'c', type: 'access.denied' },
      { id: 'd', type: 'token.created' },
      { id: 'e', type: 'authx.other' },
      { id: 'f', type: 'zone.created' },
    );
    expect(await ids({ type: 'auth.sign_in' })).toEqual(['a']);
    expect((await ids({ type: 'auth.' })).sort()).toEqual(['a', 'b']);
    expect((await ids({ type: 'auth.*' })).sort()).toEqual(['a', 'b']);
    expect((await ids({ type: ['auth.', 'access.denied', 'token.'] })).sort()).toEqual(['a', 'b', 'c', 'd']);
    // A type is not a prefix unless it says so.
    expect(await ids({ type: 'auth' })).toEqual([]);
  });

  it('by type prefix, taking "_" literally (no LIKE wildcard)', async () => {
    await events({ id: 'a', type: 'cache_x.evicted' }, { id: 'b', type: 'cacheXx.evicted' }, { id: 'c', type: 'cache_x' });
    expect(await ids({ type: 'cache_x.' })).toEqual(['a']);
  });

  it('refuses a type pattern with a wildcard elsewhere', () => {
    return expect(listEvents({ db }, { type: 'a*th.' })).rejects.toThrow();
  });

  it('by outcome, one or several', async () => {
    await events({ id: 'a', outcome: 'success' }, { id: 'b', outcome: 'failure' }, { id: 'c', outcome: 'denied' });
    expect(await ids({ outcome: 'denied' })).toEqual(['c']);
    expect((await ids({ outcome: ['failure', 'denied'] })).sort()).toEqual(['b', 'c']);
  });

  it('by zone, store and object, with their names for display', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    const object = await objectRow(db);
    await events({ id: 'z', zoneId: zone.id }, { id: 's', storeId: store.id, zoneId: zone.id }, { id: 'o', objectId: object.id, storeId: store.id }, { id: 'n' });
    expect((await ids({ zoneId: zone.id })).sort()).toEqual(['s', 'z']);
    expect((await ids({ storeId: store.id })).sort()).toEqual(['o', 's']);
    expect(await ids({ objectId: object.id })).toEqual(['o']);
    expect(await ids({ zoneId: zone.id, storeId: store.id })).toEqual(['s']);

    const { events: found } = await listEvents({ db }, { objectId: object.id });
    expect(found[0]).toMatchObject({ objectName: object.name, storeName: store.name, zoneName: null, objectId: object.id });
  });

  it('by time: from is inclusive, to exclusive', async () => {
    await events({ id: 'a', at: minutes(0) }, { id: 'b', at: minutes(10) }, { id: 'c', at: minutes(20) }, { id: 'd', at: minutes(30) });
    expect(await ids({ from: minutes(10) })).toEqual(['d', 'c', 'b']);
    expect(await ids({ to: minutes(20) })).toEqual(['b', 'a']);
    expect(await ids({ from: minutes(10), to: minutes(30) })).toEqual(['c', 'b']);
    // Moments as strings too (clients that send JSON).
    expect(await ids({ from: minutes(10).toISOString(), to: minutes(30).toISOString() } as unknown as ListEventsInput)).toEqual(['c', 'b']);
  });

  it('refuses a time range that ends before it starts, at the end field', async () => {
    await expect(listEvents({ db }, { from: minutes(10), to: minutes(5) })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['to'] })] });
  });

  it('combines filters', async () => {
    await events(
      { id: 'a', actor: 'eve', type: 'auth.sign_in', outcome: 'failure', at: minutes(1) },
      { id: 'b', actor: 'eve', type: 'auth.sign_in', outcome: 'success', at: minutes(2) },
      { id: 'c', actor: 'bob', type: 'auth.sign_in', outcome: 'failure', at: minutes(3) },
      { id: 'd', actor: 'eve', type: 'auth.locked_out', outcome: 'denied', at: minutes(4) },
    );
    expect(await ids({ actor: 'eve', type: 'auth.', outcome: ['failure', 'denied'] })).toEqual(['d', 'a']);
  });
});

describe('listEvents keyset pagination', () => {
  /** 7 events, five of them at the very same moment. */
  async function seed() {
    await events(
      { id: 'e1', at: minutes(1) },
      { id: 'e2', at: minutes(2) },
      { id: 'e3', at: minutes(2) },
      { id: 'e4', at: minutes(2) },
      { id: 'e5', at: minutes(2) },
      { id: 'e6', at: minutes(2) },
      { id: 'e7', at: minutes(3) },
    );
  }

  it('walks older pages across equal timestamps without repeating or skipping, then back to newer ones', async () => {
    await seed();
    const first = await listEvents({ db }, { limit: 3 });
    expect(first.events.map((item) => item.id)).toEqual(['e7', 'e6', 'e5']);
    expect(first.prevCursor).toBeUndefined();
    const second = await listEvents({ db }, { limit: 3, cursor: first.nextCursor });
    expect(second.events.map((item) => item.id)).toEqual(['e4', 'e3', 'e2']);
    const third = await listEvents({ db }, { limit: 3, cursor: second.nextCursor });
    expect(third.events.map((item) => item.id)).toEqual(['e1']);
    expect(third.nextCursor).toBeUndefined();

    const backToSecond = await listEvents({ db }, { limit: 3, cursor: third.prevCursor, direction: 'prev' });
    expect(backToSecond.events.map((item) => item.id)).toEqual(['e4', 'e3', 'e2']);
    expect(backToSecond.nextCursor).toBe(second.nextCursor);
    const backToFirst = await listEvents({ db }, { limit: 3, cursor: backToSecond.prevCursor, direction: 'prev' });
    expect(backToFirst.events.map((item) => item.id)).toEqual(['e7', 'e6', 'e5']);
    expect(backToFirst.prevCursor).toBeUndefined();
  });

  it('a page ending exactly at the last event has no next cursor', async () => {
    await seed();
    const first = await listEvents({ db }, { limit: 7 });
    expect(first.events).toHaveLength(7);
    expect(first.nextCursor).toBeUndefined();
  });

  it('newer than a cursor near the top is the whole newest page', async () => {
    await seed();
    const first = await listEvents({ db }, { limit: 3 });
    const second = await listEvents({ db }, { limit: 3, cursor: first.nextCursor });
    // Only e5…e7 are newer than e4 (not more than a page): the newest page comes back whole.
    const newer = await listEvents({ db }, { limit: 3, cursor: second.prevCursor, direction: 'prev' });
    expect(newer.events.map((item) => item.id)).toEqual(['e7', 'e6', 'e5']);
  });

  it('events recorded after the first page neither shift nor repeat the next one', async () => {
    await seed();
    const first = await listEvents({ db }, { limit: 3 });
    await events({ id: 'e8', at: minutes(4) }, { id: 'e0', at: minutes(2) });
    const second = await listEvents({ db }, { limit: 3, cursor: first.nextCursor });
    expect(second.events.map((item) => item.id)).toEqual(['e4', 'e3', 'e2']);
  });

  it('pages a filtered list', async () => {
    await events(
      ...Array.from({ length: 6 }, (_, index) => ({ id: `d${index}`, at: T0, outcome: index % 2 ? 'denied' : 'success' })),
    );
    const first = await listEvents({ db }, { limit: 2, outcome: 'denied' });
    expect(first.events.map((item) => item.id)).toEqual(['d5', 'd3']);
    const second = await listEvents({ db }, { limit: 2, outcome: 'denied', cursor: first.nextCursor });
    expect(second.events.map((item) => item.id)).toEqual(['d1']);
  });

  it('oldest first pages the other way across equal timestamps, and back', async () => {
    await seed();
    const first = await listEvents({ db }, { limit: 3, order: 'asc' });
    expect(first.events.map((item) => item.id)).toEqual(['e1', 'e2', 'e3']);
    expect(first.prevCursor).toBeUndefined();
    const second = await listEvents({ db }, { limit: 3, order: 'asc', cursor: first.nextCursor });
    expect(second.events.map((item) => item.id)).toEqual(['e4', 'e5', 'e6']);
    const third = await listEvents({ db }, { limit: 3, order: 'asc', cursor: second.nextCursor });
    expect(third.events.map((item) => item.id)).toEqual(['e7']);
    expect(third.nextCursor).toBeUndefined();
    const back = await listEvents({ db }, { limit: 3, order: 'asc', cursor: third.prevCursor, direction: 'prev' });
    expect(back.events.map((item) => item.id)).toEqual(['e4', 'e5', 'e6']);
    const backToFirst = await listEvents({ db }, { limit: 3, order: 'asc', cursor: back.prevCursor, direction: 'prev' });
    expect(backToFirst.events.map((item) => item.id)).toEqual(['e1', 'e2', 'e3']);
    expect(backToFirst.prevCursor).toBeUndefined();
  });

  it('a forged cursor, or one of another list, is a field error that says to start again', async () => {
    await seed();
    await expect(listEvents({ db }, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { cursor: ['Not a valid cursor'] } });
    const forged = Buffer.from(JSON.stringify(['at', 'd', 120_000, 'bad id!'])).toString('base64url');
    await expect(listEvents({ db }, { cursor: forged })).rejects.toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { cursor: ['Not a valid cursor'] } });
    const ofAnotherList = Buffer.from(JSON.stringify(['name', 's', 'zone-a', 'e1'])).toString('base64url');
    await expect(listEvents({ db }, { cursor: ofAnotherList })).rejects.toThrow(/start again from the first page of events/);
  });

  it('refuses a sort it does not have', async () => {
    await expect(listEvents({ db }, { sort: 'actor' } as unknown as ListEventsInput)).rejects.toThrow();
  });
});

describe('listEventFacets', () => {
  it('lists the distinct actors and types, alphabetically', async () => {
    await events({ id: 'a', actor: 'zed', type: 'auth.sign_in' }, { id: 'b', actor: 'ada', type: 'auth.sign_in' }, { id: 'c', actor: 'zed', type: 'access.denied' });
    expect(await listEventFacets({ db })).toEqual({ actors: ['ada', 'zed'], types: ['access.denied', 'auth.sign_in'], truncated: false });
  });

  it('stops at the limit and says so when there are more distinct actors', async () => {
    const actors = Array.from({ length: EVENT_FACET_LIMIT + 3 }, (_, index) => `actor-${String(index).padStart(4, '0')}`);
    await events(...actors.flatMap((actor, index) => [{ id: `m${index}`, actor }, { id: `n${index}`, actor }]));
    const facets = await listEventFacets({ db });
    expect(facets.actors).toEqual(actors.slice(0, EVENT_FACET_LIMIT));
    expect(facets.types).toEqual(['zone.created']);
    expect(facets.truncated).toBe(true);
  });
});
