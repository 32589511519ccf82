import { postgresPoolOf, withSqlite, type Db } from '../client';
import { readReplicaCountsOnPostgres, rollUpBatchOnPostgres } from './postgres';
import { readReplicaCountsOnSqlite, rollUpBatchOnSqlite } from './sqlite';
import { ROLL_UP_BATCH, type ReplicaCountRow, type RollUpResult } from './types';

export type { ReplicaCountRow, RollUpResult } from './types';

/**
 * Folds the pending ReplicaCountDelta rows (appended by the triggers on Replica) into ReplicaStateCount and
 * deletes them, a bounded batch per transaction, until none is left. Safe to run from many workers at once:
 * on PostgreSQL each batch takes its rows with SKIP LOCKED, on SQLite each is one IMMEDIATE transaction.
 * Readers see the same counts before and after (readReplicaCounts adds the pending deltas).
 */
export async function rollUpReplicaCounts(db: Db, options: { batch?: number; maxBatches?: number } = {}): Promise<RollUpResult> {
  const batch = options.batch ?? ROLL_UP_BATCH;
  const maxBatches = options.maxBatches ?? 100;
  const pool = postgresPoolOf(db);
  let folded = 0;
  for (let round = 0; round < maxBatches; round += 1) {
    let done: number;
    if (pool) done = await rollUpBatchOnPostgres(pool, batch);
    else {
      const ran = await withSqlite(db, (connection) => rollUpBatchOnSqlite(connection, batch));
      if (ran === null) throw new Error('rollUpReplicaCounts needs a client made by createDb.');
      done = ran;
    }
    folded += done;
    if (done < batch) break;
  }
  return { folded };
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
