import type { CacheEntryView, CachePoint } from '@stowage/services';
import { formatDuration } from './format';

export const RESERVATION_POLICIES = ['strict', 'overcommit'] as const;
export type ReservationPolicy = (typeof RESERVATION_POLICIES)[number];
export const isReservationPolicy = (value: string): value is ReservationPolicy => (RESERVATION_POLICIES as readonly string[]).includes(value);

/** The two ways a staging store promises space, for selects and summaries. */
export const RESERVATION_POLICY_LABELS: Record<string, { label: string; hint: string }> = {
  strict: { label: 'Strict', hint: 'Used plus reserved never exceeds the capacity; copies wait in the queue for space.' },
  overcommit: { label: 'Overcommit', hint: 'Reservations may promise up to capacity × factor, betting that not every copy lands at once.' },
};

export const EVICTION_REASONS = [
  { key: 'ttl', label: 'TTL', hint: 'Idle longer than the store allows' },
  { key: 'pressure', label: 'Pressure', hint: 'Evicted to make room (high to low watermark, or for a reservation)' },
  { key: 'manual', label: 'Manual', hint: 'Evicted by an admin' },
  { key: 'failed_copy', label: 'Failed copy', hint: 'Its copy into the cache failed' },
] as const;

export type TtlUnit = 'hours' | 'days';
const UNIT_SECONDS: Record<TtlUnit, number> = { hours: 3600, days: 86400 };

/** An idle TTL in seconds as the form shows it: whole days when it is, hours otherwise. */
export function ttlToForm(seconds: number): { value: string; unit: TtlUnit } {
  const unit: TtlUnit = seconds >= 86400 && seconds % 86400 === 0 ? 'days' : 'hours';
  return { value: String(Number((seconds / UNIT_SECONDS[unit]).toFixed(4))), unit };
}

/** The form's TTL back to whole seconds; NaN when the field is empty or not a number (the server then says why). */
export function ttlFromForm(value: string, unit: TtlUnit): number {
  if (value.trim() === '') return Number.NaN;
  return Math.round(Number(value) * UNIT_SECONDS[unit]);
}

/** "30 days", "12 hours", "90 min": an idle TTL for a sentence. */
export function formatTtl(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return formatDuration(seconds);
}

/** Why an entry cannot be evicted right now, or null when it can. Mirrors the server's rule (invariant 2). */
export function notEvictableReason(entry: Pick<CacheEntryView, 'leases' | 'pinned' | 'state'>): string | null {
  if (entry.leases.length > 0) return `In use by ${entry.leases.length} lease${entry.leases.length === 1 ? '' : 's'}: release ${entry.leases.length === 1 ? 'it' : 'them'} first`;
  if (entry.pinned) return 'Pinned: unpin it first';
  if (entry.state !== 'ready') return `Not ready (${entry.state})`;
  return null;
}

export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/** The latest minute that had traffic, for the hit-ratio chart's label. */
export function lastTrafficPoint(series: CachePoint[]): CachePoint | null {
  for (let index = series.length - 1; index >= 0; index -= 1) if (series[index]!.hitRatio !== null) return series[index]!;
  return null;
}

const timeOf = (date: Date) => new Date(date).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** What the hit-ratio chart shows, in one sentence for screen readers. */
export function describeHitRatioSeries(series: CachePoint[]): string {
  const latest = lastTrafficPoint(series);
  const hits = series.reduce((sum, point) => sum + point.hits, 0);
  const misses = series.reduce((sum, point) => sum + point.misses, 0);
  if (!latest) return `Hit ratio per minute over the last ${series.length} minutes: no acquires yet.`;
  return (
    `Hit ratio per minute over the last ${series.length} minutes: latest ${formatRatio(latest.hitRatio)} at ${timeOf(latest.minute)} ` +
    `(${latest.hits} hit${latest.hits === 1 ? '' : 's'}, ${latest.misses} miss${latest.misses === 1 ? '' : 'es'}); ` +
    `${formatRatio(hits / (hits + misses))} over the hour (${hits} hit${hits === 1 ? '' : 's'}, ${misses} miss${misses === 1 ? '' : 'es'}).`
  );
}

/** What the evictions chart shows, in one sentence for screen readers. */
export function describeEvictionSeries(series: CachePoint[]): string {
  const total = series.reduce((sum, point) => sum + point.evictions, 0);
  const last = [...series].reverse().find((point) => point.evictions > 0);
  if (!last) return `Evictions per minute over the last ${series.length} minutes: none.`;
  return `Evictions per minute over the last ${series.length} minutes: ${total} in all; latest ${last.evictions} at ${timeOf(last.minute)}.`;
}
