import { postgresPoolOf, withSqlite, type Db, type PostgresPool, type SqliteConnection } from './client';
import { ROLL_UP_BATCH, type RollUpResult } from './replica-counts/types';

export interface RollUpBatch {
  /** Which roll-up, for the error when the client was not made by createDb. */
  name: string;
  onPostgres: (pool: PostgresPool, batch: number) => Promise<number>;
  onSqlite: (connection: SqliteConnection, batch: number) => number;
}

/** Runs one kind of counter roll-up batch after batch (each its own transaction) until a batch comes back short. */
export async function rollUpInBatches(db: Db, rollUp: RollUpBatch, options: { batch?: number; maxBatches?: number } = {}): Promise<RollUpResult> {
  const batch = options.batch ?? ROLL_UP_BATCH;
  const maxBatches = options.maxBatches ?? 100;
  const pool = postgresPoolOf(db);
  let folded = 0;
  for (let round = 0; round < maxBatches; round += 1) {
    let done: number;
    if (pool) done = await rollUp.onPostgres(pool, batch);
    else {
      const ran = await withSqlite(db, (connection) => rollUp.onSqlite(connection, batch));
      if (ran === null) throw new Error(`${rollUp.name} needs a client made by createDb.`);
      done = ran;
    }
    folded += done;
    if (done < batch) break;
  }
  return { folded };
}
