import type pg from 'pg';
import { postgresPoolOf, withSqlite, type Db, type SqliteConnection, type SqliteStatement } from '../client';
import { sqlTime } from './sqlite';

/*
 * A success with nothing else to commit, as one statement (PostgreSQL) or one IMMEDIATE transaction (SQLite):
 * the job succeeds only for the attempt this worker claimed, and its claim ends with it. A plain statement
 * rather than an interactive (serializable) transaction: it reads nothing it does not write.
 */
export interface SucceedJobRowOptions {
  jobId: string;
  workerId: string;
  attempt: number;
  now: Date;
  bytesDone: bigint | null;
  bytesTotal: bigint | null;
}

const POSTGRES = `
  WITH settled AS (
    UPDATE "Job" SET "state" = 'succeeded', "error" = NULL, "errorKind" = NULL,
      "bytesDone" = COALESCE($5::bigint, "bytesDone"), "bytesTotal" = COALESCE($6::bigint, "bytesTotal"),
      "ownerId" = NULL, "leaseExpiresAt" = NULL, "finishedAt" = $4::timestamp(3), "updatedAt" = $4::timestamp(3)
    WHERE "id" = $1 AND "ownerId" = $2 AND "state" = 'running' AND "attempts" = $3
    RETURNING "id"
  ), ended AS (
    UPDATE "JobClaim" c SET "endedAt" = $4::timestamp(3), "outcome" = 'succeeded'
    FROM settled WHERE c."jobId" = settled."id" AND c."attempt" = $3 AND c."endedAt" IS NULL
  )
  SELECT count(*)::int AS "settled" FROM settled`;

const SQLITE = {
  settle: `
    UPDATE "Job" SET "state" = 'succeeded', "error" = NULL, "errorKind" = NULL,
      "bytesDone" = COALESCE(@bytesDone, "bytesDone"), "bytesTotal" = COALESCE(@bytesTotal, "bytesTotal"),
      "ownerId" = NULL, "leaseExpiresAt" = NULL, "finishedAt" = @now, "updatedAt" = @now
    WHERE "id" = @jobId AND "ownerId" = @workerId AND "state" = 'running' AND "attempts" = @attempt`,
  end: `UPDATE "JobClaim" SET "endedAt" = @now, "outcome" = 'succeeded' WHERE "jobId" = @jobId AND "attempt" = @attempt AND "endedAt" IS NULL`,
};

const prepared = new WeakMap<SqliteConnection, { settle: SqliteStatement; end: SqliteStatement }>();

function onSqlite(connection: SqliteConnection, options: SucceedJobRowOptions): boolean {
  let statements = prepared.get(connection);
  if (!statements) {
    statements = { settle: connection.prepare(SQLITE.settle), end: connection.prepare(SQLITE.end) };
    prepared.set(connection, statements);
  }
  const { settle, end } = statements;
  const values = { jobId: options.jobId, workerId: options.workerId, attempt: options.attempt, now: sqlTime(options.now) };
  return connection
    .transaction(() => {
      if (settle.run({ ...values, bytesDone: options.bytesDone, bytesTotal: options.bytesTotal }).changes !== 1) return false;
      end.run({ jobId: values.jobId, attempt: values.attempt, now: values.now });
      return true;
    })
    .immediate();
}

async function onPostgres(pool: pg.Pool, options: SucceedJobRowOptions): Promise<boolean> {
  const { rows } = await pool.query<{ settled: number }>(POSTGRES, [
    options.jobId,
    options.workerId,
    options.attempt,
    options.now.toISOString(),
    options.bytesDone?.toString() ?? null,
    options.bytesTotal?.toString() ?? null,
  ]);
  return rows[0]?.settled === 1;
}

/** True when this attempt still owned the job and it now succeeded; false when the claim was lost. */
export async function succeedJobRow(db: Db, options: SucceedJobRowOptions): Promise<boolean> {
  const pool = postgresPoolOf(db);
  if (pool) return onPostgres(pool, options);
  const settled = await withSqlite(db, (connection) => onSqlite(connection, options));
  if (settled === null) throw new Error('succeedJobRow needs a client made by createDb.');
  return settled;
}
