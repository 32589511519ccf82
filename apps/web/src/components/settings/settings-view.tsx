'use client';

import { useQuery } from '@tanstack/react-query';
import { Card, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { AccessHistorySettingsForm } from './access-history-settings-form';
import { IngestSettingsForm } from './ingest-settings-form';

export function SettingsView() {
  const trpc = useTRPC();
  const ingest = useQuery(trpc.settings.ingest.queryOptions());
  const history = useQuery(trpc.settings.accessHistory.queryOptions());

  return (
    <>
      <PageHeader title="Settings" description="How Stowage takes objects in, and how much access history the capacity planner keeps." />
      <Card title="URL ingest">
        {ingest.isPending ? (
          <LoadingRows rows={2} label="Loading settings" />
        ) : ingest.isError ? (
          <ErrorBanner message={parseError(ingest.error)?.message} />
        ) : (
          <IngestSettingsForm initial={ingest.data} />
        )}
      </Card>
      <Card title="Access history (capacity planner)" className="mt-6">
        {history.isPending ? (
          <LoadingRows rows={2} label="Loading settings" />
        ) : history.isError ? (
          <ErrorBanner message={parseError(history.error)?.message} />
        ) : (
          <AccessHistorySettingsForm initial={history.data} />
        )}
      </Card>
    </>
  );
}
