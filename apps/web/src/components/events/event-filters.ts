/* The Events page's filters, kept in the URL query so a link shows the same events to whoever opens it. */

import type { ListUrlOptions } from '~/components/lists';

export const OUTCOMES = ['success', 'failure', 'denied'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const RANGES = {
  any: { label: 'Any time', ms: null },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  custom: { label: 'Custom…', ms: null },
} as const;
export type Range = keyof typeof RANGES;

export interface EventFilters {
  actor: string;
  /** Types or prefixes ("auth.", "access.denied"); any of them matches. */
  types: string[];
  outcomes: Outcome[];
  zoneId: string;
  storeId: string;
  objectId: string;
  range: Range;
  /** ISO moments, for the custom range. */
  from: string;
  to: string;
}

export const NO_FILTERS: EventFilters = { actor: '', types: [], outcomes: [], zoneId: '', storeId: '', objectId: '', range: 'any', from: '', to: '' };

/** The filters as URL parameters: `?actor=…&type=auth.,token.&outcome=failure,denied&zone=…&range=24h`. */
type EventUrlFilters = { actor: string; type: string; outcome: string; zone: string; store: string; object: string; range: string; from: string; to: string };

/** The Events list's URL: its filters, then the shared sort (time, newest first) and page parameters. */
export const EVENT_LIST: ListUrlOptions<EventUrlFilters> = {
  filters: { actor: '', type: '', outcome: '', zone: '', store: '', object: '', range: '', from: '', to: '' },
  sorts: { at: 'desc' },
  defaultSort: 'at',
};

/** Quick filters: a name for a common question. "Security" is sign-ins, lockouts, refusals and token changes. */
export const PRESETS: { id: string; label: string; hint: string; filters: Partial<EventFilters> }[] = [
  { id: 'all', label: 'All events', hint: 'Every event', filters: {} },
  {
    id: 'security',
    label: 'Security',
    hint: 'Sign-ins, sign-outs, lockouts, refused calls and agent token changes',
    filters: { types: ['auth.', 'access.denied', 'token.'] },
  },
  {
    id: 'sign-in-failures',
    label: 'Refused sign-ins',
    hint: 'Wrong passwords, disabled accounts, and sign-ins refused while locked',
    filters: { types: ['auth.sign_in'], outcomes: ['failure', 'denied'] },
  },
  { id: 'lockouts', label: 'Lockouts', hint: 'Accounts and addresses locked after too many wrong passwords', filters: { types: ['auth.locked_out'] } },
  { id: 'refused', label: 'Failed or denied', hint: 'Anything that did not succeed: wrong passwords, refused calls, failed operations', filters: { outcomes: ['failure', 'denied'] } },
  { id: 'users', label: 'Users', hint: 'Users created, changed, disabled; passwords reset and changed', filters: { types: ['user.'] } },
];

/** A comma-separated list of values, trimmed, without empty ones. */
export const splitList = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function fromUrlFilters(url: EventUrlFilters): EventFilters {
  const custom = url.range === 'custom';
  return {
    actor: url.actor,
    types: splitList(url.type),
    outcomes: splitList(url.outcome).filter((value): value is Outcome => (OUTCOMES as readonly string[]).includes(value)),
    zoneId: url.zone,
    storeId: url.store,
    objectId: url.object,
    range: url.range in RANGES ? (url.range as Range) : 'any',
    from: custom ? url.from : '',
    to: custom ? url.to : '',
  };
}

/** The URL parameters of a change to the filters (only the ones it names). */
export function toUrlFilters(change: Partial<EventFilters>): Partial<EventUrlFilters> {
  const url: Partial<EventUrlFilters> = {};
  if (change.actor !== undefined) url.actor = change.actor;
  if (change.types !== undefined) url.type = change.types.join(',');
  if (change.outcomes !== undefined) url.outcome = change.outcomes.join(',');
  if (change.zoneId !== undefined) url.zone = change.zoneId;
  if (change.storeId !== undefined) url.store = change.storeId;
  if (change.objectId !== undefined) url.object = change.objectId;
  if (change.range !== undefined) url.range = change.range === 'any' ? '' : change.range;
  // Only a custom range has its own moments.
  if (change.range !== undefined && change.range !== 'custom') Object.assign(url, { from: '', to: '' });
  if (change.from !== undefined) url.from = change.from;
  if (change.to !== undefined) url.to = change.to;
  return url;
}

/** Which quick filter the current filters are exactly, if any. */
export function presetOf(filters: EventFilters): string | null {
  const key = (value: Partial<EventFilters>) =>
    JSON.stringify([value.actor ?? '', [...(value.types ?? [])].sort(), [...(value.outcomes ?? [])].sort(), value.zoneId ?? '', value.storeId ?? '', value.objectId ?? '']);
  const current = key(filters);
  return PRESETS.find((preset) => key(preset.filters) === current)?.id ?? null;
}

/** The server's input for these filters and page; `now` (rounded to the minute by the caller) anchors relative ranges. */
export function toListInput(filters: EventFilters, paging: { sort: string; order: 'asc' | 'desc'; cursor?: string; direction?: 'next' | 'prev' }, now: number, limit: number) {
  const span = RANGES[filters.range].ms;
  const validDate = (iso: string) => (iso && !Number.isNaN(new Date(iso).getTime()) ? new Date(iso) : undefined);
  const from = span !== null ? new Date(now - span) : filters.range === 'custom' ? validDate(filters.from) : undefined;
  const to = filters.range === 'custom' ? validDate(filters.to) : undefined;
  return {
    limit,
    sort: 'at' as const,
    order: paging.order,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.types.length ? { type: filters.types } : {}),
    ...(filters.outcomes.length ? { outcome: filters.outcomes } : {}),
    ...(filters.zoneId ? { zoneId: filters.zoneId } : {}),
    ...(filters.storeId ? { storeId: filters.storeId } : {}),
    ...(filters.objectId ? { objectId: filters.objectId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(paging.cursor ? { cursor: paging.cursor, direction: paging.direction ?? 'next' } : {}),
  };
}

/** An ISO moment as the value of a datetime-local input (local time, to the minute), and back. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function localInputToIso(value: string): string {
  const date = new Date(value);
  return value && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}
