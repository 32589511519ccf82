import type { Prisma } from '@stowage/db';
import { recordEvent } from '../events/record-event';
import { enqueueJob } from '../jobs/enqueue-job';
import { failReplica } from '../replicas/fail-replica';
import { findCopySources } from '../replicas/find-copy-sources';
import { chooseVictims, evictEntry } from './evict-entry';
import { stagingSpace, type StagingStore } from './staging-space';

/**
 * Serves a staging store's reservation queue in FIFO order: a waiting reservation is held when it fits
 * (then its copy is queued); the first that does not fit stops the queue — nothing overtakes it — and
 * idle entries are evicted, least recently used first, for what is missing. A reservation past its deadline
 * ends with a clear error on its entry. Runs in the caller's transaction.
 */
export async function grantReservations(
  tx: Prisma.TransactionClient,
  store: StagingStore,
  options: { now: Date; actor: string },
): Promise<{ granted: number; timedOut: number }> {
  const { now, actor } = options;
  const waiting = await tx.reservation.findMany({
    where: { storeId: store.id, state: 'waiting' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  let granted = 0;
  let timedOut = 0;
  for (const reservation of waiting) {
    if (reservation.deadlineAt && reservation.deadlineAt <= now) {
      await tx.reservation.update({ where: { id: reservation.id }, data: { state: 'released', endedAt: now } });
      if (reservation.replicaId) {
        await failReplica(tx, {
          replicaId: reservation.replicaId,
          error: `No space on ${store.name} within ${store.reservationTimeoutSeconds} s: every entry is in use or pinned`,
          actor,
          from: ['allocated'],
        });
      }
      timedOut += 1;
      continue;
    }
    const space = await stagingSpace(tx, store, now);
    const bytes = Number(reservation.bytes);
    if (bytes > space.limitBytes) {
      await tx.reservation.update({ where: { id: reservation.id }, data: { state: 'released', endedAt: now } });
      if (reservation.replicaId) {
        await failReplica(tx, { replicaId: reservation.replicaId, error: `The object (${bytes} bytes) is larger than ${store.name} can hold`, actor, from: ['allocated'] });
      }
      continue;
    }
    if (bytes <= space.freeBytes) {
      await tx.reservation.update({ where: { id: reservation.id }, data: { state: 'held', heldAt: now } });
      if (reservation.replicaId) await queueStage(tx, reservation.replicaId, store, actor);
      granted += 1;
      continue;
    }
    const shortfall = bytes - space.freeBytes - space.beingFreedBytes;
    if (shortfall > 0) {
      for (const victim of await chooseVictims(tx, { storeId: store.id, bytesNeeded: shortfall, now })) {
        await evictEntry(tx, { replicaId: victim.id, storeId: store.id, reason: 'pressure', actor, now });
      }
    }
    break;
  }
  return { granted, timedOut };
}

/** grantReservations for a store known by id, when it is a staging store (space was just freed or added). */
export async function serveQueueOf(tx: Prisma.TransactionClient, storeId: string, options: { now?: Date; actor: string }): Promise<void> {
  const store = await tx.store.findUnique({ where: { id: storeId } });
  if (store?.role === 'staging') await grantReservations(tx, store, { now: options.now ?? new Date(), actor: options.actor });
}

async function queueStage(tx: Prisma.TransactionClient, replicaId: string, store: StagingStore, actor: string): Promise<void> {
  const replica = await tx.replica.findUniqueOrThrow({ where: { id: replicaId }, select: { objectId: true, bytesTotal: true, object: { select: { name: true } } } });
  const [source] = await findCopySources(tx, { objectId: replica.objectId, targetStoreId: store.id });
  if (!source) {
    await failReplica(tx, { replicaId, error: 'No ready copy on the object store to stage from', actor, from: ['allocated'] });
    return;
  }
  await enqueueJob(tx, { kind: 'stage', objectId: replica.objectId, replicaId, sourceStoreId: source.storeId, targetStoreId: store.id, bytesTotal: replica.bytesTotal });
  await recordEvent(tx, {
    actor,
    type: 'cache.staging',
    message: `${replica.object.name}: space reserved on ${store.name}, copying from the object store`,
    objectId: replica.objectId,
    storeId: store.id,
    zoneId: store.zoneId,
  });
}
