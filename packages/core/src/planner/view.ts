/*
 * What the capacity planner answers for one zone and window (or an imported trace): the miss-ratio curve with
 * the figures a person acts on. Built by packages/services (planZoneCapacity, planImportedTrace) from the
 * pure functions of this folder; shown by the Planner tab of the Cache page.
 */

/** The windows the Planner offers, in days. */
export const PLANNER_WINDOWS_DAYS = [1, 7, 30, 90] as const;
export type PlannerWindowDays = (typeof PLANNER_WINDOWS_DAYS)[number];

export interface PlannerPoint {
  capacityBytes: number;
  /** Hits / measured accesses at this capacity (warm-up excluded). */
  hitRatio: number;
  /** Hit bytes / requested bytes at this capacity (warm-up excluded). */
  byteHitRatio: number;
  /** False below the largest object plus the pinned bytes: the stack result is not a real LRU cache's there. */
  exact: boolean;
  /** Bytes per day this size would pull from the object store (the missed bytes of the window, per day). */
  pullBytesPerDay: number;
}

export interface PlannerReplayPoint {
  capacityBytes: number;
  /** Stowage's own policy replayed (LRU + idle TTL + watermarks + pins + leases as they were). */
  hitRatio: number;
  byteHitRatio: number;
  /** The curve's figures at the same capacity, for comparison. */
  curveHitRatio: number;
  curveByteHitRatio: number;
}

export interface PlannerView {
  /** The zone planned; null for an imported trace. */
  zone: { id: string; name: string; mode: 'backup' | 'staging' } | null;
  window: { from: string; to: string; days: number };
  accesses: number;
  /** Accesses counted in the ratios (after the warm-up). */
  measuredAccesses: number;
  /** How the warm-up was chosen, as a sentence ("the first 10 % of the window's accesses (1,234)"). */
  warmup: string;
  distinctObjects: number;
  requestedBytes: number;
  /** First accesses to an object (or to a new size of it) after the warm-up: misses no capacity removes. */
  compulsory: { misses: number; bytes: number; hitRatioCeiling: number; byteHitRatioCeiling: number };
  largestObjectBytes: number;
  pinnedBytes: number;
  /** The zone's staging cache as it is (null: no staging store, or an imported trace). */
  current: { capacityBytes: number; measuredHitRatio: number | null; predictedHitRatio: number; predictedByteHitRatio: number } | null;
  /** Ascending capacities, at least 200. */
  points: PlannerPoint[];
  /** Where more capacity stops paying (null when the curve has no knee). */
  knee: { capacityBytes: number; hitRatio: number; byteHitRatio: number } | null;
  /** The smallest capacity that reaches the target hit ratio (null when even an infinite cache cannot). */
  target: { hitRatio: number; capacityBytes: number | null } | null;
  /** A few capacities replayed with Stowage's policy, as the check on the curve. */
  replay: PlannerReplayPoint[];
}
