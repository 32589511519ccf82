/*
 * What makes a job claimable, as SQL shared by both databases (each passes its own placeholders): runnable now
 * (queued past its backoff, or running with an expired lease and attempts left), not asked to cancel, of a kind
 * the worker runs, touching no store to avoid, and every store it touches reachable from the worker's zones.
 * Jobs asked to cancel and abandoned ones (no attempts left) are the caller's to settle, not to claim.
 */
export interface ClaimablePlaceholders {
  now: string;
  /** Null or the list of kinds. */
  kinds: { isNull: string; contains: (column: string) => string };
  avoid: { contains: (column: string) => string };
  zones: { isNull: string; contains: (column: string) => string };
}

/** A queued job past its backoff. */
export function dueWhere(p: Pick<ClaimablePlaceholders, 'now'>): string {
  return `(j."state" = 'queued' AND j."runAfter" <= ${p.now})`;
}

/** A running job whose owner stopped heartbeating, with attempts left. */
export function lapsedWhere(p: Pick<ClaimablePlaceholders, 'now'>): string {
  return `(j."state" = 'running' AND j."leaseExpiresAt" < ${p.now} AND j."attempts" < j."maxAttempts")`;
}

/** Everything but the state: not asked to cancel, of a kind the worker runs, its stores neither avoided nor out of reach. */
export function claimableFilters(p: ClaimablePlaceholders): string {
  return `j."cancelRequested" = false
    AND (${p.kinds.isNull} OR ${p.kinds.contains('j."kind"')})
    AND (j."sourceStoreId" IS NULL OR NOT ${p.avoid.contains('j."sourceStoreId"')})
    AND (j."targetStoreId" IS NULL OR NOT ${p.avoid.contains('j."targetStoreId"')})
    AND (${p.zones.isNull} OR NOT EXISTS (
      SELECT 1 FROM "Store" s JOIN "Zone" z ON z."id" = s."zoneId"
      WHERE s."id" IN (j."sourceStoreId", j."targetStoreId") AND NOT ${p.zones.contains('z."name"')}))`;
}
