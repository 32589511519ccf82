'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import type { PlannerWindowDays } from '@stowage/core/planner';
import { DEFAULT_TARGET_PERCENT, DEFAULT_WINDOW_DAYS, parseTarget, parseWindowDays } from '~/lib/planner';

/**
 * The Planner's settings live in the URL (`&days=30&target=90`), so a view survives a reload and can be
 * shared; defaults are left out of the URL.
 */
export function usePlannerParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const windowDays = parseWindowDays(params.get('days'));
  const targetPercent = parseTarget(params.get('target'));

  const update = useCallback(
    (changes: { days?: PlannerWindowDays; target?: number }) => {
      const next = new URLSearchParams(params.toString());
      if (changes.days !== undefined) {
        if (changes.days === DEFAULT_WINDOW_DAYS) next.delete('days');
        else next.set('days', String(changes.days));
      }
      if (changes.target !== undefined) {
        if (changes.target === DEFAULT_TARGET_PERCENT) next.delete('target');
        else next.set('target', String(changes.target));
      }
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, pathname, router],
  );

  return { windowDays, targetPercent, update };
}
