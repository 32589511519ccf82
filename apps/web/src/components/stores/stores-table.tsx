'use client';

import { createColumnHelper } from '@tanstack/react-table';
import type { StoreView } from '@stowage/services';
import { CapacityBar } from '~/components/capacity-bar';
import { DataTable, type ListFeatures, type ServerSort } from '~/components/lists';
import { RelativeTime } from '~/components/relative-time';
import { StoreStateBadge } from '~/components/store-state-badge';
import { StoreDetails } from './store-details';

const helper = createColumnHelper<ListFeatures, StoreView>();

/** Where a store is and what it is, in one line under its name. */
function identity(store: StoreView): string {
  const secrets = store.secretFieldsSet.length > 0 ? ` · ${store.secretFieldsSet.map((field) => `${field}: ••••••`).join(', ')}` : '';
  return `${store.provider} · ${store.role} · ${store.zoneName ? `zone ${store.zoneName}` : 'region-wide'}${secrets}`;
}

function LastProbe({ probe }: { probe: StoreView['lastProbe'] }) {
  if (!probe) return <span className="text-xs text-slate-400">Not probed yet</span>;
  return (
    <span className="text-xs text-slate-600">
      <span className="whitespace-nowrap">
        <RelativeTime date={probe.at} />
        {probe.latencyMs !== null ? ` · ${probe.latencyMs} ms` : ''}
      </span>
      {probe.ok ? null : <span className="block text-red-700 [overflow-wrap:anywhere]">{probe.error ?? 'failed'}</span>}
    </span>
  );
}

const columns = helper.columns([
  helper.accessor('name', {
    header: 'Store',
    cell: ({ row }) => {
      const store = row.original;
      return (
        <div className="min-w-48 max-w-md">
          <h3 className="font-semibold text-slate-900 [overflow-wrap:anywhere]">{store.name}</h3>
          <p className="mt-0.5 text-xs text-slate-500 [overflow-wrap:anywhere]">{identity(store)}</p>
          <p className="font-mono text-xs text-slate-500 [overflow-wrap:anywhere]">{store.location ?? 'configuration no longer valid'}</p>
        </div>
      );
    },
  }),
  helper.accessor('state', {
    header: 'State',
    cell: (info) => (
      <span className="whitespace-nowrap">
        <StoreStateBadge state={info.getValue()} />
      </span>
    ),
  }),
  helper.display({
    id: 'capacity',
    header: 'Capacity',
    cell: ({ row }) => (
      <div className="min-w-56">
        <CapacityBar capacity={row.original.capacity} label={row.original.name} />
      </div>
    ),
  }),
  helper.accessor('replicaCount', {
    header: 'Copies',
    cell: (info) => <span className="tabular-nums">{info.getValue().toLocaleString('en')}</span>,
  }),
  helper.display({ id: 'probe', header: 'Last probe', cell: ({ row }) => <LastProbe probe={row.original.lastProbe} /> }),
  helper.accessor('createdAt', {
    header: 'Registered',
    cell: (info) => (
      <span className="whitespace-nowrap text-xs text-slate-500">
        <RelativeTime date={info.getValue()} />
      </span>
    ),
  }),
]);

/** One page of stores: a row each, its actions and details under it; sorted by name or registration on the server. */
export function StoresTable({ stores, sorting, canEdit, stale }: { stores: StoreView[]; sorting: ServerSort; canEdit: boolean; stale: boolean }) {
  return (
    <DataTable
      label="Stores"
      columns={columns}
      data={stores}
      getRowId={(store) => store.id}
      sorting={sorting}
      stale={stale}
      rowTestId={(store) => `store-card-${store.name}`}
      rowData={(store) => ({ 'data-store-state': store.state })}
      renderDetails={(store) => <StoreDetails store={store} canEdit={canEdit} />}
    />
  );
}
