/** A job as its claim returns it: what a handler needs, with the attempt this claim is (the fence). */
export interface ClaimedJobRow {
  id: string;
  kind: string;
  objectId: string | null;
  replicaId: string | null;
  sourceStoreId: string | null;
  targetStoreId: string | null;
  payload: string;
  attempts: number;
  maxAttempts: number;
}

export interface ClaimJobRowsOptions {
  workerId: string;
  /** At most this many jobs. */
  max: number;
  now: Date;
  leaseMs: number;
  /** Only jobs of these kinds; null: any kind. */
  kinds: string[] | null;
  /** Jobs touching any of these stores are left alone (down, in maintenance, at their transfer limit…). */
  avoidStoreIds: string[];
  /**
   * Names of the zones whose stores the worker reaches; null: all. A job is claimable only if every store it
   * touches is reachable: a store without a zone (an object store) from everywhere, a zone's store only when
   * its zone's name is listed.
   */
  reachableZones: string[] | null;
}

/** Two claims of one job whose [claimedAt, endedAt) intervals overlap (an open claim runs to infinity). */
export interface OverlappingClaims {
  jobId: string;
  first: { claimId: string; workerId: string; attempt: number; claimedAt: Date; endedAt: Date | null };
  second: { claimId: string; workerId: string; attempt: number; claimedAt: Date; endedAt: Date | null };
}
