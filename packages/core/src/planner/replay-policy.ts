import { BYTE_SPLIT, combineBytes } from './exact-bytes';
import type { Trace } from './trace';

/** An interval [from, to) (ms) during which an object was held by a lease: it cannot be evicted or aged out. */
export interface LeaseInterval {
  object: number;
  from: number;
  to: number;
}

export interface ReplayOptions {
  capacityBytes: number;
  /** Entries not acquired for longer than this age out (the store's idle TTL); null: never. */
  idleTtlMs: number | null;
  /** Fractions of the capacity: above the high watermark LRU entries are evicted down to the low one. */
  highWatermark: number;
  lowWatermark: number;
  /** Objects (trace ids) pinned for the whole trace: resident from the start, never evicted, never aged out. */
  pinnedObjects?: ReadonlySet<number>;
  /** Bytes pinned by objects outside the trace. */
  pinnedBytes?: number;
  /** When objects were held (leases as they were). */
  leases?: readonly LeaseInterval[];
  /** How often the janitor runs (TTL and watermarks), ms; null (default): after every access, as if continuous. */
  janitorIntervalMs?: number | null;
  warmupAccesses?: number;
}

export interface ReplayResult {
  hits: number;
  hitBytes: number;
  hitRatio: number;
  byteHitRatio: number;
  /** Entries evicted for room or for pressure (the watermarks). */
  evictions: number;
  /** Entries aged out by the idle TTL. */
  agedOut: number;
}

/**
 * Stowage's own staging policy replayed over a trace at one capacity — the check on the curve, since idle TTL and
 * watermarks are not stack-like. As the product does (grantReservations, runJanitor, chooseVictims):
 * - a hit refreshes the entry's last access;
 * - a miss admits the object, evicting least recently used entries that are neither pinned nor leased until it
 *   fits; when they do not free enough the miss is served without caching (the object is not admitted);
 * - the janitor ages out entries idle longer than the TTL, then, above the high watermark, evicts LRU entries down
 *   to the low one (pinned and leased entries are never victims). Pinned bytes count as used, as in stagingSpace.
 * With no TTL, both watermarks at 1 and no pins or leases it is plain LRU: exactly simulateLru and the curve.
 */
export function replayPolicy(trace: Trace, options: ReplayOptions): ReplayResult {
  const { objectCount, objects, sizes, times } = trace;
  const capacity = options.capacityBytes;
  const high = capacity * options.highWatermark;
  const low = capacity * options.lowWatermark;
  const ttl = options.idleTtlMs;
  const warmup = options.warmupAccesses ?? 0;
  const janitorEvery = options.janitorIntervalMs ?? null;
  const pinned = new Uint8Array(objectCount);
  const cached = new Uint8Array(objectCount);
  const sizeOf = new Float64Array(objectCount);
  const lastAccess = new Float64Array(objectCount);
  let used = options.pinnedBytes ?? 0;
  // Pinned objects are resident (outside the LRU list): their bytes count from the start.
  const firstSize = new Float64Array(objectCount);
  for (let i = trace.length - 1; i >= 0; i--) firstSize[objects[i]!] = sizes[i]!;
  for (const object of options.pinnedObjects ?? []) {
    if (object < 0 || object >= objectCount || pinned[object]) continue;
    pinned[object] = 1;
    used += firstSize[object]!;
  }

  // Leases per object, sorted by start; a cursor per object moves forward with time.
  const leaseStart = new Int32Array(objectCount + 1);
  const sortedLeases = [...(options.leases ?? [])]
    .filter((lease) => lease.object >= 0 && lease.object < objectCount)
    .sort((a, b) => a.object - b.object || a.from - b.from);
  for (const lease of sortedLeases) leaseStart[lease.object + 1]!++;
  for (let o = 0; o < objectCount; o++) leaseStart[o + 1]! += leaseStart[o]!;
  const leaseCursor = leaseStart.slice(0, objectCount);
  const leased = (object: number, now: number): boolean => {
    const end = leaseStart[object + 1]!;
    let cursor = leaseCursor[object]!;
    while (cursor < end && sortedLeases[cursor]!.to <= now) cursor++;
    leaseCursor[object] = cursor;
    return cursor < end && sortedLeases[cursor]!.from <= now;
  };

  // LRU list over typed arrays; node objectCount is the sentinel (next: most recent, previous: least recent).
  const head = objectCount;
  const next = new Int32Array(objectCount + 1);
  const previous = new Int32Array(objectCount + 1);
  next[head] = head;
  previous[head] = head;
  const unlink = (object: number) => {
    next[previous[object]!] = next[object]!;
    previous[next[object]!] = previous[object]!;
  };
  const remove = (object: number) => {
    unlink(object);
    cached[object] = 0;
    used -= sizeOf[object]!;
  };

  let evictions = 0;
  let agedOut = 0;
  /** Evicts LRU entries that may go until `done()`; returns whether it got there. */
  const evictUntil = (done: () => boolean, now: number): boolean => {
    let candidate = previous[head]!;
    while (!done() && candidate !== head) {
      const before = previous[candidate]!;
      if (!leased(candidate, now)) {
        remove(candidate);
        evictions++;
      }
      candidate = before;
    }
    return done();
  };
  const ageOut = (now: number) => {
    if (ttl === null) return;
    let candidate = previous[head]!;
    // The list is in last-access order: stop at the first entry still fresh.
    while (candidate !== head && now - lastAccess[candidate]! > ttl) {
      const before = previous[candidate]!;
      if (!leased(candidate, now)) {
        remove(candidate);
        agedOut++;
      }
      candidate = before;
    }
  };
  const pressure = (now: number) => {
    if (used > high) evictUntil(() => used <= low, now);
  };

  let nextJanitor = janitorEvery === null ? Infinity : (times[0] ?? 0) + janitorEvery;
  let hits = 0;
  let hitHigh = 0;
  let hitLow = 0;
  let requestedHigh = 0;
  let requestedLow = 0;
  for (let i = 0; i < trace.length; i++) {
    const object = objects[i]!;
    const size = sizes[i]!;
    const now = times[i]!;
    if (janitorEvery === null) ageOut(now);
    else if (now >= nextJanitor) {
      ageOut(now);
      pressure(now);
      nextJanitor += Math.ceil((now - nextJanitor + 1) / janitorEvery) * janitorEvery;
    }
    const counted = i >= warmup;
    const part = Math.floor(size / BYTE_SPLIT);
    if (counted) {
      requestedHigh += part;
      requestedLow += size - part * BYTE_SPLIT;
    }
    if (pinned[object] || cached[object]) {
      if (counted) {
        hits++;
        hitHigh += part;
        hitLow += size - part * BYTE_SPLIT;
      }
      if (pinned[object]) continue;
      unlink(object);
    } else {
      if (size > capacity) continue;
      if (!evictUntil(() => used + size <= capacity, now)) continue; // no room: served without caching
      cached[object] = 1;
      sizeOf[object] = size;
      used += size;
    }
    lastAccess[object] = now;
    const first = next[head]!;
    next[object] = first;
    previous[object] = head;
    previous[first] = object;
    next[head] = object;
    if (janitorEvery === null) pressure(now);
  }
  const measured = Math.max(0, trace.length - warmup);
  const hitBytes = combineBytes(hitHigh, hitLow);
  const requested = combineBytes(requestedHigh, requestedLow);
  return {
    hits,
    hitBytes,
    hitRatio: measured === 0 ? 0 : hits / measured,
    byteHitRatio: requested === 0 ? 0 : hitBytes / requested,
    evictions,
    agedOut,
  };
}
