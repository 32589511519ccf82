'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import { AGENT_SCOPES, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, MIN_TOKEN_DAYS, type AgentScope } from '@stowage/core/agent-tokens';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import type { ShownSecret } from './token-secret-panel';

const SCOPE_HINTS: Record<AgentScope, string> = {
  acquire: 'check objects out (a lease)',
  renew: 'extend its leases',
  release: 'hand them back',
};

/** Name, scopes, zones ("all zones" or some) and the lifetime in days; the secret goes to `onSecret`, once. */
export function CreateTokenForm({ onSecret }: { onSecret: (shown: ShownSecret) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zones = useQuery(trpc.zone.list.queryOptions());
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<AgentScope[]>([...AGENT_SCOPES]);
  const [allZones, setAllZones] = useState(true);
  const [zoneIds, setZoneIds] = useState<string[]>([]);
  const [days, setDays] = useState(String(DEFAULT_TOKEN_DAYS));
  const create = useMutation(
    trpc.token.create.mutationOptions({
      onSuccess: async (created) => {
        onSecret({ name: created.token.name, secret: created.secret });
        setName('');
        setScopes([...AGENT_SCOPES]);
        setAllZones(true);
        setZoneIds([]);
        setDays(String(DEFAULT_TOKEN_DAYS));
        await queryClient.invalidateQueries(trpc.token.list.pathFilter());
      },
    }),
  );
  const error = parseError(create.error);
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((value) => value !== item));

  return (
    <form
      aria-label="Create agent token"
      className="grid gap-4 md:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ name, scopes, zoneIds: allZones ? [] : zoneIds, expiresInDays: Number(days) });
      }}
    >
      <Field label="Name" htmlFor="token-name" errors={error?.fieldErrors.name} hint="Who uses it, e.g. the hypervisor fleet or site.">
        <input id="token-name" className={inputClass} value={name} maxLength={MAX_NAME_LENGTH} placeholder="kvm-east" aria-invalid={Boolean(error?.fieldErrors.name)} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field
        label="Expires after (days)"
        htmlFor="token-days"
        errors={error?.fieldErrors.expiresInDays}
        hint={`Required: ${MIN_TOKEN_DAYS} to ${MAX_TOKEN_DAYS} days. Create its successor before it expires.`}
      >
        <input
          id="token-days"
          type="number"
          min={MIN_TOKEN_DAYS}
          max={MAX_TOKEN_DAYS}
          step={1}
          required
          className={`${inputClass} w-32`}
          value={days}
          aria-invalid={Boolean(error?.fieldErrors.expiresInDays)}
          onChange={(event) => setDays(event.target.value)}
        />
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
        {AGENT_SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => setScopes(toggle(scopes, scope, event.target.checked))} />
            <span className="font-mono">{scope}</span>
            <span className="text-xs text-slate-500">{SCOPE_HINTS[scope]}</span>
          </label>
        ))}
        {error?.fieldErrors.scopes ? (
          <p className="text-xs text-red-700" data-testid="token-scopes-error">
            {error.fieldErrors.scopes.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-700">Zones</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="token-zones" checked={allZones} onChange={() => setAllZones(true)} />
          All zones, including zones created later
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="token-zones" checked={!allZones} onChange={() => setAllZones(false)} />
          Only these zones:
        </label>
        {!allZones ? (
          <div className="ml-6 flex flex-col gap-1" role="group" aria-label="Zones the token covers">
            {zones.data?.length ? (
              zones.data.map((zone) => (
                <label key={zone.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={zoneIds.includes(zone.id)} onChange={(event) => setZoneIds(toggle(zoneIds, zone.id, event.target.checked))} />
                  {zone.name}
                  <span className="text-xs text-slate-500">{zone.mode}</span>
                </label>
              ))
            ) : (
              <p className="text-xs text-slate-500">{zones.isPending ? 'Loading zones…' : 'No zones yet.'}</p>
            )}
          </div>
        ) : null}
        {error?.fieldErrors.zoneIds ? <p className="text-xs text-red-700">{error.fieldErrors.zoneIds.join(' ')}</p> : null}
      </fieldset>
      <div className="md:col-span-2">
        <Button type="submit" variant="primary" disabled={create.isPending || (!allZones && zoneIds.length === 0)}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </Button>
        {!allZones && zoneIds.length === 0 ? <span className="ml-3 text-xs text-slate-500">Choose at least one zone.</span> : null}
      </div>
      {error && Object.keys(error.fieldErrors).length === 0 ? (
        <div className="md:col-span-2">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
