import { missRatioCurve, type Curve } from './miss-ratio-curve';
import { replayPolicy, type LeaseInterval } from './replay-policy';
import type { Trace } from './trace';
import type { PlannerPoint, PlannerReplayPoint, PlannerView } from './view';

const DAY_MS = 86_400_000;
/** How many capacities the replay checks (each replay is one pass over the trace). */
const REPLAY_SIZES = 5;

/** Stowage's staging policy as the replay applies it. */
export interface StagingPolicy {
  idleTtlMs: number | null;
  /** Fractions of the capacity. */
  highWatermark: number;
  lowWatermark: number;
  janitorIntervalMs: number | null;
}

export interface PlanCapacityInput {
  trace: Trace;
  zone: PlannerView['zone'];
  /** The window asked for, ms since the epoch. */
  window: { from: number; to: number; days: number };
  /** 0..1, or null for no target. */
  targetHitRatio: number | null;
  /** The staging cache's capacity today (null: none). */
  currentCapacityBytes: number | null;
  /** True when trace.hits are this cache's own outcomes (a staging zone): the measured ratio is shown beside the predicted. */
  hitsAreTheCache: boolean;
  pinnedBytes: number;
  /** Trace ids of the pinned entries (the replay keeps them resident). */
  pinnedObjects: ReadonlySet<number>;
  leases: readonly LeaseInterval[];
  policy: StagingPolicy;
}

/**
 * The capacity planner's answer for one trace: the exact LRU curve (hit and byte hit ratio at ≥ 240 capacities),
 * the figures a person acts on (compulsory floor, knee, the size for a target, today's size measured and
 * predicted) and Stowage's own policy replayed at a few of those sizes, as the check on the curve.
 */
export function planCapacity(input: PlanCapacityInput): PlannerView {
  const { trace, currentCapacityBytes, targetHitRatio } = input;
  // The curve's default warm-up: the first 10 % of the accesses (one warm-up for every capacity).
  const warmupAccesses = Math.floor(trace.length * 0.1);
  const measuredSpan =
    trace.length > warmupAccesses + 1 ? trace.times[trace.length - 1]! - trace.times[warmupAccesses]! : 0;
  const curve = missRatioCurve(trace, {
    pinnedBytes: input.pinnedBytes,
    pinnedObjects: input.pinnedObjects,
    capacities: currentCapacityBytes ? [currentCapacityBytes] : [],
    // Bytes per day over the time the measured accesses span (at least an hour): a window longer than the history
    // would otherwise understate the daily pull.
    windowDays: Math.max(measuredSpan, 3_600_000) / DAY_MS,
  });
  const exactFrom = curve.largestObjectBytes + curve.pinnedBytes;
  const knee = trace.length > 0 ? curve.knee() : null;
  const targetCapacity =
    targetHitRatio === null || trace.length === 0 ? undefined : curve.capacityFor(targetHitRatio);

  const current =
    currentCapacityBytes === null
      ? null
      : (() => {
          const figures = curve.at(currentCapacityBytes);
          return {
            capacityBytes: currentCapacityBytes,
            measuredHitRatio: input.hitsAreTheCache ? curve.recordedHitRatio : null,
            predictedHitRatio: figures.hitRatio,
            predictedByteHitRatio: figures.byteHitRatio,
          };
        })();

  const replayAt =
    trace.length === 0
      ? []
      : chooseReplayCapacities(
          curve.points.filter((point) => point.exact).map((point) => point.capacityBytes),
          [currentCapacityBytes, targetCapacity ?? null, knee?.capacityBytes ?? null],
        ).filter((capacity) => capacity >= exactFrom);
  // The replay keeps the pinned trace objects resident at their size; the rest of the pinned bytes it is told.
  const pinnedInTrace = new Map<number, number>();
  for (let i = 0; i < trace.length; i++) {
    const object = trace.objects[i]!;
    if (input.pinnedObjects.has(object) && !pinnedInTrace.has(object))
      pinnedInTrace.set(object, trace.sizes[i]!);
  }
  const pinnedOutsideTrace = Math.max(
    0,
    input.pinnedBytes - [...pinnedInTrace.values()].reduce((sum, size) => sum + size, 0),
  );
  const replay: PlannerReplayPoint[] = replayAt.map((capacityBytes) => {
    const result = replayPolicy(trace, {
      capacityBytes,
      idleTtlMs: input.policy.idleTtlMs,
      highWatermark: input.policy.highWatermark,
      lowWatermark: input.policy.lowWatermark,
      janitorIntervalMs: input.policy.janitorIntervalMs,
      pinnedObjects: input.pinnedObjects,
      pinnedBytes: pinnedOutsideTrace,
      leases: input.leases,
      warmupAccesses,
    });
    const figures = curve.at(capacityBytes);
    return {
      capacityBytes,
      hitRatio: result.hitRatio,
      byteHitRatio: result.byteHitRatio,
      curveHitRatio: figures.hitRatio,
      curveByteHitRatio: figures.byteHitRatio,
    };
  });

  return {
    zone: input.zone,
    window: {
      from: new Date(input.window.from).toISOString(),
      to: new Date(input.window.to).toISOString(),
      days: input.window.days,
    },
    accesses: curve.accesses,
    measuredAccesses: curve.measuredAccesses,
    warmup: curve.warmup,
    distinctObjects: curve.distinctObjects,
    requestedBytes: curve.requestedBytes,
    compulsory: curve.compulsory,
    largestObjectBytes: curve.largestObjectBytes,
    pinnedBytes: curve.pinnedBytes,
    current,
    points: trace.length === 0 ? [] : withPoint(curve.points, targetCapacity ?? null, curve),
    knee,
    target:
      targetHitRatio === null ? null : { hitRatio: targetHitRatio, capacityBytes: targetCapacity ?? null },
    replay,
  };
}

/** The curve's points, with the target's size among them (so what it pulls per day is exact, not interpolated). */
function withPoint(points: Curve['points'], capacity: number | null, curve: Curve): PlannerPoint[] {
  const shown = points.map(({ capacityBytes, hitRatio, byteHitRatio, exact, pullBytesPerDay }) => ({
    capacityBytes,
    hitRatio,
    byteHitRatio,
    exact,
    pullBytesPerDay,
  }));
  if (capacity === null || capacity <= 0 || shown.some((point) => point.capacityBytes === capacity))
    return shown;
  const figures = curve.at(capacity);
  const perDay = (curve.requestedBytes - figures.hitBytes) / curve.windowDays;
  shown.push({
    capacityBytes: capacity,
    hitRatio: figures.hitRatio,
    byteHitRatio: figures.byteHitRatio,
    exact: figures.exact,
    pullBytesPerDay: perDay,
  });
  return shown.sort((a, b) => a.capacityBytes - b.capacityBytes);
}

/** The sizes that matter (today's, the target's, the knee) and evenly spread exact points, at most REPLAY_SIZES. */
function chooseReplayCapacities(exactCapacities: number[], wanted: (number | null)[]): number[] {
  const chosen = new Set<number>();
  for (const capacity of wanted) if (capacity !== null && capacity > 0) chosen.add(capacity);
  const spread = [0.25, 0.5, 0.75];
  for (const fraction of spread) {
    if (chosen.size >= REPLAY_SIZES || exactCapacities.length === 0) break;
    chosen.add(exactCapacities[Math.floor(fraction * (exactCapacities.length - 1))]!);
  }
  return [...chosen].sort((a, b) => a - b).slice(0, REPLAY_SIZES);
}
