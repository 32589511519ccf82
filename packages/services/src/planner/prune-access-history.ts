import type { Db } from '@stowage/db';
import { getAccessHistorySettings } from './access-history-settings';

export const PRUNE_BATCH_ROWS = 10_000;
/** Batches per janitor pass at most, so a first prune of a large table does not hold up the cache's work. */
export const PRUNE_MAX_BATCHES = 50;

/**
 * The janitor's retention of the access history: accesses older than the retention days go, then the oldest
 * beyond the row cap (by id: the newest `maxRows` ids stay — ids only lose rows from the old end, so that is at
 * most `maxRows` rows). Each batch its own statement, outside any transaction. Returns the rows deleted.
 */
export async function pruneAccessHistory(db: Db, options: { now?: Date } = {}): Promise<number> {
  const { retentionDays, maxRows } = await getAccessHistorySettings(db);
  const cutoff = new Date((options.now ?? new Date()).getTime() - retentionDays * 24 * 3600 * 1000);
  let deleted = 0;
  let batches = 0;
  while (batches < PRUNE_MAX_BATCHES) {
    const old = await db.cacheAccess.findMany({ where: { at: { lt: cutoff } }, orderBy: { at: 'asc' }, take: PRUNE_BATCH_ROWS, select: { id: true } });
    if (old.length === 0) break;
    batches += 1;
    deleted += (await db.cacheAccess.deleteMany({ where: { id: { in: old.map((row) => row.id) } } })).count;
    if (old.length < PRUNE_BATCH_ROWS) break;
  }
  const newest = await db.cacheAccess.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  if (!newest) return deleted;
  const keepFrom = newest.id - maxRows + 1;
  while (batches < PRUNE_MAX_BATCHES) {
    const oldest = await db.cacheAccess.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
    if (!oldest || oldest.id >= keepFrom) break;
    batches += 1;
    deleted += (await db.cacheAccess.deleteMany({ where: { id: { lt: Math.min(keepFrom, oldest.id + PRUNE_BATCH_ROWS) } } })).count;
  }
  return deleted;
}
