'use client';

import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { ObjectStoreColumn, ObjectSummary, SyncCell, ZoneColumn } from '@stowage/services';
import { Badge } from '~/components/ui';
import { RelativeTime } from '~/components/relative-time';
import { formatBytes } from '~/lib/format';
import { ObjectStatusBadge, SyncCellView } from './sync-cell';

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, ObjectSummary>();

const HEAD = 'px-2 pb-2 pt-1 text-left align-bottom text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2.5 align-top';

/** The server sorts; a header button asks it to (again: the other way). */
export interface TableSort {
  by: string;
  order: 'asc' | 'desc';
  onSort: (key: string) => void;
}

function SortButton({ label, sortKey, sort }: { label: string; sortKey: string; sort: TableSort | undefined }) {
  if (!sort) return <>{label}</>;
  const active = sort.by === sortKey;
  return (
    <button
      type="button"
      className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-800"
      aria-label={`Sort by ${label.toLowerCase()}${active ? (sort.order === 'asc' ? ', ascending now' : ', descending now') : ''}`}
      onClick={() => sort.onSort(sortKey)}
    >
      {label}
      <span aria-hidden="true">{active ? (sort.order === 'asc' ? '↑' : '↓') : '↕'}</span>
    </button>
  );
}

const fixedColumns = (sort: TableSort | undefined) => helper.columns([
  helper.accessor('name', {
    header: () => (
      <span className="inline-flex gap-3">
        <SortButton label="Name" sortKey="name" sort={sort} />
        <SortButton label="Registered" sortKey="created" sort={sort} />
      </span>
    ),
    cell: (info) => {
      const object = info.row.original;
      return (
        <div className="max-w-56">
          <Link href={`/objects/${object.id}`} className="break-words font-medium text-indigo-700 hover:underline">
            {info.getValue()}
          </Link>
          <p className="text-xs text-slate-500">
            {object.originType === 'upload' ? 'uploaded' : 'from URL'} · <RelativeTime date={object.createdAt} />
          </p>
        </div>
      );
    },
  }),
  helper.display({
    id: 'type',
    header: 'Kind / format',
    cell: ({ row }) => (
      <span className="whitespace-nowrap text-slate-700">
        {row.original.kind}
        <span className="block text-xs text-slate-500">{row.original.format}</span>
      </span>
    ),
  }),
  helper.accessor('sizeBytes', {
    header: () => <SortButton label="Size" sortKey="size" sort={sort} />,
    cell: (info) => {
      const size = info.getValue();
      if (size !== null) return <span className="whitespace-nowrap tabular-nums text-slate-700">{formatBytes(size)}</span>;
      const announced = Object.values(info.row.original.zones).find((cell) => cell.progress?.bytesTotal != null)?.progress?.bytesTotal;
      return announced != null ? (
        <span className="whitespace-nowrap tabular-nums text-slate-500" title="Announced by the source; confirmed when the ingest finishes">
          {formatBytes(announced)}?
        </span>
      ) : (
        <span className="text-slate-400">—</span>
      );
    },
  }),
  helper.accessor('status', { header: 'Status', cell: (info) => <ObjectStatusBadge status={info.getValue()} /> }),
]);

/** What a region without an object store shows: no backup anywhere. */
const NO_OBJECT_STORE: SyncCell = { state: 'no_store', replicaId: null, storeName: null, error: null, progress: null };

function objectStoreColumns(stores: ObjectStoreColumn[]) {
  if (stores.length === 0) {
    return [helper.display({ id: 'object-store', header: 'Object store', cell: () => <SyncCellView cell={NO_OBJECT_STORE} label="object store" /> })];
  }
  return stores.map((store) =>
    helper.display({
      id: `object-store:${store.id}`,
      header: () => (
        <span className="block max-w-36 normal-case tracking-normal">
          <span className="break-words font-semibold text-slate-700">{store.name}</span>
          <span className="block text-[11px] font-normal uppercase tracking-wide text-slate-500">object store</span>
        </span>
      ),
      cell: ({ row }) => {
        const cell = row.original.objectStores[store.id];
        return cell ? <SyncCellView cell={cell} label={`object store ${store.name}`} /> : <span className="text-slate-400">—</span>;
      },
    }),
  );
}

function zoneColumn(zone: ZoneColumn) {
  return helper.display({
    id: `zone:${zone.id}`,
    header: () => (
      <span className="block max-w-36 normal-case tracking-normal">
        <span className="break-words font-semibold text-slate-700">{zone.name}</span>
        {zone.mode === 'staging' ? (
          <span className="ml-1">
            <Badge tone="indigo">staging</Badge>
          </span>
        ) : null}
      </span>
    ),
    cell: ({ row }) => {
      const cell = row.original.zones[zone.id];
      return cell ? <SyncCellView cell={cell} label={zone.name} /> : <span className="text-slate-400">—</span>;
    },
  });
}

/** Objects with their sync state: one column per object store (the backups), then one per zone. */
export function ObjectsTable({ objects, zones, objectStores, sort }: { objects: ObjectSummary[]; zones: ZoneColumn[]; objectStores: ObjectStoreColumn[]; sort?: TableSort }) {
  const columns = useMemo(() => helper.columns([...fixedColumns(sort), ...objectStoreColumns(objectStores), ...zones.map(zoneColumn)]), [zones, objectStores, sort]);
  const table = useTable({ features, columns, data: objects, getRowId: (row) => row.id });

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200">
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={HEAD}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid={`object-row-${row.original.name}`} className="border-b border-slate-100 last:border-0 hover:bg-slate-50/60">
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={CELL}>
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
