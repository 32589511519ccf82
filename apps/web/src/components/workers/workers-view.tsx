'use client';

import { useQuery } from '@tanstack/react-query';
import type { WorkerView } from '@stowage/services';
import { useNow } from '~/components/cache/use-now';
import { RelativeTime } from '~/components/relative-time';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { formatAgo, formatDateTime } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { WorkerStatusBadge, zonesText } from './worker-status-badge';

function WorkerRow({ worker, now }: { worker: WorkerView; now: number }) {
  const shown = worker.status === 'stopped' && worker.stoppedAt ? worker.stoppedAt : worker.heartbeatAt;
  return (
    <tr data-testid={`worker-row-${worker.id}`} className={`border-t border-slate-100 align-top ${worker.status === 'stopped' ? 'text-slate-400' : ''}`}>
      <td className="py-3 pr-4">
        <span className="font-mono text-xs font-medium">{worker.id}</span>
        <span className="mt-0.5 block text-xs text-slate-500">
          {worker.hostname} · pid {worker.pid}
        </span>
      </td>
      <td className="py-3 pr-4 text-xs">{zonesText(worker.zones)}</td>
      <td className="py-3 pr-4 text-right tabular-nums">{worker.jobsRunning}</td>
      <td className="py-3 pr-4 text-xs whitespace-nowrap">
        <span className="flex items-center gap-2">
          <WorkerStatusBadge status={worker.status} />
          {/* Refreshed with the list (every 5 s), finer than RelativeTime's own clock: a heartbeat is seconds old. */}
          <time dateTime={new Date(shown).toISOString()} title={formatDateTime(shown)}>
            {formatAgo(shown, now)}
          </time>
        </span>
      </td>
      <td className="py-3 pr-4 font-mono text-xs">{worker.version}</td>
      <td className="py-3 text-xs whitespace-nowrap">
        <RelativeTime date={worker.startedAt} />
      </td>
    </tr>
  );
}

export function WorkersView() {
  const trpc = useTRPC();
  const workers = useQuery({ ...trpc.worker.list.queryOptions(), refetchInterval: 5000 });
  const now = useNow(5000);
  const live = workers.data?.filter((worker) => worker.status === 'live').length ?? 0;

  return (
    <>
      <PageHeader
        title="Workers"
        description="The processes that run jobs: the zones whose NFS each one reaches (object stores are reached by all), what it runs now and when it last said it was alive."
      />
      <Card title={workers.data ? `${live} live of ${workers.data.length}` : 'Workers'} testId="workers">
        {workers.isPending ? (
          <LoadingRows label="Loading workers" />
        ) : workers.isError ? (
          <ErrorBanner message={parseError(workers.error)?.message} />
        ) : workers.data.length === 0 ? (
          <EmptyState title="No worker has registered">Start one with npm start, or run apps/worker on a machine that reaches the database.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Workers">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="pb-2 pr-4 font-medium">Worker</th>
                  <th className="pb-2 pr-4 font-medium">Zones</th>
                  <th className="pb-2 pr-4 text-right font-medium">Jobs running</th>
                  <th className="pb-2 pr-4 font-medium">Last heartbeat</th>
                  <th className="pb-2 pr-4 font-medium">Version</th>
                  <th className="pb-2 font-medium">Started</th>
                </tr>
              </thead>
              <tbody>
                {workers.data.map((worker) => (
                  <WorkerRow key={worker.id} worker={worker} now={now} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
