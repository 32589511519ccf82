'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import type { ZoneMode } from '@stowage/core';
import type { ZoneModePreview, ZoneView } from '@stowage/services';
import { Button, ErrorBanner, LoadingRows } from '~/components/ui';
import { formatBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/**
 * The review of a mode switch, as a modal dialog: what the switch will make and destroy, per store, or why it
 * is refused. Confirm sends the review's fingerprint, so a zone that changed meanwhile is refused as stale.
 * A native modal <dialog> keeps focus inside and closes on Escape; focus then returns to `returnFocus`.
 */
export function ZoneModeDialog({ zone, to, onClose, returnFocus }: { zone: ZoneView; to: ZoneMode; onClose: () => void; returnFocus: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const preview = useQuery({ ...trpc.zone.previewModeChange.queryOptions({ zoneId: zone.id, mode: to }), staleTime: 0, gcTime: 0 });
  const confirm = useMutation(
    trpc.zone.setMode.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.zone.list.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
          queryClient.invalidateQueries(trpc.store.list.pathFilter()),
          queryClient.invalidateQueries(trpc.store.page.pathFilter()),
        ]);
        close();
      },
      onError: () => void preview.refetch(),
    }),
  );

  function close() {
    dialog.current?.close();
  }

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    const closed = () => {
      onClose();
      returnFocus();
    };
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, [onClose, returnFocus]);

  const plan = preview.data;
  const error = parseError(confirm.error);
  return (
    <dialog
      ref={dialog}
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid="zone-mode-dialog"
      onKeyDown={keepFocusInside}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
    >
      <div className="space-y-4 p-5">
        <h2 id={titleId} className="text-lg font-semibold [overflow-wrap:anywhere]">
          Switch zone {zone.name} to {to} mode?
        </h2>
        {preview.isPending ? (
          <LoadingRows rows={2} label="Reviewing the switch" />
        ) : preview.isError ? (
          <ErrorBanner message={parseError(preview.error)?.message} />
        ) : (
          <PlanDetails plan={plan!} />
        )}
        {error ? <ErrorBanner message={error.message} /> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          {plan?.verdict === 'allowed' ? (
            <Button
              variant="primary"
              disabled={confirm.isPending || preview.isFetching}
              onClick={() => confirm.mutate({ zoneId: zone.id, mode: to, fingerprint: plan.fingerprint })}
            >
              {confirm.isPending ? 'Switching…' : `Switch to ${to}`}
            </Button>
          ) : null}
        </div>
      </div>
    </dialog>
  );
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab and Shift+Tab cycle through the dialog's controls: a modal <dialog> alone lets focus leave for the browser's own UI. */
function keepFocusInside(event: React.KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (focusable.length === 0) return;
  const first = focusable[0]!;
  const last = focusable[focusable.length - 1]!;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !event.currentTarget.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

function PlanDetails({ plan }: { plan: ZoneModePreview }) {
  return (
    <div className="space-y-3 text-sm">
      {plan.verdict === 'refused' ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          <p className="font-medium">This switch is refused:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5" data-testid="zone-mode-reasons">
            {plan.reasons.map((reason) => (
              <li key={reason} className="[overflow-wrap:anywhere]">{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="text-slate-600">
        The zone&apos;s placement names {plan.objectsInZone.objects} object{plan.objectsInZone.objects === 1 ? '' : 's'} ({formatBytes(plan.objectsInZone.bytes)}).
      </p>
      {plan.effects.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-slate-700" data-testid="zone-mode-effects">
          {plan.effects.map((effect) => (
            <li key={effect} className="[overflow-wrap:anywhere]">{effect}</li>
          ))}
        </ul>
      ) : null}
      {plan.stores.length > 0 ? (
        <table className="w-full text-left text-sm" data-testid="zone-mode-stores">
          <caption className="sr-only">Copies per store</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="pb-1 font-medium">Store</th>
              <th scope="col" className="pb-1 text-right font-medium">Copies made</th>
              <th scope="col" className="pb-1 text-right font-medium">Copies destroyed</th>
            </tr>
          </thead>
          <tbody>
            {plan.stores.map((store) => (
              <tr key={store.storeId} className="border-t border-slate-100">
                <td className="py-1 pr-2 [overflow-wrap:anywhere]">
                  {store.storeName} <span className="text-slate-500">({store.role})</span>
                </td>
                <td className="py-1 text-right tabular-nums">{store.made.objects} · {formatBytes(store.made.bytes)}</td>
                <td className="py-1 text-right tabular-nums">{store.destroyed.objects} · {formatBytes(store.destroyed.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {plan.recordStore?.freeBytes !== null && plan.recordStore ? (
        <p className="text-slate-600">Record store {plan.recordStore.name}: {formatBytes(plan.recordStore.freeBytes)} free.</p>
      ) : null}
    </div>
  );
}
