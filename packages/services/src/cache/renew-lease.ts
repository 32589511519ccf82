import { z } from 'zod';
import { entityId, errors } from '@stowage/core';
import type { ServiceContext } from '../context';
import { ttlSeconds } from './acquire-lease';
import { releaseLeaseRow, renewLeaseRow, type LeaseRefusal, type ZoneGuard } from '@stowage/db';

export const renewInput = z.object({ leaseId: entityId, ttlSeconds: ttlSeconds.default(3600) });
export const releaseInput = z.object({ leaseId: entityId });

export interface LeaseCallOptions {
  now?: Date;
  /** An agent token's zone scope: a lease in a zone it does not cover is refused (FORBIDDEN) and left as it is. */
  mayUseZone?: ZoneGuard;
}

function refuse(leaseId: string, refusal: Exclude<LeaseRefusal, { outcome: 'ended' }>): never {
  if (refusal.outcome === 'missing') throw errors.notFound('Lease', leaseId);
  throw errors.forbidden(`Lease ${leaseId} is in a zone this token does not cover.`);
}

/** Extends a live lease. An ended one (released, or expired because it was not renewed in time) is refused. */
export async function renewLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof renewInput>, options: LeaseCallOptions = {}) {
  const { leaseId, ttlSeconds } = renewInput.parse(input);
  const change = await renewLeaseRow(ctx.db, { leaseId, ttlSeconds, now: options.now, mayUseZone: options.mayUseZone });
  if (change.outcome === 'missing' || change.outcome === 'forbidden') refuse(leaseId, change);
  if (change.outcome === 'ended') throw errors.precondition(`Lease ${leaseId} has ended (${change.endReason ?? 'expired'}); acquire again.`);
  return { leaseId, expiresAt: change.expiresAt };
}

/** Ends a lease. Releasing one that already ended changes nothing and says how it ended. */
export async function releaseLease(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof releaseInput>, options: LeaseCallOptions = {}) {
  const { leaseId } = releaseInput.parse(input);
  const change = await releaseLeaseRow(ctx.db, { leaseId, now: options.now, mayUseZone: options.mayUseZone });
  if (change.outcome === 'missing' || change.outcome === 'forbidden') refuse(leaseId, change);
  if (change.outcome === 'ended') return { leaseId, released: false, endReason: change.endReason };
  return { leaseId, released: change.endReason === 'released', endReason: change.endReason };
}
