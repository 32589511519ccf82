import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { markForReconcile } from '../replicas/mark-for-reconcile';
import { ttlSeconds } from './acquire-lease';

export const renewInput = z.object({ leaseId: entityId, ttlSeconds: ttlSeconds.default(3600) });
export const releaseInput = z.object({ leaseId: entityId });

/** Extends a live lease. An ended one (released, or expired because it was not renewed in time) is refused. */
export async function renewLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof renewInput>, now = new Date()) {
  const { leaseId, ttlSeconds: ttl } = renewInput.parse(input);
  const renewed = await ctx.db.lease.updateMany({
    where: { id: leaseId, releasedAt: null, expiresAt: { gt: now } },
    data: { renewedAt: now, expiresAt: new Date(now.getTime() + ttl * 1000) },
  });
  const lease = await ctx.db.lease.findUnique({ where: { id: leaseId }, select: { id: true, expiresAt: true, releasedAt: true, endReason: true } });
  if (!lease) throw errors.notFound('Lease', leaseId);
  if (renewed.count !== 1) {
    throw errors.precondition(`Lease ${leaseId} has ended (${lease.endReason ?? 'expired'}); acquire again.`);
  }
  return { leaseId, expiresAt: lease.expiresAt };
}

/** Ends a lease. Releasing one that already ended changes nothing and says how it ended. */
export async function releaseLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof releaseInput>, now = new Date()) {
  const { leaseId } = releaseInput.parse(input);
  const lease = await ctx.db.lease.findUnique({ where: { id: leaseId }, select: { expiresAt: true, releasedAt: true, endReason: true } });
  if (!lease) throw errors.notFound('Lease', leaseId);
  if (lease.releasedAt) return { leaseId, released: false, endReason: lease.endReason };
  const endReason = lease.expiresAt <= now ? 'expired' : 'released';
  const ended = await ctx.db.lease.updateMany({ where: { id: leaseId, releasedAt: null }, data: { releasedAt: now, endReason } });
  // A deleted object waits for its last lease before its copies go: look at it again now.
  await markForReconcile(ctx.db, { deletedAt: { not: null }, replicas: { some: { leases: { some: { id: leaseId } } } } });
  return { leaseId, released: ended.count === 1 && endReason === 'released', endReason };
}
