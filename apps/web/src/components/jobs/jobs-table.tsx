'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { JobView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Button } from '~/components/ui';
import { formatBytes, formatIn, formatTime } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { DataTable, type ListFeatures, type ServerSort } from '~/components/lists/data-table';
import { RelativeTime } from '~/components/relative-time';
import { JobStateBadge } from './job-state-badge';

type StoreRef = NonNullable<JobView['source']>;

const describe = (store: StoreRef) => `${store.name}${store.zoneName ? ` (zone ${store.zoneName})` : ''}`;

/** One end of a route: the store's name, and its zone on a small line beneath. */
function RouteEnd({ store, arrow = false, fallback }: { store: StoreRef | null; arrow?: boolean; fallback: string }) {
  return (
    <>
      <p className="max-w-64 truncate" title={store?.name}>
        {arrow ? (
          <>
            <span aria-hidden className="text-slate-400">
              →{' '}
            </span>
            <span className="sr-only">to </span>
          </>
        ) : null}
        {store ? store.name : <span className="text-slate-400">{fallback}</span>}
      </p>
      {store?.zoneName ? <p className={`max-w-64 truncate text-xs text-slate-400 ${arrow ? 'pl-4' : ''}`} title={store.zoneName}>
          {store.zoneName}
        </p> : null}
    </>
  );
}

/** Where a job moves bytes: the source, then "→ target"; an ingest comes from outside (a URL or a browser upload). */
export function JobRoute({ job }: { job: JobView }) {
  const single = job.kind === 'verify' || job.kind === 'delete' ? (job.target ?? job.source) : null;
  if (single) {
    return (
      <div className="leading-5" title={describe(single)}>
        <RouteEnd store={single} fallback="—" />
      </div>
    );
  }
  const from = job.source ? describe(job.source) : job.kind === 'ingest' ? 'outside' : '—';
  const to = job.target ? describe(job.target) : '—';
  return (
    <div className="leading-5" title={`${from} → ${to}`}>
      <RouteEnd store={job.source} fallback={job.kind === 'ingest' ? 'outside' : '—'} />
      <RouteEnd store={job.target} arrow fallback="—" />
    </div>
  );
}

function JobProgress({ job }: { job: JobView }) {
  if (job.state === 'running') return <ProgressBar label={`${job.kind} job progress`} {...job.progress} />;
  if (job.state === 'succeeded') return <span className="text-xs text-slate-500">{job.progress.bytesTotal !== null ? formatBytes(job.progress.bytesTotal) : 'done'}</span>;
  if (job.progress.bytesDone > 0 && job.progress.bytesTotal) {
    return <span className="text-xs text-slate-500">stopped at {formatBytes(job.progress.bytesDone)} of {formatBytes(job.progress.bytesTotal)}</span>;
  }
  return <span className="text-slate-400">—</span>;
}

function JobCell({ job, showObject }: { job: JobView; showObject: boolean }) {
  return (
    <div className="whitespace-nowrap">
      <span className="font-medium text-slate-800">{job.kind}</span>
      {showObject && job.objectName ? (
        <p className="max-w-44 truncate text-xs" title={job.objectName}>
          {job.objectId ? (
            <Link href={`/objects/${job.objectId}`} className="text-indigo-700 hover:underline">
              {job.objectName}
            </Link>
          ) : (
            job.objectName
          )}
        </p>
      ) : null}
      <p className="text-xs text-slate-400">{formatTime(job.createdAt)}</p>
    </div>
  );
}

function StateCell({ job, waitReason }: { job: JobView; waitReason: string | null }) {
  return (
    <div className="whitespace-nowrap">
      <JobStateBadge state={job.state} cancelRequested={job.cancelRequested} />
      <p className="mt-0.5 text-xs tabular-nums text-slate-500">
        attempt {job.attempts}/{job.maxAttempts}
      </p>
      {waitReason ? (
        <p data-testid="job-wait-reason" className="mt-1 max-w-56 whitespace-normal text-xs text-amber-800">
          Waits: {waitReason}
        </p>
      ) : null}
    </div>
  );
}

function ReasonCell({ job }: { job: JobView }) {
  const waitingToRetry = job.state === 'queued' && job.error !== null;
  if (!job.error && !waitingToRetry) return <span className="text-slate-400">—</span>;
  return (
    <div className="min-w-48">
      {job.error ? (
        <p className="break-words text-xs text-red-700">
          {job.errorKind ? <span className="font-medium">{job.errorKind}: </span> : null}
          {job.error}
        </p>
      ) : null}
      {waitingToRetry ? (
        <p className="text-xs text-amber-800">
          Next attempt {formatIn(job.runAfter)} ({formatTime(job.runAfter)})
        </p>
      ) : null}
    </div>
  );
}

/** Cancel or retry, as the job's state allows; operators only (others see the state). */
function JobActions({ job }: { job: JobView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => Promise.all([queryClient.invalidateQueries(trpc.job.pathFilter()), queryClient.invalidateQueries(trpc.object.pathFilter())]);
  const cancel = useMutation(trpc.job.cancel.mutationOptions({ onSuccess: invalidate }));
  const retry = useMutation(trpc.job.retry.mutationOptions({ onSuccess: invalidate }));
  const error = parseError(cancel.error ?? retry.error);
  const operator = useAccess().can('operator');
  if (!operator) return null;
  const active = job.state === 'queued' || job.state === 'running';
  const ended = job.state === 'failed' || job.state === 'cancelled';
  return (
    <div className="whitespace-nowrap text-right">
      {active ? (
        <Button disabled={cancel.isPending || job.cancelRequested} onClick={() => cancel.mutate({ jobId: job.id })}>
          {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
        </Button>
      ) : ended && !job.retryable ? (
        <span className="text-xs text-slate-500">Upload the file again</span>
      ) : ended ? (
        <Button disabled={retry.isPending} onClick={() => retry.mutate({ scope: 'job', jobId: job.id })}>
          {retry.isPending ? 'Retrying…' : 'Retry'}
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 max-w-56 whitespace-normal text-left text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

const helper = createColumnHelper<ListFeatures, JobView>();
const noWaitReason = () => null;

function jobColumns(showObject: boolean, waitReason: (job: JobView) => string | null) {
  return helper.columns([
    helper.display({ id: 'job', header: 'Job', cell: ({ row }) => <JobCell job={row.original} showObject={showObject} /> }),
    helper.display({ id: 'state', header: 'State', cell: ({ row }) => <StateCell job={row.original} waitReason={row.original.state === 'queued' ? waitReason(row.original) : null} /> }),
    helper.display({ id: 'route', header: 'From → to', cell: ({ row }) => <div className="text-slate-700"><JobRoute job={row.original} /></div> }),
    helper.display({ id: 'progress', header: 'Progress', cell: ({ row }) => <div className="w-40 min-w-32"><JobProgress job={row.original} /></div> }),
    helper.display({ id: 'reason', header: 'Error / next retry', cell: ({ row }) => <ReasonCell job={row.original} /> }),
    helper.display({ id: 'updated', header: 'Updated', cell: ({ row }) => <span className="whitespace-nowrap text-xs text-slate-500"><RelativeTime date={row.original.updatedAt} /></span> }),
    helper.display({ id: 'actions', header: () => <span className="sr-only">Actions</span>, cell: ({ row }) => <JobActions job={row.original} /> }),
  ]);
}

/** Jobs with their state, attempts, route, live progress, reason and the actions that apply. */
export function JobsTable({
  jobs,
  showObject = false,
  label,
  waitReason = noWaitReason,
  sorting,
  stale,
}: {
  jobs: JobView[];
  showObject?: boolean;
  label: string;
  /** Why a queued job waits for a worker (no live worker reaches its zone, or all find its store broken). */
  waitReason?: (job: JobView) => string | null;
  /** Server sort by the Job (created) and Updated columns; without it the headers are plain. */
  sorting?: Omit<ServerSort, 'sortable'>;
  stale?: boolean;
}) {
  const columns = useMemo(() => jobColumns(showObject, waitReason), [showObject, waitReason]);
  return (
    <DataTable
      columns={columns}
      data={jobs}
      getRowId={(job) => job.id}
      label={label}
      rowTestId={(job) => `job-row-${job.id}`}
      rowData={(job) => ({ 'data-state': job.state })}
      headClassName={{ actions: 'text-right' }}
      stale={stale}
      {...(sorting ? { sorting: { ...sorting, sortable: { job: 'created', updated: 'updated' } } } : {})}
    />
  );
}
