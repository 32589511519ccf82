import { afterCommit, type Db, type Prisma } from '@stowage/db';
import { isUniqueViolation } from '../prisma-errors';

type Tx = Db | Prisma.TransactionClient;

export type EvictionReason = 'ttl' | 'pressure' | 'manual' | 'failed_copy';

const EVICTION_COLUMN: Record<EvictionReason, 'evictedTtl' | 'evictedPressure' | 'evictedManual' | 'evictedFailed'> = {
  ttl: 'evictedTtl',
  pressure: 'evictedPressure',
  manual: 'evictedManual',
  failed_copy: 'evictedFailed',
};

export function minuteOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

type Counter = 'hits' | 'misses' | 'joined' | 'bytesStaged' | EvictionReason;

/**
 * Adds to a staging store's counters for the current minute, once `tx` commits (at once outside a transaction).
 * Every acquire bumps the same row: inside the caller's SERIALIZABLE transaction on PostgreSQL, concurrent
 * acquires would abort one another on it; after the commit, one upsert only waits for the row's lock.
 */
export async function countCache(tx: Tx, storeId: string, counter: Counter, amount: number, now: Date): Promise<void> {
  const column = counter in EVICTION_COLUMN ? EVICTION_COLUMN[counter as EvictionReason] : (counter as 'hits' | 'misses' | 'joined' | 'bytesStaged');
  const value = column === 'bytesStaged' ? BigInt(amount) : amount;
  const minute = minuteOf(now);
  const upsert = (db: Db) =>
    db.cacheStat.upsert({
      where: { storeId_minute: { storeId, minute } },
      create: { storeId, minute, [column]: value },
      update: { [column]: { increment: value } },
    });
  await afterCommit(tx, async (db) => {
    try {
      await upsert(db);
    } catch (error) {
      // Two first counts of a minute raced to create its row: the loser's insert is now an update.
      if (!isUniqueViolation(error)) throw error;
      await upsert(db);
    }
  });
}
