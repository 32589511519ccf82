'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProviderId, StoreRole } from '@stowage/core';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { ConfigInput, defaultsOf, typedConfig } from './config-input';
import { gibToBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/** Registration form: common fields, then the fields the chosen provider's schema asks for. */
export function RegisterStoreForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const providers = useQuery(trpc.store.providers.queryOptions());
  const zones = useQuery(trpc.zone.list.queryOptions());
  const [providerId, setProviderId] = useState<ProviderId>('nfs');
  const [role, setRole] = useState<StoreRole>('record');
  const [name, setName] = useState('');
  const [zoneId, setZoneId] = useState('');
  const [capacityGib, setCapacityGib] = useState('');
  const [edited, setEdited] = useState<Record<string, string>>({});

  const register = useMutation(
    trpc.store.register.mutationOptions({
      onSuccess: async () => {
        setName('');
        setEdited({});
        setCapacityGib('');
        await Promise.all([
          queryClient.invalidateQueries(trpc.store.list.pathFilter()),
          queryClient.invalidateQueries(trpc.store.page.pathFilter()),
          queryClient.invalidateQueries(trpc.zone.list.pathFilter()),
          queryClient.invalidateQueries(trpc.overview.pathFilter()),
        ]);
      },
    }),
  );
  const error = parseError(register.error);
  const provider = providers.data?.find((candidate) => candidate.id === providerId);
  const zoneScoped = role !== 'object';
  const config = { ...defaultsOf(provider?.fields ?? []), ...edited };

  if (providers.isPending || zones.isPending) return <p className="text-sm text-slate-500">Loading form…</p>;
  if (!provider) return <ErrorBanner message={parseError(providers.error)?.message ?? 'No storage providers available.'} />;

  const submit = () => {
    register.mutate({
      name,
      provider: provider.id,
      role,
      zoneId: zoneScoped ? zoneId || null : null,
      capacityBytes: capacityGib.trim() === '' ? null : gibToBytes(Number(capacityGib)),
      config: typedConfig(provider.fields, config),
    });
  };
  const shownFieldErrors = new Set(['name', 'role', 'zoneId', 'capacityBytes', ...provider.fields.map((field) => `config.${field.name}`)]);
  const otherErrors = error && !Object.keys(error.fieldErrors).some((key) => shownFieldErrors.has(key));

  return (
    <form
      aria-label="Register store"
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field label="Store name" htmlFor="store-name" errors={error?.fieldErrors.name}>
        <input id="store-name" className={inputClass} value={name} maxLength={MAX_NAME_LENGTH} placeholder="east-nfs-1" aria-invalid={Boolean(error?.fieldErrors.name)} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label="Provider" htmlFor="store-provider" hint={provider.description}>
        <select
          id="store-provider"
          className={inputClass}
          value={providerId}
          onChange={(event) => {
            const next = providers.data?.find((candidate) => candidate.id === event.target.value);
            setProviderId(event.target.value as ProviderId);
            if (next && !next.roles.includes(role)) setRole(next.roles[0]!);
            setEdited({});
          }}
        >
          {providers.data?.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Role" htmlFor="store-role" errors={error?.fieldErrors.role} hint={role === 'record' ? "The zone's store of record." : role === 'staging' ? "The zone's bounded staging cache." : 'Region-wide object storage.'}>
        <select id="store-role" className={inputClass} value={role} onChange={(event) => setRole(event.target.value as StoreRole)}>
          {provider.roles.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </select>
      </Field>
      {zoneScoped ? (
        <Field label="Zone" htmlFor="store-zone" errors={error?.fieldErrors.zoneId}>
          <select id="store-zone" className={inputClass} value={zoneId} aria-invalid={Boolean(error?.fieldErrors.zoneId)} onChange={(event) => setZoneId(event.target.value)}>
            <option value="">Choose a zone…</option>
            {zones.data?.map((zone) => (
              <option key={zone.id} value={zone.id}>
                {zone.name}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {provider.fields.map((field) => (
        <ConfigInput
          key={`${provider.id}-${field.name}`}
          field={field}
          value={config[field.name] ?? ''}
          errors={error?.fieldErrors[`config.${field.name}`]}
          onChange={(value) => setEdited((current) => ({ ...current, [field.name]: value }))}
        />
      ))}
      <Field label="Capacity (GiB, optional)" htmlFor="store-capacity" errors={error?.fieldErrors.capacityBytes} hint="Leave empty to use the size the backend reports.">
        <input id="store-capacity" className={inputClass} type="number" min={0} step="any" value={capacityGib} onChange={(event) => setCapacityGib(event.target.value)} />
      </Field>
      <div className="flex items-center gap-3 md:col-span-2">
        <Button type="submit" variant="primary" disabled={register.isPending}>
          {register.isPending ? 'Checking and registering…' : 'Register store'}
        </Button>
        {error ? <span className="text-sm text-red-700">{otherErrors ? '' : 'Fix the fields marked above.'}</span> : null}
      </div>
      {otherErrors ? (
        <div className="md:col-span-2">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
