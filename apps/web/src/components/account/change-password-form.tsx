'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { MAX_PASSWORD_LENGTH as MAX_LENGTH, MIN_PASSWORD_LENGTH as MIN_LENGTH, PASSWORD_RULES } from '~/lib/passwords';
import { sentences } from '~/lib/field-errors';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';

/** Current, new and confirmed password. On success this browser stays signed in and every other session ends. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.account.me.queryFilter());
        router.push('/');
      },
    }),
  );
  const error = parseError(change.error);
  const fieldErrors = error?.fieldErrors ?? {};
  const unplaced = error && !fieldErrors.currentPassword && !fieldErrors.newPassword ? error.message : null;

  return (
    <form
      aria-label="Change password"
      className="flex max-w-md flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (newPassword !== confirm) {
          setConfirmError('The two new passwords are not the same');
          return;
        }
        setConfirmError(null);
        change.mutate({ currentPassword, newPassword });
      }}
    >
      <Field label="Current password" htmlFor="current-password" errors={sentences(fieldErrors.currentPassword)}>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          aria-invalid={Boolean(fieldErrors.currentPassword)}
          aria-describedby={fieldErrors.currentPassword ? 'current-password-error' : undefined}
        />
      </Field>
      <Field label="New password" htmlFor="new-password" errors={sentences(fieldErrors.newPassword)} hint={PASSWORD_RULES}>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_LENGTH}
          maxLength={MAX_LENGTH}
          className={inputClass}
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          aria-invalid={Boolean(fieldErrors.newPassword)}
          aria-describedby={fieldErrors.newPassword ? 'new-password-error' : undefined}
        />
      </Field>
      <Field label="Confirm new password" htmlFor="confirm-password" errors={confirmError ? [confirmError] : undefined}>
        <input
          id="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          maxLength={MAX_LENGTH}
          className={inputClass}
          value={confirm}
          onChange={(event) => {
            setConfirm(event.target.value);
            setConfirmError(null);
          }}
          aria-invalid={Boolean(confirmError)}
          aria-describedby={confirmError ? 'confirm-password-error' : undefined}
        />
      </Field>
      <ErrorBanner message={unplaced} />
      <div>
        <Button type="submit" variant="primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
      </div>
      <p className="text-xs text-slate-500">Your other signed-in browsers are signed out; this one stays signed in.</p>
    </form>
  );
}
