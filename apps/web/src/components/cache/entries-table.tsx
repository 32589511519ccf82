'use client';

import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import type { CacheEntryView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { DataTable, type ListFeatures, type ServerSort } from '~/components/lists/data-table';
import { Badge } from '~/components/ui';
import { notEvictableReason } from '~/lib/cache';
import { formatAgo, formatBytes, formatDateTime, formatDuration } from '~/lib/format';
import { lookOf, type Tone } from '~/lib/labels';
import { EntryActions, LeaseList } from './entry-actions';

const helper = createColumnHelper<ListFeatures, CacheEntryView>();

const ENTRY_STATE_LOOK: Record<string, { tone: Tone; label: string; hint: string }> = {
  allocated: { tone: 'slate', label: 'Allocated', hint: 'Space is reserved (or awaited); the copy has not started yet.' },
  copying: { tone: 'indigo', label: 'Copying', hint: 'Being copied from the object store.' },
  ready: { tone: 'green', label: 'Ready', hint: 'In the cache and verified.' },
  failed: { tone: 'red', label: 'Failed', hint: 'The copy into the cache failed.' },
  destroying: { tone: 'amber', label: 'Evicting', hint: 'Evicted; its bytes are being deleted.' },
};

function StateCell({ entry }: { entry: CacheEntryView }) {
  const look = lookOf<{ tone: Tone; label: string; hint: string }>(ENTRY_STATE_LOOK, entry.state, { tone: 'slate', label: entry.state, hint: '' });
  return (
    <div className="w-28" data-testid="entry-state" data-state={entry.state}>
      <span title={look.hint}>
        <Badge tone={look.tone}>{look.label}</Badge>
      </span>
      {entry.state === 'copying' || entry.state === 'allocated' ? (
        <div className="mt-1.5">
          <ProgressBar compact label={`Staging ${entry.objectName}`} bytesDone={entry.bytesDone} bytesTotal={entry.sizeBytes > 0 ? entry.sizeBytes : null} />
        </div>
      ) : null}
    </div>
  );
}

function RankCell({ entry }: { entry: CacheEntryView }) {
  if (entry.evictionRank !== null) {
    return (
      <span className="whitespace-nowrap tabular-nums" title="Order in which idle entries are evicted under pressure: least recently used first">
        #{entry.evictionRank}
        {entry.evictionRank === 1 ? <span className="ml-1 text-xs text-amber-700">next</span> : null}
      </span>
    );
  }
  const reason = notEvictableReason(entry);
  const short = entry.leases.length > 0 ? 'leased' : entry.pinned ? 'pinned' : entry.state === 'ready' ? '—' : entry.state;
  return (
    <span className="whitespace-nowrap text-xs text-slate-400" title={reason ?? undefined}>
      {short}
    </span>
  );
}

const columns = helper.columns([
  helper.accessor('objectName', {
    header: 'Object',
    cell: ({ row }) => (
      <Link href={`/objects/${row.original.objectId}`} className="block max-w-48 break-words font-medium text-indigo-700 hover:underline">
        {row.original.objectName}
      </Link>
    ),
  }),
  helper.accessor('sizeBytes', {
    id: 'size',
    header: 'Size',
    cell: (info) => <span className="whitespace-nowrap tabular-nums text-slate-700">{formatBytes(info.getValue())}</span>,
  }),
  helper.accessor('state', { header: 'State', cell: ({ row }) => <StateCell entry={row.original} /> }),
  helper.display({ id: 'leases', header: 'Leases', cell: ({ row }) => <LeaseList entry={row.original} /> }),
  helper.display({
    id: 'lastAccess',
    header: 'Last access',
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-700" title={formatDateTime(row.original.lastAccessAt)}>
        {formatAgo(row.original.lastAccessAt)}
      </span>
    ),
  }),
  helper.display({
    id: 'age',
    header: 'Age',
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-700" title={row.original.readyAt ? `Ready since ${formatDateTime(row.original.readyAt)}` : 'Not ready yet'}>
        {row.original.readyAt ? formatDuration((Date.now() - new Date(row.original.readyAt).getTime()) / 1000) : '—'}
      </span>
    ),
  }),
  helper.display({
    id: 'rank',
    header: 'Eviction rank',
    cell: ({ row }) => <RankCell entry={row.original} />,
  }),
  helper.display({
    id: 'actions',
    header: 'Pin · evict',
    cell: ({ row }) => (
      <div className="text-right">
        <EntryActions entry={row.original} />
      </div>
    ),
  }),
]);

/** One server page of what the cache holds: a row per entry, with its leases, pin and place in the eviction order. */
export function EntriesTable({ entries, sorting, stale }: { entries: CacheEntryView[]; sorting: Omit<ServerSort, 'sortable'>; stale?: boolean }) {
  return (
    <DataTable
      columns={columns}
      data={entries}
      getRowId={(entry) => entry.replicaId}
      label="Cache entries"
      rowTestId={(entry) => `cache-entry-${entry.objectName}`}
      rowData={(entry) => ({ 'data-state': entry.state })}
      headClassName={{ actions: 'text-right' }}
      sorting={{ ...sorting, sortable: { lastAccess: 'lastAccess', size: 'size' } }}
      stale={stale}
    />
  );
}
