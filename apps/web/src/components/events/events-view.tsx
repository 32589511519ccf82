'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNow } from '~/components/cache/use-now';
import { Pager, useListUrlState } from '~/components/lists';
import { Badge, Button, Card, EmptyState, ErrorBanner, inputClass, LoadingRows, PageHeader } from '~/components/ui';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import {
  EVENT_LIST,
  fromUrlFilters,
  isoToLocalInput,
  localInputToIso,
  NO_FILTERS,
  OUTCOMES,
  presetOf,
  PRESETS,
  RANGES,
  splitList,
  toListInput,
  toUrlFilters,
  type EventFilters,
  type Outcome,
  type Range,
} from './event-filters';
import { EventsTable } from './events-table';

const PAGE_SIZE = 50;
const TYPE_PATTERN = /^[A-Za-z0-9_.-]+(\.\*)?$/;

/** The filters, sort and page live in the URL (shared list state); any change but paging starts at the first page. */
function useEventsList() {
  const list = useListUrlState(EVENT_LIST);
  const filters = useMemo(() => fromUrlFilters(list.filters), [list.filters]);
  const { setFilters } = list;
  const update = useCallback((change: Partial<EventFilters>) => setFilters(toUrlFilters(change)), [setFilters]);
  return { list, filters, update };
}

/** A text filter that follows the URL, and sets it once typing pauses (or at Enter). */
function TextFilter({
  id,
  label,
  value,
  onCommit,
  validate,
  placeholder,
  list,
  hint,
  serverError,
  width = 'w-44',
}: {
  id: string;
  label: string;
  value: string;
  onCommit: (value: string) => void;
  validate?: (value: string) => string | null;
  placeholder?: string;
  list?: string;
  hint?: string;
  serverError?: string[];
  width?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const localError = validate?.(text) ?? null;
  useEffect(() => {
    if (text === value || localError) return;
    const timer = setTimeout(() => onCommit(text), 500);
    return () => clearTimeout(timer);
  }, [text, value, localError, onCommit]);
  const errors = localError ? [localError] : serverError;
  return (
    <div className={`flex flex-col gap-1 ${width}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        type="search"
        className={inputClass}
        value={text}
        list={list}
        placeholder={placeholder}
        aria-invalid={Boolean(errors?.length)}
        aria-describedby={errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !localError) onCommit(text);
        }}
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors.join(' ')}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}


function validateTypes(text: string): string | null {
  const bad = splitList(text).find((part) => !TYPE_PATTERN.test(part));
  return bad ? `“${bad}” is not an event type: use e.g. auth.sign_in, or auth. for every auth.… type` : null;
}

const OUTCOME_CHOICES: { value: string; label: string; outcomes: Outcome[] }[] = [
  { value: '', label: 'Any outcome', outcomes: [] },
  ...OUTCOMES.map((outcome) => ({ value: outcome, label: outcome[0]!.toUpperCase() + outcome.slice(1), outcomes: [outcome] })),
  // Values are the outcomes sorted, as the select compares them.
  { value: 'denied,failure', label: 'Failure or denied', outcomes: ['failure', 'denied'] },
];

function FilterBar({ filters, update, fieldErrors }: { filters: EventFilters; update: (change: Partial<EventFilters>) => void; fieldErrors: Record<string, string[]> }) {
  const trpc = useTRPC();
  const facets = useQuery({ ...trpc.event.facets.queryOptions(), staleTime: 60_000 });
  const zones = useQuery(trpc.zone.list.queryOptions());
  const stores = useQuery(trpc.store.list.queryOptions({}));
  const typeSuggestions = useMemo(() => {
    const types = facets.data?.types ?? [];
    const prefixes = [...new Set(types.filter((type) => type.includes('.')).map((type) => `${type.split('.')[0]}.`))];
    return [...prefixes, ...types].sort();
  }, [facets.data]);
  const outcomeValue = [...filters.outcomes].sort().join(',');
  const knownOutcome = OUTCOME_CHOICES.some((choice) => choice.value === outcomeValue);
  const typeErrors = Object.entries(fieldErrors)
    .filter(([field]) => field === 'type' || field.startsWith('type.'))
    .flatMap(([, messages]) => messages);

  return (
    <div className="flex flex-wrap items-start gap-3" role="search" aria-label="Event filters">
      <TextFilter
        id="events-actor"
        label="Actor"
        value={filters.actor}
        onCommit={(actor) => update({ actor: actor.trim() })}
        placeholder="Anyone"
        list="events-actors"
        serverError={fieldErrors.actor}
      />
      <datalist id="events-actors">
        {facets.data?.actors.map((actor) => (
          <option key={actor} value={actor} />
        ))}
      </datalist>
      <TextFilter
        id="events-type"
        label="Type"
        width="w-64"
        value={filters.types.join(', ')}
        onCommit={(text) => update({ types: splitList(text) })}
        validate={validateTypes}
        placeholder="Any type"
        list="events-types"
        hint="Exact, or a prefix ending in “.”; several separated by commas."
        serverError={typeErrors.length ? typeErrors : undefined}
      />
      <datalist id="events-types">
        {typeSuggestions.map((type) => (
          <option key={type} value={type} />
        ))}
      </datalist>
      <div className="flex flex-col gap-1">
        <label htmlFor="events-outcome" className="text-sm font-medium text-slate-700">
          Outcome
        </label>
        <select
          id="events-outcome"
          className={`${inputClass} w-40`}
          value={knownOutcome ? outcomeValue : '__custom'}
          onChange={(event) => update({ outcomes: OUTCOME_CHOICES.find((choice) => choice.value === event.target.value)?.outcomes ?? [] })}
        >
          {OUTCOME_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
          {knownOutcome ? null : <option value="__custom">{filters.outcomes.join(' or ')}</option>}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="events-zone" className="text-sm font-medium text-slate-700">
          Zone
        </label>
        <select id="events-zone" className={`${inputClass} w-40`} value={filters.zoneId} onChange={(event) => update({ zoneId: event.target.value })}>
          <option value="">Any zone</option>
          {zones.data?.map((zone) => (
            <option key={zone.id} value={zone.id}>
              {zone.name}
            </option>
          ))}
          {filters.zoneId && zones.data && !zones.data.some((zone) => zone.id === filters.zoneId) ? <option value={filters.zoneId}>(a deleted zone)</option> : null}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="events-store" className="text-sm font-medium text-slate-700">
          Store
        </label>
        <select id="events-store" className={`${inputClass} w-44`} value={filters.storeId} onChange={(event) => update({ storeId: event.target.value })}>
          <option value="">Any store</option>
          {stores.data?.map((store) => (
            <option key={store.id} value={store.id}>
              {store.name}
              {store.zoneName ? ` (${store.zoneName})` : ''}
            </option>
          ))}
          {filters.storeId && stores.data && !stores.data.some((store) => store.id === filters.storeId) ? <option value={filters.storeId}>(a removed store)</option> : null}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="events-range" className="text-sm font-medium text-slate-700">
          Time
        </label>
        <select
          id="events-range"
          className={`${inputClass} w-36`}
          value={filters.range}
          onChange={(event) => {
            const range = event.target.value as Range;
            // A custom range starts as the last day, to be adjusted.
            if (range === 'custom' && !filters.from) update({ range, from: new Date(Date.now() - 86_400_000).toISOString(), to: '' });
            else update({ range });
          }}
        >
          {Object.entries(RANGES).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {filters.range === 'custom' ? (
        <>
          <div className="flex flex-col gap-1">
            <label htmlFor="events-from" className="text-sm font-medium text-slate-700">
              From
            </label>
            <input
              id="events-from"
              type="datetime-local"
              className={inputClass}
              value={isoToLocalInput(filters.from)}
              onChange={(event) => update({ from: localInputToIso(event.target.value) })}
              aria-invalid={Boolean(fieldErrors.from)}
            />
            {fieldErrors.from ? <p className="text-xs text-red-700">{fieldErrors.from.join(' ')}</p> : null}
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="events-to" className="text-sm font-medium text-slate-700">
              Until
            </label>
            <input
              id="events-to"
              type="datetime-local"
              className={inputClass}
              value={isoToLocalInput(filters.to)}
              onChange={(event) => update({ to: localInputToIso(event.target.value) })}
              aria-invalid={Boolean(fieldErrors.to)}
              aria-describedby={fieldErrors.to ? 'events-to-error' : undefined}
            />
            {fieldErrors.to ? (
              <p id="events-to-error" className="text-xs text-red-700">
                {fieldErrors.to.join(' ')}
              </p>
            ) : (
              <p className="text-xs text-slate-500">Empty: until now</p>
            )}
          </div>
        </>
      ) : null}
    </div>
  );
}

/** Newest first, the pages go to older events; oldest first, to newer ones. */
const PAGE_LABELS = {
  desc: { first: 'Newest', prev: '← Newer', next: 'Older →' },
  asc: { first: 'Oldest', prev: '← Older', next: 'Newer →' },
} as const;

export function EventsView() {
  const trpc = useTRPC();
  const { list, filters, update } = useEventsList();
  const minute = Math.floor(useNow(60_000) / 60_000) * 60_000;
  const input = useMemo(() => toListInput(filters, list.paging, minute, PAGE_SIZE), [filters, list.paging, minute]);
  const newestFirst = list.order === 'desc';
  const events = useQuery({
    ...trpc.event.list.queryOptions(input),
    placeholderData: keepPreviousData,
    // The newest page follows what happens; any other page stays put.
    refetchInterval: newestFirst && !list.cursor ? 10_000 : false,
  });
  const error = parseError(events.error);
  const fieldErrors = error?.fieldErrors ?? {};
  const preset = presetOf(filters);
  const page = events.data;
  const objectName = filters.objectId ? (page?.events.find((item) => item.objectId === filters.objectId)?.objectName ?? null) : null;
  const filtered = list.filtered;
  // Paging back reached the first page (the server answers it whole): the link says so too. (A page on with
  // nothing on it has no previous cursor either, and stays where it is.)
  const reachedFirst = Boolean(list.cursor && list.direction === 'prev' && page && !events.isPlaceholderData && !page.prevCursor);
  const { toFirstPage } = list;
  useEffect(() => {
    if (reachedFirst) toFirstPage();
  }, [reachedFirst, toFirstPage]);
  const sorting = useMemo(() => ({ sort: list.sort, order: list.order, sortable: { at: 'at' }, onSort: list.setSort }), [list.sort, list.order, list.setSort]);
  const pager = (label: string) => (
    <Pager label={label} labels={PAGE_LABELS[list.order]} page={page} paged={Boolean(list.cursor)} disabled={events.isPlaceholderData} onPage={list.goTo} onFirst={list.toFirstPage} />
  );

  return (
    <>
      <PageHeader title="Events" description="What happened and who did it: sign-ins, refused calls, every change, and what the system did on its own." />
      <div className="mb-4 flex flex-wrap items-center gap-2" role="group" aria-label="Quick filters">
        {PRESETS.map((candidate) => (
          <button
            key={candidate.id}
            type="button"
            title={candidate.hint}
            aria-pressed={preset === candidate.id}
            onClick={() => update({ ...NO_FILTERS, range: filters.range, from: filters.from, to: filters.to, ...candidate.filters })}
            className={`rounded-full border px-3 py-1 text-sm font-medium transition ${preset === candidate.id ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:border-indigo-300 hover:bg-indigo-50'}`}
          >
            {candidate.label}
          </button>
        ))}
      </div>
      <Card className="mb-4">
        <FilterBar filters={filters} update={update} fieldErrors={fieldErrors} />
        {filters.objectId || filtered ? (
          <div className="mt-3 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3">
            {filters.objectId ? (
              <span className="inline-flex items-center gap-1 text-sm text-slate-700">
                Object: <Badge tone="indigo">{objectName ?? filters.objectId}</Badge>
                <Button variant="ghost" className="px-1.5 py-0.5 text-xs" onClick={() => update({ objectId: '' })} aria-label="Remove the object filter">
                  ×
                </Button>
              </span>
            ) : null}
            {filtered ? (
              <Button variant="ghost" className="ml-auto text-xs" onClick={list.clearFilters}>
                Clear all filters
              </Button>
            ) : null}
          </div>
        ) : null}
      </Card>
      {error && Object.keys(fieldErrors).length === 0 ? (
        <div className="mb-4">
          <ErrorBanner message={error.message} />
        </div>
      ) : null}
      {fieldErrors.cursor ? (
        <div className="mb-4">
          <ErrorBanner message={error?.message} />
          <Button className="mt-2" onClick={list.toFirstPage}>
            {newestFirst ? 'Show the newest events' : 'Show the oldest events'}
          </Button>
        </div>
      ) : null}
      <Card
        testId="events"
        title={
          <span className="flex items-center gap-2">
            {list.cursor ? (newestFirst ? 'Older events' : 'Newer events') : newestFirst ? 'Latest events' : 'Earliest events'}
            {events.isFetching && !events.isPending ? <span className="text-xs font-normal text-slate-400">updating…</span> : null}
          </span>
        }
        actions={pager('Event pages')}
      >
        {events.isPending ? (
          <LoadingRows rows={6} label="Loading events" />
        ) : !page ? null : page.events.length === 0 ? (
          <EmptyState title={filtered ? 'No event matches these filters' : 'Nothing recorded yet'}>
            {filtered ? 'Widen the time range or clear a filter.' : 'Sign-ins, changes and what the system does appear here.'}
          </EmptyState>
        ) : (
          <>
            <EventsTable events={page.events} narrow={update} sorting={sorting} stale={events.isPlaceholderData} />
            <div className="mt-3 flex items-center justify-between gap-2 border-t border-slate-100 pt-3">
              <p className="text-xs text-slate-500">
                {page.events.length} event{page.events.length === 1 ? '' : 's'} on this page, {newestFirst ? 'newest' : 'oldest'} first.
              </p>
              {pager('Event pages (bottom)')}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
