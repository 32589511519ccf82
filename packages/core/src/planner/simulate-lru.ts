import { BYTE_SPLIT, combineBytes } from './exact-bytes';
import type { Trace } from './trace';

export interface SimulationOptions {
  /** Accesses at the start that warm the cache but are not counted. */
  warmupAccesses?: number;
  /** Bytes pinned in the cache, unavailable to the trace's objects. */
  pinnedBytes?: number;
}

/**
 * A real LRU cache of whole objects at one capacity, access by access (the direct simulation of libCacheSim or
 * Caffeine's simulator): a hit moves the object to the front; a miss admits it, evicting the least recently used
 * until it fits (an object larger than the room is not admitted). A doubly linked list over typed arrays, no
 * allocation per access. The direct way to answer "what would this size have hit" — one run per size.
 */
export function simulateLru(
  trace: Trace,
  capacityBytes: number,
  options: SimulationOptions = {},
): { hits: number; hitBytes: number } {
  const room = capacityBytes - (options.pinnedBytes ?? 0);
  const warmup = options.warmupAccesses ?? 0;
  const { objectCount, objects, sizes } = trace;
  // List node o is object o; node objectCount is the sentinel (next: most recent, previous: least recent).
  const head = objectCount;
  const next = new Int32Array(objectCount + 1);
  const previous = new Int32Array(objectCount + 1);
  const cached = new Uint8Array(objectCount);
  const sizeOf = new Float64Array(objectCount);
  next[head] = head;
  previous[head] = head;
  let used = 0;
  let hits = 0;
  let hitHigh = 0;
  let hitLow = 0;
  for (let i = 0; i < trace.length; i++) {
    const object = objects[i]!;
    const size = sizes[i]!;
    if (cached[object]) {
      // Unlink, then fall through to link at the front.
      next[previous[object]!] = next[object]!;
      previous[next[object]!] = previous[object]!;
      if (i >= warmup) {
        hits++;
        const high = Math.floor(size / BYTE_SPLIT);
        hitHigh += high;
        hitLow += size - high * BYTE_SPLIT;
      }
    } else {
      if (size > room) continue;
      while (used + size > room) {
        const oldest: number = previous[head]!;
        next[previous[oldest]!] = head;
        previous[head] = previous[oldest]!;
        cached[oldest] = 0;
        used -= sizeOf[oldest]!;
      }
      cached[object] = 1;
      sizeOf[object] = size;
      used += size;
    }
    const first = next[head]!;
    next[object] = first;
    previous[object] = head;
    previous[first] = object;
    next[head] = object;
  }
  return { hits, hitBytes: combineBytes(hitHigh, hitLow) };
}
