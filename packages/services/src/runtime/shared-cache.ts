import type { Db } from '@stowage/db';

/*
 * Process-local caches that stay correct with many replicas on one database. A change to what a cache holds bumps
 * the cache's CacheGeneration row in the same transaction as the change; every process reads that row at most
 * once per GENERATION_CHECK_INTERVAL_MS (one read shared by all concurrent callers) and drops its cache when the
 * generation moved. So another replica's change is seen within about that interval, at one cheap query per
 * second per process whatever the request rate.
 */

/** The caches invalidated through CacheGeneration rows. */
export const CACHE_NAMES = ['agent-tokens'] as const;
export type CacheName = (typeof CACHE_NAMES)[number];

/** How often a process reads a cache's generation: the bound on how long another replica's change goes unseen. */
export const GENERATION_CHECK_INTERVAL_MS = 1_000;

type Writer = Pick<Db, 'cacheGeneration'>;

/** Records that what cache `name` holds changed. Call it with the transaction that makes the change. */
export async function bumpCacheGeneration(tx: Writer, name: CacheName): Promise<void> {
  await tx.cacheGeneration.upsert({ where: { name }, create: { name, generation: 1 }, update: { generation: { increment: 1 } } });
}

export async function readCacheGeneration(db: Writer, name: CacheName): Promise<number> {
  const row = await db.cacheGeneration.findUnique({ where: { name }, select: { generation: true } });
  return row?.generation ?? 0;
}

export interface GenerationCheckedCacheOptions {
  db: Db;
  name: CacheName;
  /** Entries kept at most; the oldest goes first. */
  maxEntries: number;
  checkIntervalMs?: number;
  /** Milliseconds since the epoch (tests move time). */
  clock?: () => number;
}

/**
 * A map whose entries are dropped whenever another process (or this one) bumps the cache's generation. Call
 * `fresh()` before reading it: it returns at once while the generation was checked within the interval, else
 * a promise of the one read shared by every caller. `onDrop` listeners run when the entries are dropped (to
 * abandon loads that started before).
 */
export interface GenerationCheckedCache<K, V> {
  fresh(): void | Promise<void>;
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): void;
  clear(): void;
  onDrop(listener: () => void): void;
}

export function generationCheckedCache<K, V>(options: GenerationCheckedCacheOptions): GenerationCheckedCache<K, V> {
  const checkIntervalMs = options.checkIntervalMs ?? GENERATION_CHECK_INTERVAL_MS;
  const clock = options.clock ?? Date.now;
  const entries = new Map<K, V>();
  const listeners: (() => void)[] = [];
  let known: number | null = null;
  let checkedAt = -Infinity;
  let checking: Promise<void> | null = null;

  function clear() {
    entries.clear();
    for (const listener of listeners) listener();
  }

  function check(): Promise<void> {
    const startedAt = clock();
    const started: Promise<void> = readCacheGeneration(options.db, options.name)
      .then((generation) => {
        if (known !== null && generation !== known) clear();
        known = generation;
        checkedAt = startedAt;
      })
      .finally(() => {
        if (checking === started) checking = null;
      });
    return (checking = started);
  }

  return {
    fresh() {
      if (clock() - checkedAt < checkIntervalMs) return;
      return checking ?? check();
    },
    get: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    },
    delete: (key) => void entries.delete(key),
    clear,
    onDrop: (listener) => void listeners.push(listener),
  };
}
