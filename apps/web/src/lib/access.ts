'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { accessAllows, type Access } from '@stowage/core/access';
import { useTRPC } from '~/trpc/react';

/**
 * Who is signed in (`account.me`) and what they may do, decided by the same rule the server applies
 * (`accessAllows`). Only for showing or hiding controls: the server refuses whatever is not allowed anyway.
 * While `me` is loading, `can` answers false for everything but `public`.
 */
export function useAccess() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.me.queryOptions(), staleTime: 60_000 });
  const data = me.data ?? null;
  const can = useCallback((access: Access) => accessAllows(access, data), [data]);
  return { me: data, isPending: me.isPending, error: me.error, can };
}
