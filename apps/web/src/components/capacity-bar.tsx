import type { StoreCapacity } from '@stowage/services';
import { formatBytes, formatPercent } from '~/lib/format';

function tone(fraction: number) {
  if (fraction >= 0.9) return 'bg-red-500';
  if (fraction >= 0.75) return 'bg-amber-500';
  return 'bg-indigo-500';
}

/** Used versus total as a bar, with the figures beside it. */
export function CapacityBar({ capacity, label }: { capacity: StoreCapacity; label: string }) {
  if (capacity.totalBytes === null || capacity.usedBytes === null) {
    return <p className="text-xs text-slate-500">No capacity known: the backend reports none and none is configured.</p>;
  }
  const fraction = capacity.totalBytes > 0 ? Math.min(1, capacity.usedBytes / capacity.totalBytes) : 0;
  return (
    <div className="w-full">
      <div
        role="meter"
        aria-label={`${label} capacity used`}
        aria-valuemin={0}
        aria-valuemax={capacity.totalBytes}
        aria-valuenow={capacity.usedBytes}
        aria-valuetext={`${formatBytes(capacity.usedBytes)} of ${formatBytes(capacity.totalBytes)} used`}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full rounded-full ${tone(fraction)}`} style={{ width: `${Math.max(fraction * 100, fraction > 0 ? 1 : 0)}%` }} />
      </div>
      <div className="mt-1 flex justify-between text-xs text-slate-500">
        <span>
          {formatBytes(capacity.usedBytes)} used of {formatBytes(capacity.totalBytes)} ({formatPercent(capacity.usedBytes, capacity.totalBytes)})
        </span>
        <span>
          {formatBytes(capacity.freeBytes)} free{capacity.source === 'configured' ? ' · configured' : ''}
        </span>
      </div>
    </div>
  );
}
