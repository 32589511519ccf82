/** The agent token a lease is taken with, recorded beside its holder. */
export interface LeaseToken {
  id: string;
  name: string;
}

/** Who may change a lease, by the zone it is in (a token's zone scope); absent: anyone (an operator by hand). */
export type ZoneGuard = (zoneId: string | null) => boolean;

export interface LeaseReadyEntryInput {
  objectId: string;
  zoneId: string;
  holder: string;
  token: LeaseToken | null;
  ttlSeconds: number;
  /** When the lease starts (default: when the write is made). */
  now?: Date;
  /** Count the hit (CacheStat.hits of the minute of `now`). */
  countHit: boolean;
}

/** The lease taken on a zone's ready staging entry, and what the caller needs to describe it. */
export interface ReadyEntryLease {
  leaseId: string;
  expiresAt: Date;
  sha256: string;
  sizeBytes: bigint | null;
  store: { id: string; provider: string; config: string };
  replicaLocation: string;
}

/** Why a lease could not be changed: there is no such lease, it is in a zone the caller may not touch, or it had already ended. */
export type LeaseRefusal = { outcome: 'missing' } | { outcome: 'forbidden'; zoneId: string | null } | { outcome: 'ended'; endReason: string | null };

export interface RenewLeaseRowInput {
  leaseId: string;
  ttlSeconds: number;
  now?: Date;
  mayUseZone?: ZoneGuard;
}

export interface ReleaseLeaseRowInput {
  leaseId: string;
  now?: Date;
  mayUseZone?: ZoneGuard;
}

export type RenewOutcome = { outcome: 'renewed'; expiresAt: Date } | LeaseRefusal;
export type ReleaseOutcome = { outcome: 'ended_now'; endReason: 'released' | 'expired' } | LeaseRefusal;

/** How a lease that was not changed had ended, from its row (absent: missing; not released: it lapsed). */
export function howItEnded(lease: { releasedAt: unknown; endReason: string | null } | undefined | null): LeaseRefusal {
  if (!lease) return { outcome: 'missing' };
  return { outcome: 'ended', endReason: lease.releasedAt ? lease.endReason : 'expired' };
}

/** Null when the caller may change a lease in `zone` (undefined: no such lease). */
export function guardRefusal(zone: { zoneId: string | null } | undefined, mayUseZone: ZoneGuard): LeaseRefusal | null {
  if (!zone) return { outcome: 'missing' };
  return mayUseZone(zone.zoneId) ? null : { outcome: 'forbidden', zoneId: zone.zoneId };
}

export const minuteOf = (time: Date) => new Date(Math.floor(time.getTime() / 60_000) * 60_000);
export const secondsAfter = (time: Date, seconds: number) => new Date(time.getTime() + seconds * 1000);
