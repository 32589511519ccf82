'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { Pager } from '~/components/lists';
import { RoleHint } from '~/components/role-hint';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { parseError } from '~/lib/trpc-error';
import { ObjectsFilters } from './objects-filters';
import { ObjectsTable, type TableSort } from './objects-table';
import { RegisterObjectPanel } from './register-object-panel';
import { useObjectsList } from './use-objects-list';

export function ObjectsView() {
  const { can } = useAccess();
  const operator = can('operator');
  const { list, query } = useObjectsList();
  const sort = useMemo((): TableSort => ({ by: list.sort, order: list.order, onSort: list.setSort }), [list.sort, list.order, list.setSort]);
  const data = query.data;
  const params = useSearchParams().toString();
  const matrixHref = `/objects/matrix${params ? `?${params}` : ''}`;

  return (
    <>
      <PageHeader
        title="Objects"
        description="Templates, ISOs and snapshots, and where each one has a copy."
        actions={
          <Link href={matrixHref} className="text-sm font-medium text-indigo-700 underline hover:text-indigo-900">
            Region matrix
          </Link>
        }
      />
      {operator ? (
        <Card title="Register object" className="mb-6">
          <RegisterObjectPanel />
        </Card>
      ) : (
        <RoleHint access="operator" what="Registering, uploading and deleting objects" className="mb-4" />
      )}
      <Card
        title="Objects"
        actions={<Pager label="Object pages" page={data} paged={Boolean(list.cursor)} disabled={query.isFetching && query.isPlaceholderData} onPage={list.goTo} onFirst={list.toFirstPage} />}
      >
        <ObjectsFilters list={list} data={data} />
        {query.isPending ? (
          <LoadingRows label="Loading objects" />
        ) : query.isError ? (
          <ErrorBanner message={parseError(query.error)?.message} />
        ) : data!.objects.length === 0 ? (
          <EmptyState title={list.filtered ? 'No object matches these filters' : 'No objects yet'}>
            {list.filtered ? 'Loosen a filter, or clear them.' : operator ? 'Register one by URL or upload a file with the form above.' : 'An operator registers them.'}
          </EmptyState>
        ) : (
          <>
            <ObjectsTable objects={data!.objects} zones={data!.zones} objectStores={data!.objectStores} sort={sort} />
            <div className="mt-3 flex items-center justify-between gap-3">
              <p className="text-xs text-slate-500">
                {data!.objects.length} on this page{data!.nextCursor ? ', more after it' : ''}.
              </p>
              <Pager label="Object pages (bottom)" page={data} paged={Boolean(list.cursor)} onPage={list.goTo} onFirst={list.toFirstPage} />
            </div>
            {data!.objectStores.length === 0 ? (
              <p className="mt-3 text-xs text-amber-700">No object store is registered: nothing is backed up, and zones sync from each other.</p>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
