import { randomUUID } from 'node:crypto';
import type { SqliteConnection } from '../client';
import { statementsOn } from '../prepared-statements';
import { claimableFilters, dueWhere, lapsedWhere, type ClaimablePlaceholders } from './claimable';
import type { ClaimedJobRow, ClaimJobRowsOptions } from './types';

/*
 * SQLite has one writer: the claim is one IMMEDIATE transaction of prepared statements on the connection —
 * pick and claim the rows, end a taken-over claim as lost, log the new claims. Lists are passed as JSON.
 */
const inJson = (parameter: string) => (column: string) => `${column} IN (SELECT "value" FROM json_each(${parameter}))`;

const PLACEHOLDERS: ClaimablePlaceholders = {
  now: '@now',
  kinds: { isNull: '@kinds IS NULL', contains: inJson('@kinds') },
  avoid: { contains: inJson('@avoid') },
  zones: { isNull: '@zones IS NULL', contains: inJson('@zones') },
};

// Queued and lapsed jobs picked apart, each in ("state", "runAfter") index order up to @max (see postgres.ts).
const SQL = {
  claim: `
    UPDATE "Job"
    SET "state" = 'running', "ownerId" = @workerId, "attempts" = "attempts" + 1, "startedAt" = @now,
        "heartbeatAt" = @now, "leaseExpiresAt" = @leaseExpiresAt, "bytesDone" = 0, "updatedAt" = @now
    WHERE "id" IN (
      SELECT "id" FROM (
        SELECT * FROM (SELECT j."id", j."runAfter" FROM "Job" j WHERE ${dueWhere(PLACEHOLDERS)} AND ${claimableFilters(PLACEHOLDERS)} ORDER BY j."runAfter" LIMIT @max)
        UNION ALL
        SELECT * FROM (SELECT j."id", j."runAfter" FROM "Job" j WHERE ${lapsedWhere(PLACEHOLDERS)} AND ${claimableFilters(PLACEHOLDERS)} ORDER BY j."runAfter" LIMIT @max))
      ORDER BY "runAfter", "id"
      LIMIT @max)
    RETURNING "id", "kind", "objectId", "replicaId", "sourceStoreId", "targetStoreId", "payload", "attempts", "maxAttempts", "runAfter"`,
  endLost: `UPDATE "JobClaim" SET "endedAt" = @now, "outcome" = 'lost' WHERE "jobId" = @jobId AND "endedAt" IS NULL AND "attempt" <> @attempt`,
  log: `
    INSERT INTO "JobClaim" ("id", "jobId", "workerId", "attempt", "claimedAt") VALUES (@id, @jobId, @workerId, @attempt, @now)
    ON CONFLICT ("jobId", "attempt") DO UPDATE
    SET "workerId" = excluded."workerId", "claimedAt" = excluded."claimedAt", "endedAt" = NULL, "outcome" = NULL`,
} as const;

const statementsOf = statementsOn(SQL);

/** DateTime as Prisma's SQLite adapter writes it, so that stored and compared values sort alike. */
export const sqlTime = (time: Date) => time.toISOString().replace('Z', '+00:00');

export function claimJobRowsOnSqlite(connection: SqliteConnection, options: ClaimJobRowsOptions): ClaimedJobRow[] {
  const statements = statementsOf(connection);
  const now = sqlTime(options.now);
  const claim = connection.transaction(() => {
    const rows = statements.claim.all({
      workerId: options.workerId,
      now,
      leaseExpiresAt: sqlTime(new Date(options.now.getTime() + options.leaseMs)),
      kinds: options.kinds === null ? null : JSON.stringify(options.kinds),
      avoid: JSON.stringify(options.avoidStoreIds),
      zones: options.reachableZones === null ? null : JSON.stringify(options.reachableZones),
      max: options.max,
    }) as (ClaimedJobRow & { runAfter: string })[];
    for (const row of rows) {
      statements.endLost.run({ now, jobId: row.id, attempt: row.attempts });
      statements.log.run({ id: randomUUID(), jobId: row.id, workerId: options.workerId, attempt: row.attempts, now });
    }
    return rows
      .sort((a, b) => (a.runAfter < b.runAfter ? -1 : a.runAfter > b.runAfter ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ runAfter: _runAfter, ...row }) => ({ ...row, attempts: Number(row.attempts), maxAttempts: Number(row.maxAttempts) }));
  });
  return claim.immediate();
}
