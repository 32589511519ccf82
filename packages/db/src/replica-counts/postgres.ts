import type { PostgresPool } from '../client';
import { ROLL_UP_BATCH, type ReplicaCountRow } from './types';

/*
 * One statement, so one transaction: take up to a batch of deltas with FOR UPDATE SKIP LOCKED (a concurrent
 * roll-up takes other rows, never the same), delete them and add their sums to the counts. The counts are
 * upserted in (storeId, state) order, so two roll-ups lock count rows in the same order and cannot deadlock;
 * writers only ever insert deltas and never wait on either.
 */
const ROLL_UP = {
  name: 'stowage_replica_counts_roll_up',
  text: `
    WITH taken AS (
      SELECT "id" FROM "ReplicaCountDelta" ORDER BY "storeId", "state" LIMIT $1 FOR UPDATE SKIP LOCKED
    ), removed AS (
      DELETE FROM "ReplicaCountDelta" d USING taken WHERE d."id" = taken."id" RETURNING d."storeId", d."state", d."delta", d."bytes"
    ), folded AS (
      INSERT INTO "ReplicaStateCount" ("storeId", "state", "count", "bytes")
      SELECT "storeId", "state", SUM("delta")::int, SUM("bytes")::bigint FROM removed GROUP BY "storeId", "state" ORDER BY "storeId", "state"
      ON CONFLICT ("storeId", "state") DO UPDATE
      SET "count" = "ReplicaStateCount"."count" + excluded."count", "bytes" = "ReplicaStateCount"."bytes" + excluded."bytes"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM removed)::int AS folded, (SELECT count(*) FROM folded)::int AS pairs`,
};

/* One statement reads one snapshot: a roll-up that commits meanwhile is seen whole or not at all. */
const READ = {
  name: 'stowage_replica_counts_read',
  text: `
    SELECT t."storeId", t."state", SUM(t."n")::int AS "count", SUM(t."b")::float8 AS "bytes" FROM (
      SELECT "storeId", "state", "count" AS n, "bytes" AS b FROM "ReplicaStateCount"
      UNION ALL
      SELECT "storeId", "state", "delta" AS n, "bytes" AS b FROM "ReplicaCountDelta"
    ) t JOIN "Store" s ON s."id" = t."storeId"
    GROUP BY t."storeId", t."state" HAVING SUM(t."n") <> 0
    ORDER BY t."storeId", t."state"`,
};

export async function rollUpBatchOnPostgres(pool: PostgresPool, batch = ROLL_UP_BATCH): Promise<number> {
  const { rows } = await pool.query<{ folded: number }>({ ...ROLL_UP, values: [batch] });
  return rows[0]?.folded ?? 0;
}

export async function readReplicaCountsOnPostgres(pool: PostgresPool): Promise<ReplicaCountRow[]> {
  const { rows } = await pool.query<ReplicaCountRow>(READ);
  return rows;
}
