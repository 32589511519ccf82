import { setTimeout as sleep } from 'node:timers/promises';
import { isSerializationFailure, type Db, type Prisma } from '@stowage/db';

const MAX_RUNS = 10;

/**
 * A settling transaction (db.$transaction), run again when PostgreSQL refused it at COMMIT as a serialization
 * failure. Workaround: db's retry does not recognise that case yet — Prisma's driver adapter throws it raw from
 * the commit, its code as `cause.originalCode` — and concurrent settles of different jobs hit it (predicate locks
 * are per index page). A refused commit applied nothing, so running the whole transaction again is safe.
 */
export async function settleTransaction<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await db.$transaction(work);
    } catch (error) {
      if (run >= MAX_RUNS || !(isSerializationFailure(error) || refusedAtCommit(error))) throw error;
      await sleep(Math.round(Math.random() * Math.min(100, 2 ** run)));
    }
  }
}

function refusedAtCommit(error: unknown): boolean {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return cause?.originalCode === '40001' || cause?.originalCode === '40P01';
}
