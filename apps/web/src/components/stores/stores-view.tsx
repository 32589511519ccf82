'use client';

import { useMemo } from 'react';
import { Card, EmptyState, PageHeader } from '~/components/ui';
import { ListBody, Pager } from '~/components/lists';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { RegisterStoreForm } from './register-store-form';
import { StoresFilters } from './stores-filters';
import { StoresTable } from './stores-table';
import { useStoresList } from './use-stores-list';

export function StoresView() {
  const { list, query } = useStoresList();
  const { can } = useAccess();
  const admin = can('admin');
  const data = query.data;
  const stores = data?.stores ?? [];
  const waiting = query.isFetching && query.isPlaceholderData;
  const sorting = useMemo(() => ({ sort: list.sort, order: list.order, sortable: { name: 'name', createdAt: 'created' }, onSort: list.setSort }), [list.sort, list.order, list.setSort]);
  const pager = (label: string) => <Pager label={label} page={data} paged={Boolean(list.cursor)} disabled={waiting} onPage={list.goTo} onFirst={list.toFirstPage} />;

  return (
    <>
      <PageHeader title="Stores" description="Storage backends: health, capacity and state." />
      {admin ? (
        <Card title="Register a store" className="mb-6">
          <RegisterStoreForm />
        </Card>
      ) : (
        <RoleHint access="admin" what="Registering and changing stores" className="mb-4" />
      )}
      <Card title="Stores" actions={pager('Store pages')}>
        <StoresFilters list={list} />
        <ListBody
          isPending={query.isPending}
          error={query.isError ? (parseError(query.error)?.message ?? 'The stores could not be loaded.') : null}
          isEmpty={stores.length === 0}
          loadingLabel="Loading stores"
          empty={
            <EmptyState title={list.filtered ? 'No store matches these filters' : 'No stores yet'}>
              {list.filtered ? 'Loosen a filter, or clear them.' : admin ? 'Register the first store with the form above.' : 'An admin registers them.'}
            </EmptyState>
          }
        >
          <StoresTable stores={stores} sorting={sorting} canEdit={admin} stale={waiting} />
          <div className="mt-3 flex items-center justify-between gap-3">
            <p className="text-xs text-slate-500">
              {stores.length} on this page{data?.nextCursor ? ', more after it' : ''}.
            </p>
            {pager('Store pages (bottom)')}
          </div>
        </ListBody>
      </Card>
    </>
  );
}
