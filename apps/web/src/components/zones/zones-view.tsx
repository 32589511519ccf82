'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { CreateZoneForm } from './create-zone-form';
import { ZoneRow } from './zone-row';

export function ZonesView() {
  const trpc = useTRPC();
  const zones = useQuery(trpc.zone.list.queryOptions());

  return (
    <>
      <PageHeader title="Zones" description="Failure domains with hypervisors. Each runs in backup or staging mode." />
      <Card title="New zone" className="mb-6">
        <CreateZoneForm />
      </Card>
      {zones.isPending ? (
        <LoadingRows label="Loading zones" />
      ) : zones.isError ? (
        <ErrorBanner message={parseError(zones.error)?.message} />
      ) : zones.data.length === 0 ? (
        <EmptyState title="No zones yet">Create the first zone above.</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="pb-2 font-medium">Name</th>
                <th className="pb-2 font-medium">Mode</th>
                <th className="pb-2 font-medium">Stores</th>
                <th className="pb-2 text-right font-medium">Actions</th>
              </tr>
            </thead>
            <tbody>
              {zones.data.map((zone) => (
                <ZoneRow key={zone.id} zone={zone} />
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
