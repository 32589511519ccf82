'use client';

import { createColumnHelper, createSortedRowModel, rowSortingFeature, sortFn_basic, tableFeatures, useTable, type SortingState } from '@tanstack/react-table';
import Link from 'next/link';
import { useState } from 'react';
import type { CacheEntryView } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Badge } from '~/components/ui';
import { notEvictableReason } from '~/lib/cache';
import { formatAgo, formatBytes, formatDateTime, formatDuration } from '~/lib/format';
import { lookOf, type Tone } from '~/lib/labels';
import { EntryActions, LeaseList } from './entry-actions';

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel(), sortFns: { basic: sortFn_basic } });
const helper = createColumnHelper<typeof features, CacheEntryView>();

const HEAD = 'px-2 pb-2 pt-1 text-left align-bottom text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2.5 align-top';

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

/** The sort toggles read as buttons in the header; aria-sort on the header cell says the current order. */
function SortableHeader({ label, sorted, onToggle }: { label: string; sorted: false | 'asc' | 'desc'; onToggle: ((event: unknown) => void) | undefined }) {
  return (
    <button type="button" onClick={onToggle} className="inline-flex items-end gap-1 text-left uppercase tracking-wide hover:text-slate-800">
      {label}
      <span aria-hidden className={sorted ? 'text-slate-800' : 'text-slate-300'}>
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
      </span>
    </button>
  );
}

const time = (date: Date | null) => (date ? new Date(date).getTime() : undefined);

const columns = helper.columns([
  helper.accessor('objectName', {
    header: 'Object',
    enableSorting: false,
    cell: ({ row }) => (
      <Link href={`/objects/${row.original.objectId}`} className="block max-w-48 break-words font-medium text-indigo-700 hover:underline">
        {row.original.objectName}
      </Link>
    ),
  }),
  helper.accessor('sizeBytes', {
    header: 'Size',
    sortFn: 'basic',
    sortDescFirst: true,
    cell: (info) => <span className="whitespace-nowrap tabular-nums text-slate-700">{formatBytes(info.getValue())}</span>,
  }),
  helper.accessor('state', { header: 'State', enableSorting: false, cell: ({ row }) => <StateCell entry={row.original} /> }),
  helper.display({ id: 'leases', header: 'Leases', cell: ({ row }) => <LeaseList entry={row.original} /> }),
  helper.accessor((entry) => time(entry.lastAccessAt), {
    id: 'lastAccess',
    header: 'Last access',
    sortFn: 'basic',
    sortDescFirst: true,
    sortUndefined: 'last',
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
  helper.accessor((entry) => entry.evictionRank ?? undefined, {
    id: 'rank',
    header: 'Eviction rank',
    sortFn: 'basic',
    sortUndefined: 'last',
    cell: ({ row }) => <RankCell entry={row.original} />,
  }),
  helper.display({
    id: 'actions',
    header: 'Pin · evict',
    cell: ({ row }) => <EntryActions entry={row.original} />,
  }),
]);

/** What the cache holds: one row per entry, with its leases, pin and place in the eviction order. */
export function EntriesTable({ entries }: { entries: CacheEntryView[] }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({ features, columns, data: entries, getRowId: (row) => row.replicaId, state: { sorting }, onSortingChange: setSorting });

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Cache entries">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200">
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={`${HEAD} ${header.column.id === 'actions' ? 'text-right' : ''}`}
                    aria-sort={header.column.getCanSort() ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <SortableHeader label={String(header.column.columnDef.header)} sorted={sorted} onToggle={header.column.getToggleSortingHandler()} />
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-testid={`cache-entry-${row.original.objectName}`}
              data-state={row.original.state}
              className="border-b border-slate-100 last:border-0 hover:bg-slate-50/60"
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`${CELL} ${cell.column.id === 'actions' ? 'text-right' : ''}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
