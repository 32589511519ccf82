'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { JobView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Button } from '~/components/ui';
import { formatBytes, formatIn, formatTime } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { JobStateBadge } from './job-state-badge';

const HEAD = 'whitespace-nowrap px-2 pb-2 pt-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2.5 align-top';

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

function JobRow({ job, showObject, waitReason }: { job: JobView; showObject: boolean; waitReason: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => Promise.all([queryClient.invalidateQueries(trpc.job.pathFilter()), queryClient.invalidateQueries(trpc.object.pathFilter())]);
  const cancel = useMutation(trpc.job.cancel.mutationOptions({ onSuccess: invalidate }));
  const retry = useMutation(trpc.job.retry.mutationOptions({ onSuccess: invalidate }));
  const error = parseError(cancel.error ?? retry.error);
  const active = job.state === 'queued' || job.state === 'running';
  const waitingToRetry = job.state === 'queued' && job.error !== null;
  // Cancel and retry need the operator role; others see the state only.
  const operator = useAccess().can('operator');

  return (
    <tr data-testid={`job-row-${job.id}`} data-state={job.state} className="border-b border-slate-100 last:border-0">
      <td className={`${CELL} whitespace-nowrap`}>
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
      </td>
      <td className={`${CELL} whitespace-nowrap`}>
        <JobStateBadge state={job.state} cancelRequested={job.cancelRequested} />
        <p className="mt-0.5 text-xs tabular-nums text-slate-500">
          attempt {job.attempts}/{job.maxAttempts}
        </p>
        {waitReason ? (
          <p data-testid="job-wait-reason" className="mt-1 max-w-56 whitespace-normal text-xs text-amber-800">
            Waits: {waitReason}
          </p>
        ) : null}
      </td>
      <td className={`${CELL} text-slate-700`}>
        <JobRoute job={job} />
      </td>
      <td className={`${CELL} w-40 min-w-32`}>
        <JobProgress job={job} />
      </td>
      <td className={`${CELL} min-w-48`}>
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
        {error ? (
          <p role="alert" className="text-xs text-red-700">
            {error.message}
          </p>
        ) : null}
        {!job.error && !waitingToRetry && !error ? <span className="text-slate-400">—</span> : null}
      </td>
      <td className={`${CELL} whitespace-nowrap text-right`}>
        {!operator ? null : active ? (
          <Button disabled={cancel.isPending || job.cancelRequested} onClick={() => cancel.mutate({ jobId: job.id })}>
            {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
          </Button>
        ) : (job.state === 'failed' || job.state === 'cancelled') && !job.retryable ? (
          <span className="text-xs text-slate-500">Upload the file again</span>
        ) : job.state === 'failed' || job.state === 'cancelled' ? (
          <Button disabled={retry.isPending} onClick={() => retry.mutate({ scope: 'job', jobId: job.id })}>
            {retry.isPending ? 'Retrying…' : 'Retry'}
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

/** Jobs with their state, attempts, route, live progress, reason and the actions that apply. */
export function JobsTable({
  jobs,
  showObject = false,
  label,
  waitReason = () => null,
}: {
  jobs: JobView[];
  showObject?: boolean;
  label: string;
  /** Why a queued job waits for a worker (no live worker reaches its zone, or all find its store broken). */
  waitReason?: (job: JobView) => string | null;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className={HEAD}>
              Job
            </th>
            <th scope="col" className={HEAD}>
              State
            </th>
            <th scope="col" className={HEAD}>
              From → to
            </th>
            <th scope="col" className={HEAD}>
              Progress
            </th>
            <th scope="col" className={HEAD}>
              Error / next retry
            </th>
            <th scope="col" className={`${HEAD} text-right`}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} showObject={showObject} waitReason={job.state === 'queued' ? waitReason(job) : null} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
