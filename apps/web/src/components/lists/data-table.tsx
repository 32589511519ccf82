'use client';

import { tableFeatures, useTable, type ColumnDef, type RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { EmptyState, ErrorBanner, LoadingRows } from '~/components/ui';
import type { SortOrder } from './use-list-url-state';

/** The feature set every list table uses: build columns with `createColumnHelper<typeof listFeatures, Row>()`. */
export const listFeatures = tableFeatures({});
export type ListFeatures = typeof listFeatures;

const HEAD = 'px-2 pb-2 pt-1 text-left align-bottom text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2.5 align-top';

export interface ServerSort {
  sort: string;
  order: SortOrder;
  /** Column id → the server's sort name, for the columns that can be sorted. */
  sortable: Record<string, string>;
  onSort: (sort: string) => void;
}

export interface DataTableProps<Row extends RowData> {
  columns: ColumnDef<ListFeatures, Row, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  data: Row[];
  getRowId: (row: Row) => string;
  /** Sorting happens on the server: the headers only say and change which sort is asked for. */
  sorting?: ServerSort;
  /** Names the table for screen readers. */
  label: string;
  rowTestId?: (row: Row) => string;
  /** `data-*` attributes of a row (e.g. its state, for tests and styles). */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  /** A row's classes beyond the shared ones (e.g. a tint by outcome). */
  rowClassName?: (row: Row) => string;
  /** A column's header cell classes beyond the shared ones (e.g. right-aligned actions). */
  headClassName?: Record<string, string>;
  /** The rows are the previous query's while the next one loads. */
  stale?: boolean;
  /**
   * What goes under a row across the whole table (actions, forms, a summary line). With it, each row and its
   * details are one `<tbody>`, which carries `rowTestId` and `rowData`.
   */
  renderDetails?: (row: Row) => ReactNode;
}

const ARROWS: Record<SortOrder, string> = { asc: '↑', desc: '↓' };

function SortButton({ children, active, order, onClick }: { children: ReactNode; active: boolean; order: SortOrder; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={`-mx-1 inline-flex items-center gap-1 rounded px-1 text-left uppercase tracking-wide hover:text-slate-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${active ? 'text-slate-800' : ''}`}
    >
      {children}
      <span aria-hidden="true" className={active ? '' : 'text-slate-300'}>
        {active ? ARROWS[order] : '↕'}
      </span>
    </button>
  );
}

/** A table of one page of a server-sorted list. */
export function DataTable<Row extends RowData>({ columns, data, getRowId, sorting, label, rowTestId, rowData, rowClassName, headClassName, stale = false, renderDetails }: DataTableProps<Row>) {
  const table = useTable({ features: listFeatures, columns, data, getRowId });
  const cellsOf = (row: ReturnType<typeof table.getRowModel>['rows'][number]) =>
    row.getAllCells().map((cell) => (
      <td key={cell.id} className={CELL}>
        <table.FlexRender cell={cell} />
      </td>
    ));
  return (
    <div className={`overflow-x-auto transition-opacity ${stale ? 'opacity-60' : ''}`} aria-busy={stale}>
      <table className="w-full table-auto text-sm" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200">
              {group.headers.map((header) => {
                const sortName = sorting?.sortable[header.column.id];
                const active = Boolean(sortName && sorting?.sort === sortName);
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={`${HEAD} ${headClassName?.[header.column.id] ?? ''}`}
                    aria-sort={sortName ? (active ? (sorting!.order === 'asc' ? 'ascending' : 'descending') : 'none') : undefined}
                  >
                    {header.isPlaceholder ? null : sortName && sorting ? (
                      <SortButton active={active} order={sorting.order} onClick={() => sorting.onSort(sortName)}>
                        <table.FlexRender header={header} />
                      </SortButton>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {renderDetails ? (
          table.getRowModel().rows.map((row) => (
            <tbody key={row.id} data-testid={rowTestId?.(row.original)} {...rowData?.(row.original)} className="group border-b border-slate-200 last:border-0">
              <tr className={rowClassName?.(row.original) ?? ''}>
                {cellsOf(row)}
              </tr>
              <tr>
                <td colSpan={row.getAllCells().length} className="px-2 pb-3">
                  {renderDetails(row.original)}
                </td>
              </tr>
            </tbody>
          ))
        ) : (
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-testid={rowTestId?.(row.original)} {...rowData?.(row.original)} className={`group border-b border-slate-100 last:border-0 hover:bg-slate-50/60 ${rowClassName?.(row.original) ?? ''}`}>
                {cellsOf(row)}
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}

/** What a list shows instead of its table: loading, an error, or nothing to show. */
export function ListBody({
  isPending,
  error,
  isEmpty,
  loadingLabel,
  empty,
  children,
}: {
  isPending: boolean;
  /** A message for the person (e.g. `parseError(query.error)?.message`), or null. */
  error: string | null | undefined;
  isEmpty: boolean;
  loadingLabel: string;
  /** Shown when the page has no rows: `<EmptyState …>` or `emptyState(…)`. */
  empty: ReactNode;
  children: ReactNode;
}) {
  if (isPending) return <LoadingRows rows={6} label={loadingLabel} />;
  if (error && isEmpty) return <ErrorBanner message={error} />;
  return (
    <>
      {error ? (
        <div className="mb-3">
          <ErrorBanner message={error} />
        </div>
      ) : null}
      {isEmpty ? empty : children}
    </>
  );
}

export { EmptyState };
