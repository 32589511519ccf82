import type { Prisma } from '@stowage/db';

/** A lease is live while it is neither released nor past its expiry (invariant 4: every lease ends). */
export function liveLease(now: Date): Prisma.LeaseWhereInput {
  return { releasedAt: null, expiresAt: { gt: now } };
}

/** Entries the cache may evict: ready, unpinned, and with no live lease (invariant 2). */
export function evictable(storeId: string, now: Date): Prisma.ReplicaWhereInput {
  return { storeId, state: 'ready', pinned: false, leases: { none: liveLease(now) } };
}

export const MIN_TTL_SECONDS = 10;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;
