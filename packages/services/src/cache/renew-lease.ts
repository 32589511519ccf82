import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { ttlSeconds } from './acquire-lease';
import { endLease, extendLease } from './lease-statements';

export const renewInput = z.object({ leaseId: entityId, ttlSeconds: ttlSeconds.default(3600) });
export const releaseInput = z.object({ leaseId: entityId });

/** Extends a live lease. An ended one (released, or expired because it was not renewed in time) is refused. */
export async function renewLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof renewInput>, now?: Date) {
  const { leaseId, ttlSeconds } = renewInput.parse(input);
  const change = await extendLease(ctx.db, { leaseId, ttlSeconds, now });
  if (change.outcome === 'missing') throw errors.notFound('Lease', leaseId);
  if (change.outcome === 'ended') throw errors.precondition(`Lease ${leaseId} has ended (${change.endReason ?? 'expired'}); acquire again.`);
  return { leaseId, expiresAt: change.expiresAt };
}

/** Ends a lease. Releasing one that already ended changes nothing and says how it ended. */
export async function releaseLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof releaseInput>, now?: Date) {
  const { leaseId } = releaseInput.parse(input);
  const change = await endLease(ctx.db, { leaseId, now });
  if (change.outcome === 'missing') throw errors.notFound('Lease', leaseId);
  if (change.outcome === 'ended') return { leaseId, released: false, endReason: change.endReason };
  return { leaseId, released: change.endReason === 'released', endReason: change.endReason };
}
