'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentTokenView } from '@stowage/services';
import { Badge, Button } from '~/components/ui';
import { RelativeTime } from '~/components/relative-time';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

function State({ token }: { token: AgentTokenView }) {
  if (token.revokedAt) return <Badge tone="slate">revoked</Badge>;
  if (token.expired) return <Badge tone="red">expired</Badge>;
  return <Badge tone="green">active</Badge>;
}

function TokenRow({ token }: { token: AgentTokenView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(trpc.token.revoke.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.token.list.pathFilter()) }));
  const error = parseError(revoke.error);
  const zones = token.zones === null ? 'all zones' : token.zones.map((zone) => zone.name ?? `(deleted zone ${zone.id})`).join(', ');
  return (
    <>
      <tr data-testid={`token-row-${token.name}`} className={`border-t border-slate-100 align-top ${token.revokedAt ? 'text-slate-400' : ''}`}>
        <td className="py-3 pr-4">
          <span className="font-medium">{token.name}</span>
          <span className="mt-0.5 block font-mono text-xs text-slate-500" title="The secret's first characters">
            {token.prefix}…
          </span>
        </td>
        <td className="py-3 pr-4">
          <State token={token} />
        </td>
        <td className="py-3 pr-4 font-mono text-xs">{token.scopes.join(', ')}</td>
        <td className="py-3 pr-4 text-xs">{zones}</td>
        <td className="py-3 pr-4 text-xs whitespace-nowrap">
          <RelativeTime date={token.expiresAt} prefix={token.expired ? 'expired' : undefined} />
        </td>
        <td className="py-3 pr-4 text-xs whitespace-nowrap">
          {token.lastUsedAt ? <RelativeTime date={token.lastUsedAt} /> : <span title="Recorded at most once a minute">never</span>}
        </td>
        <td className="py-3 pr-4 text-xs">
          {token.createdBy}
          <RelativeTime date={token.createdAt} className="block text-slate-500" />
        </td>
        <td className="py-3 text-right text-xs">
          {token.revokedAt ? (
            <RelativeTime date={token.revokedAt} prefix={`revoked by ${token.revokedBy ?? '?'}`} />
          ) : (
            <Button
              variant="danger"
              disabled={revoke.isPending}
              onClick={() => {
                if (window.confirm(`Revoke agent token ${token.name} (${token.prefix}…)? Agents using it are refused from now on; this cannot be undone.`)) {
                  revoke.mutate({ tokenId: token.id });
                }
              }}
            >
              {revoke.isPending ? 'Revoking…' : 'Revoke'}
            </Button>
          )}
        </td>
      </tr>
      {error ? (
        <tr>
          <td colSpan={8} className="pb-3">
            <p role="alert" className="text-sm text-red-700">
              {error.message}
            </p>
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function TokensTable({ tokens }: { tokens: AgentTokenView[] }) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
          <th className="pb-2 font-medium">Name</th>
          <th className="pb-2 font-medium">State</th>
          <th className="pb-2 font-medium">Scopes</th>
          <th className="pb-2 font-medium">Zones</th>
          <th className="pb-2 font-medium">Expires</th>
          <th className="pb-2 font-medium">Last used</th>
          <th className="pb-2 font-medium">Created by</th>
          <th className="pb-2 text-right font-medium">Revoke</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <TokenRow key={token.id} token={token} />
        ))}
      </tbody>
    </table>
  );
}
