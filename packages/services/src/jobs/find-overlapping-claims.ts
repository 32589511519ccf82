import { findOverlappingClaimRows, type Db, type OverlappingClaims } from '@stowage/db';

/**
 * The audit of "no job ever run by two workers at once": pairs of claims of one job whose intervals
 * [claimedAt, endedAt) overlap (a claim still open runs to now and beyond). Empty when the queue kept its rule.
 *
 * What this can and cannot check: a claim ends in the transaction that settles it, hands it back, or takes it
 * over, so the intervals are the database's own view of who owned the job, and they must never overlap. A
 * worker whose lease expired may still be running until its next heartbeat is refused (at most a heartbeat
 * interval past the takeover); the attempt fence makes sure it changes nothing then, so ownership — not the
 * process's lifetime — is what is audited. A takeover ends the previous claim at the takeover time, which is
 * at or after that claim's lease expiry: auditing [claimedAt, endedAt) is the stricter check of the two.
 */
export async function findOverlappingClaims(db: Db): Promise<OverlappingClaims[]> {
  return findOverlappingClaimRows(db);
}
