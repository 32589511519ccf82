'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export type SortOrder = 'asc' | 'desc';
export type PageDirection = 'next' | 'prev';

/** A list's filters: URL parameter name → value ('' is "no filter"; a checkbox is '1' or ''). */
export type ListFilters = Record<string, string>;

export interface ListUrlState<F extends ListFilters> {
  filters: F;
  sort: string;
  order: SortOrder;
  cursor: string;
  direction: PageDirection;
}

export interface ListUrlOptions<F extends ListFilters> {
  /** Every filter with its empty value: the keys are the URL parameters. */
  filters: F;
  /** The sorts the list offers, each with the order it starts in when chosen; the first is the default. */
  sorts: Record<string, SortOrder>;
  defaultSort: string;
}

/** The parameters paging uses; a filter must not be named like them. */
const RESERVED = ['sort', 'order', 'cursor', 'dir'];

export function readListState<F extends ListFilters>(params: URLSearchParams, options: ListUrlOptions<F>): ListUrlState<F> {
  const filters = Object.fromEntries(Object.keys(options.filters).map((key) => [key, params.get(key) ?? options.filters[key]!])) as F;
  const sortParam = params.get('sort') ?? '';
  const sort = sortParam in options.sorts ? sortParam : options.defaultSort;
  const orderParam = params.get('order');
  const order: SortOrder = orderParam === 'asc' || orderParam === 'desc' ? orderParam : options.sorts[sort]!;
  return { filters, sort, order, cursor: params.get('cursor') ?? '', direction: params.get('dir') === 'prev' ? 'prev' : 'next' };
}

/**
 * The URL query of a state: defaults left out, so a plain list has a plain link. Parameters the list does not own
 * (`others`, e.g. the page's tab or zone) are kept as they are.
 */
export function listStateToQuery<F extends ListFilters>(state: ListUrlState<F>, options: ListUrlOptions<F>, others?: URLSearchParams): string {
  const params = new URLSearchParams(others);
  for (const key of [...Object.keys(options.filters), ...RESERVED]) params.delete(key);
  for (const [key, value] of Object.entries(state.filters)) if (value && value !== options.filters[key]) params.set(key, value);
  if (state.sort !== options.defaultSort) params.set('sort', state.sort);
  if (state.order !== options.sorts[state.sort]) params.set('order', state.order);
  if (state.cursor) params.set('cursor', state.cursor);
  if (state.cursor && state.direction === 'prev') params.set('dir', 'prev');
  return params.toString().replaceAll('%2C', ',');
}

/**
 * A list's filters, sort and page position, kept in the URL (a link shows the same page to whoever opens it).
 * Changing a filter or the sort starts again at the first page; `goTo` moves between pages.
 */
export function useListUrlState<F extends ListFilters>(options: ListUrlOptions<F>) {
  for (const key of Object.keys(options.filters)) if (RESERVED.includes(key)) throw new Error(`"${key}" is reserved for paging`);
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.toString();
  // The options are a constant of each list; their JSON keeps the memo stable when a caller writes them inline.
  const optionsKey = JSON.stringify(options);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableOptions = useMemo(() => options, [optionsKey]);
  const state = useMemo(() => readListState(new URLSearchParams(query), stableOptions), [query, stableOptions]);

  const replace = useCallback(
    (next: ListUrlState<F>) => {
      const nextQuery = listStateToQuery(next, stableOptions, new URLSearchParams(query));
      router.replace(nextQuery ? `${pathname}?${nextQuery}` : pathname, { scroll: false });
    },
    [router, pathname, stableOptions, query],
  );
  const firstPage = { cursor: '', direction: 'next' as const };
  const setFilters = useCallback((change: Partial<F>) => replace({ ...state, ...firstPage, filters: { ...state.filters, ...change } }), [state, replace]); // eslint-disable-line react-hooks/exhaustive-deps
  /** Choosing the current sort again flips its order; another sort starts in its own order. */
  const setSort = useCallback(
    (sort: string) => replace({ ...state, ...firstPage, sort, order: sort === state.sort ? (state.order === 'asc' ? 'desc' : 'asc') : stableOptions.sorts[sort]! }),
    [state, replace, stableOptions], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const goTo = useCallback((cursor: string, direction: PageDirection) => replace({ ...state, cursor, direction }), [state, replace]);
  const toFirstPage = useCallback(() => replace({ ...state, ...firstPage }), [state, replace]); // eslint-disable-line react-hooks/exhaustive-deps
  const clearFilters = useCallback(() => replace({ ...state, ...firstPage, filters: stableOptions.filters }), [state, replace, stableOptions]); // eslint-disable-line react-hooks/exhaustive-deps
  const filtered = Object.entries(state.filters).some(([key, value]) => value !== stableOptions.filters[key]);

  /** What the server's list input takes for paging. */
  const paging = useMemo(
    () => ({ sort: state.sort, order: state.order, ...(state.cursor ? { cursor: state.cursor, direction: state.direction } : {}) }),
    [state.sort, state.order, state.cursor, state.direction],
  );
  return { ...state, filtered, paging, setFilters, setSort, goTo, toFirstPage, clearFilters };
}

export type ListUrlControls<F extends ListFilters> = ReturnType<typeof useListUrlState<F>>;
