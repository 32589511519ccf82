'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { StoreView } from '@stowage/services';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { isReservationPolicy, RESERVATION_POLICIES, RESERVATION_POLICY_LABELS, ttlFromForm, ttlToForm, type ReservationPolicy, type TtlUnit } from '~/lib/cache';
import { bytesToGib, bytesToMib, formatDuration, gibToBytes, mibToBytes } from '~/lib/format';
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
  // Shown rounded; sent only when edited, so saving another field never moves the capacity by the rounding
  // (3 MiB shown to 3 places was 0.003 GiB, which is 3.1 MiB) — nor, on a staging store, trips the "limit below used" check.
  const initialCapacity = store.configuredCapacityBytes === null ? '' : String(Number(bytesToGib(store.configuredCapacityBytes).toFixed(6)));
  const [capacityGib, setCapacityGib] = useState(initialCapacity);
  const [maxTransfers, setMaxTransfers] = useState(String(store.maxConcurrentTransfers));
  const initialBandwidth = store.bandwidthLimitBps === null ? '' : String(Number(bytesToMib(store.bandwidthLimitBps).toFixed(3)));
  const [bandwidthMib, setBandwidthMib] = useState(initialBandwidth);
  const [edited, setEdited] = useState<Record<string, string>>({});
  const staging = useStagingFields(store);
  const values = Object.fromEntries(
    fields.map((field) => [field.name, edited[field.name] ?? (field.secret ? '' : String(store.config[field.name] ?? ''))]),
  );
  const update = useMutation(
    trpc.store.update.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries(trpc.store.list.pathFilter()),
          queryClient.invalidateQueries(trpc.store.page.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
          queryClient.invalidateQueries(trpc.cache.pathFilter()),
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
          ...(capacityGib !== initialCapacity ? { capacityBytes: capacityGib.trim() === '' ? null : gibToBytes(Number(capacityGib)) } : {}),
          maxConcurrentTransfers: Number(maxTransfers),
          ...(bandwidthMib !== initialBandwidth ? { bandwidthLimitBps: bandwidthMib.trim() === '' ? null : mibToBytes(Number(bandwidthMib)) } : {}),
          ...(Object.keys(edited).length > 0 ? { config: typedConfig(fields, values, { omitEmptySecrets: true }) } : {}),
          ...(store.role === 'staging' && staging.changes() ? { staging: staging.changes()! } : {}),
        });
      }}
    >
      <Field label="Name" htmlFor={`${idPrefix}-name`} errors={error?.fieldErrors.name}>
        <input id={`${idPrefix}-name`} className={inputClass} value={name} maxLength={MAX_NAME_LENGTH} onChange={(event) => setName(event.target.value)} />
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
      {store.role === 'staging' ? <StagingFields idPrefix={idPrefix} state={staging} errors={error?.fieldErrors ?? {}} /> : null}
      <div className="flex items-end gap-2 md:col-span-3">
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? 'Checking and saving…' : 'Save'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {error && !Object.keys(error.fieldErrors).some((key) => shownAtField(key, store.role)) ? (
        <div className="md:col-span-3">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}

type StagingSettings = Omit<StoreView['staging'], 'reservationPolicy'> & { reservationPolicy: ReservationPolicy };

/** Field errors this form shows at their field; any other error is shown as a banner. */
function shownAtField(key: string, role: StoreView['role']): boolean {
  if (['name', 'capacityBytes', 'maxConcurrentTransfers', 'bandwidthLimitBps'].includes(key)) return true;
  return key.startsWith('config.') || (role === 'staging' && key.startsWith('staging.') && key !== 'staging');
}

/** The cache settings of a staging store as the form holds them (text, as typed), and what changed. */
function useStagingFields(store: StoreView) {
  const initialTtl = ttlToForm(store.staging.idleTtlSeconds);
  const [policy, setPolicy] = useState<ReservationPolicy>(isReservationPolicy(store.staging.reservationPolicy) ? store.staging.reservationPolicy : 'strict');
  const [factor, setFactor] = useState(String(store.staging.overcommitFactor));
  const [high, setHigh] = useState(String(store.staging.highWatermarkPct));
  const [low, setLow] = useState(String(store.staging.lowWatermarkPct));
  const [ttl, setTtl] = useState(initialTtl.value);
  const [ttlUnit, setTtlUnit] = useState<TtlUnit>(initialTtl.unit);
  const [timeout, setTimeoutText] = useState(String(store.staging.reservationTimeoutSeconds));
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const typed: StagingSettings = {
    reservationPolicy: policy,
    overcommitFactor: number(factor),
    highWatermarkPct: number(high),
    lowWatermarkPct: number(low),
    idleTtlSeconds: ttlFromForm(ttl, ttlUnit),
    reservationTimeoutSeconds: number(timeout),
  };
  /** Only the settings that changed are sent, so saving a rename does not log a cache-settings change. */
  const changes = (): Partial<StagingSettings> | null => {
    const changed = Object.fromEntries(
      Object.entries(typed).filter(([key, value]) => !Object.is(value, store.staging[key as keyof StoreView['staging']])),
    ) as Partial<StagingSettings>;
    return Object.keys(changed).length > 0 ? changed : null;
  };
  return { policy, setPolicy, factor, setFactor, high, setHigh, low, setLow, ttl, setTtl, ttlUnit, setTtlUnit, timeout, setTimeoutText, typed, changes };
}

// No min/max attributes: the server checks the ranges and its messages appear at the fields.
function StagingFields({ idPrefix, state, errors }: { idPrefix: string; state: ReturnType<typeof useStagingFields>; errors: Record<string, string[]> }) {
  const id = (name: string) => `${idPrefix}-staging-${name}`;
  const at = (name: keyof StagingSettings) => errors[`staging.${name}`];
  const timeoutSeconds = state.typed.reservationTimeoutSeconds;
  return (
    <fieldset className="grid gap-4 rounded-md border border-slate-200 bg-white p-3 md:col-span-3 md:grid-cols-3" data-testid="staging-settings">
      <legend className="px-1 text-sm font-semibold text-slate-800">Staging cache</legend>
      <Field label="Reservation policy" htmlFor={id('policy')} errors={at('reservationPolicy')} hint={RESERVATION_POLICY_LABELS[state.policy]?.hint}>
        <select id={id('policy')} className={inputClass} value={state.policy} aria-invalid={Boolean(at('reservationPolicy'))} onChange={(event) => state.setPolicy(event.target.value as ReservationPolicy)}>
          {RESERVATION_POLICIES.map((value) => (
            <option key={value} value={value}>
              {RESERVATION_POLICY_LABELS[value]?.label ?? value}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Overcommit factor"
        htmlFor={id('factor')}
        errors={at('overcommitFactor')}
        hint={state.policy === 'overcommit' ? 'Reservations may promise up to capacity × this (1–4).' : 'Used in overcommit mode only (1–4).'}
      >
        <input
          id={id('factor')}
          className={inputClass}
          type="number"
          step="any"
          value={state.factor}
          aria-invalid={Boolean(at('overcommitFactor'))}
          onChange={(event) => state.setFactor(event.target.value)}
        />
      </Field>
      <div />
      <Field label="High watermark (%)" htmlFor={id('high')} errors={at('highWatermarkPct')} hint="Above this share of the capacity, idle entries are evicted…">
        <input id={id('high')} className={inputClass} type="number" step="any" value={state.high} aria-invalid={Boolean(at('highWatermarkPct'))} onChange={(event) => state.setHigh(event.target.value)} />
      </Field>
      <Field label="Low watermark (%)" htmlFor={id('low')} errors={at('lowWatermarkPct')} hint="…down to this share. Must be below the high watermark.">
        <input id={id('low')} className={inputClass} type="number" step="any" value={state.low} aria-invalid={Boolean(at('lowWatermarkPct'))} onChange={(event) => state.setLow(event.target.value)} />
      </Field>
      <div />
      <Field label="Idle TTL" htmlFor={id('ttl')} errors={at('idleTtlSeconds')} hint="Entries unused this long are aged out (at least a minute).">
        <div className="flex gap-2">
          <input
            id={id('ttl')}
            className={`${inputClass} min-w-0 flex-1`}
            type="number"
            step="any"
            value={state.ttl}
            aria-invalid={Boolean(at('idleTtlSeconds'))}
            onChange={(event) => state.setTtl(event.target.value)}
          />
          <select aria-label="Idle TTL unit" className={inputClass} value={state.ttlUnit} onChange={(event) => state.setTtlUnit(event.target.value as TtlUnit)}>
            <option value="hours">hours</option>
            <option value="days">days</option>
          </select>
        </div>
      </Field>
      <Field
        label="Reservation timeout (seconds)"
        htmlFor={id('timeout')}
        errors={at('reservationTimeoutSeconds')}
        hint={`How long a copy may wait in the queue for space${Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? ` (${formatDuration(timeoutSeconds)})` : ''}; at most 24 h.`}
      >
        <input
          id={id('timeout')}
          className={inputClass}
          type="number"
          step="any"
          value={state.timeout}
          aria-invalid={Boolean(at('reservationTimeoutSeconds'))}
          onChange={(event) => state.setTimeoutText(event.target.value)}
        />
      </Field>
    </fieldset>
  );
}
