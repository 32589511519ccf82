'use client';

import type { Access } from '@stowage/core';
import { useAccess } from '~/lib/access';

/**
 * Says why a control is missing: shown only once who is signed in is known, and only to someone whose role
 * does not allow `access` (nothing while loading, so an admin never sees it flash).
 */
export function RoleHint({ access, what, className = '' }: { access: Access; what: string; className?: string }) {
  const { can, isPending } = useAccess();
  if (isPending || can(access)) return null;
  return (
    <p className={`text-sm text-slate-500 ${className}`} data-testid="role-hint">
      {what} needs the {access} role.
    </p>
  );
}
