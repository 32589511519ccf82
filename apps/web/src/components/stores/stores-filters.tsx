'use client';

import { useQuery } from '@tanstack/react-query';
import { FilterField, useDebouncedCommit } from '~/components/lists';
import { STORE_STATE_LOOK } from '~/components/store-state-badge';
import { Button, inputClass } from '~/components/ui';
import { useTRPC } from '~/trpc/react';
import { NAME_FILTER_MAX, type StoresListControls } from './use-stores-list';

const ROLE_OPTIONS = [
  ['record', 'Record'],
  ['staging', 'Staging'],
  ['object', 'Object'],
] as const;

const PROVIDER_OPTIONS = [
  ['nfs', 'NFS'],
  ['s3', 'S3'],
  ['swift', 'Swift'],
] as const;

const selectClass = `${inputClass} w-40 py-1`;

/** Zone, role, provider, state and part of the name, each kept in the URL (the table's headers sort). */
export function StoresFilters({ list }: { list: StoresListControls }) {
  const trpc = useTRPC();
  const zones = useQuery(trpc.zone.list.queryOptions());
  const { zone, role, provider, state, name } = list.filters;
  const [text, setText, commit] = useDebouncedCommit(name, (value) => list.setFilters({ name: value }));
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter stores">
        <FilterField label="Name">
          {(id) => (
            <input
              id={id}
              type="search"
              aria-label="Search stores by name"
              placeholder="Part of the name…"
              className={`${inputClass} w-56 py-1`}
              value={text}
              maxLength={NAME_FILTER_MAX}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && commit()}
            />
          )}
        </FilterField>
        <FilterField label="Zone">
          {(id) => (
            <select id={id} className={selectClass} value={zone} onChange={(event) => list.setFilters({ zone: event.target.value })}>
              <option value="">Any zone</option>
              {(zones.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Role">
          {(id) => (
            <select id={id} className={selectClass} value={role} onChange={(event) => list.setFilters({ role: event.target.value })}>
              <option value="">Any role</option>
              {ROLE_OPTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Provider">
          {(id) => (
            <select id={id} className={selectClass} value={provider} onChange={(event) => list.setFilters({ provider: event.target.value })}>
              <option value="">Any provider</option>
              {PROVIDER_OPTIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="State">
          {(id) => (
            <select id={id} className={selectClass} value={state} onChange={(event) => list.setFilters({ state: event.target.value })}>
              <option value="">Any state</option>
              {Object.entries(STORE_STATE_LOOK).map(([value, look]) => (
                <option key={value} value={value}>
                  {look.label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        {list.filtered ? (
          <Button variant="ghost" onClick={list.clearFilters}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </div>
  );
}
