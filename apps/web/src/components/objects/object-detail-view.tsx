'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { ObjectDetail } from '@stowage/services';
import { JobsTable } from '~/components/jobs/jobs-table';
import { Button, Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { formatBytes, formatDateTime } from '~/lib/format';
import { PLACEMENT_LABELS } from '~/lib/labels';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { EventsList } from './events-list';
import { ReplicasTable } from './replicas-table';
import { ObjectStatusBadge, SyncCellView, SyncStateBadge } from './sync-cell';

function Fact({ label, children, wide = false }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'sm:col-span-2' : ''}>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

function Facts({ detail }: { detail: ObjectDetail }) {
  const { object, zones } = detail;
  const zoneName = (id: string | null) => zones.find((zone) => zone.id === id)?.name ?? 'a removed zone';
  // While the first copy comes in, its source has announced a size (Content-Length or the upload's length).
  const announced = detail.replicas.find((replica) => replica.progress?.bytesTotal != null)?.progress?.bytesTotal ?? null;
  const placement = PLACEMENT_LABELS[object.placement as keyof typeof PLACEMENT_LABELS]?.label ?? object.placement;
  return (
    <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
      <Fact label="Size">
        {object.sizeBytes !== null
          ? `${formatBytes(object.sizeBytes)} (${object.sizeBytes.toLocaleString()} bytes)`
          : announced !== null
            ? `${formatBytes(announced)} announced, confirmed when the ingest finishes`
            : 'known when the ingest finishes'}
      </Fact>
      <Fact label="Kind / format">
        {object.kind} / {object.format}
      </Fact>
      <Fact label="Origin zone">{object.originZoneId ? zoneName(object.originZoneId) : '—'}</Fact>
      <Fact label="Placement">
        {placement}
        {object.placement === 'chosen_zones' ? `: ${object.chosenZoneIds.map(zoneName).join(', ')}` : ''}
      </Fact>
      <Fact label="sha256" wide>
        {object.sha256 ? (
          <span className="break-all font-mono text-xs" data-testid="object-sha256">
            {object.sha256}
          </span>
        ) : (
          <span className="text-slate-500">computed when the ingest finishes</span>
        )}
        {object.expectedSha256 ? (
          <span className="mt-0.5 block text-xs text-slate-500">
            expected: <span className="break-all font-mono">{object.expectedSha256}</span>
          </span>
        ) : null}
      </Fact>
      <Fact label="Origin" wide>
        {object.originType === 'url' && object.originUrl ? (
          <span className="break-all font-mono text-xs">{object.originUrl}</span>
        ) : (
          'Uploaded from a browser'
        )}
        <span className="block text-xs text-slate-500">registered {formatDateTime(object.createdAt)}</span>
      </Fact>
    </dl>
  );
}

function WhereItIs({ detail }: { detail: ObjectDetail }) {
  const { object, zones, objectStores } = detail;
  return (
    <div className="flex flex-wrap gap-x-8 gap-y-3" aria-label="Sync state per zone" role="group">
      {objectStores.length === 0 ? (
        <div>
          <p className="mb-1 text-xs font-medium text-slate-500">Object store</p>
          <SyncStateBadge state="no_store" title="No object store is registered: this object has no backup." />
        </div>
      ) : (
        objectStores.map((store) => {
          const cell = object.objectStores[store.id];
          return cell ? (
            <div key={store.id}>
              <p className="mb-1 text-xs font-medium text-slate-500">
                {store.name} <span className="font-normal">(object store)</span>
              </p>
              <SyncCellView cell={cell} label={`object store ${store.name}`} />
            </div>
          ) : null;
        })
      )}
      {zones.map((zone) => {
        const cell = object.zones[zone.id];
        return cell ? (
          <div key={zone.id}>
            <p className="mb-1 text-xs font-medium text-slate-500">{zone.name}</p>
            <SyncCellView cell={cell} label={zone.name} />
          </div>
        ) : null;
      })}
    </div>
  );
}

/** One object: what it is, where its copies are (with live progress), its jobs and its history. */
export function ObjectDetailView({ objectId }: { objectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery({ ...trpc.object.byId.queryOptions({ objectId }), refetchInterval: (query) => (parseError(query.state.error)?.code === 'NOT_FOUND' ? false : 2000) });
  const [notice, setNotice] = useState<string | null>(null);
  const { can } = useAccess();
  const operator = can('operator');
  const invalidate = () => Promise.all([queryClient.invalidateQueries(trpc.object.pathFilter()), queryClient.invalidateQueries(trpc.job.pathFilter())]);
  const verify = useMutation(
    trpc.object.verify.mutationOptions({
      onSuccess: async ({ queued }) => {
        setNotice(queued === 0 ? 'No ready copy needs verifying (each is verified already, or a check is queued).' : `Verification of ${queued} cop${queued === 1 ? 'y' : 'ies'} queued.`);
        await invalidate();
      },
    }),
  );
  const retry = useMutation(
    trpc.object.retryFailed.mutationOptions({
      onSuccess: async ({ retried }) => {
        setNotice(retried === 0 ? 'Nothing has failed: there is nothing to retry.' : `${retried} failed job${retried === 1 ? '' : 's'} sent back to the queue.`);
        await invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.object.delete.mutationOptions({
      onSuccess: async () => {
        setNotice('Deleted: its copies are being destroyed.');
        await invalidate();
      },
    }),
  );
  const actionError = parseError(verify.error ?? retry.error ?? remove.error);
  const busy = verify.isPending || retry.isPending || remove.isPending;

  if (detail.isPending) {
    return (
      <>
        <PageHeader title="Object" />
        <LoadingRows rows={5} label="Loading object" />
      </>
    );
  }
  if (detail.isError) {
    const error = parseError(detail.error);
    return (
      <>
        <PageHeader title="Object" />
        {error?.code === 'NOT_FOUND' ? (
          <EmptyState title="This object does not exist (any more)">
            It may have been deleted.{' '}
            <Link href="/objects" className="text-indigo-600 hover:underline">
              Back to objects
            </Link>
          </EmptyState>
        ) : (
          <ErrorBanner message={error?.message} />
        )}
      </>
    );
  }

  const { object, replicas, jobs, events } = detail.data;
  const deleting = object.deletedAt !== null;
  const hasFailed = jobs.some((job) => (job.state === 'failed' || job.state === 'cancelled') && job.retryable);

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/objects" className="text-indigo-600 underline underline-offset-2">
          Objects
        </Link>
        <span className="text-slate-400"> / </span>
        <span className="text-slate-600">{object.name}</span>
      </nav>
      <PageHeader
        title={object.name}
        description={`${object.kind} · ${object.format}${object.sizeBytes !== null ? ` · ${formatBytes(object.sizeBytes)}` : ''}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <span data-testid="object-status">
              <ObjectStatusBadge status={object.status} />
            </span>
            {operator ? (
              <>
              <Button disabled={busy || deleting || !object.sha256} onClick={() => verify.mutate({ objectId })}>
                {verify.isPending ? 'Queuing…' : 'Verify now'}
              </Button>
              <Button disabled={busy || deleting || !hasFailed} onClick={() => retry.mutate({ objectId })}>
                {retry.isPending ? 'Retrying…' : 'Retry failed'}
              </Button>
              <Button
                variant="danger"
                disabled={busy || deleting}
                onClick={() => {
                  if (window.confirm(`Delete ${object.name}? Every copy of it, in every zone and on the object store, is destroyed.`)) {
                    remove.mutate({ objectId });
                  }
                }}
              >
                {deleting ? 'Deleting…' : 'Delete'}
              </Button>
              </>
            ) : (
              <RoleHint access="operator" what="Verifying, retrying and deleting" />
            )}
          </div>
        }
      />
      {notice ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      {actionError ? (
        <div className="mb-4">
          <ErrorBanner message={actionError.message} />
        </div>
      ) : null}
      <div className="space-y-6">
        <Card>
          <Facts detail={detail.data} />
          <div className="mt-4 border-t border-slate-100 pt-4">
            <WhereItIs detail={detail.data} />
          </div>
        </Card>
        <div id="replicas" className="scroll-mt-4">
        <Card title={`Replicas (${replicas.length})`} testId="replicas">
          {replicas.length === 0 ? <p className="text-sm text-slate-500">No copy yet.</p> : <ReplicasTable objectId={objectId} replicas={replicas} disabled={deleting} canVerify={operator} />}
        </Card>
        </div>
        <Card title={`Jobs (${jobs.length})`} testId="object-jobs">
          {jobs.length === 0 ? <p className="text-sm text-slate-500">No jobs.</p> : <JobsTable jobs={jobs} label="Jobs of this object" />}
        </Card>
        <Card title="Events" testId="object-events">
          <EventsList events={events} />
        </Card>
      </div>
    </>
  );
}
