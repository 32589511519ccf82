/* The Events page's filters, kept in the URL query so a link shows the same events to whoever opens it. */

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
  cursor: string;
  direction: 'older' | 'newer';
}

export const NO_FILTERS: EventFilters = {
  actor: '',
  types: [],
  outcomes: [],
  zoneId: '',
  storeId: '',
  objectId: '',
  range: 'any',
  from: '',
  to: '',
  cursor: '',
  direction: 'older',
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

const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function parseFilters(params: URLSearchParams): EventFilters {
  const range = params.get('range') ?? 'any';
  return {
    actor: params.get('actor') ?? '',
    types: list(params.get('type')),
    outcomes: list(params.get('outcome')).filter((value): value is Outcome => (OUTCOMES as readonly string[]).includes(value)),
    zoneId: params.get('zone') ?? '',
    storeId: params.get('store') ?? '',
    objectId: params.get('object') ?? '',
    range: range in RANGES ? (range as Range) : 'any',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    cursor: params.get('cursor') ?? '',
    direction: params.get('dir') === 'newer' ? 'newer' : 'older',
  };
}

export function filtersToQuery(filters: EventFilters): string {
  const params = new URLSearchParams();
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.types.length) params.set('type', filters.types.join(','));
  if (filters.outcomes.length) params.set('outcome', filters.outcomes.join(','));
  if (filters.zoneId) params.set('zone', filters.zoneId);
  if (filters.storeId) params.set('store', filters.storeId);
  if (filters.objectId) params.set('object', filters.objectId);
  if (filters.range !== 'any') params.set('range', filters.range);
  if (filters.range === 'custom' && filters.from) params.set('from', filters.from);
  if (filters.range === 'custom' && filters.to) params.set('to', filters.to);
  if (filters.cursor) params.set('cursor', filters.cursor);
  if (filters.cursor && filters.direction === 'newer') params.set('dir', 'newer');
  // Commas and dots stay readable in a shared link.
  return params.toString().replaceAll('%2C', ',');
}

/** Which quick filter the current filters are exactly, if any. */
export function presetOf(filters: EventFilters): string | null {
  const key = (value: Partial<EventFilters>) =>
    JSON.stringify([value.actor ?? '', [...(value.types ?? [])].sort(), [...(value.outcomes ?? [])].sort(), value.zoneId ?? '', value.storeId ?? '', value.objectId ?? '']);
  const current = key(filters);
  return PRESETS.find((preset) => key(preset.filters) === current)?.id ?? null;
}

/** The server's input for these filters; `now` (rounded to the minute by the caller) anchors relative ranges. */
export function toListInput(filters: EventFilters, now: number, limit: number) {
  const span = RANGES[filters.range].ms;
  const validDate = (iso: string) => (iso && !Number.isNaN(new Date(iso).getTime()) ? new Date(iso) : undefined);
  const from = span !== null ? new Date(now - span) : filters.range === 'custom' ? validDate(filters.from) : undefined;
  const to = filters.range === 'custom' ? validDate(filters.to) : undefined;
  return {
    limit,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.types.length ? { type: filters.types } : {}),
    ...(filters.outcomes.length ? { outcome: filters.outcomes } : {}),
    ...(filters.zoneId ? { zoneId: filters.zoneId } : {}),
    ...(filters.storeId ? { storeId: filters.storeId } : {}),
    ...(filters.objectId ? { objectId: filters.objectId } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(filters.cursor ? { cursor: filters.cursor, direction: filters.direction } : {}),
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
