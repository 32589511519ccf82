'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { StoreView } from '@stowage/services';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { bytesToGib, bytesToMib, gibToBytes, mibToBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { ConfigInput, typedConfig } from './config-input';

/**
 * Rename a store, change its configured capacity (empty: what the backend reports) or its configuration.
 * Secret fields start empty and keep their stored value unless a new one is typed.
 */
export function EditStoreForm({ store, onDone }: { store: StoreView; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.store.providers.queryOptions());
  const fields = providers.data?.find((candidate) => candidate.id === store.provider)?.fields ?? [];
  const [name, setName] = useState(store.name);
  const [capacityGib, setCapacityGib] = useState(
    store.configuredCapacityBytes === null ? '' : String(Number(bytesToGib(store.configuredCapacityBytes).toFixed(3))),
  );
  const [maxTransfers, setMaxTransfers] = useState(String(store.maxConcurrentTransfers));
  const [bandwidthMib, setBandwidthMib] = useState(store.bandwidthLimitBps === null ? '' : String(Number(bytesToMib(store.bandwidthLimitBps).toFixed(3))));
  const [edited, setEdited] = useState<Record<string, string>>({});
  const values = Object.fromEntries(
    fields.map((field) => [field.name, edited[field.name] ?? (field.secret ? '' : String(store.config[field.name] ?? ''))]),
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
      className="mt-3 grid gap-4 rounded-md bg-slate-50 p-3 md:grid-cols-3"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          storeId: store.id,
          name,
          capacityBytes: capacityGib.trim() === '' ? null : gibToBytes(Number(capacityGib)),
          maxConcurrentTransfers: Number(maxTransfers),
          bandwidthLimitBps: bandwidthMib.trim() === '' ? null : mibToBytes(Number(bandwidthMib)),
          ...(Object.keys(edited).length > 0 ? { config: typedConfig(fields, values, { omitEmptySecrets: true }) } : {}),
        });
      }}
    >
      <Field label="Name" htmlFor={`${idPrefix}-name`} errors={error?.fieldErrors.name}>
        <input id={`${idPrefix}-name`} className={inputClass} value={name} maxLength={64} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label="Capacity (GiB)" htmlFor={`${idPrefix}-capacity`} errors={error?.fieldErrors.capacityBytes} hint="Empty: what the backend reports.">
        <input id={`${idPrefix}-capacity`} className={inputClass} type="number" min={0} step="any" value={capacityGib} onChange={(event) => setCapacityGib(event.target.value)} />
      </Field>
      <Field label="Max concurrent transfers" htmlFor={`${idPrefix}-max-transfers`} errors={error?.fieldErrors.maxConcurrentTransfers} hint="Copies touching this store at once, across every worker (1–64).">
        <input
          id={`${idPrefix}-max-transfers`}
          className={inputClass}
          type="number"
          min={1}
          max={64}
          step={1}
          value={maxTransfers}
          aria-invalid={Boolean(error?.fieldErrors.maxConcurrentTransfers)}
          onChange={(event) => setMaxTransfers(event.target.value)}
        />
      </Field>
      <Field label="Bandwidth limit (MiB/s)" htmlFor={`${idPrefix}-bandwidth`} errors={error?.fieldErrors.bandwidthLimitBps} hint="Shared by this store's transfers. Empty: unlimited. At least 0.0625 (64 KiB/s).">
        <input
          id={`${idPrefix}-bandwidth`}
          className={inputClass}
          type="number"
          min={0}
          step="any"
          value={bandwidthMib}
          placeholder="unlimited"
          aria-invalid={Boolean(error?.fieldErrors.bandwidthLimitBps)}
          onChange={(event) => setBandwidthMib(event.target.value)}
        />
      </Field>
      {fields.map((field) => (
        <ConfigInput
          key={field.name}
          field={field}
          idPrefix={`${idPrefix}-config`}
          value={values[field.name] ?? ''}
          secretPlaceholder={store.secretFieldsSet.includes(field.name) ? '•••••• (unchanged)' : undefined}
          errors={error?.fieldErrors[`config.${field.name}`]}
          onChange={(value) => setEdited((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
      <div className="flex items-end gap-2 md:col-span-3">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? 'Checking and saving…' : 'Save'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && Object.keys(error.fieldErrors).length === 0 ? (
        <div className="md:col-span-3">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
