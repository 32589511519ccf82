import { countOf } from '@stowage/core';
import type { Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { enqueueJob } from '../jobs/enqueue-job';
import { recordEvent } from '../events/record-event';
import { markForReconcile } from '../replicas/mark-for-reconcile';
import { pruneAccessHistory } from '../planner/prune-access-history';
import { chooseVictims, evictEntry } from './evict-entry';
import { liveLease } from './lease-rules';
import { grantReservations } from './grant-reservations';
import { stagingSpace } from './staging-space';

export interface JanitorResult {
  leasesExpired: number;
  agedOut: number;
  evictedForPressure: number;
  granted: number;
  timedOut: number;
  failedCleared: number;
  deletesRetried: number;
  /** Access-history rows past their retention (days, then the row cap). */
  accessesPruned: number;
}

/**
 * One janitor pass (one worker at a time, under the `janitor` lock): ends leases whose holders stopped
 * renewing (invariant 4), ages out entries idle past their store's TTL, evicts from the high watermark down
 * to the low one, least recently used first, and serves the reservation queues. Last, the access history's
 * retention (pruneAccessHistory), in batches outside the cache's transactions.
 */
export async function runJanitor(ctx: Pick<ServiceContext, 'db' | 'actor'>, options: { now?: Date } = {}): Promise<JanitorResult> {
  const expiredBy = options.now ?? new Date();
  const result: JanitorResult = { leasesExpired: 0, agedOut: 0, evictedForPressure: 0, granted: 0, timedOut: 0, failedCleared: 0, deletesRetried: 0, accessesPruned: 0 };

  const expired = await ctx.db.lease.updateMany({
    where: { releasedAt: null, expiresAt: { lte: expiredBy } },
    data: { releasedAt: expiredBy, endReason: 'expired' },
  });
  result.leasesExpired = expired.count;
  if (expired.count > 0) {
    await markForReconcile(ctx.db, { deletedAt: { not: null }, replicas: { some: { leases: { some: { releasedAt: expiredBy, endReason: 'expired' } } } } });
    await recordEvent(ctx.db, {
      actor: ctx.actor,
      type: 'cache.leases_expired',
      severity: 'warning',
      message: `${countOf(expired.count, 'lease')} expired: their holders stopped renewing`,
    });
  }

  const stores = await ctx.db.store.findMany({ where: { role: 'staging', adminState: { not: 'maintenance' } } });
  for (const store of stores) {
    await ctx.db.$transaction(async (tx) => {
      // Read in the transaction: it may have waited for the write lock.
      const now = options.now ?? new Date();
      const idleSince = new Date(now.getTime() - store.idleTtlSeconds * 1000);
      for (const victim of await chooseVictims(tx, { storeId: store.id, bytesNeeded: Number.POSITIVE_INFINITY, now, olderThan: idleSince })) {
        if (await evictEntry(tx, { replicaId: victim.id, storeId: store.id, reason: 'ttl', actor: ctx.actor, now })) result.agedOut += 1;
      }
      const space = await stagingSpace(tx, store, now);
      const high = (space.capacityBytes * store.highWatermarkPct) / 100;
      const low = (space.capacityBytes * store.lowWatermarkPct) / 100;
      const occupied = space.usedBytes + space.heldBytes - space.beingFreedBytes;
      if (space.capacityBytes > 0 && occupied > high) {
        for (const victim of await chooseVictims(tx, { storeId: store.id, bytesNeeded: occupied - low, now })) {
          if (await evictEntry(tx, { replicaId: victim.id, storeId: store.id, reason: 'pressure', actor: ctx.actor, now })) result.evictedForPressure += 1;
        }
      }
      result.failedCleared += await clearFailedEntries(tx, store.id, now);
      result.deletesRetried += await retryStuckDeletes(tx, store.id, now);
      const served = await grantReservations(tx, store, { now, actor: ctx.actor });
      result.granted += served.granted;
      result.timedOut += served.timedOut;
    });
  }
  result.accessesPruned = await pruneAccessHistory(ctx.db, { now: options.now });
  return result;
}

/** Entries whose copy failed hold nothing useful: they go (through a delete job, for any partial bytes). */
async function clearFailedEntries(tx: Prisma.TransactionClient, storeId: string, now: Date): Promise<number> {
  const failed = await tx.replica.findMany({
    // One that failed verification may still be read by a holder of an older lease: it waits for its leases.
    where: { storeId, state: 'failed', reservations: { none: { state: { in: ['waiting', 'held'] } } }, leases: { none: liveLease(now) } },
    select: { id: true, objectId: true },
  });
  let cleared = 0;
  for (const entry of failed) {
    // A failed copy left nothing at the entry's key (puts are whole-or-nothing) and its reservation was returned
    // when it failed: as `destroying` it must not count its object's size as used again (invariant 3).
    const changed = await tx.replica.updateMany({ where: { id: entry.id, state: 'failed' }, data: { state: 'destroying', bytesTotal: 0 } });
    if (changed.count !== 1) continue;
    await enqueueJob(tx, { kind: 'delete', objectId: entry.objectId, replicaId: entry.id, targetStoreId: storeId });
    cleared += 1;
  }
  return cleared;
}

/** How long an entry whose delete failed for good waits before the janitor tries deleting it again. */
export const STUCK_DELETE_RETRY_MS = 10 * 60 * 1000;

/**
 * An entry whose delete job failed for good (the store refused, say) stays `destroying` and keeps counting as
 * used: its bytes may still be there. It is tried again, a while after the last attempt ended, rather than left
 * holding space forever.
 */
async function retryStuckDeletes(tx: Prisma.TransactionClient, storeId: string, now: Date): Promise<number> {
  const stuck = await tx.replica.findMany({
    where: {
      storeId,
      state: 'destroying',
      jobs: {
        none: { kind: 'delete', OR: [{ state: { in: ['queued', 'running'] } }, { finishedAt: { gt: new Date(now.getTime() - STUCK_DELETE_RETRY_MS) } }] },
      },
    },
    select: { id: true, objectId: true },
  });
  for (const entry of stuck) await enqueueJob(tx, { kind: 'delete', objectId: entry.objectId, replicaId: entry.id, targetStoreId: storeId });
  return stuck.length;
}
