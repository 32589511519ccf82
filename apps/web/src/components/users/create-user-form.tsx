'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from '@stowage/core/access';
import { Button, ErrorBanner, Field, inputClass } from '~/components/ui';
import { sentences } from '~/lib/field-errors';
import { PASSWORD_RULES } from '~/lib/passwords';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import type { ShownPassword } from './one-time-password-panel';

export function CreateUserForm({ onPassword, onCreated }: { onPassword: (shown: ShownPassword) => void; onCreated: (message: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const create = useMutation(
    trpc.user.create.mutationOptions({
      onSuccess: async ({ user, oneTimePassword }) => {
        setUsername('');
        setPassword('');
        setRole('viewer');
        if (oneTimePassword) onPassword({ username: user.username, password: oneTimePassword, reason: 'created' });
        else onCreated(`User ${user.username} created with the password you chose.`);
        await queryClient.invalidateQueries(trpc.user.list.queryFilter());
      },
    }),
  );
  const error = parseError(create.error);
  const fieldErrors = error?.fieldErrors ?? {};
  const placed = ['username', 'role', 'password'].some((field) => fieldErrors[field]);

  return (
    <form
      aria-label="Create user"
      className="flex flex-wrap items-start gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate({ username, role, ...(password ? { password } : {}) });
      }}
    >
      <div className="w-56">
        <Field label="Username" htmlFor="new-user-name" errors={sentences(fieldErrors.username)} hint="Letters, digits, . - _ (2–32)">
          <input
            id="new-user-name"
            className={`${inputClass} w-full`}
            value={username}
            maxLength={32}
            autoComplete="off"
            required
            onChange={(event) => setUsername(event.target.value)}
            aria-invalid={Boolean(fieldErrors.username)}
            aria-describedby={fieldErrors.username ? 'new-user-name-error' : undefined}
            placeholder="jdoe"
          />
        </Field>
      </div>
      <div className="w-48">
        <Field label="Role" htmlFor="new-user-role" errors={sentences(fieldErrors.role)} hint={ROLE_DESCRIPTIONS[role]}>
          <select id="new-user-role" className={`${inputClass} w-full`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((candidate) => (
              <option key={candidate} value={candidate}>
                {ROLE_LABELS[candidate]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="w-80">
        <Field
          label="Password (optional)"
          htmlFor="new-user-password"
          errors={sentences(fieldErrors.password)}
          hint={password ? PASSWORD_RULES : 'Leave empty to generate a one-time password, shown once and changed at first sign-in.'}
        >
          <input
            id="new-user-password"
            type="password"
            autoComplete="new-password"
            className={`${inputClass} w-full`}
            value={password}
            maxLength={128}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={Boolean(fieldErrors.password)}
            aria-describedby={fieldErrors.password ? 'new-user-password-error' : undefined}
          />
        </Field>
      </div>
      <div className="pt-6">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </Button>
      </div>
      {error && !placed ? (
        <div className="basis-full">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
    </form>
  );
}
