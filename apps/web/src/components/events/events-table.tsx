'use client';

import { createColumnHelper } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { EventView } from '@stowage/services';
import { useNow } from '~/components/cache/use-now';
import { DataTable, type ListFeatures, type ServerSort } from '~/components/lists';
import { Badge } from '~/components/ui';
import { formatAgo, formatDateTime } from '~/lib/format';
import { lookOf, SEVERITY_LOOK } from '~/lib/labels';
import type { EventFilters } from './event-filters';

const helper = createColumnHelper<ListFeatures, EventView>();

const OUTCOME_LOOK = {
  success: { tone: 'slate', label: 'success' },
  failure: { tone: 'amber', label: 'failure' },
  denied: { tone: 'red', label: 'denied' },
} as const;

/** Success is quiet; a failure and, louder, a refusal stand out. */
export function OutcomeBadge({ outcome }: { outcome: EventView['outcome'] }) {
  const look = OUTCOME_LOOK[outcome] ?? OUTCOME_LOOK.success;
  return <Badge tone={look.tone}>{look.label}</Badge>;
}

const ROW_TINT: Record<EventView['outcome'], string> = { success: '', failure: 'bg-amber-50/50', denied: 'bg-red-50/60' };

/** Narrows the list to one value: a small control beside the value it filters by. */
function FilterButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={label}
      aria-label={label}
      className="ml-1 rounded px-1 text-[11px] font-medium text-slate-400 opacity-0 transition hover:bg-slate-200 hover:text-slate-700 focus:opacity-100 group-hover:opacity-100"
    >
      filter
    </button>
  );
}

/** A subject's name on one line, cut with the whole name on hover: a long one does not make the row tall. */
const SUBJECT_NAME = 'inline-block max-w-48 truncate align-bottom font-medium text-indigo-700 hover:underline';

export type Narrow = (filters: Partial<EventFilters>) => void;

function Subjects({ event, narrow }: { event: EventView; narrow: Narrow }) {
  const parts: React.ReactNode[] = [];
  if (event.objectId) {
    parts.push(
      <span key="object" className="flex items-baseline whitespace-nowrap">
        <span className="mr-1 text-slate-400">object</span>
        <Link href={`/objects/${event.objectId}`} title={event.objectName ?? event.objectId} className={SUBJECT_NAME}>
          {event.objectName ?? event.objectId}
        </Link>
        <FilterButton label={`Only events of object ${event.objectName ?? event.objectId}`} onClick={() => narrow({ objectId: event.objectId! })} />
      </span>,
    );
  }
  if (event.storeId) {
    parts.push(
      <span key="store" className="flex items-baseline whitespace-nowrap">
        <span className="mr-1 text-slate-400">store</span>
        <Link href="/stores" title={event.storeName ?? event.storeId} className={SUBJECT_NAME}>
          {event.storeName ?? event.storeId}
        </Link>
        <FilterButton label={`Only events of store ${event.storeName ?? event.storeId}`} onClick={() => narrow({ storeId: event.storeId! })} />
      </span>,
    );
  }
  if (event.zoneId) {
    parts.push(
      <span key="zone" className="flex items-baseline whitespace-nowrap">
        <span className="mr-1 text-slate-400">zone</span>
        <Link href="/zones" title={event.zoneName ?? event.zoneId} className={SUBJECT_NAME}>
          {event.zoneName ?? event.zoneId}
        </Link>
        <FilterButton label={`Only events of zone ${event.zoneName ?? event.zoneId}`} onClick={() => narrow({ zoneId: event.zoneId! })} />
      </span>,
    );
  }
  if (event.jobId && !event.objectId) {
    parts.push(
      <Link key="job" href="/jobs" className="whitespace-nowrap text-indigo-700 hover:underline">
        a job
      </Link>,
    );
  }
  if (parts.length === 0) return <span className="text-slate-300">—</span>;
  return <div className="flex flex-col gap-0.5 text-xs">{parts}</div>;
}

function columns(narrow: Narrow, now: number) {
  return helper.columns([
    helper.accessor('at', {
      header: 'Time',
      cell: (info) => (
        <time dateTime={new Date(info.getValue()).toISOString()} title={formatDateTime(info.getValue())} className="whitespace-nowrap tabular-nums text-slate-600">
          {formatAgo(info.getValue(), now)}
        </time>
      ),
    }),
    helper.accessor('actor', {
      header: 'Actor',
      cell: (info) => (
        <span className="flex items-baseline whitespace-nowrap">
          <span title={info.getValue()} className="inline-block max-w-40 truncate font-medium text-slate-800">
            {info.getValue()}
          </span>
          <FilterButton label={`Only events by ${info.getValue()}`} onClick={() => narrow({ actor: info.getValue() })} />
        </span>
      ),
    }),
    helper.accessor('type', {
      header: 'Type',
      cell: (info) => (
        <span className="whitespace-nowrap">
          <code className="text-xs text-slate-700">{info.getValue()}</code>
          <FilterButton label={`Only ${info.getValue()} events`} onClick={() => narrow({ types: [info.getValue()] })} />
        </span>
      ),
    }),
    helper.accessor('outcome', { header: 'Outcome', cell: (info) => <OutcomeBadge outcome={info.getValue()} /> }),
    helper.display({ id: 'subject', header: 'Subject', cell: ({ row }) => <Subjects event={row.original} narrow={narrow} /> }),
    helper.accessor('message', {
      header: 'Message',
      cell: (info) => <p className={`min-w-48 [overflow-wrap:anywhere] ${lookOf(SEVERITY_LOOK, info.row.original.severity, SEVERITY_LOOK.info!).text}`}>{info.getValue()}</p>,
    }),
  ]);
}

/**
 * One page of events, in time order either way (the Time header sorts). `narrow` adds a filter (clicking
 * "filter" beside an actor, type or subject). `stale`: these rows are the previous filters' while the new ones
 * load (dimmed, aria-busy).
 */
export function EventsTable({ events, narrow, sorting, stale = false }: { events: EventView[]; narrow: Narrow; sorting: ServerSort; stale?: boolean }) {
  const now = useNow(30_000);
  const tableColumns = useMemo(() => columns(narrow, now), [narrow, now]);
  return (
    <DataTable
      label="Events"
      columns={tableColumns}
      data={events}
      getRowId={(row) => row.id}
      sorting={sorting}
      stale={stale}
      rowTestId={() => 'event-row'}
      rowData={(row) => ({ 'data-event-id': row.id, 'data-type': row.type, 'data-outcome': row.outcome })}
      rowClassName={(row) => ROW_TINT[row.outcome] ?? ''}
    />
  );
}
