'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@stowage/core/access';
import type { UserListItem } from '@stowage/services';
import { Badge, Button, inputClass } from '~/components/ui';
import { RelativeTime } from '~/components/relative-time';
import { formatDateTime, formatTime } from '~/lib/format';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import type { ShownPassword } from './one-time-password-panel';

const features = tableFeatures({});
const helper = createColumnHelper<typeof features, UserListItem>();

const HEAD = 'whitespace-nowrap px-2 pb-2 pt-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2.5 align-top';

interface RowContext {
  me: string;
  onPassword: (shown: ShownPassword) => void;
  onNotice: (message: string) => void;
}

const isMe = (user: UserListItem, me: string) => user.username.toLowerCase() === me.toLowerCase();

/** Every change to a user alters the list (and nothing else the console shows). */
function useUserMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSuccess = () => queryClient.invalidateQueries(trpc.user.list.queryFilter());
  return {
    setRole: useMutation(trpc.user.setRole.mutationOptions({ onSuccess })),
    setDisabled: useMutation(trpc.user.setDisabled.mutationOptions({ onSuccess })),
    resetPassword: useMutation(trpc.user.resetPassword.mutationOptions({ onSuccess })),
    endSessions: useMutation(trpc.user.endSessions.mutationOptions({ onSuccess })),
  };
}

function RoleCell({ user, me }: { user: UserListItem; me: string }) {
  const { setRole } = useUserMutations();
  const error = parseError(setRole.error);
  const self = isMe(user, me);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`role-${user.id}`} className="sr-only">
        Role of {user.username}
      </label>
      <select
        id={`role-${user.id}`}
        className={`${inputClass} w-28 py-1`}
        value={user.role}
        disabled={setRole.isPending}
        onChange={(event) => {
          const role = event.target.value as Role;
          const whose = self ? 'Your sessions end: you sign in again' : `Their sessions end: ${user.username} signs in again`;
          if (window.confirm(`Make ${user.username} ${ROLE_LABELS[role]}? ${whose} with the new role.`)) setRole.mutate({ userId: user.id, role });
        }}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {error ? (
        <p role="alert" className="max-w-48 text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

function StatusCell({ user }: { user: UserListItem }) {
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > Date.now();
  return (
    <div className="flex flex-wrap gap-1">
      {user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Enabled</Badge>}
      {user.mustChangePassword ? (
        <span title="Signs in with a one-time password and must choose their own before anything else">
          <Badge tone="amber">Must change password</Badge>
        </span>
      ) : null}
      {locked ? (
        <span title={`Sign-in refused until ${formatDateTime(user.lockedUntil)} after too many wrong passwords; resetting the password lifts it`}>
          <Badge tone="red">
            <span className="whitespace-nowrap">Locked until {formatTime(user.lockedUntil)}</span>
          </Badge>
        </span>
      ) : null}
    </div>
  );
}

function ActionsCell({ user, me, onPassword, onNotice }: { user: UserListItem } & RowContext) {
  const { setDisabled, resetPassword, endSessions } = useUserMutations();
  const self = isMe(user, me);
  const error = parseError(setDisabled.error ?? resetPassword.error ?? endSessions.error);
  const busy = setDisabled.isPending || resetPassword.isPending || endSessions.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex min-w-[17rem] flex-wrap justify-end gap-2">
        {user.disabled ? (
          <Button disabled={busy} onClick={() => setDisabled.mutate({ userId: user.id, disabled: false })}>
            Enable
          </Button>
        ) : (
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Disable ${user.username}? ${self ? 'You are' : 'They are'} signed out everywhere and cannot sign in until enabled again.`)) {
                setDisabled.mutate({ userId: user.id, disabled: true });
              }
            }}
          >
            Disable
          </Button>
        )}
        <Button
          disabled={busy}
          onClick={() => {
            if (window.confirm(`Reset the password of ${user.username}? A one-time password replaces it (shown once), their sessions end and a lockout is lifted.`)) {
              resetPassword.mutate(
                { userId: user.id },
                { onSuccess: ({ oneTimePassword }) => onPassword({ username: user.username, password: oneTimePassword, reason: 'reset' }) },
              );
            }
          }}
        >
          Reset password
        </Button>
        <Button
          disabled={busy || user.sessions === 0}
          title={user.sessions === 0 ? 'Not signed in anywhere' : undefined}
          onClick={() => {
            if (window.confirm(`Sign ${user.username} out everywhere (${user.sessions} session${user.sessions === 1 ? '' : 's'})?${self ? ' This browser too.' : ''}`)) {
              endSessions.mutate(
                { userId: user.id },
                { onSuccess: ({ ended }) => onNotice(`${user.username} signed out everywhere (${ended} session${ended === 1 ? '' : 's'} ended).`) },
              );
            }
          }}
        >
          Sign out everywhere
        </Button>
      </div>
      {error ? (
        <p role="alert" className="max-w-md text-right text-xs text-red-700">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}

function columns(context: RowContext) {
  return helper.columns([
    helper.accessor('username', {
      header: 'Username',
      cell: ({ row }) => (
        <div className="min-w-40">
          <span className="font-medium text-slate-800">{row.original.username}</span>
          {isMe(row.original, context.me) ? (
            <span className="ml-1.5">
              <Badge tone="indigo">you</Badge>
            </span>
          ) : null}
          <p className="text-xs text-slate-500">
            <RelativeTime date={row.original.createdAt} prefix="created" />
            {row.original.createdBy ? ` by ${row.original.createdBy}` : ''}
            {' · '}
            <Link href={`/events?actor=${encodeURIComponent(row.original.username)}`} className="text-indigo-700 hover:underline">
              activity
            </Link>
          </p>
        </div>
      ),
    }),
    helper.accessor('role', { header: 'Role', cell: ({ row }) => <RoleCell user={row.original} me={context.me} /> }),
    helper.display({ id: 'status', header: 'Status', cell: ({ row }) => <StatusCell user={row.original} /> }),
    helper.accessor('lastSignInAt', {
      header: 'Last sign-in',
      cell: (info) => {
        const at = info.getValue();
        return at ? (
          <RelativeTime date={at} className="whitespace-nowrap text-slate-700" />
        ) : (
          <span className="text-slate-400">never</span>
        );
      },
    }),
    helper.accessor('sessions', {
      header: 'Sessions',
      cell: (info) => <span className={`tabular-nums ${info.getValue() > 0 ? 'text-slate-800' : 'text-slate-400'}`}>{info.getValue()}</span>,
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => <ActionsCell user={row.original} {...context} />,
    }),
  ]);
}

/** The users, with their role (changed in place, after a confirmation), status, last sign-in and sessions. */
export function UsersTable({ users, me, onPassword, onNotice }: { users: UserListItem[] } & RowContext) {
  const tableColumns = useMemo(() => columns({ me, onPassword, onNotice }), [me, onPassword, onNotice]);
  const table = useTable({ features, columns: tableColumns, data: users, getRowId: (row) => row.id });
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Users">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200">
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={`${HEAD} ${header.column.id === 'actions' ? 'text-right' : ''}`}>
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-testid={`user-row-${row.original.username}`} className={`border-b border-slate-100 last:border-0 ${row.original.disabled ? 'bg-slate-50 text-slate-500' : ''}`}>
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`${CELL} ${cell.column.id === 'actions' ? 'text-right' : ''}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
