'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { RoleHint } from '~/components/role-hint';
import { useAccess } from '~/lib/access';
import { useTRPC } from '~/trpc/react';
import { CreateZoneForm } from './create-zone-form';
import { ZoneRow } from './zone-row';

export function ZonesView() {
  const trpc = useTRPC();
  const zones = useQuery(trpc.zone.list.queryOptions());
  const { can } = useAccess();
  const admin = can('admin');

  return (
    <>
      <PageHeader title="Zones" description="Failure domains with hypervisors. Each runs in backup or staging mode." />
      {admin ? (
        <Card title="New zone" className="mb-6">
          <CreateZoneForm />
        </Card>
      ) : (
        <RoleHint access="admin" what="Creating and changing zones" className="mb-4" />
      )}
      {zones.isPending ? (
        <LoadingRows label="Loading zones" />
      ) : zones.isError ? (
        <ErrorBanner message={parseError(zones.error)?.message} />
      ) : zones.data.length === 0 ? (
        <EmptyState title="No zones yet">{admin ? 'Create the first zone above.' : 'An admin creates them.'}</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="pb-2 font-medium">Name</th>
                <th className="pb-2 font-medium">Mode</th>
                <th className="pb-2 font-medium">Stores</th>
                {admin ? <th className="pb-2 text-right font-medium">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {zones.data.map((zone) => (
                <ZoneRow key={zone.id} zone={zone} canEdit={admin} />
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
