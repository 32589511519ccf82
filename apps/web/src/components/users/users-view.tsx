'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { CreateUserForm } from './create-user-form';
import { OneTimePasswordPanel, type ShownPassword } from './one-time-password-panel';
import { UsersTable } from './users-table';

export function UsersView() {
  const trpc = useTRPC();
  const { me, can, isPending: mePending } = useAccess();
  const admin = can('admin');
  const users = useQuery({ ...trpc.user.list.queryOptions(), enabled: admin, refetchInterval: 15_000 });
  const [shown, setShown] = useState<ShownPassword | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const header = <PageHeader title="Users" description="Who may sign in, with which role. Changing a role, disabling or resetting a password signs the user out everywhere." />;
  if (mePending) return header;
  if (!admin) {
    return (
      <>
        {header}
        <ErrorBanner message="Only an admin can see and change users." />
      </>
    );
  }

  return (
    <>
      {header}
      {shown ? <OneTimePasswordPanel shown={shown} onDone={() => setShown(null)} /> : null}
      {notice ? (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {notice}
        </p>
      ) : null}
      <Card title="Create user" className="mb-6">
        <CreateUserForm
          onPassword={(password) => {
            setNotice(null);
            setShown(password);
          }}
          onCreated={(message) => {
            setShown(null);
            setNotice(message);
          }}
        />
      </Card>
      <Card title={users.data ? `Users (${users.data.length})` : 'Users'} testId="users">
        {users.isPending ? (
          <LoadingRows label="Loading users" />
        ) : users.isError ? (
          <ErrorBanner message={parseError(users.error)?.message} />
        ) : users.data.length === 0 ? (
          <EmptyState title="No users" />
        ) : (
          <UsersTable users={users.data} me={me?.username ?? ''} onPassword={setShown} onNotice={setNotice} />
        )}
      </Card>
    </>
  );
}
