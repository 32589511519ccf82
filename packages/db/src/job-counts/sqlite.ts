import type { SqliteConnection } from '../client';
import { statementsOn } from '../prepared-statements';
import type { JobCountRow } from './types';

/* As for the replica counts: one IMMEDIATE transaction folds the oldest deltas (by rowid, up to a bound). */
const SQL = {
  bound: `SELECT max(rowid) AS last FROM (SELECT rowid FROM "JobCountDelta" ORDER BY rowid LIMIT ?)`,
  fold: `
    INSERT INTO "JobStateCount" ("state", "count")
    SELECT "state", SUM("delta") FROM "JobCountDelta" WHERE rowid <= ? GROUP BY "state"
    ON CONFLICT ("state") DO UPDATE SET "count" = "JobStateCount"."count" + excluded."count"`,
  remove: `DELETE FROM "JobCountDelta" WHERE rowid <= ?`,
  read: `
    SELECT "state", SUM("n") AS count FROM (
      SELECT "state", "count" AS n FROM "JobStateCount"
      UNION ALL
      SELECT "state", "delta" AS n FROM "JobCountDelta"
    ) GROUP BY "state" HAVING SUM("n") <> 0 ORDER BY "state"`,
} as const;

const statementsOf = statementsOn(SQL);

export function rollUpJobBatchOnSqlite(connection: SqliteConnection, batch: number): number {
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

export function readJobCountsOnSqlite(connection: SqliteConnection): JobCountRow[] {
  const rows = statementsOf(connection).read.all() as { state: string; count: number | bigint }[];
  return rows.map((row) => ({ state: row.state, count: Number(row.count) }));
}
