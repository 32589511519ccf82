import { postgresPoolOf, withSqlite, type Db } from '../client';
import type { RollUpResult } from '../replica-counts/types';
import { rollUpInBatches } from '../roll-up-in-batches';
import { readJobCountsOnPostgres, rollUpJobBatchOnPostgres } from './postgres';
import { readJobCountsOnSqlite, rollUpJobBatchOnSqlite } from './sqlite';
import type { JobCountRow } from './types';

export type { JobCountRow } from './types';

/**
 * Folds the pending JobCountDelta rows (appended by the triggers on Job) into JobStateCount and deletes them, a
 * bounded batch per transaction, until none is left; safe from many workers at once, like rollUpReplicaCounts.
 */
export function rollUpJobCounts(db: Db, options: { batch?: number; maxBatches?: number } = {}): Promise<RollUpResult> {
  return rollUpInBatches(db, { name: 'rollUpJobCounts', onPostgres: rollUpJobBatchOnPostgres, onSqlite: rollUpJobBatchOnSqlite }, options);
}

/** Jobs per state now: the rolled-up counts plus the pending deltas, in one statement. States with no job are left out. */
export async function readJobCounts(db: Db): Promise<JobCountRow[]> {
  const pool = postgresPoolOf(db);
  if (pool) return readJobCountsOnPostgres(pool);
  const rows = await withSqlite(db, readJobCountsOnSqlite);
  if (rows === null) throw new Error('readJobCounts needs a client made by createDb.');
  return rows;
}
