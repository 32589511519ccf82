'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreView } from '@stowage/services';
import { CapacityBar } from '~/components/capacity-bar';
import { StoreStateBadge } from '~/components/store-state-badge';
import { Button } from '~/components/ui';
import Link from 'next/link';
import { formatTtl, RESERVATION_POLICY_LABELS } from '~/lib/cache';
import { formatAgo, formatDuration, formatRate } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { EditStoreForm } from './edit-store-form';
import { ValidationReport } from './validation-report';
import { StoreWorkerHealth } from '~/components/workers/store-worker-health';

/** One store; `canEdit` (admins) adds edit, validate, probe, state changes and removal. */
export function StoreCard({ store, canEdit }: { store: StoreView; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.store.list.pathFilter()),
      queryClient.invalidateQueries(trpc.store.page.pathFilter()),
      queryClient.invalidateQueries(trpc.overview.pathFilter()),
      queryClient.invalidateQueries(trpc.zone.list.pathFilter()),
    ]);
  const setAdminState = useMutation(trpc.store.setAdminState.mutationOptions({ onSuccess: invalidate }));
  const probe = useMutation(trpc.store.probe.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.store.remove.mutationOptions({ onSuccess: invalidate }));
  const validate = useMutation(trpc.store.validate.mutationOptions({ onSuccess: invalidate }));
  const error = parseError(setAdminState.error ?? probe.error ?? remove.error ?? validate.error);
  const busy = setAdminState.isPending || probe.isPending || remove.isPending || validate.isPending;
  const [editing, setEditing] = useState(false);

  return (
    <article data-testid={`store-card-${store.name}`} aria-label={`Store ${store.name}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <div className="flex items-center gap-2">
            <h3 className="font-semibold">{store.name}</h3>
            <StoreStateBadge state={store.state} />
          </div>
          <p className="mt-0.5 text-xs text-slate-500">
            {store.provider} · {store.role} · {store.zoneName ? `zone ${store.zoneName}` : 'region-wide'} ·{' '}
            <span className="font-mono">{store.location ?? 'configuration no longer valid'}</span>
            {store.secretFieldsSet.length > 0 ? ` · ${store.secretFieldsSet.map((field) => `${field}: ••••••`).join(', ')}` : ''}
          </p>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button disabled={busy || editing} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button disabled={busy} onClick={() => validate.mutate({ storeId: store.id })}>
              {validate.isPending ? 'Validating…' : 'Validate'}
            </Button>
            <Button disabled={busy} onClick={() => probe.mutate({ storeId: store.id })}>
              {probe.isPending ? 'Probing…' : 'Probe now'}
            </Button>
            {store.adminState === 'active' ? (
              <Button disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'read_only' })}>
                Set read-only
              </Button>
            ) : (
              <Button disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'active' })}>
                Set active
              </Button>
            )}
            {store.adminState !== 'draining' ? (
              <Button
                disabled={busy}
                onClick={() => {
                  if (window.confirm(`Drain ${store.name}? Every copy it holds is made elsewhere, then destroyed here.`)) {
                    setAdminState.mutate({ storeId: store.id, adminState: 'draining' });
                  }
                }}
              >
                Drain
              </Button>
            ) : null}
            {store.adminState !== 'maintenance' ? (
              <Button disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'maintenance' })}>
                Maintenance
              </Button>
            ) : null}
            <Button
              variant="danger"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Remove store ${store.name}? Stowage forgets it; the files stay where they are.`)) {
                  remove.mutate({ storeId: store.id });
                }
              }}
            >
              Remove
            </Button>
          </div>
        ) : null}
      </div>
      {validate.data ? <ValidationReport result={validate.data} onClose={() => validate.reset()} /> : null}
      {editing && canEdit ? <EditStoreForm store={store} onDone={() => setEditing(false)} /> : null}
      <div className="mt-3">
        <CapacityBar capacity={store.capacity} label={store.name} />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {store.lastProbe
          ? `Last probe ${formatAgo(store.lastProbe.at)}${store.lastProbe.latencyMs !== null ? ` · ${store.lastProbe.latencyMs} ms` : ''}${store.lastProbe.ok ? '' : ` · ${store.lastProbe.error ?? 'failed'}`}`
          : 'Not probed yet'}{' '}
        · {store.replicaCount} replica{store.replicaCount === 1 ? '' : 's'}
        <span data-testid="store-transfer-limits">
          {' '}
          · at most {store.maxConcurrentTransfers} transfer{store.maxConcurrentTransfers === 1 ? '' : 's'} at once ·{' '}
          {store.bandwidthLimitBps === null ? 'no bandwidth limit' : `bandwidth limit ${formatRate(store.bandwidthLimitBps)}`}
        </span>
      </p>
      <StoreWorkerHealth storeId={store.id} />
      {store.role === 'staging' ? <StagingSummary store={store} /> : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
    </article>
  );
}

/** A staging store's cache settings in one line, with the way to its Cache page. */
function StagingSummary({ store }: { store: StoreView }) {
  const { staging } = store;
  return (
    <p className="mt-1 text-xs text-slate-500" data-testid="store-cache-settings">
      Cache: {RESERVATION_POLICY_LABELS[staging.reservationPolicy]?.label.toLowerCase() ?? staging.reservationPolicy} reservations
      {staging.reservationPolicy === 'overcommit' ? ` (up to ×${staging.overcommitFactor})` : ''} · evicts from {staging.highWatermarkPct}% down to{' '}
      {staging.lowWatermarkPct}% · idle TTL {formatTtl(staging.idleTtlSeconds)} · reservations wait at most {formatDuration(staging.reservationTimeoutSeconds)}
      {store.zoneId ? (
        <>
          {' '}
          ·{' '}
          <Link href={`/cache?zone=${store.zoneId}`} className="font-medium text-indigo-700 hover:underline">
            View cache
          </Link>
        </>
      ) : null}
    </p>
  );
}
