import type { SyncCell } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { Badge } from '~/components/ui';
import { lookOf, OBJECT_STATUS_LOOK, SYNC_CELL_LOOK } from '~/lib/labels';

const UNKNOWN = { tone: 'slate' as const, label: 'Unknown', hint: '' };

export function SyncStateBadge({ state, title }: { state: string; title?: string }) {
  const look = lookOf(SYNC_CELL_LOOK, state, { ...UNKNOWN, label: state });
  return (
    <span title={title ?? look.hint} className="whitespace-nowrap">
      <Badge tone={look.tone}>{look.label}</Badge>
    </span>
  );
}

/**
 * One (object, zone) or (object, object store) cell: the state as a badge; a copy in flight also shows a
 * compact bar with its percent; a failure carries its reason on hover.
 */
export function SyncCellView({ cell, label }: { cell: SyncCell; label: string }) {
  const look = lookOf(SYNC_CELL_LOOK, cell.state, { ...UNKNOWN, label: cell.state });
  const title = cell.state === 'failed' ? `${cell.storeName ?? 'Copy'} failed: ${cell.error ?? 'no reason recorded'}` : cell.storeName ? `${look.hint} (${cell.storeName})` : look.hint;
  const inFlight = cell.state === 'copying' || cell.state === 'allocated';
  // A queued copy shows its bar only once its size is known (0%); an unknown size pulses only while bytes move.
  const showBar = inFlight && cell.progress !== null && (cell.state === 'copying' || cell.progress.bytesTotal !== null);
  return (
    <div className="flex min-w-24 flex-col gap-1" data-testid={`cell-${label}`} data-state={cell.state}>
      <SyncStateBadge state={cell.state} title={title} />
      {showBar && cell.progress ? <ProgressBar compact label={`${label} copy progress`} {...cell.progress} /> : null}
      {cell.state === 'failed' && cell.error ? (
        <span className="line-clamp-2 max-w-36 break-words text-xs text-red-700" title={title}>
          {cell.error}
        </span>
      ) : null}
    </div>
  );
}

export function ObjectStatusBadge({ status }: { status: string }) {
  const look = lookOf(OBJECT_STATUS_LOOK, status, { tone: 'slate' as const, label: status });
  return (
    <span className="whitespace-nowrap" title={look.hint}>
      <Badge tone={look.tone}>{look.label}</Badge>
    </span>
  );
}
