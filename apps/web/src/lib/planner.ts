/*
 * Helpers of the Cache page's Planner tab: the URL's settings, the figures read off the curve, and the
 * sentences a person acts on. Browser code: types and constants only from the zod-free `@stowage/core/planner`.
 */
import {
  PLANNER_WINDOWS_DAYS,
  type PlannerPoint,
  type PlannerView,
  type PlannerWindowDays,
} from '@stowage/core/planner';
import { formatBytes } from './format';

export const DEFAULT_WINDOW_DAYS: PlannerWindowDays = 30;
export const DEFAULT_TARGET_PERCENT = 90;
export const TARGET_MIN = 1;
export const TARGET_MAX = 99.9;

/** The space between a figure and its unit that never breaks a line. */
const NBSP = '\u00a0';

/** The window asked for in the URL (`days`), the default when missing or not one the Planner offers. */
export function parseWindowDays(value: string | null): PlannerWindowDays {
  const days = Number(value);
  return (PLANNER_WINDOWS_DAYS as readonly number[]).includes(days)
    ? (days as PlannerWindowDays)
    : DEFAULT_WINDOW_DAYS;
}

/** A typed target hit ratio in percent: the number, or why it is refused. */
export function validateTarget(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(',', '.').replace(/\s*%$/, '');
  if (trimmed === '')
    return { ok: false, message: `Enter a hit ratio between ${TARGET_MIN} and ${TARGET_MAX} %.` };
  if (!/^\d+(\.\d+)?$/.test(trimmed))
    return { ok: false, message: 'Enter a number of percent, e.g. 90 or 97.5.' };
  const value = Number(trimmed);
  if (value < TARGET_MIN || value > TARGET_MAX)
    return { ok: false, message: `Must be between ${TARGET_MIN} and ${TARGET_MAX} %.` };
  return { ok: true, value: Math.round(value * 10) / 10 };
}

/** The target asked for in the URL (`target`), the default when missing or out of range. */
export function parseTarget(value: string | null): number {
  if (value === null) return DEFAULT_TARGET_PERCENT;
  const parsed = validateTarget(value);
  return parsed.ok ? parsed.value : DEFAULT_TARGET_PERCENT;
}

/** A ratio (0–1) as a percentage with one decimal: "71.2 %"; "—" when unknown. */
export function formatRatio(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const value = (ratio * 100).toFixed(digits).replace(/\.0+$/, '');
  return `${value}${NBSP}%`;
}

/** A target in percent as typed (90, 97.5): "90 %". */
export function formatTargetPercent(percent: number): string {
  return `${Number.isInteger(percent) ? percent : percent.toFixed(1)}${NBSP}%`;
}

/** Bytes with a non-breaking space before the unit: "412 GiB". */
export function formatSize(bytes: number | null | undefined): string {
  return formatBytes(bytes).replace(' ', NBSP);
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * The curve's figures at any capacity: linear between the two nearest points on the log capacity axis,
 * clamped to the first and last point. Null for an empty curve.
 */
export function curveAt(
  points: PlannerPoint[],
  capacityBytes: number,
): Pick<PlannerPoint, 'hitRatio' | 'byteHitRatio' | 'pullBytesPerDay'> | null {
  if (points.length === 0) return null;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (capacityBytes <= first.capacityBytes) return first;
  if (capacityBytes >= last.capacityBytes) return last;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]!.capacityBytes <= capacityBytes) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  const la = Math.log(Math.max(1, a.capacityBytes));
  const lb = Math.log(Math.max(1, b.capacityBytes));
  const t = lb > la ? (Math.log(Math.max(1, capacityBytes)) - la) / (lb - la) : 0;
  const mix = (x: number, y: number) => x + (y - x) * t;
  return {
    hitRatio: mix(a.hitRatio, b.hitRatio),
    byteHitRatio: mix(a.byteHitRatio, b.byteHitRatio),
    pullBytesPerDay: mix(a.pullBytesPerDay, b.pullBytesPerDay),
  };
}

/** Below this capacity the curve is not a real cache's (the largest object plus the pinned bytes). */
export function exactFrom(view: PlannerView): number {
  return view.largestObjectBytes + view.pinnedBytes;
}

export interface PlannerSentences {
  target: string | null;
  ceiling: string;
  current: string | null;
  knee: string;
  pull: string | null;
  warmup: string;
  window: string;
  exact: string | null;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The sentences above the chart, each one a figure a person can act on. `targetPercent`: what was asked. */
export function plannerSentences(view: PlannerView, targetPercent: number): PlannerSentences {
  const subject = view.zone ? 'this zone' : 'this trace';
  const has = view.current
    ? `it has ${formatSize(view.current.capacityBytes)} today`
    : view.zone
      ? 'it has no staging store today'
      : null;
  const asked = formatTargetPercent(
    view.target ? Math.round(view.target.hitRatio * 1000) / 10 : targetPercent,
  );

  let target: string | null = null;
  if (view.target?.capacityBytes != null) {
    const today = has ? ` (${has})` : '';
    target = `To reach ${asked} of acquires as hits ${subject} needs ${formatSize(view.target.capacityBytes)} of staging space${today}.`;
  } else if (view.target) {
    target = `No cache size reaches ${asked} of acquires as hits: even an unlimited cache stops at ${formatRatio(view.compulsory.hitRatioCeiling)}.`;
  }

  const compulsoryShare =
    view.measuredAccesses > 0
      ? view.compulsory.misses / view.measuredAccesses
      : 1 - view.compulsory.hitRatioCeiling;
  const ceiling =
    `Even an unlimited cache cannot exceed ${formatRatio(view.compulsory.hitRatioCeiling)} (${formatRatio(view.compulsory.byteHitRatioCeiling)} of bytes): ` +
    `${formatRatio(compulsoryShare)} of acquires are first accesses (compulsory misses, ${plural(view.compulsory.misses, 'acquire', 'acquires')}, ${formatSize(view.compulsory.bytes)}).`;

  let current: string | null = null;
  if (view.current) {
    const size = formatSize(view.current.capacityBytes);
    const predicted = formatRatio(view.current.predictedHitRatio);
    current =
      view.current.measuredHitRatio === null
        ? view.zone?.mode === 'backup'
          ? `Today's ${size}: not measured — in backup mode acquires are served from the record store, not this cache; the curve predicts ${predicted}.`
          : `Today's ${size}: no hits or misses measured in this window; the curve predicts ${predicted}.`
        : `Today's ${size}: measured ${formatRatio(view.current.measuredHitRatio)} hits, the curve predicts ${predicted}.`;
  }

  const knee = view.knee
    ? `Beyond ${formatSize(view.knee.capacityBytes)} more space stops paying (the knee): ${formatRatio(view.knee.hitRatio)} hits, ${formatRatio(view.knee.byteHitRatio)} of bytes.`
    : 'The curve has no knee: no size after which more space clearly stops paying.';

  let pull: string | null = null;
  const atCurrent = view.current ? curveAt(view.points, view.current.capacityBytes) : null;
  const atTarget =
    view.target?.capacityBytes != null ? curveAt(view.points, view.target.capacityBytes) : null;
  if (view.current && atCurrent) {
    pull = `At ${formatSize(view.current.capacityBytes)} the cache would pull ${formatSize(atCurrent.pullBytesPerDay)} per day from the object store`;
    pull += atTarget ? `; at the target size ${formatSize(atTarget.pullBytesPerDay)} per day.` : '.';
  } else if (atTarget && view.target?.capacityBytes != null) {
    pull = `At the target size (${formatSize(view.target.capacityBytes)}) the cache would pull ${formatSize(atTarget.pullBytesPerDay)} per day from the object store.`;
  }

  const span = `${plural(view.window.days, 'day', 'days')}, ${plural(view.accesses, 'acquire', 'acquires')} of ${plural(view.distinctObjects, 'object', 'objects')}`;
  const dates = `${formatDay(view.window.from)} – ${formatDay(view.window.to)}`;
  const window = view.zone
    ? `${span} (${dates}).`
    : `Imported trace: ${plural(view.accesses, 'access', 'accesses')} of ${plural(view.distinctObjects, 'object', 'objects')} (${dates}).`;

  const limit = exactFrom(view);
  const why = `the largest object, ${formatSize(view.largestObjectBytes)}${view.pinnedBytes > 0 ? `, plus ${formatSize(view.pinnedBytes)} pinned` : ''}`;
  const exact =
    limit <= 0
      ? null
      : view.points.some((point) => !point.exact)
        ? `Not exact below ${formatSize(limit)} (${why}): a real cache cannot be that small, so that part of the curve is drawn dashed.`
        : `The curve starts at ${formatSize(limit)} (${why}): a real cache cannot be smaller.`;

  return {
    target,
    ceiling,
    current,
    knee,
    pull,
    warmup: `Warm-up: ${view.warmup}; ${plural(view.measuredAccesses, 'acquire is', 'acquires are')} measured.`,
    window: capitalize(window),
    exact,
  };
}

function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The chart's text alternative: what a person would read off it. */
export function describeCurve(view: PlannerView): string {
  if (view.points.length === 0) return 'No curve: the window holds no acquires.';
  const first = view.points[0]!;
  const last = view.points[view.points.length - 1]!;
  const parts = [
    `Hit ratio against cache size, from ${formatRatio(first.hitRatio)} at ${formatBytes(first.capacityBytes)} to ${formatRatio(last.hitRatio)} at ${formatBytes(last.capacityBytes)}`,
    `byte hit ratio from ${formatRatio(first.byteHitRatio)} to ${formatRatio(last.byteHitRatio)}`,
    `ceiling ${formatRatio(view.compulsory.hitRatioCeiling)}`,
  ];
  if (view.current)
    parts.push(
      `current size ${formatBytes(view.current.capacityBytes)} predicts ${formatRatio(view.current.predictedHitRatio)}`,
    );
  if (view.knee)
    parts.push(`knee at ${formatBytes(view.knee.capacityBytes)} (${formatRatio(view.knee.hitRatio)})`);
  if (view.target?.capacityBytes != null)
    parts.push(`target ${formatRatio(view.target.hitRatio)} at ${formatBytes(view.target.capacityBytes)}`);
  const limit = exactFrom(view);
  if (limit > 0) parts.push(`not exact below ${formatBytes(limit)}`);
  return `${parts.join('; ')}.`;
}

export function describePull(view: PlannerView): string {
  if (view.points.length === 0) return 'No curve: the window holds no acquires.';
  const first = view.points[0]!;
  const last = view.points[view.points.length - 1]!;
  return `Bytes pulled from the object store per day against cache size: ${formatBytes(first.pullBytesPerDay)} at ${formatBytes(first.capacityBytes)}, ${formatBytes(last.pullBytesPerDay)} at ${formatBytes(last.capacityBytes)}.`;
}

/** The CSV downloads of a zone's window (viewer): the curve, and the accesses themselves. */
export function plannerCsvUrl(kind: 'curve' | 'trace', zoneId: string, windowDays: number): string {
  return `/api/planner/${kind}.csv?zoneId=${encodeURIComponent(zoneId)}&windowDays=${windowDays}`;
}

export const PLANNER_IMPORT_MAX_BYTES = 64 * 1024 * 1024;

/** An import the server refused, with its sentence ("Line 12: …"). */
export class PlannerImportError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'PlannerImportError';
  }
}

/** POST /api/planner/import (operator): the CSV file as the body, the answer a PlannerView of the trace. */
export async function importTrace(
  file: File,
  targetPercent: number,
  signal?: AbortSignal,
): Promise<PlannerView> {
  if (file.size > PLANNER_IMPORT_MAX_BYTES)
    throw new PlannerImportError(
      `${file.name} is ${formatBytes(file.size)}: a trace can be at most 64 MiB.`,
      'PAYLOAD_TOO_LARGE',
    );
  let response: Response;
  try {
    response = await fetch(`/api/planner/import?targetPercent=${encodeURIComponent(String(targetPercent))}`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'text/csv' },
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new PlannerImportError('Could not reach the Stowage server.', null);
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = (body as { error?: { message?: string; code?: string } } | null)?.error;
    throw new PlannerImportError(
      error?.message ?? `The import failed (HTTP ${response.status}).`,
      error?.code ?? null,
    );
  }
  return body as PlannerView;
}
