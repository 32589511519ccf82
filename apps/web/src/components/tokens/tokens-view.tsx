'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { CreateTokenForm } from './create-token-form';
import { TokenSecretPanel, type ShownSecret } from './token-secret-panel';
import { TokensTable } from './tokens-table';

/** The Tokens page (admins): agent tokens for the agent API — create (the secret shown once), list, revoke. */
export function TokensView() {
  const trpc = useTRPC();
  const tokens = useQuery({ ...trpc.token.list.queryOptions(), refetchInterval: 30_000, retry: false });
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const listError = parseError(tokens.error);

  const header = (
    <PageHeader
      title="Agent tokens"
      description="Bearer tokens hypervisor agents send to the agent API, each limited to some scopes and zones, each expiring. A revoked token is refused within 5 seconds."
    />
  );
  if (listError?.code === 'FORBIDDEN' || listError?.code === 'UNAUTHORIZED') {
    return (
      <>
        {header}
        <ErrorBanner message="Only an admin can see and manage agent tokens." />
      </>
    );
  }

  return (
    <>
      {header}
      {shown ? <TokenSecretPanel shown={shown} onDone={() => setShown(null)} /> : null}
      <Card title="New agent token" className="mb-6">
        <CreateTokenForm onSecret={setShown} />
      </Card>
      {tokens.isPending ? (
        <LoadingRows label="Loading agent tokens" />
      ) : tokens.isError ? (
        <ErrorBanner message={listError?.message} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No agent tokens yet">Create one above; agents need one to call the agent API.</EmptyState>
      ) : (
        <Card title={`Tokens (${tokens.data.length})`} testId="tokens">
          <TokensTable tokens={tokens.data} />
        </Card>
      )}
    </>
  );
}
