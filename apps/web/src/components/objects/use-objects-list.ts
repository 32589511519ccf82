'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ListObjectsInput } from '@stowage/services';
import { useListUrlState, type ListUrlOptions } from '~/components/lists';
import { useTRPC } from '~/trpc/react';

/** The Objects list's URL: `?kind=template&name=ubuntu`, `?zone=<id>&state=failed`, `?sync=nowhere`, sort and page. */
const OPTIONS: ListUrlOptions<{ kind: string; name: string; zone: string; state: string; sync: string }> = {
  filters: { kind: '', name: '', zone: '', state: '', sync: '' },
  sorts: { created: 'desc', name: 'asc', size: 'desc' },
  defaultSort: 'created',
};

const KINDS = ['template', 'iso', 'snapshot'];
const STATES = ['missing', 'copying', 'failed', 'ready'];

/** The Objects page's and the region matrix's list: filters, sort and page from the URL, the page from the server. */
export function useObjectsList(options: { limit?: number; refetchMs?: number } = {}) {
  const trpc = useTRPC();
  const list = useListUrlState(OPTIONS);
  const { kind, name, zone, state, sync } = list.filters;
  const input = useMemo((): ListObjectsInput => {
    const sort = list.paging.sort as 'created' | 'name' | 'size';
    return {
      ...list.paging,
      sort,
      limit: options.limit ?? 50,
      ...(KINDS.includes(kind) ? { kind: kind as 'template' } : {}),
      ...(name.trim() ? { name: name.trim().slice(0, MAX_NAME_LENGTH) } : {}),
      ...(zone && STATES.includes(state) ? { zoneId: zone, state: state as 'failed' } : {}),
      ...(sync === 'nowhere' ? { notInSyncAnywhere: true } : {}),
    };
  }, [list.paging, kind, name, zone, state, sync, options.limit]);
  const query = useQuery({ ...trpc.object.list.queryOptions(input), refetchInterval: options.refetchMs ?? 5000, placeholderData: keepPreviousData });
  return { list, query, input };
}

export type ObjectsListControls = ReturnType<typeof useObjectsList>['list'];
