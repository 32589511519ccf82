'use client';

import { ROLE_DESCRIPTIONS, ROLE_LABELS } from '@stowage/core/access';
import { Badge, Card, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { parseError } from '~/lib/trpc-error';
import { ChangePasswordForm } from './change-password-form';

export function AccountView() {
  const { me, isPending, error } = useAccess();

  return (
    <>
      <PageHeader title="Account" description="Who you are signed in as, and your password." />
      {me?.mustChangePassword ? (
        <section role="alert" aria-labelledby="must-change-title" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3" data-testid="must-change-password">
          <h2 id="must-change-title" className="text-sm font-semibold text-amber-900">
            Choose your own password to continue
          </h2>
          <p className="mt-0.5 text-sm text-amber-900">
            You signed in with a one-time password someone else was shown. Until you replace it with one only you know, the rest of Stowage stays closed.
          </p>
        </section>
      ) : null}
      {isPending ? (
        <LoadingRows rows={2} label="Loading your account" />
      ) : !me ? (
        <ErrorBanner message={parseError(error)?.message ?? 'Could not load your account.'} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
          <Card title="Signed in as" testId="account-identity">
            <dl className="space-y-3 text-sm">
              <div>
                <dt className="text-xs uppercase tracking-wide text-slate-500">Username</dt>
                <dd className="mt-0.5 font-medium text-slate-800" data-testid="account-username">
                  {me.username}
                </dd>
              </div>
              <div>
                <dt className="text-xs uppercase tracking-wide text-slate-500">Role</dt>
                <dd className="mt-0.5">
                  <Badge tone={me.role === 'admin' ? 'indigo' : 'slate'}>{ROLE_LABELS[me.role]}</Badge>
                  <p className="mt-1 text-xs text-slate-500">{ROLE_DESCRIPTIONS[me.role]}</p>
                </dd>
              </div>
            </dl>
            <p className="mt-4 text-xs text-slate-500">Only an admin can change a role.</p>
          </Card>
          <Card title={me.mustChangePassword ? 'Choose your password' : 'Change password'}>
            <ChangePasswordForm />
          </Card>
        </div>
      )}
    </>
  );
}
