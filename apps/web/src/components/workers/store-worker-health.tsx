'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';

/** How the live workers that reach a store find it: "ok on 2 workers · path /x missing on worker w-3". */
export function StoreWorkerHealth({ storeId }: { storeId: string }) {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.worker.storeHealth.queryOptions(), refetchInterval: 10_000 });
  const entries = health.data?.[storeId];
  if (!entries || entries.length === 0) return null;
  const ok = entries.filter((entry) => entry.ok).length;
  const broken = entries.filter((entry) => !entry.ok);
  return (
    <p className="mt-1 text-xs" data-testid="store-worker-health">
      <span className="text-slate-500">Workers: </span>
      {ok > 0 ? <span className="text-emerald-700">ok on {ok === 1 ? '1 worker' : `${ok} workers`}</span> : null}
      {broken.map((entry, index) => (
        <span key={entry.workerId} className="text-red-700">
          {ok > 0 || index > 0 ? ' · ' : ''}
          {entry.error?.includes(entry.workerId) ? entry.error : `worker ${entry.workerId}: ${entry.error ?? 'broken'}`}
        </span>
      ))}
    </p>
  );
}
