import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import { leaseReadyEntry, type LeaseToken, type Prisma } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordAccess, type CacheAccessRecord } from '../planner/record-access';
import { countCache } from './cache-stats';
import { grantReservations } from './grant-reservations';
import { describeLease, type LeaseGrant } from './lease-grant';
import { liveLease, MAX_TTL_SECONDS, MIN_TTL_SECONDS } from './lease-rules';
import type { StagingStore } from './staging-space';

export type { LeaseGrant, LeaseToken };

export const holderName = z.string().trim().min(1, 'Name the holder').max(200, 'A holder is at most 200 characters');
export const ttlSeconds = z.number().int().min(MIN_TTL_SECONDS).max(MAX_TTL_SECONDS);

export const acquireInput = z.object({
  objectId: entityId,
  zoneId: entityId,
  holder: holderName,
  ttlSeconds: ttlSeconds.default(3600),
});
export type AcquireInput = z.input<typeof acquireInput>;

export type AcquireOutcome =
  | { status: 'leased'; lease: LeaseGrant; hit: boolean }
  | { status: 'pending'; replicaId: string; reason: 'copying' | 'waiting_for_space' | 'being_evicted' }
  | { status: 'failed'; replicaId: string; error: string };

/**
 * One attempt at acquire (non-blocking). A ready entry: a lease, and the access is recorded. In a staging
 * zone, a miss reserves space and queues one copy — however many callers miss at once, the (object, store)
 * replica row is unique, so the copy is made once — and answers `pending`; callers wait with `awaitLease`. A miss
 * that can never be staged (larger than the store, no copy on the object store) answers `failed` at once.
 * In a backup zone the zone's record copy is leased (and cannot be deleted while leased).
 * Each acquire counts once, on its first attempt (`countAccess`; the later attempts of a caller that waits
 * do not): a hit, a miss that started the copy, or a miss that joined a copy already in flight.
 * The same first attempts go to the access history (recordAccess, after the commit, in every zone mode: the
 * capacity planner's input); a refused acquire is not an access.
 * `token`: the agent token the lease is taken with, recorded on the lease beside its holder.
 */
export async function tryAcquire(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  input: AcquireInput,
  options: { now?: Date; countAccess?: boolean; token?: LeaseToken | null } = {},
): Promise<AcquireOutcome> {
  const { objectId, zoneId, holder, ttlSeconds: ttl } = acquireInput.parse(input);
  const countAccess = options.countAccess ?? true;
  const token = options.token ?? null;
  const hit = await leaseReadyEntry(ctx.db, { objectId, zoneId, holder, token, ttlSeconds: ttl, now: options.now, countHit: countAccess });
  if (hit) {
    const lease = describeLease({ ...hit, holder, objectId, zoneId });
    if (countAccess) recordAccess(ctx.db, { at: options.now ?? new Date(), zoneId, storeId: hit.store.id, objectId, sizeBytes: hit.sizeBytes ?? 0n, hit: true });
    return { status: 'leased', hit: countAccess, lease };
  }
  // Set by the attempt that commits (a retried transaction runs the callback again), written after the commit.
  let access = null as CacheAccessRecord | null;
  const outcome = await ctx.db.$transaction(async (tx): Promise<AcquireOutcome> => {
    access = null;
    // Read in the transaction: it may have waited for the write lock, and the lease runs from now.
    const now = options.now ?? new Date();
    const object = await tx.dataObject.findUnique({ where: { id: objectId }, select: { id: true, name: true, sha256: true, sizeBytes: true, deletedAt: true } });
    if (!object || object.deletedAt) throw errors.notFound('Object', objectId);
    if (!object.sha256) throw errors.precondition(`${object.name} is still being ingested.`);
    const zone = await tx.zone.findUnique({ where: { id: zoneId }, select: { id: true, name: true, mode: true } });
    if (!zone) throw errors.notFound('Zone', zoneId);
    const accessed = (storeId: string, hit: boolean) => {
      if (countAccess) access = { at: now, zoneId, storeId, objectId, sizeBytes: object.sizeBytes ?? 0n, hit };
    };

    if (zone.mode === 'backup') {
      const record = await tx.replica.findFirst({
        where: { objectId, state: 'ready', store: { role: 'record', zoneId } },
        include: { store: true },
      });
      if (!record) throw errors.precondition(`${object.name} has no ready copy in zone ${zone.name} yet.`);
      accessed(record.storeId, true);
      return { status: 'leased', hit: true, lease: await grantLease(tx, { replica: record, store: record.store, holder, token, ttl, now, object, zoneId }) };
    }

    const store = await tx.store.findFirst({
      where: { role: 'staging', zoneId, adminState: 'active' },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    if (!store) throw errors.precondition(`Zone ${zone.name} has no active staging store.`);
    const replica = await tx.replica.findUnique({ where: { objectId_storeId: { objectId, storeId: store.id } } });

    if (replica?.state === 'ready') {
      const touched = await tx.replica.updateMany({ where: { id: replica.id, state: 'ready' }, data: { lastAccessAt: now } });
      if (touched.count === 1) {
        if (countAccess) await countCache(tx, store.id, 'hits', 1, now);
        accessed(store.id, true);
        return { status: 'leased', hit: countAccess, lease: await grantLease(tx, { replica, store, holder, token, ttl, now, object, zoneId }) };
      }
    }
    if (replica && (replica.state === 'allocated' || replica.state === 'copying' || replica.state === 'destroying')) {
      if (countAccess) await countCache(tx, store.id, 'joined', 1, now);
      accessed(store.id, false);
      if (replica.state === 'destroying') return { status: 'pending', replicaId: replica.id, reason: 'being_evicted' };
      const waiting = await tx.reservation.count({ where: { replicaId: replica.id, state: 'waiting' } });
      return { status: 'pending', replicaId: replica.id, reason: waiting > 0 ? 'waiting_for_space' : 'copying' };
    }

    const source = await tx.replica.count({ where: { objectId, state: 'ready', store: { role: 'object' } } });
    if (source === 0) throw errors.precondition(`${object.name} has no ready copy on the object store to stage from yet.`);
    const bytes = object.sizeBytes ?? 0n;
    const entry = replica
      ? await tx.replica.update({
          where: { id: replica.id },
          data: { state: 'allocated', bytesDone: 0, bytesTotal: bytes, verifiedSha256: null, error: null, readyAt: null },
        })
      : await tx.replica.create({ data: { objectId, storeId: store.id, state: 'allocated', location: `objects/${objectId}`, bytesTotal: bytes } });
    await tx.reservation.create({
      data: { storeId: store.id, replicaId: entry.id, bytes, state: 'waiting', deadlineAt: new Date(now.getTime() + store.reservationTimeoutSeconds * 1000) },
    });
    if (countAccess) await countCache(tx, store.id, 'misses', 1, now);
    accessed(store.id, false);
    await grantReservations(tx, store, { now, actor: ctx.actor });
    const served = await tx.replica.findUniqueOrThrow({
      where: { id: entry.id },
      select: { state: true, error: true, reservations: { where: { state: 'held' }, select: { id: true } } },
    });
    // Refused at once (larger than the store can ever hold, nothing to stage from): no use waiting.
    if (served.state === 'failed') return { status: 'failed', replicaId: entry.id, error: served.error ?? 'Staging failed' };
    return { status: 'pending', replicaId: entry.id, reason: served.reservations.length > 0 ? 'copying' : 'waiting_for_space' };
  });
  if (access) recordAccess(ctx.db, access);
  return outcome;
}

async function grantLease(
  tx: Prisma.TransactionClient,
  options: {
    replica: { id: string; location: string };
    store: StagingStore;
    holder: string;
    token: LeaseToken | null;
    ttl: number;
    now: Date;
    object: { id: string; sizeBytes: bigint | null; sha256: string | null };
    zoneId: string;
  },
): Promise<LeaseGrant> {
  const { replica, store, holder, ttl, now, object } = options;
  const lease = await tx.lease.create({
    data: { replicaId: replica.id, holder, tokenId: options.token?.id ?? null, tokenName: options.token?.name ?? null, acquiredAt: now, renewedAt: now, expiresAt: new Date(now.getTime() + ttl * 1000) },
    select: { id: true, expiresAt: true },
  });
  return describeLease({
    leaseId: lease.id,
    expiresAt: lease.expiresAt,
    holder,
    objectId: object.id,
    zoneId: options.zoneId,
    store,
    replicaLocation: replica.location,
    sizeBytes: object.sizeBytes,
    sha256: object.sha256,
  });
}

export { liveLease };
