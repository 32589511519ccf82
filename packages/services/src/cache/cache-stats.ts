import type { Db, Prisma } from '@stowage/db';

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

/** Adds to a staging store's counters for the current minute. */
export async function countCache(tx: Tx, storeId: string, counter: Counter, amount: number, now: Date): Promise<void> {
  const column = counter in EVICTION_COLUMN ? EVICTION_COLUMN[counter as EvictionReason] : (counter as 'hits' | 'misses' | 'joined' | 'bytesStaged');
  const value = column === 'bytesStaged' ? BigInt(amount) : amount;
  const minute = minuteOf(now);
  await tx.cacheStat.upsert({
    where: { storeId_minute: { storeId, minute } },
    create: { storeId, minute, [column]: value },
    update: { [column]: { increment: value } },
  });
}
