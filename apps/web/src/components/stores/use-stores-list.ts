'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { MAX_NAME_LENGTH, PROVIDER_IDS, STORE_ROLES, type ProviderId, type StoreRole } from '@stowage/core/domain';
import { STORE_DISPLAY_STATES, type StoreDisplayState } from '@stowage/core/store-state';
import type { ListStorePageInput } from '@stowage/services';
import { useListUrlState, type ListUrlOptions } from '~/components/lists';
import { useTRPC } from '~/trpc/react';

/** The Stores list's URL: `?zone=<id>&role=record&provider=nfs&state=down&name=east`, sort and page. */
const OPTIONS: ListUrlOptions<{ zone: string; role: string; provider: string; state: string; name: string }> = {
  filters: { zone: '', role: '', provider: '', state: '', name: '' },
  sorts: { name: 'asc', created: 'desc' },
  defaultSort: 'name',
};

/** Stores are few next to objects: a page holds the usual installation whole. */
const STORES_PER_PAGE = 100;
export const NAME_FILTER_MAX = MAX_NAME_LENGTH;

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/** The Stores page's list: filters, sort and page from the URL, the page from the server. */
export function useStoresList() {
  const trpc = useTRPC();
  const list = useListUrlState(OPTIONS);
  const { zone, role, provider, state, name } = list.filters;
  const input = useMemo((): ListStorePageInput => {
    const trimmed = name.trim().slice(0, NAME_FILTER_MAX);
    return {
      ...list.paging,
      sort: list.paging.sort as 'name' | 'created',
      limit: STORES_PER_PAGE,
      ...(zone ? { zoneId: zone } : {}),
      ...(isOneOf<StoreRole>(STORE_ROLES, role) ? { role } : {}),
      ...(isOneOf<ProviderId>(PROVIDER_IDS, provider) ? { provider } : {}),
      ...(isOneOf<StoreDisplayState>(STORE_DISPLAY_STATES, state) ? { state } : {}),
      ...(trimmed ? { name: trimmed } : {}),
    };
  }, [list.paging, zone, role, provider, state, name]);
  const query = useQuery({ ...trpc.store.page.queryOptions(input), refetchInterval: 15_000, placeholderData: keepPreviousData });
  return { list, query };
}

export type StoresListControls = ReturnType<typeof useStoresList>['list'];
