import type { PostgresPool } from '../client';
import type { JobCountRow } from './types';

/* As for the replica counts: take a batch with SKIP LOCKED, delete it and add its sums, in state order. */
const ROLL_UP = {
  name: 'stowage_job_counts_roll_up',
  text: `
    WITH taken AS (
      SELECT "id" FROM "JobCountDelta" ORDER BY "state" LIMIT $1 FOR UPDATE SKIP LOCKED
    ), removed AS (
      DELETE FROM "JobCountDelta" d USING taken WHERE d."id" = taken."id" RETURNING d."state", d."delta"
    ), folded AS (
      INSERT INTO "JobStateCount" ("state", "count")
      SELECT "state", SUM("delta")::int FROM removed GROUP BY "state" ORDER BY "state"
      ON CONFLICT ("state") DO UPDATE SET "count" = "JobStateCount"."count" + excluded."count"
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM removed)::int AS folded, (SELECT count(*) FROM folded)::int AS states`,
};

const READ = {
  name: 'stowage_job_counts_read',
  text: `
    SELECT "state", SUM("n")::int AS "count" FROM (
      SELECT "state", "count" AS n FROM "JobStateCount"
      UNION ALL
      SELECT "state", "delta" AS n FROM "JobCountDelta"
    ) t GROUP BY "state" HAVING SUM("n") <> 0 ORDER BY "state"`,
};

export async function rollUpJobBatchOnPostgres(pool: PostgresPool, batch: number): Promise<number> {
  const { rows } = await pool.query<{ folded: number }>({ ...ROLL_UP, values: [batch] });
  return rows[0]?.folded ?? 0;
}

export async function readJobCountsOnPostgres(pool: PostgresPool): Promise<JobCountRow[]> {
  const { rows } = await pool.query<JobCountRow>(READ);
  return rows;
}
