/*
 * Cache hits racing evictions of the same entries, many at once: on PostgreSQL the hit is one READ COMMITTED
 * statement and the eviction a serializable transaction, so only row locking keeps invariant 2 — a lease is
 * taken only on a ready entry and an entry with a live lease is never evicted. Every round puts the entries back
 * to ready with no lease, then fires hits and evictions at them at nearly the same time; afterwards no live lease may
 * point at an entry that left ready (the leases of a round are never released, so one that an eviction passed
 * would still be live on a destroying entry).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { seededRandom } from '@stowage/test-support/seeded';
import { tryAcquire } from '../../src/cache/acquire-lease';
import { evictEntry } from '../../src/cache/evict-entry';
import { seedCacheWorld, serviceContext, type CacheWorld } from './support/cache-world';

const ENTRIES = 6;
const ROUNDS = 30;
const HITS_PER_ENTRY = 3;
const EVICTIONS_PER_ENTRY = 2;
const MiB = 1024 * 1024;

let db: Db;
let dispose: () => Promise<void>;
let world: CacheWorld;
let replicaIds: string[];

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  world = await seedCacheWorld(db, { capacityBytes: 1024 * MiB, sizes: Array.from({ length: ENTRIES }, () => MiB) });
  replicaIds = [];
  for (const objectId of world.objectIds) {
    const replica = await db.replica.create({
      data: { objectId, storeId: world.stagingStoreId, state: 'ready', location: `objects/${objectId}`, bytesTotal: BigInt(MiB), bytesDone: BigInt(MiB), readyAt: new Date(), lastAccessAt: new Date() },
    });
    replicaIds.push(replica.id);
  }
});
afterAll(async () => dispose?.());

describe('cache hits racing evictions of the same entries', () => {
  it('never leave a live lease on an entry that is being evicted, and both sides win some races', async () => {
    const ctx = serviceContext(db, 'race');
    const random = seededRandom(20261202);
    let hits = 0;
    let evictions = 0;
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const now = new Date();
      await db.lease.updateMany({ where: { releasedAt: null }, data: { releasedAt: now, endReason: 'released' } });
      await db.replica.updateMany({ where: { id: { in: replicaIds } }, data: { state: 'ready' } });
      const calls: ((() => Promise<void>) & { hit?: boolean })[] = [];
      for (const [index, replicaId] of replicaIds.entries()) {
        for (let hit = 0; hit < HITS_PER_ENTRY; hit += 1) {
          calls.push(Object.assign(async () => {
            const outcome = await tryAcquire(ctx, { objectId: world.objectIds[index]!, zoneId: world.zoneId, holder: `host-${hit}`, ttlSeconds: 600 });
            if (outcome.status === 'leased') hits += 1;
          }, { hit: true }));
        }
        for (let eviction = 0; eviction < EVICTIONS_PER_ENTRY; eviction += 1) {
          calls.push(async () => {
            const evicted = await db.$transaction((tx) =>
              evictEntry(tx, { replicaId, storeId: world.stagingStoreId, reason: 'manual', actor: 'race', now: new Date() }),
            );
            if (evicted) evictions += 1;
          });
        }
      }
      // An eviction is a transaction of several round trips, a hit one statement: the hits start a little later
      // (0–15 ms, seeded) so that each side wins some of the races.
      await Promise.all(calls.map(async (call) => (await sleep(call.hit ? Math.floor(random() * 15) : 0), call())));
      const passed = await db.lease.findMany({
        where: { releasedAt: null, expiresAt: { gt: new Date() }, replica: { state: { not: 'ready' } } },
        select: { id: true, acquiredAt: true, replica: { select: { id: true, state: true } } },
      });
      for (const lease of passed) problems.push(`round ${round}: lease ${lease.id} (${lease.acquiredAt.toISOString()}) is live on ${lease.replica.state} entry ${lease.replica.id}`);
    }
    console.log(`race: ${hits} hits, ${evictions} evictions`);
    expect(problems).toEqual([]);
    expect(hits).toBeGreaterThan(0);
    expect(evictions).toBeGreaterThan(0);
  });
});
