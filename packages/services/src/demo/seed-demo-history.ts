import { generateDemoTrace } from '@stowage/core';
import { bulkInsert, type BulkValue, type Db } from '@stowage/db';

const DAY_MS = 86_400_000;

/** The demo history's seed: the same demo on every installation. */
export const DEMO_HISTORY_SEED = 20_261_203;
export const DEMO_HISTORY_DAYS = 30;
export const DEMO_HISTORY_ACCESSES_PER_DAY = 1600;
export const DEMO_HISTORY_OBJECTS = 1200;

export interface DemoHistoryOptions {
  zoneId: string;
  storeId: string;
  /** The staging store's capacity: the `hit` column is what an LRU cache of this size would have done. */
  capacityBytes: number;
  seed?: number;
  /** The history ends here (default: now) and starts DEMO_HISTORY_DAYS before. */
  now?: Date;
}

export interface DemoHistorySummary {
  accesses: number;
  hits: number;
  objects: number;
  from: Date;
  to: Date;
}

/**
 * Writes a generated access history (generateDemoTrace: Zipf-like popularity, bursts, one-off objects, new
 * versions) of the last DEMO_HISTORY_DAYS days into CacheAccess for one zone's staging store, so the capacity
 * planner has a realistic curve to show. Object ids are synthetic (`demo-<key>`): no DataObject rows. Hits are an
 * LRU cache of whole objects at `capacityBytes` replayed over the history (from empty). Deterministic for a seed
 * and `now`; one bulk insert.
 */
export async function seedDemoHistory(db: Db, options: DemoHistoryOptions): Promise<DemoHistorySummary> {
  const to = options.now ?? new Date();
  const startTime = to.getTime() - DEMO_HISTORY_DAYS * DAY_MS;
  const trace = generateDemoTrace({
    seed: options.seed ?? DEMO_HISTORY_SEED,
    days: DEMO_HISTORY_DAYS,
    accessesPerDay: DEMO_HISTORY_ACCESSES_PER_DAY,
    objects: DEMO_HISTORY_OBJECTS,
    startTime,
  });
  const lru = createLru(options.capacityBytes);
  const rows: BulkValue[][] = [];
  let hits = 0;
  for (const access of trace) {
    const hit = lru.access(access.objectKey, access.sizeBytes);
    if (hit) hits++;
    rows.push([new Date(access.time), options.zoneId, options.storeId, `demo-${access.objectKey}`, BigInt(access.sizeBytes), hit]);
  }
  await bulkInsert(db, 'CacheAccess', ['at', 'zoneId', 'storeId', 'objectId', 'sizeBytes', 'hit'], rows);
  return { accesses: rows.length, hits, objects: lru.seen(), from: new Date(startTime), to };
}

/**
 * A plain LRU of whole objects (as simulateLru, but answering per access): a hit moves the object to the front; a
 * miss admits it, evicting the least recently used until it fits; an object larger than the cache is not admitted.
 */
function createLru(capacityBytes: number) {
  // A Map iterates in insertion order: delete + set moves a key to the most recent end.
  const cached = new Map<string, number>();
  const keys = new Set<string>();
  let used = 0;
  return {
    access(key: string, size: number): boolean {
      keys.add(key);
      const held = cached.get(key);
      if (held !== undefined) {
        cached.delete(key);
        cached.set(key, held);
        return true;
      }
      if (size > capacityBytes) return false;
      for (const [oldest, bytes] of cached) {
        if (used + size <= capacityBytes) break;
        cached.delete(oldest);
        used -= bytes;
      }
      cached.set(key, size);
      used += size;
      return false;
    },
    seen: () => keys.size,
  };
}
