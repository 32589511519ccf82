'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { RegisterStoreForm } from './register-store-form';
import { StoreCard } from './store-card';

export function StoresView() {
  const trpc = useTRPC();
  const stores = useQuery({ ...trpc.store.list.queryOptions({}), refetchInterval: 15_000 });
  const { can } = useAccess();
  const admin = can('admin');

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
      {stores.isPending ? (
        <LoadingRows label="Loading stores" />
      ) : stores.isError ? (
        <ErrorBanner message={parseError(stores.error)?.message} />
      ) : stores.data.length === 0 ? (
        <EmptyState title="No stores yet">{admin ? 'Register the first store with the form above.' : 'An admin registers them.'}</EmptyState>
      ) : (
        <div className="space-y-3">
          {stores.data.map((store) => (
            <StoreCard key={store.id} store={store} canEdit={admin} />
          ))}
        </div>
      )}
    </>
  );
}
