import Link from 'next/link';
import type { ZoneOverview } from '@stowage/services';

const number = (value: number) => value.toLocaleString('en-US');

/* The states a zone's copies are in, as a person reads them; destroyed copies are history, not health. */
const SEGMENTS = [
  { state: 'ready', label: 'ready', color: 'bg-emerald-500' },
  { state: 'copying', label: 'copying', color: 'bg-indigo-500' },
  { state: 'allocated', label: 'waiting to copy', color: 'bg-slate-400' },
  { state: 'failed', label: 'failed', color: 'bg-red-500' },
  { state: 'destroying', label: 'being removed', color: 'bg-amber-400' },
] as const;

/** A zone's copies by state: one stacked bar and the counts, failed linking to the matrix. */
export function ZoneHealth({ zone }: { zone: ZoneOverview }) {
  const total = SEGMENTS.reduce((sum, segment) => sum + zone.health[segment.state], 0);
  if (total === 0) return <p className="mb-3 text-sm text-slate-500">No copies in this zone yet.</p>;
  const summary = SEGMENTS.map((segment) => `${number(zone.health[segment.state])} ${segment.label}`).join(', ');
  return (
    <div className="mb-3" data-testid={`zone-health-${zone.name}`}>
      <div role="img" aria-label={`${zone.name} copies: ${summary}`} className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-200">
        {SEGMENTS.map((segment) =>
          zone.health[segment.state] > 0 ? (
            <div key={segment.state} className={segment.color} style={{ width: `${Math.max(0.5, (zone.health[segment.state] / total) * 100)}%` }} />
          ) : null,
        )}
      </div>
      <ul className="mt-1.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
        {SEGMENTS.map((segment) => (
          <li key={segment.state} className="flex items-center gap-1 whitespace-nowrap">
            <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${segment.color}`} />
            {segment.state === 'failed' && zone.health.failed > 0 ? (
              <Link href={`/objects?zone=${encodeURIComponent(zone.id)}&state=failed`} className="font-medium text-red-700 hover:underline">
                {number(zone.health.failed)} failed
              </Link>
            ) : (
              <span className="tabular-nums">
                {number(zone.health[segment.state])} {segment.label}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
