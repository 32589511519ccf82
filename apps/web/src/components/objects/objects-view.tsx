'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Card, EmptyState, ErrorBanner, inputClass, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { ObjectsTable } from './objects-table';
import { RegisterObjectPanel } from './register-object-panel';

/** The search box waits for a pause in typing before it asks the server. */
function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function ObjectsView() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const { can } = useAccess();
  const operator = can('operator');
  const query = useDebounced(search.trim(), 250);
  const objects = useQuery({
    ...trpc.object.list.queryOptions(query ? { search: query } : {}),
    refetchInterval: 2000,
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title="Objects" description="Templates, ISOs and snapshots, and where each one has a copy." />
      {operator ? (
        <Card title="Register object" className="mb-6">
          <RegisterObjectPanel />
        </Card>
      ) : (
        <RoleHint access="operator" what="Registering, uploading and deleting objects" className="mb-4" />
      )}
      <Card
        title={objects.data ? `Objects (${objects.data.total})` : 'Objects'}
        actions={
          <input
            type="search"
            aria-label="Search objects by name"
            placeholder="Search by name…"
            className={`${inputClass} w-64 py-1`}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        }
      >
        {objects.isPending ? (
          <LoadingRows label="Loading objects" />
        ) : objects.isError ? (
          <ErrorBanner message={parseError(objects.error)?.message} />
        ) : objects.data.objects.length === 0 ? (
          <EmptyState title={query ? `No object matches “${query}”` : 'No objects yet'}>
            {query ? 'Try another part of the name.' : operator ? 'Register one by URL or upload a file with the form above.' : 'An operator registers them.'}
          </EmptyState>
        ) : (
          <>
            <ObjectsTable objects={objects.data.objects} zones={objects.data.zones} objectStores={objects.data.objectStores} />
            {objects.data.total > objects.data.objects.length ? (
              <p className="mt-3 text-xs text-slate-500">
                Showing the newest {objects.data.objects.length} of {objects.data.total}. Search to narrow the list.
              </p>
            ) : null}
            {objects.data.objectStores.length === 0 ? (
              <p className="mt-3 text-xs text-amber-700">No object store is registered: nothing is backed up, and zones sync from each other.</p>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
