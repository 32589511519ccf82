import { parseTraceCsv, planCapacity, type PlannerView } from '@stowage/core';
import { DEFAULT_STAGING_POLICY, targetHitRatioOf } from './planner-inputs';

const DAY_MS = 86_400_000;

/**
 * The capacity planner for a trace CSV (time, object, size) of a zone that does not exist yet: the same curve and
 * figures as for a zone, replayed with a new staging store's default settings, no current size, no pins or leases.
 */
export function planImportedTrace(csv: string, options: { targetPercent?: number } = {}): PlannerView {
  const trace = parseTraceCsv(csv);
  const from = trace.times[0]!;
  const to = trace.times[trace.length - 1]!;
  return planCapacity({
    trace,
    zone: null,
    window: { from, to, days: Math.max(1, Math.ceil((to - from) / DAY_MS)) },
    targetHitRatio: targetHitRatioOf(options.targetPercent),
    currentCapacityBytes: null,
    hitsAreTheCache: false,
    pinnedBytes: 0,
    pinnedObjects: new Set(),
    leases: [],
    policy: DEFAULT_STAGING_POLICY,
  });
}
