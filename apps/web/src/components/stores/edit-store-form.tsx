'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreView } from '@stowage/services';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { bytesToGib, gibToBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/** Rename a store or change its configured capacity (empty: use what the backend reports). */
export function EditStoreForm({ store, onDone }: { store: StoreView; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(store.name);
  const [capacityGib, setCapacityGib] = useState(
    store.configuredCapacityBytes === null ? '' : String(Number(bytesToGib(store.configuredCapacityBytes).toFixed(3))),
  );
  const update = useMutation(
    trpc.store.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.store.list.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
        ]);
        onDone();
      },
    }),
  );
  const error = parseError(update.error);
  const idPrefix = `edit-${store.id}`;

  return (
    <form
      aria-label={`Edit store ${store.name}`}
      className="mt-3 flex flex-wrap items-start gap-4 rounded-md bg-slate-50 p-3"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          storeId: store.id,
          name,
          capacityBytes: capacityGib.trim() === '' ? null : gibToBytes(Number(capacityGib)),
        });
      }}
    >
      <Field label="Name" htmlFor={`${idPrefix}-name`} errors={error?.fieldErrors.name}>
        <input id={`${idPrefix}-name`} className={`${inputClass} w-56`} value={name} maxLength={64} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label="Capacity (GiB)" htmlFor={`${idPrefix}-capacity`} errors={error?.fieldErrors.capacityBytes} hint="Empty: what the backend reports.">
        <input id={`${idPrefix}-capacity`} className={`${inputClass} w-40`} type="number" min={0} step="any" value={capacityGib} onChange={(event) => setCapacityGib(event.target.value)} />
      </Field>
      <div className="flex gap-2 pt-6">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          Save
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && Object.keys(error.fieldErrors).length === 0 ? (
        <div className="basis-full">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
