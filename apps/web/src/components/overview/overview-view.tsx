'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { Overview, StoreView } from '@stowage/services';
import { CapacityBar } from '~/components/capacity-bar';
import { StoreStateBadge } from '~/components/store-state-badge';
import { Badge, Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { RelativeTime } from '~/components/relative-time';
import { formatBytes } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { Attention } from './attention';
import { LoadDemoButton } from './load-demo-button';
import { RecentFailures } from './recent-failures';
import { RunningJobs } from './running-jobs';
import { ZoneCapacityCard } from './zone-capacity-card';
import { ZoneHealth } from './zone-health';
import { WorkersSummary } from '~/components/workers/workers-summary';
import { useAccess } from '~/lib/access';
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
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 break-words text-2xl leading-tight font-semibold tabular-nums ${tone === 'red' ? 'text-red-600' : ''}`}>{value}</p>
    </div>
  );
}

/** Shown only when the supervisor had to restart a process: an admin should know the product is unwell. */
function ProcessRestarts({ restarts }: { restarts: Overview['restarts'] }) {
  if (restarts.last24h === 0) return null;
  return (
    <section aria-labelledby="restarts-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3" data-testid="process-restarts">
      <h2 id="restarts-title" className="text-sm font-semibold text-amber-900">
        {restarts.last24h === 1 ? 'A process was restarted' : `Processes were restarted ${restarts.last24h} times`} in the last 24 hours
      </h2>
      <p className="mt-0.5 text-sm text-amber-900">
        Stowage restarted it on its own; work it was doing is taken over. Repeated restarts mean something keeps failing: check the server&apos;s log.
      </p>
      <ul className="mt-2 space-y-1 text-sm text-amber-950">
        {restarts.latest.map((restart) => (
          <li key={`${String(restart.at)}-${restart.message}`}>
            <RelativeTime date={restart.at} className="text-amber-800" />{' '}
            · {restart.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OverviewView() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.overview.get.queryOptions(), refetchInterval: 10_000 });
  const { can } = useAccess();
  const admin = can('admin');

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

  const { zones, regionStores, totals, restarts } = overview.data;
  const allStores = [...zones.flatMap((zone) => zone.stores), ...regionStores];
  const totalBytes = allStores.reduce((sum, store) => sum + (store.capacity.totalBytes ?? 0), 0);
  const usedBytes = allStores.reduce((sum, store) => sum + (store.capacity.usedBytes ?? 0), 0);

  return (
    <>
      <PageHeader title="Overview" description="What needs you, what is moving, and every zone's copies and capacity." />
      <ProcessRestarts restarts={restarts} />
      <WorkersSummary />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-5">
        <Stat label="Zones" value={totals.zones} />
        <Stat label="Objects" value={totals.objects.toLocaleString('en-US')} />
        <Stat label="Stores down" value={totals.storesDown} tone={totals.storesDown > 0 ? 'red' : undefined} />
        <Stat label="Failed copies" value={totals.failedCopies.toLocaleString('en-US')} tone={totals.failedCopies > 0 ? 'red' : undefined} />
        <Stat label="Used of all stores" value={`${formatBytes(usedBytes)} / ${formatBytes(totalBytes)}`} />
      </div>
      {zones.length > 0 ? (
        <>
          <Attention overview={overview.data} />
          <div className="mb-6 grid gap-4 xl:grid-cols-2">
            <RunningJobs running={overview.data.running} />
            <RecentFailures failures={overview.data.recentFailures} />
          </div>
          <ZoneCapacityCard zones={zones} />
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Zones: copies and capacity</h2>
        </>
      ) : null}

      {zones.length === 0 ? (
        <EmptyState title="No zones yet">
          {admin ? (
            <>
              <Link href="/zones" className="text-indigo-600 hover:underline">
                Create a zone
              </Link>{' '}
              and then register its storage, or look around with two demo zones.
              <LoadDemoButton />
            </>
          ) : (
            'An admin creates zones and registers their storage; they appear here.'
          )}
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
              <ZoneHealth zone={zone} />
              {zone.stores.length === 0 ? (
                <p className="text-sm text-slate-500">
                  No stores.
                  {admin ? (
                    <>
                      {' '}
                      <Link href="/stores" className="text-indigo-600 hover:underline">
                        Register one
                      </Link>
                      .
                    </>
                  ) : null}
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
