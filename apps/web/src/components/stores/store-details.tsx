'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreView } from '@stowage/services';
import { Button } from '~/components/ui';
import Link from 'next/link';
import { formatTtl, RESERVATION_POLICY_LABELS } from '~/lib/cache';
import { formatDuration, formatRate } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { EditStoreForm } from './edit-store-form';
import { ValidationReport } from './validation-report';
import { StoreWorkerHealth } from '~/components/workers/store-worker-health';

/**
 * Under a store's row in the Stores table: its actions (`canEdit`, admins: edit, validate, probe, state changes,
 * removal), their forms and reports, its transfer limits, what the workers see of it and its cache settings.
 */
export function StoreDetails({ store, canEdit }: { store: StoreView; canEdit: boolean }) {
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
  const small = 'px-2 py-1 text-xs';

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <p className="text-xs text-slate-500" data-testid="store-transfer-limits">
          At most {store.maxConcurrentTransfers} transfer{store.maxConcurrentTransfers === 1 ? '' : 's'} at once ·{' '}
          {store.bandwidthLimitBps === null ? 'no bandwidth limit' : `bandwidth limit ${formatRate(store.bandwidthLimitBps)}`}
        </p>
        {canEdit ? (
          <div className="flex flex-wrap gap-1.5" role="group" aria-label={`Actions for store ${store.name}`}>
            <Button className={small} disabled={busy || editing} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button className={small} disabled={busy} onClick={() => validate.mutate({ storeId: store.id })}>
              {validate.isPending ? 'Validating…' : 'Validate'}
            </Button>
            <Button className={small} disabled={busy} onClick={() => probe.mutate({ storeId: store.id })}>
              {probe.isPending ? 'Probing…' : 'Probe now'}
            </Button>
            {store.adminState === 'active' ? (
              <Button className={small} disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'read_only' })}>
                Set read-only
              </Button>
            ) : (
              <Button className={small} disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'active' })}>
                Set active
              </Button>
            )}
            {store.adminState !== 'draining' ? (
              <Button
                className={small}
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
              <Button className={small} disabled={busy} onClick={() => setAdminState.mutate({ storeId: store.id, adminState: 'maintenance' })}>
                Maintenance
              </Button>
            ) : null}
            <Button
              variant="danger"
              className={small}
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
      <StoreWorkerHealth storeId={store.id} />
      {store.role === 'staging' ? <StagingSummary store={store} /> : null}
      {validate.data ? <ValidationReport result={validate.data} onClose={() => validate.reset()} /> : null}
      {editing && canEdit ? <EditStoreForm store={store} onDone={() => setEditing(false)} /> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

/** A staging store's cache settings in one line, with the way to its Cache page. */
function StagingSummary({ store }: { store: StoreView }) {
  const { staging } = store;
  return (
    <p className="text-xs text-slate-500" data-testid="store-cache-settings">
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
