'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { ObjectSummary, SyncCell, ZoneColumn } from '@stowage/services';
import { Pager } from '~/components/lists';
import { Button, Card, EmptyState, ErrorBanner, LoadingRows, PageHeader } from '~/components/ui';
import { useAccess } from '~/lib/access';
import { lookOf, SYNC_CELL_LOOK } from '~/lib/labels';
import { parseError } from '~/lib/trpc-error';
import { useTRPC } from '~/trpc/react';
import { ObjectsFilters } from './objects-filters';
import { useObjectsList } from './use-objects-list';

/** A cell's colour by tone; the state's short label is always written in it too (colour is not the only signal). */
const CELL_TONE: Record<string, string> = {
  green: 'bg-emerald-100 text-emerald-900 border-emerald-300',
  red: 'bg-red-100 text-red-900 border-red-300',
  amber: 'bg-amber-100 text-amber-900 border-amber-300',
  indigo: 'bg-indigo-100 text-indigo-900 border-indigo-300',
  slate: 'bg-slate-100 text-slate-700 border-slate-200',
};

function MatrixCell({ object, zone, cell }: { object: ObjectSummary; zone: ZoneColumn; cell: SyncCell | undefined }) {
  const look = lookOf(SYNC_CELL_LOOK, cell?.state ?? 'not_placed', { tone: 'slate' as const, label: cell?.state ?? '—', hint: '' });
  const tone = CELL_TONE[look.tone] ?? CELL_TONE.slate;
  const percent = cell?.progress?.percent;
  const text = `${look.label}${percent !== undefined && percent !== null && cell?.state === 'copying' ? ` ${Math.round(percent)}%` : ''}`;
  const className = `block w-full truncate rounded border px-1.5 py-1 text-center text-xs font-medium ${tone}`;
  if (cell?.state === 'failed' || cell?.state === 'blocked') {
    return (
      <Link
        href={`/objects/${object.id}#replicas`}
        className={`${className} underline`}
        title={`${object.name} in ${zone.name}: ${cell.error ?? look.hint} — open the object to see the failure`}
        data-testid={`matrix-cell-${object.name}-${zone.name}`}
        data-state={cell.state}
      >
        {text}
      </Link>
    );
  }
  return (
    <span className={className} title={`${object.name} in ${zone.name}: ${look.hint}`} data-testid={`matrix-cell-${object.name}-${zone.name}`} data-state={cell?.state}>
      {text}
    </span>
  );
}

/**
 * Objects × zones, each cell coloured by its state, in the Objects list's pages and filters; select rows and
 * retry their failed copies at once.
 */
export function RegionMatrixView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useAccess();
  const operator = can('operator');
  const { list, query } = useObjectsList({ limit: 100 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [outcome, setOutcome] = useState<string | null>(null);
  const params = useSearchParams().toString();
  const data = query.data;
  const pageIds = data?.objects.map((object) => object.id) ?? [];
  // A new page or filter starts with nothing selected.
  const pageKey = pageIds.join(',');
  useEffect(() => setSelected(new Set()), [params]);

  const retry = useMutation(
    trpc.object.retrySelected.mutationOptions({
      onSuccess: async (result) => {
        setOutcome(
          [
            `${result.retried.toLocaleString()} failed ${result.retried === 1 ? 'copy' : 'copies'} sent back to the queue`,
            result.nothingFailed ? `${result.nothingFailed} selected with nothing failed` : '',
            result.uploadsToSendAgain ? `${result.uploadsToSendAgain} failed upload(s) to send again` : '',
            result.unknown ? `${result.unknown} no longer exist` : '',
          ]
            .filter(Boolean)
            .join('; ') + '.',
        );
        setSelected(new Set());
        await queryClient.invalidateQueries(trpc.object.list.pathFilter());
      },
    }),
  );
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const failedOnPage = data?.objects.filter((object) => Object.values(object.zones).some((cell) => cell.state === 'failed')).map((object) => object.id) ?? [];

  return (
    <>
      <PageHeader
        title="Region matrix"
        description="Every object against every zone, coloured by the state of its copy there. Failed cells open the object."
        actions={
          <Link href={`/objects${params ? `?${params}` : ''}`} className="text-sm font-medium text-indigo-700 underline hover:text-indigo-900">
            Objects list
          </Link>
        }
      />
      <Card
        title="Objects × zones"
        actions={<Pager label="Matrix pages" page={data} paged={Boolean(list.cursor)} disabled={query.isFetching && query.isPlaceholderData} onPage={list.goTo} onFirst={list.toFirstPage} />}
      >
        <ObjectsFilters list={list} data={data} />
        <div className="mb-3 flex flex-wrap items-center gap-3" aria-label="Legend">
          {['ready', 'copying', 'allocated', 'failed', 'blocked', 'pending', 'not_placed', 'on_demand', 'cached', 'no_store'].map((state) => {
            const look = lookOf(SYNC_CELL_LOOK, state, { tone: 'slate' as const, label: state, hint: '' });
            return (
              <span key={state} className={`rounded border px-1.5 py-0.5 text-xs ${CELL_TONE[look.tone]}`} title={look.hint}>
                {look.label}
              </span>
            );
          })}
        </div>
        {operator ? (
          <div className="mb-3 flex flex-wrap items-center gap-3">
            <Button variant="primary" disabled={selected.size === 0 || retry.isPending} onClick={() => retry.mutate({ objectIds: [...selected] })}>
              {retry.isPending ? 'Retrying…' : `Retry these (${selected.size})`}
            </Button>
            <Button variant="ghost" disabled={failedOnPage.length === 0} onClick={() => setSelected(new Set(failedOnPage))}>
              Select the failed on this page ({failedOnPage.length})
            </Button>
            {outcome ? (
              <p role="status" className="text-sm text-slate-700">
                {outcome}
              </p>
            ) : null}
            <ErrorBanner message={retry.error ? parseError(retry.error)?.message : null} />
          </div>
        ) : null}
        {query.isPending ? (
          <LoadingRows label="Loading the matrix" />
        ) : query.isError ? (
          <ErrorBanner message={parseError(query.error)?.message} />
        ) : data!.objects.length === 0 ? (
          <EmptyState title={list.filtered ? 'No object matches these filters' : 'No objects yet'}>{list.filtered ? 'Loosen a filter, or clear them.' : 'Objects appear here once registered.'}</EmptyState>
        ) : (
          <div className="overflow-x-auto" key={pageKey}>
            <table className="w-full table-fixed text-sm">
              <colgroup>
                {operator ? <col className="w-8" /> : null}
                <col className="w-64" />
                {data!.zones.map((zone) => (
                  <col key={zone.id} className="w-24" />
                ))}
              </colgroup>
              <thead>
                <tr className="border-b border-slate-200 text-left text-xs font-medium text-slate-500">
                  {operator ? (
                    <th scope="col" className="pb-2">
                      <input
                        type="checkbox"
                        aria-label="Select every object on this page"
                        checked={allSelected}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(pageIds))}
                      />
                    </th>
                  ) : null}
                  <th scope="col" className="pb-2 uppercase tracking-wide">
                    Object
                  </th>
                  {data!.zones.map((zone) => (
                    <th key={zone.id} scope="col" className="truncate px-1 pb-2 font-semibold text-slate-700" title={zone.name}>
                      {zone.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data!.objects.map((object) => (
                  <tr key={object.id} className="border-b border-slate-100 last:border-0" data-testid={`matrix-row-${object.name}`}>
                    {operator ? (
                      <td className="py-1">
                        <input type="checkbox" aria-label={`Select ${object.name}`} checked={selected.has(object.id)} onChange={() => toggle(object.id)} />
                      </td>
                    ) : null}
                    <td className="truncate py-1 pr-2" title={object.name}>
                      <Link href={`/objects/${object.id}`} className="font-medium text-indigo-700 hover:underline">
                        {object.name}
                      </Link>
                    </td>
                    {data!.zones.map((zone) => (
                      <td key={zone.id} className="px-1 py-1">
                        <MatrixCell object={object} zone={zone} cell={object.zones[zone.id]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
