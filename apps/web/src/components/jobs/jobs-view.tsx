'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { JobState } from '@stowage/core';
import { JOB_KINDS } from '@stowage/core/domain';
import type { JobView } from '@stowage/services';
import { Button, Card, EmptyState, ErrorBanner, inputClass, LoadingRows, PageHeader } from '~/components/ui';
import { JOB_STATE_LOOK, JOB_STATE_OPTIONS } from '~/lib/labels';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { Pager, useListUrlState, type ListUrlOptions } from '~/components/lists';
import { JobsTable } from './jobs-table';

/** The Jobs list's URL: filters, sort and page (a link shows the same jobs). */
const JOBS_URL: ListUrlOptions<{ state: string; kind: string; zone: string; store: string; object: string }> = {
  filters: { state: '', kind: '', zone: '', store: '', object: '' },
  sorts: { created: 'desc', updated: 'desc' },
  defaultSort: 'created',
};


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

/** The latest current failures shown above the list; the failed filter pages through every one. */
const FAILURES_SHOWN = 20;

export function JobsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useListUrlState(JOBS_URL);
  const { state: stateParam, kind, zone: zoneId, store: storeId, object: objectId } = list.filters;
  const state = (stateParam in JOB_STATE_LOOK ? stateParam : '') as JobState | '';
  const setState = (next: JobState | '') => list.setFilters({ state: next });
  const setZoneId = (next: string) => list.setFilters({ zone: next });
  const [notice, setNotice] = useState<string | null>(null);
  const { can } = useAccess();
  const operator = can('operator');
  const zones = useQuery(trpc.zone.list.queryOptions());
  const stores = useQuery(trpc.store.list.queryOptions());
  const jobs = useQuery({
    ...trpc.job.list.queryOptions({
      ...(state ? { state } : {}),
      ...((JOB_KINDS as readonly string[]).includes(kind) ? { kind: kind as (typeof JOB_KINDS)[number] } : {}),
      ...(zoneId ? { zoneId } : {}),
      ...(storeId ? { storeId } : {}),
      ...(objectId ? { objectId } : {}),
      ...list.paging,
      sort: list.sort as 'created' | 'updated',
      limit: 50,
    }),
    refetchInterval: 2000,
    placeholderData: keepPreviousData,
  });
  const failures = useQuery({ ...trpc.job.failures.queryOptions({ limit: FAILURES_SHOWN, ...(zoneId ? { zoneId } : {}) }), refetchInterval: 2000, placeholderData: keepPreviousData });
  const unrunnable = useQuery({ ...trpc.worker.unrunnable.queryOptions(), refetchInterval: 5000 });
  const groups = unrunnable.data?.groups;
  const waitReason = useCallback(
    (job: JobView) => groups?.find((group) => group.sourceStoreId === (job.source?.id ?? null) && group.targetStoreId === (job.target?.id ?? null))?.reason ?? null,
    [groups],
  );
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
  const shownFailures = failures.data ?? [];
  const shownJobs = jobs.data?.jobs ?? [];
  const storeName = stores.data?.find((store) => store.id === storeId)?.name ?? '';

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
        <div className="flex flex-col gap-1">
          <label htmlFor="jobs-kind" className="text-sm font-medium text-slate-700">
            Kind
          </label>
          <select id="jobs-kind" className={`${inputClass} w-36`} value={kind} onChange={(event) => list.setFilters({ kind: event.target.value })}>
            <option value="">Any kind</option>
            {JOB_KINDS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {candidate}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="jobs-store" className="text-sm font-medium text-slate-700">
            Store
          </label>
          <select id="jobs-store" className={`${inputClass} w-56`} value={storeId} onChange={(event) => list.setFilters({ store: event.target.value })}>
            <option value="">All stores</option>
            {stores.data?.map((store) => (
              <option key={store.id} value={store.id}>
                {store.name}
              </option>
            ))}
          </select>
        </div>
        {list.filtered ? (
          <Button variant="ghost" onClick={list.clearFilters}>
            Clear filters
          </Button>
        ) : null}
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
            {failures.data ? (
              <span className={`text-xs font-normal ${shownFailures.length > 0 ? 'text-red-600' : 'text-slate-500'}`}>
                {shownFailures.length < FAILURES_SHOWN ? `(${shownFailures.length})` : `(the latest ${FAILURES_SHOWN})`}
              </span>
            ) : null}
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
          <>
            <JobsTable jobs={shownFailures} showObject label="Failed jobs" />
            {shownFailures.length === FAILURES_SHOWN && state !== 'failed' ? (
              <div className="mt-3 flex justify-end">
                <Button variant="secondary" onClick={() => setState('failed')}>
                  Every failed job
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>

      <Card
        title={`Jobs${state ? ` · ${JOB_STATE_LOOK[state]?.label.toLowerCase()}` : ''}${kind ? ` · ${kind}` : ''}${zoneName ? ` · ${zoneName}` : ''}${storeName ? ` · ${storeName}` : ''}${objectId ? ' · one object' : ''}`}
        testId="recent-jobs"
      >
        {jobs.isPending ? (
          <LoadingRows label="Loading jobs" />
        ) : jobs.isError ? (
          <ErrorBanner message={parseError(jobs.error)?.message} />
        ) : shownJobs.length === 0 ? (
          <EmptyState title="No jobs here">{list.filtered ? 'Clear the filters to see every job.' : 'Register an object and its ingest, backup and sync jobs appear here.'}</EmptyState>
        ) : (
          <>
            <JobsTable
              jobs={shownJobs}
              showObject
              label="Recent jobs"
              waitReason={waitReason}
              sorting={{ sort: list.sort, order: list.order, onSort: list.setSort }}
              stale={jobs.isPlaceholderData}
            />
            <div className="mt-3 flex justify-end">
              <Pager page={jobs.data} paged={Boolean(list.cursor)} onPage={list.goTo} onFirst={list.toFirstPage} disabled={jobs.isPlaceholderData} label="Job pages" />
            </div>
          </>
        )}
      </Card>
    </>
  );
}
