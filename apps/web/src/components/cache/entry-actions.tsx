'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { CacheEntryView } from '@stowage/services';
import { Badge, Button } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { notEvictableReason } from '~/lib/cache';
import { formatDateTime, formatIn } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

function useInvalidateCache() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([queryClient.invalidateQueries(trpc.cache.view.pathFilter()), queryClient.invalidateQueries(trpc.cache.entries.pathFilter())]);
  };
}

/**
 * After a success the button stays busy until the fresh view arrives (no flicker back to the old state);
 * a refusal is shown at once, and the view refreshes behind it (it was probably out of date).
 */
function refreshAfter(invalidate: () => Promise<void>) {
  return {
    onSuccess: () => invalidate(),
    onError: () => {
      void invalidate();
    },
  };
}

function RowError({ error, align = 'left' }: { error: unknown; align?: 'left' | 'right' }) {
  const parsed = parseError(error);
  if (!parsed) return null;
  return (
    <p role="alert" className={`mt-1 w-full text-xs text-red-700 ${align === 'right' ? 'text-right' : ''}`}>
      {parsed.message}
    </p>
  );
}

/** "holder (token name)": who uses the file, and the agent token the lease was taken with. */
export function leaseHolder(lease: { holder: string; tokenName: string | null }): string {
  return lease.tokenName ? `${lease.holder} (${lease.tokenName})` : lease.holder;
}

/** Who holds the entry, until when, and (for an operator) a way to end a lease whose holder is known to be gone. */
export function LeaseList({ entry }: { entry: CacheEntryView }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateCache();
  const release = useMutation(trpc.cache.releaseLease.mutationOptions(refreshAfter(invalidate)));
  const operator = useAccess().can('operator');
  if (entry.leases.length === 0) return <span className="text-slate-400">none</span>;
  return (
    <div data-testid="entry-leases">
      <p className="text-xs font-medium text-slate-700">
        {entry.leases.length} lease{entry.leases.length === 1 ? '' : 's'}
      </p>
      <ul className="mt-1 space-y-1.5">
        {entry.leases.map((lease) => (
          <li key={lease.id} className="text-xs" data-testid={`lease-${lease.holder}`}>
            <span className="block max-w-44 truncate text-slate-800" title={leaseHolder(lease)}>
              <span className="font-mono">{lease.holder}</span>
              {lease.tokenName ? <span className="text-slate-500"> ({lease.tokenName})</span> : null}
            </span>
            <span className="flex items-center gap-1.5 whitespace-nowrap text-slate-500">
              <span title={`Acquired ${formatDateTime(lease.acquiredAt)}; expires ${formatDateTime(lease.expiresAt)} unless renewed`}>expires {formatIn(lease.expiresAt)}</span>
              {operator ? (
                <Button
                  variant="ghost"
                  className="px-1 py-0 text-xs text-red-700 hover:bg-red-50"
                  aria-label={`Release lease of ${lease.holder} on ${entry.objectName}`}
                  disabled={release.isPending && release.variables?.leaseId === lease.id}
                  onClick={() => {
                    if (window.confirm(`Release the lease of ${leaseHolder(lease)} on ${entry.objectName}? Do this only if the holder is gone: once no lease is left the entry can be evicted.`)) {
                      release.mutate({ leaseId: lease.id });
                    }
                  }}
                >
                  Release
                </Button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <RowError error={release.error} />
    </div>
  );
}

/**
 * Pin (a toggle: a pinned entry is never evicted, by age, pressure or hand) and Evict (disabled, with the
 * reason, while the entry is leased, pinned or not ready). A refusal from the server is shown beneath both.
 */
export function EntryActions({ entry }: { entry: CacheEntryView }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateCache();
  const pin = useMutation(trpc.cache.pin.mutationOptions(refreshAfter(invalidate)));
  const evict = useMutation(trpc.cache.evict.mutationOptions(refreshAfter(invalidate)));
  const reasonId = useId();
  const operator = useAccess().can('operator');
  // While the change is on its way, show what was asked for.
  const pinned = pin.isPending && pin.variables ? pin.variables.pinned : entry.pinned;
  const reason = notEvictableReason({ ...entry, pinned });
  // Pin and evict need the operator role: others see only whether it is pinned.
  if (!operator) {
    return (
      <div className="ml-auto flex w-44 justify-end" title="Pinning and evicting need the operator role">
        {entry.pinned ? <Badge tone="indigo">Pinned</Badge> : <span className="text-xs text-slate-400">—</span>}
      </div>
    );
  }
  return (
    <div className="ml-auto flex w-44 flex-col items-end">
      <div className="flex items-center gap-1.5">
        <button
          type="button"
          aria-pressed={pinned}
          aria-label={`Pin ${entry.objectName}`}
          title={pinned ? 'Pinned: never evicted. Click to unpin.' : 'Not pinned: may be evicted when idle and unleased. Click to pin.'}
          disabled={pin.isPending}
          onClick={() => {
            evict.reset();
            pin.mutate({ replicaId: entry.replicaId, pinned: !entry.pinned });
          }}
          className={`inline-flex items-center gap-1 rounded-md border px-2 py-1 text-xs font-medium transition disabled:opacity-60 ${
            pinned ? 'border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-500' : 'border-slate-300 bg-white text-slate-600 hover:bg-slate-50'
          }`}
        >
          <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill={pinned ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.5">
            <path d="M5.5 1.5h5l-.8 4.2 2.8 2.8v1h-4v5l-.5 1-.5-1v-5h-4v-1l2.8-2.8z" strokeLinejoin="round" />
          </svg>
          {pinned ? 'Pinned' : 'Pin'}
        </button>
        {/* A disabled button gets no pointer events: the tooltip sits on its wrapper. */}
        <span title={reason ?? `Evict ${entry.objectName} now; it is copied in again on its next acquire`} className="inline-flex">
          <Button
            variant="danger"
            className="px-2 py-1 text-xs"
            aria-label={`Evict ${entry.objectName}`}
            aria-describedby={reason ? reasonId : undefined}
            disabled={reason !== null || evict.isPending}
            onClick={() => {
              pin.reset();
              evict.mutate({ replicaId: entry.replicaId });
            }}
          >
            {evict.isPending ? 'Evicting…' : 'Evict'}
          </Button>
        </span>
      </div>
      {reason ? (
        <span id={reasonId} className="sr-only">
          {reason}
        </span>
      ) : null}
      <RowError error={pin.error ?? evict.error} align="right" />
    </div>
  );
}
