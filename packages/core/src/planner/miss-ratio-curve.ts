import { BYTE_SPLIT, combineBytes } from './exact-bytes';
import { selectPairs } from './select-pairs';
import { stackDistances } from './stack-distances';
import type { Trace } from './trace';

const DAY_MS = 86_400_000;

export interface CurveOptions {
  /** Capacities (bytes) to evaluate besides the log-spaced ones. */
  capacities?: number[];
  /** How many log-spaced capacities, from the largest object to the working set (default 240). */
  points?: number;
  /**
   * Accesses at the start that warm the cache but are not counted: the first `accesses`, or those before
   * `untilTime` (ms). Default: the first 10 % of the accesses — one warm-up for every capacity, where "until the
   * cache would have filled" would be a different warm-up per capacity.
   */
  warmup?: { accesses?: number; untilTime?: number };
  /** Bytes pinned in the cache: they take room from every capacity, and nothing below largest + pinned is exact. */
  pinnedBytes?: number;
  /**
   * Trace objects among the pinned entries (their bytes are part of pinnedBytes): always resident, so each of their
   * accesses is a hit at every capacity and they are not in the LRU stack.
   */
  pinnedObjects?: ReadonlySet<number>;
  /** Days the measured accesses cover, for bytes pulled per day (default: their time span, at least one day). */
  windowDays?: number;
}

export interface CurveFigures {
  hits: number;
  hitBytes: number;
  hitRatio: number;
  byteHitRatio: number;
  /** False below the largest object plus the pinned bytes: the stack result is not a real LRU cache's there. */
  exact: boolean;
}

export interface CurvePoint extends CurveFigures {
  capacityBytes: number;
  /** Missed bytes of the measured accesses per day: what this size would pull from the object store. */
  pullBytesPerDay: number;
}

export interface Curve {
  accesses: number;
  measuredAccesses: number;
  warmupAccesses: number;
  /** How the warm-up was chosen, as a sentence. */
  warmup: string;
  distinctObjects: number;
  /** Bytes the measured accesses asked for. */
  requestedBytes: number;
  largestObjectBytes: number;
  pinnedBytes: number;
  windowDays: number;
  /** Hits / measured accesses the real cache recorded (trace.hits), null when the trace has none. */
  recordedHitRatio: number | null;
  /** First accesses (to an object, or to a new size of it) among the measured ones: no capacity removes them. */
  compulsory: { misses: number; bytes: number; hitRatioCeiling: number; byteHitRatioCeiling: number };
  /** Ascending capacities. */
  points: CurvePoint[];
  /** The exact figures at any capacity (binary search on the sorted distances). */
  at(capacityBytes: number): CurveFigures;
  /**
   * The smallest capacity whose hit ratio reaches the target, never below largest + pinned (where the figures stop
   * being a real cache's); 0 for a target ≤ 0; null when the compulsory misses cap the ratio below the target.
   */
  capacityFor(targetHitRatio: number): number | null;
  /**
   * Where more capacity stops paying (Kneedle, Satopää et al. 2011): over the exact points, x = log capacity and
   * y = hit ratio, both scaled to [0, 1]; the knee is the point farthest above the chord from the first to the last,
   * if it is at least 0.02 above it (else null: a straight or flat curve has no knee).
   */
  knee(): { capacityBytes: number; hitRatio: number; byteHitRatio: number } | null;
}

/**
 * The exact LRU miss-ratio curve of a trace with objects of different sizes: one pass of byte-weighted stack
 * distances, one sort of them, then hit ratio and byte hit ratio at any number of capacities. Warm-up accesses
 * update the stack but are not counted; first accesses after it are compulsory misses, reported apart.
 */
export function missRatioCurve(trace: Trace, options: CurveOptions = {}): Curve {
  const n = trace.length;
  const { warmupAccesses, warmup } = chooseWarmup(trace, options.warmup);
  const measured = n - warmupAccesses;
  const pinnedBytes = Math.max(0, options.pinnedBytes ?? 0);
  const sizes = trace.sizes;

  // The distances of the measured accesses, then the finite ones packed to the front with their objects (4 bytes
  // each rather than an 8-byte size: an object's size never changes, so sizeOf[object] is the access's size).
  const pinnedMarks = new Uint8Array(trace.objectCount);
  for (const object of options.pinnedObjects ?? []) if (object >= 0 && object < trace.objectCount) pinnedMarks[object] = 1;
  const keys = stackDistances(trace, warmupAccesses, undefined, pinnedMarks);
  const values = new Int32Array(measured);
  const sizeOf = new Float64Array(trace.objectCount);
  let finite = 0;
  let requestedHigh = 0;
  let requestedLow = 0;
  let compulsoryMisses = 0;
  let compulsoryHigh = 0;
  let compulsoryLow = 0;
  let recordedHits = 0;
  for (let k = 0; k < measured; k++) {
    const size = sizes[warmupAccesses + k]!;
    const high = Math.floor(size / BYTE_SPLIT);
    requestedHigh += high;
    requestedLow += size - high * BYTE_SPLIT;
    const distance = keys[k]!;
    if (distance === Infinity) {
      compulsoryMisses++;
      compulsoryHigh += high;
      compulsoryLow += size - high * BYTE_SPLIT;
    } else {
      keys[finite] = distance;
      values[finite] = trace.objects[warmupAccesses + k]!;
      sizeOf[values[finite]!] = size;
      finite++;
    }
    if (trace.hits) recordedHits += trace.hits[warmupAccesses + k]!;
  }
  const requestedBytes = combineBytes(requestedHigh, requestedLow);
  const compulsoryBytes = combineBytes(compulsoryHigh, compulsoryLow);

  let largest = 0;
  let workingSet = 0;
  let distinctObjects = 0;
  const seen = new Uint8Array(trace.objectCount);
  for (let i = 0; i < n; i++) {
    const size = sizes[i]!;
    const object = trace.objects[i]!;
    if (!seen[object]) {
      seen[object] = 1;
      distinctObjects++;
      // A pinned object's bytes are in pinnedBytes, outside the stack.
      if (!pinnedMarks[object]) workingSet += size;
    }
    if (size > largest && !pinnedMarks[object]) largest = size;
  }
  const exactFrom = largest + pinnedBytes;
  const span = measured > 1 ? (trace.times[n - 1]! - trace.times[warmupAccesses]!) / DAY_MS : 0;
  const windowDays = options.windowDays ?? Math.max(1, span);
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

  const figures = (capacityBytes: number, hits: number, high: number, low: number): CurveFigures => {
    const hitBytes = combineBytes(high, low);
    return { hits, hitBytes, hitRatio: ratio(hits, measured), byteHitRatio: ratio(hitBytes, requestedBytes), exact: capacityBytes >= exactFrom };
  };
  // Any capacity: one pass over the distances (a few ms per million), no sorted copy of them kept.
  const at = (capacityBytes: number): CurveFigures => {
    const room = capacityBytes - pinnedBytes;
    let hits = 0;
    let high = 0;
    let low = 0;
    for (let k = 0; k < finite; k++) {
      if (keys[k]! > room) continue;
      hits++;
      const size = sizeOf[values[k]!]!;
      const part = Math.floor(size / BYTE_SPLIT);
      high += part;
      low += size - part * BYTE_SPLIT;
    }
    return figures(capacityBytes, hits, high, low);
  };

  // Capacities: log-spaced from the largest object to the whole working set (each plus the pinned bytes).
  const count = Math.max(2, options.points ?? 240);
  const low = Math.max(1, largest);
  const high = Math.max(low * 2, workingSet);
  const capacitySet = new Set<number>();
  for (let k = 0; k < count; k++)
    capacitySet.add(Math.round(low * Math.pow(high / low, k / (count - 1))) + pinnedBytes);
  for (const capacity of options.capacities ?? []) if (capacity > 0) capacitySet.add(Math.round(capacity));
  const capacities = [...capacitySet].sort((a, b) => a - b);

  // Every point in one pass: each distance counts in the bucket of the smallest capacity whose room holds it
  // (binary search over the capacities), then the buckets add up in capacity order. Exact: the same integers
  // summed in two parts as at() sums them.
  const rooms = Float64Array.from(capacities, (capacity) => capacity - pinnedBytes);
  const bucketHits = new Float64Array(rooms.length + 1);
  const bucketHigh = new Float64Array(rooms.length + 1);
  const bucketLow = new Float64Array(rooms.length + 1);
  for (let k = 0; k < finite; k++) {
    const distance = keys[k]!;
    let lo = 0;
    let hi = rooms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rooms[mid]! >= distance) hi = mid;
      else lo = mid + 1;
    }
    const size = sizeOf[values[k]!]!;
    const part = Math.floor(size / BYTE_SPLIT);
    bucketHits[lo]!++;
    bucketHigh[lo]! += part;
    bucketLow[lo]! += size - part * BYTE_SPLIT;
  }
  let hitsSoFar = 0;
  let highSoFar = 0;
  let lowSoFar = 0;
  const points: CurvePoint[] = capacities.map((capacityBytes, index) => {
    hitsSoFar += bucketHits[index]!;
    highSoFar += bucketHigh[index]!;
    lowSoFar += bucketLow[index]!;
    const point = figures(capacityBytes, hitsSoFar, highSoFar, lowSoFar);
    return { capacityBytes, ...point, pullBytesPerDay: (requestedBytes - point.hitBytes) / windowDays };
  });

  const capacityFor = (target: number): number | null => {
    if (measured === 0) return null;
    if (target <= 0) return 0;
    // The fewest hits whose ratio (computed as the points compute it) reaches the target.
    let needed = Math.max(1, Math.ceil(target * measured));
    while (needed > 1 && ratio(needed - 1, measured) >= target) needed--;
    while (needed <= measured && ratio(needed, measured) < target) needed++;
    if (needed > finite) return null;
    // The needed-th smallest distance: selection moves pairs within the arrays, which at() reads as a set.
    selectPairs(keys, values, needed - 1, finite);
    return Math.max(keys[needed - 1]! + pinnedBytes, exactFrom);
  };

  const knee = () => {
    const exactPoints = points.filter((point) => point.exact);
    if (exactPoints.length < 3) return null;
    const first = exactPoints[0]!;
    const last = exactPoints.at(-1)!;
    const x = (point: CurvePoint) => Math.log(point.capacityBytes);
    const spanX = x(last) - x(first);
    const spanY = last.hitRatio - first.hitRatio;
    if (spanX <= 0 || spanY <= 0) return null;
    let best: CurvePoint | null = null;
    let bestGap = 0.02;
    for (const point of exactPoints) {
      const gap = (point.hitRatio - first.hitRatio) / spanY - (x(point) - x(first)) / spanX;
      if (gap > bestGap) {
        bestGap = gap;
        best = point;
      }
    }
    return (
      best && { capacityBytes: best.capacityBytes, hitRatio: best.hitRatio, byteHitRatio: best.byteHitRatio }
    );
  };

  return {
    accesses: n,
    measuredAccesses: measured,
    warmupAccesses,
    warmup,
    distinctObjects,
    requestedBytes,
    largestObjectBytes: largest,
    pinnedBytes,
    windowDays,
    recordedHitRatio: trace.hits ? ratio(recordedHits, measured) : null,
    compulsory: {
      misses: compulsoryMisses,
      bytes: compulsoryBytes,
      hitRatioCeiling: ratio(measured - compulsoryMisses, measured),
      byteHitRatioCeiling: ratio(requestedBytes - compulsoryBytes, requestedBytes),
    },
    points,
    at,
    capacityFor,
    knee,
  };
}

function chooseWarmup(
  trace: Trace,
  option: CurveOptions['warmup'],
): { warmupAccesses: number; warmup: string } {
  const n = trace.length;
  const count = (value: number) => value.toLocaleString('en-US');
  if (option?.accesses !== undefined) {
    const warmupAccesses = Math.min(n, Math.max(0, Math.floor(option.accesses)));
    return {
      warmupAccesses,
      warmup: `the first ${warmupAccesses === 1 ? 'access warms' : `${count(warmupAccesses)} accesses warm`} the cache and ${warmupAccesses === 1 ? 'is' : 'are'} not counted`,
    };
  }
  if (option?.untilTime !== undefined) {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (trace.times[mid]! < option.untilTime) lo = mid + 1;
      else hi = mid;
    }
    return {
      warmupAccesses: lo,
      warmup: `the ${count(lo)} accesses before ${new Date(option.untilTime).toISOString()} warm the cache and are not counted`,
    };
  }
  const warmupAccesses = Math.floor(n * 0.1);
  return {
    warmupAccesses,
    warmup:
      warmupAccesses === 0
        ? 'every access is counted: too few for a warm-up (the first 10 % of the accesses)'
        : `the first 10 % of the accesses (${count(warmupAccesses)}) warm the cache and are not counted`,
  };
}
