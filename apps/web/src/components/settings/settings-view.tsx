'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { IngestSettingsForm } from './ingest-settings-form';

export function SettingsView() {
  const trpc = useTRPC();
  const ingest = useQuery(trpc.settings.ingest.queryOptions());

  return (
    <>
      <PageHeader title="Settings" description="How Stowage takes objects in." />
      <Card title="URL ingest">
        {ingest.isPending ? (
          <LoadingRows rows={2} label="Loading settings" />
        ) : ingest.isError ? (
          <ErrorBanner message={parseError(ingest.error)?.message} />
        ) : (
          <IngestSettingsForm initial={ingest.data} />
        )}
      </Card>
    </>
  );
}
