'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '~/trpc/react';
import { zonesText } from './worker-status-badge';

/** The Overview's line about workers: how many are live, the zones they cover, and any that went silent. */
export function WorkersSummary() {
  const trpc = useTRPC();
  const workers = useQuery({ ...trpc.worker.list.queryOptions(), refetchInterval: 10_000 });
  if (!workers.data) return null;
  const live = workers.data.filter((worker) => worker.status === 'live');
  const stale = workers.data.filter((worker) => worker.status === 'stale');
  const covered = live.some((worker) => worker.zones === null) ? null : [...new Set(live.flatMap((worker) => worker.zones ?? []))].sort();
  return (
    <section
      aria-label="Workers"
      data-testid="workers-summary"
      className={`mb-6 rounded-lg border px-4 py-3 text-sm ${live.length === 0 || stale.length > 0 ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-slate-200 bg-white text-slate-700 shadow-sm'}`}
    >
      <Link href="/workers" className="font-semibold hover:underline">
        {live.length === 0 ? 'No live worker' : `${live.length} live worker${live.length === 1 ? '' : 's'}`}
      </Link>
      {live.length > 0 ? <span> · reaching {zonesText(covered)}</span> : <span> · queued jobs wait until one runs.</span>}
      {stale.length > 0 ? (
        <span data-testid="stale-workers">
          {' '}
          · <strong>{stale.length} stale</strong> (no heartbeat): {stale.map((worker) => worker.id).join(', ')}
        </span>
      ) : null}
    </section>
  );
}
