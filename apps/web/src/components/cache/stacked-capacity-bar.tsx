import type { CacheView } from '@stowage/services';
import { formatBytes, formatPercent } from '~/lib/format';

type Space = NonNullable<CacheView['space']>;
type Policy = Pick<NonNullable<CacheView['store']>, 'reservationPolicy' | 'overcommitFactor' | 'highWatermarkPct' | 'lowWatermarkPct'>;

const SEGMENTS = [
  { key: 'used', label: 'Used', swatch: 'bg-indigo-500', hint: 'Entries on disk' },
  { key: 'held', label: 'Reserved', swatch: 'bg-sky-400', hint: 'Promised to copies in flight' },
  { key: 'freeing', label: 'Being freed', swatch: 'bg-amber-400 bg-[repeating-linear-gradient(135deg,transparent_0_4px,rgba(255,255,255,.45)_4px_8px)]', hint: 'Evicted, deletion under way' },
  { key: 'free', label: 'Free', swatch: 'bg-slate-200', hint: 'Left for new reservations' },
] as const;

type SegmentKey = (typeof SEGMENTS)[number]['key'];

const pct = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0);

/**
 * A staging store's space as one bar: used, reserved (held for copies in flight), being freed (evicted,
 * deletion under way) and free, with the high watermark marked, and in overcommit mode the physical capacity
 * marked inside the longer limit. The figures are in the legend; the bar's value text says it all in words.
 */
export function StackedCapacityBar({ space, policy, label, waiting }: { space: Space; policy: Policy; label: string; waiting?: { bytes: number; count: number } }) {
  const beingFreed = Math.min(space.beingFreedBytes, space.usedBytes);
  const bytes: Record<SegmentKey, number> = {
    used: Math.max(0, space.usedBytes - beingFreed),
    held: space.heldBytes,
    freeing: beingFreed,
    free: space.freeBytes,
  };
  const occupied = space.usedBytes + space.heldBytes;
  const scale = Math.max(space.limitBytes, space.capacityBytes, occupied, 1);
  const overcommit = policy.reservationPolicy === 'overcommit' && space.limitBytes > space.capacityBytes;
  const highAt = (space.capacityBytes * policy.highWatermarkPct) / 100;
  const lowAt = (space.capacityBytes * policy.lowWatermarkPct) / 100;
  const valueText =
    `${formatBytes(bytes.used)} used, ${formatBytes(bytes.held)} reserved, ${formatBytes(bytes.freeing)} being freed, ${formatBytes(bytes.free)} free ` +
    `of ${formatBytes(space.limitBytes)}${overcommit ? ` (overcommit limit; capacity ${formatBytes(space.capacityBytes)})` : ''}`;

  if (space.capacityBytes <= 0) {
    return <p className="text-sm text-amber-700">No capacity known for {label}: configure one on the Stores page, or probe the store.</p>;
  }
  return (
    <div className="w-full" data-testid="cache-space">
      <div className="relative pt-5">
        {/* Markers above the bar: the high watermark, and in overcommit mode the physical capacity. */}
        <Marker at={pct(highAt, scale)} label={`high ${policy.highWatermarkPct}%`} text="text-amber-700" line="border-dashed border-amber-600" />
        {overcommit ? <Marker at={pct(space.capacityBytes, scale)} label="capacity" text="text-slate-800" line="border-slate-800" /> : null}
        <div
          role="meter"
          aria-label={`${label} space used and reserved`}
          aria-valuemin={0}
          aria-valuemax={space.limitBytes}
          aria-valuenow={occupied}
          aria-valuetext={valueText}
          className="flex h-4 w-full overflow-hidden rounded-md bg-slate-200"
        >
          {SEGMENTS.filter((segment) => segment.key !== 'free').map((segment) => {
            const width = pct(bytes[segment.key], scale);
            return width > 0 ? (
              <div
                key={segment.key}
                data-testid={`cache-bar-${segment.key}`}
                title={`${segment.label}: ${formatBytes(bytes[segment.key])}`}
                className={`h-full ${segment.swatch} border-r border-white/70 last:border-r-0`}
                style={{ width: `${Math.max(width, 0.5)}%` }}
              />
            ) : null;
          })}
          {overcommit ? (
            // The part of the limit beyond the physical capacity: promises the disk could not keep at once.
            <div
              aria-hidden
              className="ml-auto h-full bg-[repeating-linear-gradient(45deg,rgba(100,116,139,.18)_0_3px,transparent_3px_7px)]"
              style={{ width: `${100 - pct(Math.max(space.capacityBytes, occupied), scale)}%` }}
            />
          ) : null}
        </div>
      </div>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {SEGMENTS.map((segment) => (
          <div key={segment.key} className="flex items-center gap-2" title={segment.hint}>
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${segment.swatch}`} />
            <dt className="text-slate-500">{segment.label}</dt>
            <dd className="font-medium tabular-nums text-slate-800" data-testid={`cache-space-${segment.key}`}>
              {formatBytes(bytes[segment.key])}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-500">
        {formatBytes(occupied)} of {formatBytes(space.limitBytes)} in use or promised ({formatPercent(occupied, space.limitBytes)})
        {overcommit ? (
          <>
            {' '}
            · overcommit limit = capacity {formatBytes(space.capacityBytes)} × {policy.overcommitFactor}
          </>
        ) : (
          <> · strict: never more than the capacity</>
        )}{' '}
        · evicts from {policy.highWatermarkPct}% ({formatBytes(highAt)}) down to {policy.lowWatermarkPct}% ({formatBytes(lowAt)}) of capacity
        {waiting && waiting.count > 0 ? (
          <span className="text-amber-700" data-testid="cache-space-waiting">
            {' '}
            · {formatBytes(waiting.bytes)} waiting for space ({waiting.count} reservation{waiting.count === 1 ? '' : 's'} in the queue)
          </span>
        ) : null}
      </p>
    </div>
  );
}

function Marker({ at, label, text, line }: { at: number; label: string; text: string; line: string }) {
  // Labels near the right edge are anchored to their right so they never overflow the card.
  const anchorRight = at > 85;
  return (
    <div aria-hidden className="pointer-events-none absolute top-0 bottom-0" style={{ left: `${at}%` }}>
      <span className={`absolute top-0 whitespace-nowrap text-[11px] leading-4 ${text} ${anchorRight ? 'right-1' : 'left-1'}`}>{label}</span>
      <div className={`absolute top-3 bottom-0 border-l-2 ${line}`} />
    </div>
  );
}
