import type { PlannerView } from './view';

export const CURVE_CSV_HEADER = 'capacity_bytes,hit_ratio,byte_hit_ratio,exact,pull_bytes_per_day';

/** The curve as CSV: one line per capacity, ratios 0..1, `exact` false where the stack result is not a real cache's. */
export function curveCsv(view: PlannerView): string {
  const lines = [CURVE_CSV_HEADER];
  for (const point of view.points) {
    lines.push(`${point.capacityBytes},${point.hitRatio.toFixed(6)},${point.byteHitRatio.toFixed(6)},${point.exact},${Math.round(point.pullBytesPerDay)}`);
  }
  return `${lines.join('\n')}\n`;
}
