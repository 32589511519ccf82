'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { StoreView } from '@stowage/services';
import { CapacityBar } from '~/components/capacity-bar';
import { StoreStateBadge } from '~/components/store-state-badge';
import { Badge, Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { formatBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { LoadDemoButton } from './load-demo-button';
import { useTRPC } from '~/trpc/react';

function StoreCapacityRow({ store }: { store: StoreView }) {
  return (
    <li className="py-3" data-testid={`overview-store-${store.name}`}>
      <div className="mb-1.5 flex items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <span className="text-sm font-medium">{store.name}</span>
          <span className="text-xs text-slate-500">
            {store.provider} · {store.role}
          </span>
        </div>
        <StoreStateBadge state={store.state} />
      </div>
      <CapacityBar capacity={store.capacity} label={store.name} />
    </li>
  );
}

function Stat({ label, value, tone }: { label: string; value: string | number; tone?: 'red' }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 whitespace-nowrap text-2xl font-semibold ${tone === 'red' ? 'text-red-600' : ''}`}>{value}</p>
    </div>
  );
}

export function OverviewView() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.overview.get.queryOptions(), refetchInterval: 10_000 });

  if (overview.isPending) {
    return (
      <>
        <PageHeader title="Overview" />
        <LoadingRows rows={4} label="Loading overview" />
      </>
    );
  }
  if (overview.isError) {
    return (
      <>
        <PageHeader title="Overview" />
        <ErrorBanner message={parseError(overview.error)?.message} />
      </>
    );
  }

  const { zones, regionStores, totals } = overview.data;
  const allStores = [...zones.flatMap((zone) => zone.stores), ...regionStores];
  const totalBytes = allStores.reduce((sum, store) => sum + (store.capacity.totalBytes ?? 0), 0);
  const usedBytes = allStores.reduce((sum, store) => sum + (store.capacity.usedBytes ?? 0), 0);

  return (
    <>
      <PageHeader title="Overview" description="Every zone, its stores and how full they are." />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Zones" value={totals.zones} />
        <Stat label="Stores" value={totals.stores} />
        <Stat label="Stores down" value={totals.storesDown} tone={totals.storesDown > 0 ? 'red' : undefined} />
        <Stat label="Used of all stores" value={`${formatBytes(usedBytes)} / ${formatBytes(totalBytes)}`} />
      </div>

      {zones.length === 0 ? (
        <EmptyState title="No zones yet">
          <Link href="/zones" className="text-indigo-600 hover:underline">
            Create a zone
          </Link>{' '}
          and then register its storage, or look around with two demo zones.
          <LoadDemoButton />
        </EmptyState>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {zones.map((zone) => (
            <Card
              key={zone.id}
              testId={`overview-zone-${zone.name}`}
              title={
                <span className="flex items-center gap-2">
                  {zone.name} <Badge tone={zone.mode === 'staging' ? 'indigo' : 'slate'}>{zone.mode} mode</Badge>
                </span>
              }
            >
              {zone.stores.length === 0 ? (
                <p className="text-sm text-slate-500">
                  No stores.{' '}
                  <Link href="/stores" className="text-indigo-600 hover:underline">
                    Register one
                  </Link>
                  .
                </p>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {zone.stores.map((store) => (
                    <StoreCapacityRow key={store.id} store={store} />
                  ))}
                </ul>
              )}
            </Card>
          ))}
          {regionStores.length > 0 ? (
            <Card title="Region object stores">
              <ul className="divide-y divide-slate-100">
                {regionStores.map((store) => (
                  <StoreCapacityRow key={store.id} store={store} />
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
