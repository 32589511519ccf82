'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRef, type ReactNode } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Badge, Card, EmptyState, ErrorBanner, inputClass, LoadingRows, PageHeader } from '~/components/ui';
import { formatTtl, RESERVATION_POLICY_LABELS } from '~/lib/cache';
import { formatDuration } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { CacheCharts } from './cache-charts';
import { CacheCounters } from './cache-counters';
import { CacheEntries } from './cache-entries';
import { ReservationQueue } from './reservation-queue';
import { StackedCapacityBar } from './stacked-capacity-bar';

interface ZoneOption {
  id: string;
  name: string;
  mode: string;
  stores: { id: string; name: string }[];
}

/** The zone shown when none is asked for: the first staging-mode zone with a cache, else any zone with one. */
function defaultZone(zones: ZoneOption[]): ZoneOption | undefined {
  return (
    zones.find((zone) => zone.mode === 'staging' && zone.stores.length > 0) ??
    zones.find((zone) => zone.stores.length > 0) ??
    zones.find((zone) => zone.mode === 'staging')
  );
}

const linkClass = 'font-medium text-indigo-700 hover:underline';

/** The Planner tab's code (its sentences, controls and charts) is fetched only when the tab is opened. */
const PlannerTab = dynamic(() => import('./planner/planner-tab').then((module) => module.PlannerTab), {
  loading: () => <LoadingRows rows={4} label="Loading the planner" />,
});

type CacheTab = 'cache' | 'planner';

const TABS: { id: CacheTab; label: string }[] = [
  { id: 'cache', label: 'Cache' },
  { id: 'planner', label: 'Planner' },
];

/** The page's query string for a zone and tab, keeping the Planner's own settings (days, target). */
function cacheHref(pathname: string, params: URLSearchParams, changes: { zone?: string; tab?: CacheTab }): string {
  const next = new URLSearchParams(params.toString());
  if (changes.zone !== undefined) next.set('zone', changes.zone);
  if (changes.tab !== undefined) {
    if (changes.tab === 'cache') next.delete('tab');
    else next.set('tab', changes.tab);
  }
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/**
 * Tabs between the cache as it is and the capacity planner (WAI-ARIA tabs: arrow keys, Home and End move
 * between them). Each tab is a link too, so the choice is in the URL: it survives a reload and can be shared.
 */
function CacheTabs({ active, hrefFor }: { active: CacheTab; hrefFor: (tab: CacheTab) => string }) {
  const router = useRouter();
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const go = (index: number) => {
    const position = (index + TABS.length) % TABS.length;
    refs.current[position]?.focus();
    router.replace(hrefFor(TABS[position]!.id), { scroll: false });
  };
  return (
    <div role="tablist" aria-label="Cache views" className="mb-6 flex gap-1 border-b border-slate-200" data-testid="cache-tabs">
      {TABS.map((tab, index) => {
        const selected = tab.id === active;
        return (
          <Link
            key={tab.id}
            ref={(element) => {
              refs.current[index] = element;
            }}
            id={`cache-tab-${tab.id}`}
            role="tab"
            href={hrefFor(tab.id)}
            replace
            scroll={false}
            aria-selected={selected}
            aria-controls={selected ? `cache-panel-${tab.id}` : undefined}
            tabIndex={selected ? 0 : -1}
            onKeyDown={(event) => {
              const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
              const target = moves[event.key];
              if (target === undefined) return;
              event.preventDefault();
              go(target);
            }}
            className={`-mb-px rounded-t-md border-b-2 px-4 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
              selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800'
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </div>
  );
}

function NoCacheYet({ stagingZones }: { stagingZones: ZoneOption[] }) {
  return (
    <EmptyState title="No staging cache yet">
      <div className="mx-auto max-w-xl space-y-3 text-left" data-testid="cache-empty">
        <p>
          In <strong>staging mode</strong> a zone keeps its templates and ISOs on the region&apos;s object store and caches them on a bounded NFS store while
          hypervisors use them. This page shows what that cache holds, who is using it, and how well it serves. To get one:
        </p>
        <ol className="list-decimal space-y-1 pl-5">
          <li>
            On <Link href="/zones" className={linkClass}>Zones</Link>, create a zone in <em>staging</em> mode (or switch an existing zone to it).
          </li>
          <li>
            On <Link href="/stores" className={linkClass}>Stores</Link>, register an NFS store with the role <em>Staging</em> in that zone, and make sure an
            object store is registered: it is the store of record for staging zones.
          </li>
          <li>Register objects with that zone as their origin. Each acquire by a hypervisor agent then fills the cache.</li>
        </ol>
        {stagingZones.length > 0 ? (
          <p className="text-amber-700">
            In staging mode without a staging store: {stagingZones.map((zone) => zone.name).join(', ')}. Agents cannot acquire there until one is registered.
          </p>
        ) : null}
      </div>
    </EmptyState>
  );
}

export function CacheView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const zones = useQuery({ ...trpc.cache.zones.queryOptions(), refetchInterval: 15_000 });
  const list = zones.data ?? [];
  const tab: CacheTab = params.get('tab') === 'planner' ? 'planner' : 'cache';
  const cacheOptions = list.filter((zone) => zone.mode === 'staging' || zone.stores.length > 0);
  // Every zone records its acquires, so the Planner also answers "what if this backup zone were in staging mode?".
  const options = tab === 'planner' ? list : cacheOptions;
  const asked = params.get('zone');
  const zone = options.find((candidate) => candidate.id === asked) ?? defaultZone(cacheOptions) ?? options[0];
  const view = useQuery({
    ...trpc.cache.view.queryOptions({ zoneId: zone?.id ?? '' }),
    enabled: Boolean(zone) && tab === 'cache',
    refetchInterval: 2000,
  });

  const selector =
    options.length > 0 ? (
      <div className="flex flex-col gap-1">
        <label htmlFor="cache-zone" className="text-sm font-medium text-slate-700">
          Zone
        </label>
        <select
          id="cache-zone"
          className={`${inputClass} w-64`}
          value={zone?.id ?? ''}
          onChange={(event) => router.replace(cacheHref(pathname, params, { zone: event.target.value }), { scroll: false })}
        >
          {options.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
              {candidate.stores.length === 0 ? ' (no staging store)' : candidate.mode === 'staging' ? '' : ' (backup mode)'}
            </option>
          ))}
        </select>
      </div>
    ) : null;

  // A zone without a staging store has no Cache tab of its own: switching to it falls back to the default zone.
  const tabHref = (next: CacheTab) =>
    cacheHref(pathname, params, zone && (next === 'planner' || cacheOptions.some((candidate) => candidate.id === zone.id)) ? { tab: next, zone: zone.id } : { tab: next });
  const header = (
    <>
      <PageHeader
        title="Cache"
        description={
          tab === 'planner'
            ? 'How much staging space a zone needs for the hit ratio you want, from the acquires it recorded.'
            : "Each staging zone's NFS cache: space, entries and their leases, the reservation queue, and how well it serves."
        }
        actions={selector}
      />
      <CacheTabs active={tab} hrefFor={tabHref} />
    </>
  );

  const body = ((): ReactNode => {
    if (zones.isPending) {
      return <LoadingRows label="Loading zones" />;
    }
    if (zones.isError) {
      return <ErrorBanner message={parseError(zones.error)?.message} />;
    }
    if (tab === 'planner') {
      return zone ? (
        <PlannerTab zone={zone} />
      ) : (
        <EmptyState title="No zones yet">
          Create a zone on the{' '}
          <Link href="/zones" className={linkClass}>
            Zones
          </Link>{' '}
          page: the planner works from the acquires its agents make.
        </EmptyState>
      );
    }
    if (!options.some((candidate) => candidate.stores.length > 0)) {
      return <NoCacheYet stagingZones={options.filter((candidate) => candidate.mode === 'staging')} />;
    }
    if (!zone) return null;

    const data = view.data;
    const store = data?.store ?? null;
    return (
      <>
        {view.isPending ? (
          <LoadingRows rows={4} label="Loading the cache" />
        ) : view.isError && !data ? (
          <ErrorBanner message={parseError(view.error)?.message} />
        ) : !data || !store || !data.space ? (
          <EmptyState title={`Zone ${zone.name} has no staging store`}>
            Register an NFS store with the role <em>Staging</em> in {zone.name} on the{' '}
            <Link href="/stores" className={linkClass}>
              Stores
            </Link>{' '}
            page; acquires in this zone are refused until then.
          </EmptyState>
        ) : (
          <>
            {view.isError ? (
              <div className="mb-4">
                <ErrorBanner message={`Could not refresh: ${parseError(view.error)?.message ?? 'unknown error'}. Showing the last figures.`} />
              </div>
            ) : null}
            {data.zone.mode !== 'staging' ? (
              <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
                Zone {data.zone.name} is in backup mode: agents read from its record store, so this cache fills only once the zone switches to staging mode.
              </p>
            ) : null}
            <Card
              className="mb-6"
              testId="cache-space-card"
              title={
                <span className="flex flex-wrap items-center gap-2">
                  Space on {store.name}
                  <Badge tone={store.reservationPolicy === 'strict' ? 'slate' : 'amber'}>
                    {RESERVATION_POLICY_LABELS[store.reservationPolicy]?.label ?? store.reservationPolicy}
                    {store.reservationPolicy === 'overcommit' ? ` ×${store.overcommitFactor}` : ''}
                  </Badge>
                </span>
              }
              actions={
                <span className="text-xs text-slate-500" data-testid="cache-policy-summary">
                  idle TTL {formatTtl(store.idleTtlSeconds)} · reservations wait at most {formatDuration(store.reservationTimeoutSeconds)} ·{' '}
                  <Link href="/stores" className={linkClass}>
                    settings
                  </Link>
                </span>
              }
            >
              <StackedCapacityBar
                space={data.space}
                policy={store}
                label={store.name}
                waiting={{ bytes: data.queue.reduce((sum, item) => sum + item.bytes, 0), count: data.queue.length }}
              />
            </Card>
            <CacheCounters totals={data.totals} />
            <CacheCharts series={data.series} />
            <Card className="mb-6" testId="cache-entries" title={`Entries (${data.entryCount})`}>
              <CacheEntries zoneId={data.zone.id} zoneName={data.zone.name} entryCount={data.entryCount} />
            </Card>
            <Card testId="cache-queue" title={`Reservation queue (${data.queue.length})`}>
              <ReservationQueue queue={data.queue} timeoutSeconds={store.reservationTimeoutSeconds} />
            </Card>
          </>
        )}
      </>
    );
  })();

  return (
    <>
      {header}
      <div role="tabpanel" id={`cache-panel-${tab}`} aria-labelledby={`cache-tab-${tab}`}>
        {body}
      </div>
    </>
  );
}
