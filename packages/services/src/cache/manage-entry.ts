import { z } from 'zod';
import { countOf, entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { evictEntry } from './evict-entry';
import { liveLease } from './lease-rules';
import { type releaseInput, releaseLease } from './renew-lease';

export const pinEntryInput = z.object({ replicaId: entityId, pinned: z.boolean() });
export const evictEntryInput = z.object({ replicaId: entityId });

async function findEntry(ctx: Pick<ServiceContext, 'db'>, replicaId: string) {
  const entry = await ctx.db.replica.findUnique({
    where: { id: replicaId },
    select: { id: true, state: true, pinned: true, storeId: true, objectId: true, object: { select: { name: true } }, store: { select: { name: true, role: true, zoneId: true } } },
  });
  if (!entry || entry.store.role !== 'staging') throw errors.notFound('Cache entry', replicaId);
  return entry;
}

/** A pinned entry is never evicted, whatever its age or the pressure. */
export async function pinEntry(ctx: ServiceContext, input: z.input<typeof pinEntryInput>): Promise<{ pinned: boolean }> {
  const { replicaId, pinned } = pinEntryInput.parse(input);
  const entry = await findEntry(ctx, replicaId);
  if (entry.pinned === pinned) return { pinned };
  await ctx.db.replica.update({ where: { id: replicaId }, data: { pinned } });
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: pinned ? 'cache.pinned' : 'cache.unpinned',
    message: `${entry.object.name} ${pinned ? 'pinned in' : 'unpinned from'} ${entry.store.name}`,
    objectId: entry.objectId,
    storeId: entry.storeId,
    zoneId: entry.store.zoneId,
  });
  return { pinned };
}

/** Evicts an entry by hand; refused while it is leased, pinned, or not ready. */
export async function evictEntryByHand(ctx: ServiceContext, input: z.input<typeof evictEntryInput>): Promise<void> {
  const { replicaId } = evictEntryInput.parse(input);
  const entry = await findEntry(ctx, replicaId);
  const now = new Date();
  const leases = await ctx.db.lease.count({ where: { replicaId, ...liveLease(now) } });
  if (leases > 0) throw errors.precondition(`${entry.object.name} is in use by ${countOf(leases, 'lease')}; it cannot be evicted.`);
  if (entry.pinned) throw errors.precondition(`${entry.object.name} is pinned; unpin it first.`);
  if (entry.state !== 'ready') throw errors.precondition(`${entry.object.name} is ${entry.state}, not a ready entry.`);
  const evicted = await ctx.db.$transaction((tx) => evictEntry(tx, { replicaId, storeId: entry.storeId, reason: 'manual', actor: ctx.actor, now }));
  if (!evicted) throw errors.precondition(`${entry.object.name} changed meanwhile (leased, pinned or evicted); try again.`);
}

/** An admin ends a lease by hand (a host known to be gone); recorded with who did it. */
export async function endLeaseByHand(ctx: ServiceContext, input: z.input<typeof releaseInput>) {
  const result = await releaseLease(ctx, input);
  const lease = await ctx.db.lease.findUniqueOrThrow({
    where: { id: result.leaseId },
    select: { holder: true, replica: { select: { objectId: true, storeId: true, object: { select: { name: true } }, store: { select: { name: true, zoneId: true } } } } },
  });
  if (result.released) {
    await recordEvent(ctx.db, {
      actor: ctx.actor,
      type: 'cache.lease_ended',
      severity: 'warning',
      message: `Lease of ${lease.holder} on ${lease.replica.object.name} in ${lease.replica.store.name} ended by hand`,
      objectId: lease.replica.objectId,
      storeId: lease.replica.storeId,
      zoneId: lease.replica.store.zoneId,
    });
  }
  return result;
}

/** Zones with their mode and staging stores, for choosing which cache to look at. */
export async function listCacheZones(ctx: Pick<ServiceContext, 'db'>) {
  return ctx.db.zone.findMany({
    orderBy: { name: 'asc' },
    select: { id: true, name: true, mode: true, stores: { where: { role: 'staging' }, select: { id: true, name: true } } },
  });
}
