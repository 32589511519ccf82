'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReplicaView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Button } from '~/components/ui';
import { formatAgo, formatBytes, formatDateTime, shortHash } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { SyncStateBadge } from './sync-cell';

const HEAD = 'whitespace-nowrap px-3 pb-2 pt-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-3 py-2.5 align-top';

function ReplicaDetails({ replica }: { replica: ReplicaView }) {
  if (replica.state === 'copying' && replica.progress) {
    return <ProgressBar label={`Copy to ${replica.store.name}`} {...replica.progress} />;
  }
  if (replica.state === 'copying') return <span className="text-xs text-slate-500">Copying… (no progress reported yet)</span>;
  if (replica.state === 'allocated') {
    const size = replica.progress?.bytesTotal;
    return (
      <span className="text-xs text-slate-500">
        Queued{size ? ` (${formatBytes(size)} to copy)` : ''}: waiting for a worker or for its next attempt — see Jobs below.
      </span>
    );
  }
  if (replica.state === 'failed') return <p className="break-words text-xs text-red-700">{replica.error ?? 'Failed without a recorded reason.'}</p>;
  if (replica.state === 'ready') {
    return (
      <p className="text-xs text-slate-600">
        Ready since <span title={formatDateTime(replica.readyAt)}>{formatAgo(replica.readyAt)}</span>
        {replica.verifiedSha256 ? (
          <>
            {' '}
            · verified <span className="font-mono" title={replica.verifiedSha256}>{shortHash(replica.verifiedSha256)}</span>
          </>
        ) : null}
        {replica.lastAccessAt ? ` · last read ${formatAgo(replica.lastAccessAt)}` : ''}
      </p>
    );
  }
  return <span className="text-xs text-slate-500">Updated {formatAgo(replica.updatedAt)}</span>;
}

function ReplicaRow({ objectId, replica, disabled, canVerify }: { objectId: string; replica: ReplicaView; disabled: boolean; canVerify: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const verify = useMutation(
    trpc.object.verify.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.object.pathFilter()), queryClient.invalidateQueries(trpc.job.pathFilter())]),
    }),
  );
  const error = parseError(verify.error);
  return (
    <tr data-testid={`replica-${replica.store.name}`} data-state={replica.state} className="border-b border-slate-100 last:border-0">
      <td className={CELL}>
        <span className="font-medium text-slate-800 wrap-anywhere">{replica.store.name}</span>
        <p className="text-xs text-slate-500">{replica.store.provider}</p>
      </td>
      <td className={`${CELL} text-slate-700 wrap-anywhere`}>{replica.store.zoneName ?? <span className="text-slate-500">region-wide</span>}</td>
      <td className={`${CELL} text-slate-700`}>{replica.store.role}</td>
      <td className={CELL}>
        <SyncStateBadge state={replica.state} title={replica.error ?? undefined} />
      </td>
      <td className={`${CELL} w-80 min-w-64`}>
        <ReplicaDetails replica={replica} />
        <p className="mt-1 truncate font-mono text-[11px] text-slate-400" title={replica.location}>
          {replica.location}
        </p>
      </td>
      <td className={`${CELL} text-right`}>
        {replica.state === 'ready' && canVerify ? (
          <Button disabled={disabled || verify.isPending} onClick={() => verify.mutate({ objectId, replicaId: replica.id })}>
            {verify.isPending ? 'Queuing…' : verify.data ? (verify.data.queued > 0 ? 'Queued' : 'Already queued') : 'Verify'}
          </Button>
        ) : null}
        {error ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** Every copy of the object: store, zone, role, state, and live progress or the reason it failed. */
export function ReplicasTable({ objectId, replicas, disabled, canVerify }: { objectId: string; replicas: ReplicaView[]; disabled: boolean; canVerify: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Replicas">
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className={HEAD}>
              Store
            </th>
            <th scope="col" className={HEAD}>
              Zone
            </th>
            <th scope="col" className={HEAD}>
              Role
            </th>
            <th scope="col" className={HEAD}>
              State
            </th>
            <th scope="col" className={HEAD}>
              Progress / details
            </th>
            <th scope="col" className={`${HEAD} text-right`}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {replicas.map((replica) => (
            <ReplicaRow key={replica.id} objectId={objectId} replica={replica} disabled={disabled} canVerify={canVerify} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
