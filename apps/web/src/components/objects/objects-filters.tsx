'use client';

import { MAX_NAME_LENGTH } from '@stowage/core/domain';
import type { ObjectList } from '@stowage/services';
import { FilterField, useDebouncedCommit } from '~/components/lists';
import { Button, inputClass } from '~/components/ui';
import type { ObjectsListControls } from './use-objects-list';

const STATE_LABELS: Record<string, string> = {
  missing: 'missing',
  copying: 'copying',
  failed: 'failed',
  ready: 'ready',
};

/** How many copies of the chosen zone are in a state, from the counters (a filter's label carries it). */
function countFor(data: ObjectList | undefined, zoneId: string, state: string): number | null {
  const counts = data?.zoneCounts[zoneId];
  if (!counts) return null;
  if (state === 'copying') return counts.allocated + counts.copying;
  if (state === 'failed' || state === 'ready') return counts[state];
  return null;
}

/** Kind, part of the name, a zone's state, and "not in sync anywhere" — each kept in the URL. */
export function ObjectsFilters({ list, data }: { list: ObjectsListControls; data: ObjectList | undefined }) {
  const { kind, name, zone, state, sync } = list.filters;
  const [text, setText, commit] = useDebouncedCommit(name, (value) => list.setFilters({ name: value }));
  const zones = data?.zones ?? [];
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter objects">
      <FilterField label="Name">
        {(id) => (
          <input
            id={id}
            type="search"
            aria-label="Search objects by name"
            placeholder="Part of the name…"
            className={`${inputClass} w-56 py-1`}
            value={text}
            maxLength={MAX_NAME_LENGTH}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && commit()}
          />
        )}
      </FilterField>
      <FilterField label="Kind">
        {(id) => (
          <select
            id={id}
            className={`${inputClass} w-36 py-1`}
            value={kind}
            onChange={(event) => list.setFilters({ kind: event.target.value })}
          >
            <option value="">Any kind</option>
            <option value="template">Templates</option>
            <option value="iso">ISOs</option>
            <option value="snapshot">Snapshots</option>
          </select>
        )}
      </FilterField>
      <FilterField label="Zone">
        {(id) => (
          <select
            id={id}
            className={`${inputClass} w-44 py-1`}
            value={zone}
            onChange={(event) =>
              list.setFilters({ zone: event.target.value, ...(event.target.value ? {} : { state: '' }) })
            }
          >
            <option value="">Any zone</option>
            {zones.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FilterField label="State in the zone">
        {(id) => (
          <select
            id={id}
            className={`${inputClass} w-44 py-1`}
            value={zone ? state : ''}
            disabled={!zone}
            title={zone ? undefined : 'Choose a zone first'}
            onChange={(event) => list.setFilters({ state: event.target.value })}
          >
            <option value="">Any state</option>
            {Object.entries(STATE_LABELS).map(([value, label]) => {
              const count = zone ? countFor(data, zone, value) : null;
              return (
                <option key={value} value={value}>
                  {count === null ? label : `${label} (${count.toLocaleString()})`}
                </option>
              );
            })}
          </select>
        )}
      </FilterField>
      <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={sync === 'nowhere'}
          onChange={(event) => list.setFilters({ sync: event.target.checked ? 'nowhere' : '' })}
        />
        Not in sync anywhere
      </label>
      {list.filtered ? (
        <Button variant="ghost" onClick={list.clearFilters}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
