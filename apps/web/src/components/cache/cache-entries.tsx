'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, type ReactNode } from 'react';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ListCacheEntriesInput } from '@stowage/services';
import { ListBody, Pager, useDebouncedCommit, useListUrlState, type ListUrlOptions } from '~/components/lists';
import { Button, EmptyState, inputClass } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { EntriesTable } from './entries-table';

/** The entries' URL parameters beside the page's own (zone, tab): `?entryState=ready&leased=no&entry=ubuntu&sort=size`. */
const OPTIONS: ListUrlOptions<{ entryState: string; pinned: string; leased: string; entry: string }> = {
  filters: { entryState: '', pinned: '', leased: '', entry: '' },
  sorts: { lastAccess: 'asc', size: 'desc' },
  defaultSort: 'lastAccess',
};

const STATES: Record<string, string> = { ready: 'Ready', copying: 'Copying', allocated: 'Allocated', failed: 'Failed', destroying: 'Evicting' };
const YES_NO = (value: string) => (value === 'yes' ? true : value === 'no' ? false : undefined);

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/** A zone's cache entries, a server page at a time: sorted by the headers, filtered, all of it in the URL. */
export function CacheEntries({ zoneId, zoneName, entryCount }: { zoneId: string; zoneName: string; entryCount: number }) {
  const trpc = useTRPC();
  const list = useListUrlState(OPTIONS);
  const { entryState, pinned, leased, entry } = list.filters;
  const [text, setText, commit] = useDebouncedCommit(entry, (value) => list.setFilters({ entry: value }));
  const input = useMemo((): ListCacheEntriesInput => {
    const pinnedFilter = YES_NO(pinned);
    const leasedFilter = YES_NO(leased);
    return {
      zoneId,
      ...list.paging,
      sort: list.paging.sort as 'lastAccess' | 'size',
      limit: 50,
      ...(entryState in STATES ? { state: entryState as 'ready' } : {}),
      ...(pinnedFilter !== undefined ? { pinned: pinnedFilter } : {}),
      ...(leasedFilter !== undefined ? { leased: leasedFilter } : {}),
      ...(entry.trim() ? { name: entry.trim().slice(0, MAX_NAME_LENGTH) } : {}),
    };
  }, [zoneId, list.paging, entryState, pinned, leased, entry]);
  const page = useQuery({ ...trpc.cache.entries.queryOptions(input), refetchInterval: 3000, placeholderData: keepPreviousData });
  const entries = page.data?.entries ?? [];

  return (
    <>
      <div className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter cache entries">
        <Field label="Object">
          {(id) => (
            <input
              id={id}
              type="search"
              aria-label="Search entries by object name"
              placeholder="Part of the name…"
              className={`${inputClass} w-52 py-1`}
              value={text}
              maxLength={MAX_NAME_LENGTH}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && commit()}
            />
          )}
        </Field>
        <Field label="State">
          {(id) => (
            <select id={id} className={`${inputClass} w-36 py-1`} value={entryState} onChange={(event) => list.setFilters({ entryState: event.target.value })}>
              <option value="">Any state</option>
              {Object.entries(STATES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Leases">
          {(id) => (
            <select id={id} className={`${inputClass} w-40 py-1`} value={leased} onChange={(event) => list.setFilters({ leased: event.target.value })}>
              <option value="">Leased or not</option>
              <option value="yes">Held by a host</option>
              <option value="no">Not held</option>
            </select>
          )}
        </Field>
        <Field label="Pin">
          {(id) => (
            <select id={id} className={`${inputClass} w-36 py-1`} value={pinned} onChange={(event) => list.setFilters({ pinned: event.target.value })}>
              <option value="">Pinned or not</option>
              <option value="yes">Pinned</option>
              <option value="no">Not pinned</option>
            </select>
          )}
        </Field>
        {list.filtered ? (
          <Button variant="ghost" onClick={list.clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <ListBody
        isPending={page.isPending}
        error={page.isError ? parseError(page.error)?.message : null}
        isEmpty={entries.length === 0}
        loadingLabel="Loading cache entries"
        empty={
          list.filtered ? (
            <EmptyState title="No entry matches">Clear the filters to see all {entryCount} entries.</EmptyState>
          ) : (
            <EmptyState title="The cache is empty">Entries appear here when a hypervisor agent acquires an object in {zoneName}.</EmptyState>
          )
        }
      >
        <EntriesTable entries={entries} sorting={{ sort: list.sort, order: list.order, onSort: list.setSort }} stale={page.isPlaceholderData} />
        <div className="mt-3 flex justify-end">
          <Pager page={page.data} paged={Boolean(list.cursor)} onPage={list.goTo} onFirst={list.toFirstPage} disabled={page.isPlaceholderData} label="Cache entry pages" />
        </div>
      </ListBody>
    </>
  );
}
