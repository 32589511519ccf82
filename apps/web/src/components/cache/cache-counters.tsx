import type { CacheView } from '@stowage/services';
import { EVICTION_REASONS, formatRatio } from '~/lib/cache';
import { formatBytes } from '~/lib/format';

function Stat({ id, label, value, hint, detail, tone = 'text-slate-800' }: { id: string; label: string; value: string; hint: string; detail?: string; tone?: string }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white px-3 py-3 shadow-sm" data-testid={`cache-stat-${id}`} title={hint}>
      <p className="whitespace-nowrap text-xs font-medium text-slate-500">{label}</p>
      <p className={`mt-1 truncate text-2xl font-semibold tabular-nums ${tone}`} data-testid={`cache-stat-${id}-value`}>
        {value}
      </p>
      {detail ? (
        <p className="truncate text-xs text-slate-500" data-testid={`cache-stat-${id}-detail`}>
          {detail}
        </p>
      ) : null}
    </div>
  );
}

/** The last 24 hours in numbers: hits, misses, their ratio, bytes copied in, and evictions by reason. */
export function CacheCounters({ totals }: { totals: CacheView['totals'] }) {
  const ratioTone = totals.hitRatio === null ? 'text-slate-400' : totals.hitRatio >= 0.8 ? 'text-emerald-700' : totals.hitRatio >= 0.5 ? 'text-amber-700' : 'text-red-600';
  return (
    <section aria-label="Cache counters, last 24 hours" className="mb-6 grid gap-4 2xl:grid-cols-2">
      <div>
        <h2 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">Traffic · last 24 hours</h2>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat id="hits" label="Hits" value={String(totals.hits)} hint="Acquires served from the cache" />
          <Stat
            id="misses"
            label="Misses"
            value={String(totals.misses)}
            hint="Acquires that found no ready copy: those that started a copy from the object store, and those that waited for one already in flight"
            detail={totals.joined > 0 ? `${totals.joined} joined a copy in flight` : undefined}
          />
          <Stat id="hit-ratio" label="Hit ratio" value={formatRatio(totals.hitRatio)} hint="Hits / every acquire (hits + misses)" tone={ratioTone} />
          <Stat id="bytes-staged" label="Bytes staged" value={formatBytes(totals.bytesStaged)} hint="Copied from the object store into this cache" />
        </div>
      </div>
      <div>
        <h2 className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">Evictions by reason · last 24 hours</h2>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {EVICTION_REASONS.map((reason) => (
            <Stat
              key={reason.key}
              id={`evicted-${reason.key}`}
              label={reason.label}
              value={String(totals.evictions[reason.key])}
              hint={reason.hint}
              tone={totals.evictions[reason.key] > 0 ? (reason.key === 'failed_copy' ? 'text-red-600' : 'text-amber-700') : 'text-slate-400'}
            />
          ))}
        </div>
      </div>
    </section>
  );
}
