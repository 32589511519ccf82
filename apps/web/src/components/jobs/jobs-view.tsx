'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { JobState } from '@stowage/core';
import type { JobView } from '@stowage/services';
import { Button, Card, EmptyState, ErrorBanner, inputClass, LoadingRows, PageHeader } from '~/components/ui';
import { JOB_STATE_LOOK, JOB_STATE_OPTIONS } from '~/lib/labels';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { JobsTable } from './jobs-table';

const STAT_TEXT: Record<JobState, string> = {
  queued: 'text-slate-800',
  running: 'text-indigo-700',
  failed: 'text-red-600',
  succeeded: 'text-emerald-700',
  cancelled: 'text-amber-700',
};

function StateStat({ state, count, selected, onSelect }: { state: JobState; count: number | undefined; selected: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      data-testid={`job-count-${state}`}
      className={`rounded-lg border bg-white px-4 py-3 text-left shadow-sm transition hover:border-indigo-300 ${selected ? 'border-indigo-500 ring-1 ring-indigo-500' : 'border-slate-200'}`}
    >
      <span className="block text-xs uppercase tracking-wide text-slate-500">{JOB_STATE_LOOK[state]?.label ?? state}</span>
      <span className={`mt-1 block text-2xl font-semibold tabular-nums ${count ? STAT_TEXT[state] : 'text-slate-400'}`}>{count ?? '—'}</span>
    </button>
  );
}

/** A job touches a zone when its source or target store is in it (an ingest's target is its origin zone). */
const inZone = (job: JobView, zoneName: string) => job.source?.zoneName === zoneName || job.target?.zoneName === zoneName;

export function JobsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, setState] = useState<JobState | ''>('');
  const [zoneId, setZoneId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { can } = useAccess();
  const operator = can('operator');
  const zones = useQuery(trpc.zone.list.queryOptions());
  const jobs = useQuery({ ...trpc.job.list.queryOptions(state ? { state, limit: 200 } : { limit: 200 }), refetchInterval: 2000 });
  const failures = useQuery({ ...trpc.job.failures.queryOptions(), refetchInterval: 2000 });
  const unrunnable = useQuery({ ...trpc.worker.unrunnable.queryOptions(), refetchInterval: 5000 });
  const waitReason = (job: JobView) =>
    unrunnable.data?.groups.find((group) => group.sourceStoreId === (job.source?.id ?? null) && group.targetStoreId === (job.target?.id ?? null))?.reason ?? null;
  const retry = useMutation(
    trpc.job.retry.mutationOptions({
      onSuccess: async ({ retried, uploadsToSendAgain }, input) => {
        const where = input.scope === 'zone' ? ` in ${zoneName}` : '';
        const uploads = uploadsToSendAgain > 0 ? ` ${uploadsToSendAgain} failed upload${uploadsToSendAgain === 1 ? '' : 's'} cannot be retried: upload ${uploadsToSendAgain === 1 ? 'it' : 'them'} again.` : '';
        setNotice(
          (retried === 0 ? `Nothing${uploads ? ' else' : ''} failed${where}: nothing to retry.` : `${retried} failed job${retried === 1 ? '' : 's'}${where} sent back to the queue.`) + uploads,
        );
        await Promise.all([queryClient.invalidateQueries(trpc.job.pathFilter()), queryClient.invalidateQueries(trpc.object.pathFilter())]);
      },
    }),
  );
  const zoneName = zones.data?.find((zone) => zone.id === zoneId)?.name ?? '';
  const retryError = parseError(retry.error);
  const shownFailures = (failures.data ?? []).filter((job) => !zoneName || inZone(job, zoneName));
  const shownJobs = (jobs.data?.jobs ?? []).filter((job) => !zoneName || inZone(job, zoneName));

  return (
    <>
      <PageHeader title="Jobs" description="Background work: ingests, backups, syncs and verifications, with live progress and what failed." />
      <div className="mb-6 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {JOB_STATE_OPTIONS.map((candidate) => (
          <StateStat key={candidate} state={candidate} count={jobs.data?.counts[candidate]} selected={state === candidate} onSelect={() => setState(state === candidate ? '' : candidate)} />
        ))}
      </div>

      {unrunnable.data && unrunnable.data.total > 0 ? (
        <section aria-label="Jobs no worker can run" data-testid="unrunnable-jobs" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-semibold">
            {unrunnable.data.total} queued job{unrunnable.data.total === 1 ? '' : 's'} no live worker can run
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {unrunnable.data.groups.map((group) => (
              <li key={`${group.sourceStoreId ?? ''}-${group.targetStoreId ?? ''}`}>
                {group.reason} ({group.jobs} job{group.jobs === 1 ? '' : 's'})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="jobs-zone" className="text-sm font-medium text-slate-700">
            Zone
          </label>
          <select id="jobs-zone" className={`${inputClass} w-56`} value={zoneId} onChange={(event) => setZoneId(event.target.value)}>
            <option value="">All zones</option>
            {zones.data?.map((zone) => (
              <option key={zone.id} value={zone.id}>
                {zone.name}
              </option>
            ))}
          </select>
        </div>
        {operator ? (
          <Button disabled={!zoneId || retry.isPending} onClick={() => retry.mutate({ scope: 'zone', zoneId })}>
            Retry all in zone
          </Button>
        ) : null}
        <div className="flex flex-col gap-1">
          <label htmlFor="jobs-state" className="text-sm font-medium text-slate-700">
            State
          </label>
          <select id="jobs-state" className={`${inputClass} w-40`} value={state} onChange={(event) => setState(event.target.value as JobState | '')}>
            <option value="">Any state</option>
            {JOB_STATE_OPTIONS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {JOB_STATE_LOOK[candidate]?.label ?? candidate}
              </option>
            ))}
          </select>
        </div>
      </div>
      {notice ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      {retryError ? (
        <div className="mb-4">
          <ErrorBanner message={retryError.message} />
        </div>
      ) : null}

      <Card
        className="mb-6"
        testId="failures"
        title={
          <span className="flex items-center gap-2">
            Failures{zoneName ? ` in ${zoneName}` : ''}
            {failures.data ? <span className={`text-xs font-normal ${shownFailures.length > 0 ? 'text-red-600' : 'text-slate-500'}`}>({shownFailures.length})</span> : null}
          </span>
        }
        actions={
          operator ? (
            <Button variant="danger" disabled={retry.isPending || (failures.data?.length ?? 0) === 0} onClick={() => retry.mutate({ scope: 'all' })}>
              Retry all failed
            </Button>
          ) : (
            <RoleHint access="operator" what="Retrying and cancelling jobs" className="text-xs" />
          )
        }
      >
        {failures.isPending ? (
          <LoadingRows rows={2} label="Loading failures" />
        ) : failures.isError ? (
          <ErrorBanner message={parseError(failures.error)?.message} />
        ) : shownFailures.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing has failed{zoneName ? ` in ${zoneName}` : ''}. Failed copies appear here with their reasons until they are retried.</p>
        ) : (
          <JobsTable jobs={shownFailures} showObject label="Failed jobs" />
        )}
      </Card>

      <Card title={`Recent jobs${state ? ` · ${JOB_STATE_LOOK[state]?.label.toLowerCase()}` : ''}${zoneName ? ` · ${zoneName}` : ''}`} testId="recent-jobs">
        {jobs.isPending ? (
          <LoadingRows label="Loading jobs" />
        ) : jobs.isError ? (
          <ErrorBanner message={parseError(jobs.error)?.message} />
        ) : shownJobs.length === 0 ? (
          <EmptyState title="No jobs here">{state || zoneName ? 'Clear the filters to see every job.' : 'Register an object and its ingest, backup and sync jobs appear here.'}</EmptyState>
        ) : (
          <JobsTable jobs={shownJobs} showObject label="Recent jobs" waitReason={waitReason} />
        )}
      </Card>
    </>
  );
}
