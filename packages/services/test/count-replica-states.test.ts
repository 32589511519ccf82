/* The per-state counters (ReplicaStateCount + pending ReplicaCountDelta rows, kept by triggers on Replica):
 * whatever happens to replicas — inserts, state changes, moves between stores, size changes, bulk updates,
 * deletes — and whenever the roll-up runs, the counts equal a GROUP BY over Replica. Also: writers and two
 * roll-ups at once on separate connections (no deadlock, exact counts), and a deleted store and zone. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_STATES, type ReplicaState } from '@stowage/core';
import { createDb, readReplicaCounts, rollUpReplicaCounts, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { countReplicaStates, emptyStateCounts, type StateCounts } from '../src/replicas/count-replica-states';
import { objectRow, storeRow, zoneRow } from './support/rows';

let db: Db;
let url: string;
let kind: 'sqlite' | 'postgres';
let dispose: () => Promise<void>;
let stores: { id: string; zoneId: string | null; role: string }[];
let objects: string[];

beforeAll(async () => {
  ({ db, url, kind, dispose } = await createTestDb());
  const east = await zoneRow(db);
  const west = await zoneRow(db);
  stores = [
    await storeRow(db, { role: 'record', zoneId: east.id }),
    await storeRow(db, { role: 'record', zoneId: east.id }),
    await storeRow(db, { role: 'record', zoneId: west.id }),
    await storeRow(db, { role: 'staging', zoneId: west.id }),
    await storeRow(db, { role: 'object' }),
  ];
  objects = [];
  for (let index = 0; index < 8; index += 1) objects.push((await objectRow(db)).id);
});
afterAll(async () => {
  await dispose();
});

/** The truth: a GROUP BY over Replica, as countReplicaStates shapes it. */
async function groupedFromReplicas(): Promise<{ byStore: Map<string, { counts: StateCounts; bytes: StateCounts }>; byZone: Map<string, StateCounts> }> {
  const groups = await db.replica.groupBy({ by: ['storeId', 'state'], _count: { _all: true }, _sum: { bytesTotal: true } });
  const all = await db.store.findMany({ select: { id: true, zoneId: true, role: true } });
  const byStore = new Map(all.map((store) => [store.id, { counts: emptyStateCounts(), bytes: emptyStateCounts() }]));
  const byZone = new Map((await db.zone.findMany({ select: { id: true } })).map((zone) => [zone.id, emptyStateCounts()]));
  for (const group of groups) {
    const state = group.state as ReplicaState;
    byStore.get(group.storeId)!.counts[state] += group._count._all;
    byStore.get(group.storeId)!.bytes[state] += Number(group._sum.bytesTotal ?? 0n);
    const store = all.find((candidate) => candidate.id === group.storeId)!;
    if (store.role === 'record' && store.zoneId) byZone.get(store.zoneId)![state] += group._count._all;
  }
  return { byStore, byZone };
}

async function expectCountsMatchReplicas(context: string) {
  const [counted, truth] = await Promise.all([countReplicaStates({ db }), groupedFromReplicas()]);
  expect(new Map(counted.byStore.map((store) => [store.storeId, { counts: store.counts, bytes: store.bytes }])), context).toEqual(truth.byStore);
  expect(new Map(counted.byZone.map((zone) => [zone.zoneId, zone.counts])), context).toEqual(truth.byZone);
}

const state = fc.constantFrom(...REPLICA_STATES);
const size = fc.option(fc.integer({ min: 0, max: 2 ** 40 }), { nil: null });
const command = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), object: fc.nat(7), store: fc.nat(4), state, size }),
  fc.record({ kind: fc.constant('setState' as const), pick: fc.nat(), state }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), store: fc.nat(4) }),
  fc.record({ kind: fc.constant('resize' as const), pick: fc.nat(), size }),
  fc.record({ kind: fc.constant('bulkState' as const), store: fc.nat(4), from: state, to: state }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rollUp' as const), batch: fc.integer({ min: 1, max: 5 }) }),
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

async function run(step: Command): Promise<void> {
  const replicas = await db.replica.findMany({ select: { id: true, objectId: true }, orderBy: { id: 'asc' } });
  const picked = 'pick' in step && replicas.length > 0 ? replicas[step.pick % replicas.length]! : null;
  switch (step.kind) {
    case 'insert': {
      const objectId = objects[step.object]!;
      const storeId = stores[step.store]!.id;
      if (await db.replica.findUnique({ where: { objectId_storeId: { objectId, storeId } } })) return;
      await db.replica.create({ data: { objectId, storeId, state: step.state, location: `objects/${objectId}`, bytesTotal: step.size === null ? null : BigInt(step.size) } });
      return;
    }
    case 'setState':
      if (picked) await db.replica.update({ where: { id: picked.id }, data: { state: step.state } });
      return;
    case 'move': {
      const storeId = stores[step.store]!.id;
      if (picked && !(await db.replica.findUnique({ where: { objectId_storeId: { objectId: picked.objectId, storeId } } }))) {
        await db.replica.update({ where: { id: picked.id }, data: { storeId } });
      }
      return;
    }
    case 'resize':
      if (picked) await db.replica.update({ where: { id: picked.id }, data: { bytesTotal: step.size === null ? null : BigInt(step.size) } });
      return;
    case 'bulkState':
      await db.replica.updateMany({ where: { storeId: stores[step.store]!.id, state: step.from }, data: { state: step.to } });
      return;
    case 'delete':
      if (picked) await db.replica.delete({ where: { id: picked.id } });
      return;
    case 'rollUp':
      // Small batches, a bounded number of them: some deltas stay pending for the reader to add.
      await rollUpReplicaCounts(db, { batch: step.batch, maxBatches: 2 });
      return;
  }
}

describe('replica counts per state', () => {
  it('equal a GROUP BY over Replica after any sequence of inserts, state changes, moves, resizes, bulk updates, deletes and roll-ups', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (steps) => {
        await db.replica.deleteMany();
        for (const [index, step] of steps.entries()) {
          await run(step);
          if (index % 5 === 4) await expectCountsMatchReplicas(`after ${index + 1} commands`);
        }
        await expectCountsMatchReplicas('at the end, deltas pending');
        await rollUpReplicaCounts(db);
        expect(await db.replicaCountDelta.count()).toBe(0);
        await expectCountsMatchReplicas('after a full roll-up');
      }),
      { numRuns: 20 },
    );
  });

  it('stay exact with 8 writers and two roll-ups at once on separate connections, without deadlock', async () => {
    await db.replica.deleteMany();
    await rollUpReplicaCounts(db);
    const record = stores.filter((store) => store.role === 'record');
    const created: { id: string }[] = [];
    for (const [index, objectId] of objects.entries()) {
      for (const store of record) {
        created.push(await db.replica.create({ data: { objectId, storeId: store.id, state: 'allocated', location: `o/${index}`, bytesTotal: BigInt(index + 1) } }));
      }
    }
    // On SQLite one connection: better-sqlite3 waits for the file lock synchronously, so two clients in one
    // process would stall each other; the one connection runs everyone's statements in turn, as the lock would.
    const clients = kind === 'postgres' ? Array.from({ length: 10 }, () => createDb({ url })) : Array.from({ length: 10 }, () => db);
    try {
      let writing = true;
      const writers = clients.slice(0, 8).map(async (client, writer) => {
        for (let round = 0; round < 40; round += 1) {
          const replica = created[(writer * 7 + round * 3) % created.length]!;
          await client.replica.update({ where: { id: replica.id }, data: { state: REPLICA_STATES[(writer + round) % REPLICA_STATES.length]! } });
        }
      });
      const rollUps = clients.slice(8).map(async (client) => {
        let folded = 0;
        while (writing) folded += (await rollUpReplicaCounts(client, { batch: 7 })).folded;
        return folded;
      });
      await Promise.all(writers);
      writing = false;
      const folded = await Promise.all(rollUps);
      expect(folded.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
      await expectCountsMatchReplicas('deltas pending after the race');
      await rollUpReplicaCounts(db);
      await expectCountsMatchReplicas('after the last roll-up');
      const counts = await readReplicaCounts(db);
      expect(counts.reduce((sum, row) => sum + row.count, 0)).toBe(created.length);
    } finally {
      if (kind === 'postgres') await Promise.all(clients.map((client) => client.$disconnect()));
    }
  });

  it('forget a store, and its zone, once they are deleted', async () => {
    const zone = await zoneRow(db);
    const store = await storeRow(db, { role: 'record', zoneId: zone.id });
    await db.replica.create({ data: { objectId: objects[0]!, storeId: store.id, state: 'ready', location: 'x', bytesTotal: 10n } });
    await db.replica.create({ data: { objectId: objects[1]!, storeId: store.id, state: 'failed', location: 'y' } });
    await rollUpReplicaCounts(db);
    await db.replica.create({ data: { objectId: objects[2]!, storeId: store.id, state: 'copying', location: 'z' } });
    const before = await countReplicaStates({ db });
    expect(before.byZone.find((entry) => entry.zoneId === zone.id)!.counts).toMatchObject({ ready: 1, failed: 1, copying: 1 });
    expect(before.byStore.find((entry) => entry.storeId === store.id)!.bytes.ready).toBe(10);

    await db.replica.deleteMany({ where: { storeId: store.id } });
    await db.store.delete({ where: { id: store.id } });
    await db.zone.delete({ where: { id: zone.id } });
    const after = await countReplicaStates({ db });
    expect(after.byStore.map((entry) => entry.storeId)).not.toContain(store.id);
    expect(after.byZone.map((entry) => entry.zoneId)).not.toContain(zone.id);
    expect(await db.replicaStateCount.count({ where: { storeId: store.id } })).toBe(0);
    expect(await db.replicaCountDelta.count({ where: { storeId: store.id } })).toBe(0);
    await expectCountsMatchReplicas('after the store was deleted');
  });
});
