import type { PlannerView } from '@stowage/core/planner';
import { formatRatio, formatSize } from '~/lib/planner';

function difference(replay: number, curve: number): string {
  const points = (replay - curve) * 100;
  const rounded = Math.round(points * 10) / 10;
  if (rounded === 0) return '±0 pt';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)} pt`;
}

/** The check on the curve: Stowage's own policy replayed at a few sizes, against what the curve says there. */
export function ReplayTable({ view }: { view: PlannerView }) {
  if (view.replay.length === 0)
    return <p className="text-sm text-slate-500">No sizes were replayed for this window.</p>;
  return (
    <div className="space-y-2" data-testid="planner-replay">
      <p className="text-sm text-slate-700">
        Stowage&apos;s own policy (idle TTL, watermarks, pins, leases) replayed at {view.replay.length}{' '}
        {view.replay.length === 1 ? 'size' : 'sizes'}: where it differs from the curve, the policy, not the
        size, is what costs hits.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Capacity
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                Curve (LRU)
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                Replay
              </th>
              <th scope="col" className="py-1 pr-4 text-right font-medium">
                Difference
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Bytes: curve / replay
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {view.replay.map((point) => (
              <tr key={point.capacityBytes} data-testid="planner-replay-row">
                <td className="py-1 pr-4">{formatSize(point.capacityBytes)}</td>
                <td className="py-1 pr-4 text-right">{formatRatio(point.curveHitRatio)}</td>
                <td className="py-1 pr-4 text-right">{formatRatio(point.hitRatio)}</td>
                <td
                  className={`py-1 pr-4 text-right ${point.hitRatio < point.curveHitRatio - 0.005 ? 'text-amber-700' : 'text-slate-600'}`}
                >
                  {difference(point.hitRatio, point.curveHitRatio)}
                </td>
                <td className="py-1 text-right text-slate-600">
                  {formatRatio(point.curveByteHitRatio)} / {formatRatio(point.byteHitRatio)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
