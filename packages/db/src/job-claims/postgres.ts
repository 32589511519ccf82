import type pg from 'pg';
import { claimableFilters, dueWhere, lapsedWhere, type ClaimablePlaceholders } from './claimable';
import type { ClaimedJobRow, ClaimJobRowsOptions } from './types';

const PLACEHOLDERS: ClaimablePlaceholders = {
  now: '$1::timestamp(3)',
  kinds: { isNull: '$4::text[] IS NULL', contains: (column) => `${column} = ANY($4::text[])` },
  avoid: { contains: (column) => `${column} = ANY($5::text[])` },
  zones: { isNull: '$6::text[] IS NULL', contains: (column) => `${column} = ANY($6::text[])` },
};

/*
 * One statement claims up to $max jobs: the rows are picked and locked with SKIP LOCKED, so concurrent
 * claimers never wait on or take the same rows; the same statement ends a taken-over claim as lost and logs
 * the new claims. A claim reusing an attempt number (after a hand-back, or a retry that reset the attempts)
 * replaces that attempt's ended log row.
 *
 * Queued and lapsed jobs are picked by two queries, each walking the ("state", "runAfter") index in order and
 * stopping at $max: one query with their OR would read and sort every due job on each claim (4 ms at 2,000
 * queued, growing with the queue). Up to $max of each are locked; the oldest $max of both are claimed, and the
 * locks of the rest end with the statement.
 */
const CLAIM = `
  WITH due AS (
    SELECT j."id", j."runAfter" FROM "Job" j
    WHERE ${dueWhere(PLACEHOLDERS)} AND ${claimableFilters(PLACEHOLDERS)}
    ORDER BY j."runAfter"
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ), lapsed AS (
    SELECT j."id", j."runAfter" FROM "Job" j
    WHERE ${lapsedWhere(PLACEHOLDERS)} AND ${claimableFilters(PLACEHOLDERS)}
    ORDER BY j."runAfter"
    LIMIT $3
    FOR UPDATE SKIP LOCKED
  ), picked AS (
    SELECT "id" FROM (SELECT * FROM due UNION ALL SELECT * FROM lapsed) candidates
    ORDER BY "runAfter", "id"
    LIMIT $3
  ), claimed AS (
    UPDATE "Job" j
    SET "state" = 'running', "ownerId" = $2, "attempts" = j."attempts" + 1, "startedAt" = $1::timestamp(3),
        "heartbeatAt" = $1::timestamp(3), "leaseExpiresAt" = $7::timestamp(3), "bytesDone" = 0, "updatedAt" = $1::timestamp(3)
    FROM picked WHERE j."id" = picked."id"
    RETURNING j."id", j."kind", j."objectId", j."replicaId", j."sourceStoreId", j."targetStoreId", j."payload",
      j."attempts", j."maxAttempts", j."runAfter"
  ), lost AS (
    UPDATE "JobClaim" c SET "endedAt" = $1::timestamp(3), "outcome" = 'lost'
    FROM claimed WHERE c."jobId" = claimed."id" AND c."endedAt" IS NULL AND c."attempt" <> claimed."attempts"
  ), logged AS (
    INSERT INTO "JobClaim" ("id", "jobId", "workerId", "attempt", "claimedAt")
    SELECT gen_random_uuid()::text, claimed."id", $2, claimed."attempts", $1::timestamp(3) FROM claimed
    ON CONFLICT ("jobId", "attempt") DO UPDATE
    SET "workerId" = EXCLUDED."workerId", "claimedAt" = EXCLUDED."claimedAt", "endedAt" = NULL, "outcome" = NULL
  )
  SELECT "id", "kind", "objectId", "replicaId", "sourceStoreId", "targetStoreId", "payload", "attempts", "maxAttempts"
  FROM claimed ORDER BY "runAfter", "id"`;

export async function claimJobRowsOnPostgres(pool: pg.Pool, options: ClaimJobRowsOptions): Promise<ClaimedJobRow[]> {
  const leaseExpiresAt = new Date(options.now.getTime() + options.leaseMs);
  const { rows } = await pool.query<ClaimedJobRow>(CLAIM, [
    options.now.toISOString(),
    options.workerId,
    options.max,
    options.kinds,
    options.avoidStoreIds,
    options.reachableZones,
    leaseExpiresAt.toISOString(),
  ]);
  return rows;
}
