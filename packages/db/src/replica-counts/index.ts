import { postgresPoolOf, withSqlite, type Db } from '../client';
import { readReplicaCountsOnPostgres, rollUpBatchOnPostgres } from './postgres';
import { readReplicaCountsOnSqlite, rollUpBatchOnSqlite } from './sqlite';
import { rollUpInBatches } from '../roll-up-in-batches';
import type { ReplicaCountRow, RollUpResult } from './types';

export type { ReplicaCountRow, RollUpResult } from './types';

/**
 * Folds the pending ReplicaCountDelta rows (appended by the triggers on Replica) into ReplicaStateCount and
 * deletes them, a bounded batch per transaction, until none is left. Safe to run from many workers at once:
 * on PostgreSQL each batch takes its rows with SKIP LOCKED, on SQLite each is one IMMEDIATE transaction.
 * Readers see the same counts before and after (readReplicaCounts adds the pending deltas).
 */
export function rollUpReplicaCounts(db: Db, options: { batch?: number; maxBatches?: number } = {}): Promise<RollUpResult> {
  return rollUpInBatches(db, { name: 'rollUpReplicaCounts', onPostgres: rollUpBatchOnPostgres, onSqlite: rollUpBatchOnSqlite }, options);
}

/**
 * Replicas per (store, state) now: the rolled-up counts plus the pending deltas, in one statement (one
 * snapshot). Only stores that exist and pairs with at least one replica; ordered by store id, then state.
 */
export async function readReplicaCounts(db: Db): Promise<ReplicaCountRow[]> {
  const pool = postgresPoolOf(db);
  if (pool) return readReplicaCountsOnPostgres(pool);
  const rows = await withSqlite(db, readReplicaCountsOnSqlite);
  if (rows === null) throw new Error('readReplicaCounts needs a client made by createDb.');
  return rows;
}
