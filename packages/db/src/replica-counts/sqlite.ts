import type { SqliteConnection } from '../client';
import { statementsOn } from '../prepared-statements';
import { ROLL_UP_BATCH, type ReplicaCountRow } from './types';

/*
 * SQLite has one writer: a roll-up is one IMMEDIATE transaction that folds the oldest deltas (by rowid, up to a
 * bound) into the counts and deletes them. A reader's one statement sees the counts and the deltas of one snapshot.
 */
const SQL = {
  bound: `SELECT max(rowid) AS last FROM (SELECT rowid FROM "ReplicaCountDelta" ORDER BY rowid LIMIT ?)`,
  fold: `
    INSERT INTO "ReplicaStateCount" ("storeId", "state", "count", "bytes")
    SELECT "storeId", "state", SUM("delta"), SUM("bytes") FROM "ReplicaCountDelta" WHERE rowid <= ? GROUP BY "storeId", "state"
    ON CONFLICT ("storeId", "state") DO UPDATE
    SET "count" = "ReplicaStateCount"."count" + excluded."count", "bytes" = "ReplicaStateCount"."bytes" + excluded."bytes"`,
  remove: `DELETE FROM "ReplicaCountDelta" WHERE rowid <= ?`,
  read: `
    SELECT t."storeId" AS storeId, t."state" AS state, SUM(t."n") AS count, SUM(t."b") AS bytes FROM (
      SELECT "storeId", "state", "count" AS n, "bytes" AS b FROM "ReplicaStateCount"
      UNION ALL
      SELECT "storeId", "state", "delta" AS n, "bytes" AS b FROM "ReplicaCountDelta"
    ) t JOIN "Store" s ON s."id" = t."storeId"
    GROUP BY t."storeId", t."state" HAVING SUM(t."n") <> 0
    ORDER BY t."storeId", t."state"`,
} as const;

const statementsOf = statementsOn(SQL);

/** One batch: how many deltas it folded. */
export function rollUpBatchOnSqlite(connection: SqliteConnection, batch = ROLL_UP_BATCH): number {
  const statements = statementsOf(connection);
  return connection
    .transaction(() => {
      const { last } = statements.bound.get(batch) as { last: number | bigint | null };
      if (last === null) return 0;
      statements.fold.run(last);
      return statements.remove.run(last).changes;
    })
    .immediate();
}

export function readReplicaCountsOnSqlite(connection: SqliteConnection): ReplicaCountRow[] {
  const rows = statementsOf(connection).read.all() as { storeId: string; state: string; count: number | bigint; bytes: number | bigint }[];
  return rows.map((row) => ({ storeId: row.storeId, state: row.state, count: Number(row.count), bytes: Number(row.bytes) }));
}
