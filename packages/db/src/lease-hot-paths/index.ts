import { databaseKind, type Db } from '../client';
import * as postgres from './postgres';
import * as sqlite from './sqlite';
import type { LeaseReadyEntryInput, ReadyEntryLease, ReleaseLeaseRowInput, ReleaseOutcome, RenewLeaseRowInput, RenewOutcome } from './types';

export type {
  LeaseReadyEntryInput,
  LeaseRefusal,
  LeaseToken,
  ReadyEntryLease,
  ReleaseLeaseRowInput,
  ReleaseOutcome,
  RenewLeaseRowInput,
  RenewOutcome,
  ZoneGuard,
} from './types';

/*
 * The staging cache's hot paths — a hit, a renewal, a release — as plain SQL per database (Prisma's per-query
 * cost would be most of their time). Each keeps the invariant its Prisma counterpart keeps: a lease is taken
 * only on an entry that is ready when the lease is written, so an eviction (ready → destroying, only with no
 * live lease and no pin) can never pass it. The rules of what a hit is and who may change a lease stay with the
 * services that call these.
 */

const implementation = (db: Db) => (databaseKind(db) === 'sqlite' ? sqlite : postgres);

/**
 * A lease on the zone's ready staging entry for the object, the access recorded (lastAccessAt) and, with a
 * `hitMinute`, counted as a hit. Null when there is no ready entry to lease that simply (no entry, not ready, a
 * backup zone, an unknown or deleted object…).
 */
export function leaseReadyEntry(db: Db, input: LeaseReadyEntryInput): Promise<ReadyEntryLease | null> {
  return implementation(db).leaseReadyEntry(db, input);
}

/** Extends a live lease to `expiresAt`; an ended one is left as it is and its end is told. */
export function renewLeaseRow(db: Db, input: RenewLeaseRowInput): Promise<RenewOutcome> {
  return implementation(db).renewLeaseRow(db, input);
}

/**
 * Ends a lease: `released`, or `expired` when it ran out before `now`. A deleted object waits for its last
 * lease before its copies go, so its reconciliation is asked for again in the same statement.
 */
export function releaseLeaseRow(db: Db, input: ReleaseLeaseRowInput): Promise<ReleaseOutcome> {
  return implementation(db).releaseLeaseRow(db, input);
}
