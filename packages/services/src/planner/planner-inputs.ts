import { z } from 'zod';
import { PLANNER_WINDOWS_DAYS, type PlannerWindowDays, type StagingPolicy } from '@stowage/core';
import type { StagingSettings } from '../cache/staging-space';

/** The window planned, in days: 1, 7, 30 or 90. */
export const plannerWindowDays = z
  .number({ error: 'A window of 1, 7, 30 or 90 days' })
  .refine((days): days is PlannerWindowDays => (PLANNER_WINDOWS_DAYS as readonly number[]).includes(days), 'A window of 1, 7, 30 or 90 days');

/** The hit ratio the admin asks the planner for, in percent. */
export const targetPercent = z.number().min(1, 'A target of at least 1 %').max(99.9, 'A target of at most 99.9 %');
export const DEFAULT_TARGET_PERCENT = 90;

export function targetHitRatioOf(percent: number | undefined): number {
  return (percent ?? DEFAULT_TARGET_PERCENT) / 100;
}

/** How often the worker runs the janitor (its default; TTL and watermarks act at these ticks in the replay). */
const JANITOR_INTERVAL_MS = 5_000;

export function stagingPolicyOf(store: Pick<StagingSettings, 'idleTtlSeconds' | 'highWatermarkPct' | 'lowWatermarkPct'>): StagingPolicy {
  return {
    idleTtlMs: store.idleTtlSeconds > 0 ? store.idleTtlSeconds * 1000 : null,
    highWatermark: store.highWatermarkPct / 100,
    lowWatermark: store.lowWatermarkPct / 100,
    janitorIntervalMs: JANITOR_INTERVAL_MS,
  };
}

/** A zone without a staging store (or an imported trace) is planned with a new staging store's settings. */
export const DEFAULT_STAGING_POLICY: StagingPolicy = stagingPolicyOf({ idleTtlSeconds: 2_592_000, highWatermarkPct: 90, lowWatermarkPct: 75 });
