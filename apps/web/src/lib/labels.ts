import type { JobKind, JobState, ObjectFormat, ObjectKind, PlacementPolicy } from '@stowage/core';

/** Badge tones, as ui.tsx names them. */
export type Tone = 'green' | 'red' | 'amber' | 'slate' | 'indigo';

// Kept here (type-checked against @stowage/core) so client pages need no runtime import of the domain package.
export const OBJECT_KIND_OPTIONS = ['template', 'iso', 'snapshot'] as const satisfies readonly ObjectKind[];
export const OBJECT_FORMAT_OPTIONS = ['qcow2', 'raw', 'vhd', 'vhdx', 'vmdk', 'ova', 'iso', 'tar'] as const satisfies readonly ObjectFormat[];
export const JOB_STATE_OPTIONS = ['queued', 'running', 'failed', 'succeeded', 'cancelled'] as const satisfies readonly JobState[];
export const JOB_KIND_OPTIONS = ['ingest', 'backup', 'sync', 'stage', 'verify', 'delete', 'migrate'] as const satisfies readonly JobKind[];

export const PLACEMENT_LABELS: Record<PlacementPolicy, { label: string; hint: string }> = {
  all_zones: { label: 'All zones', hint: 'A copy in every backup-mode zone, now and when zones are added.' },
  chosen_zones: { label: 'Chosen zones', hint: 'A copy in each zone ticked below.' },
  origin_only: { label: 'Origin zone only', hint: 'Kept in the origin zone (and backed up to the object store).' },
};

/** How (object, zone) and (object, object store) look: derived from replica rows by the server. */
export const SYNC_CELL_LOOK: Record<string, { tone: Tone; label: string; hint: string }> = {
  allocated: { tone: 'indigo', label: 'Queued', hint: 'A copy is scheduled here.' },
  copying: { tone: 'indigo', label: 'Copying', hint: 'Bytes are being copied here.' },
  ready: { tone: 'green', label: 'Ready', hint: 'A verified copy is here.' },
  failed: { tone: 'red', label: 'Failed', hint: 'The copy here failed.' },
  destroying: { tone: 'amber', label: 'Removing', hint: 'The copy here is being removed.' },
  destroyed: { tone: 'slate', label: 'Removed', hint: 'The copy here was removed.' },
  pending: { tone: 'slate', label: 'Pending', hint: 'Wanted here; waits for the copy it will come from, which is being made.' },
  blocked: { tone: 'red', label: 'Blocked', hint: 'Wanted here, but every copy it could come from failed: nothing happens until the failed copy is retried.' },
  not_written: { tone: 'slate', label: 'Not written', hint: 'This object store takes no new copies (read-only or draining).' },
  not_placed: { tone: 'slate', label: 'Not placed', hint: 'The placement policy does not name this zone.' },
  on_demand: { tone: 'slate', label: 'On demand', hint: 'A staging zone: cached when a hypervisor asks.' },
  cached: { tone: 'green', label: 'Cached', hint: 'In this staging zone’s cache.' },
  no_store: { tone: 'amber', label: 'No store', hint: 'No store can hold it here.' },
};

export const OBJECT_STATUS_LOOK: Record<string, { tone: Tone; label: string; hint?: string }> = {
  ingesting: { tone: 'indigo', label: 'Ingesting' },
  syncing: { tone: 'indigo', label: 'Syncing' },
  in_sync: { tone: 'green', label: 'In sync', hint: 'A copy is everywhere it should be, and on every object store.' },
  no_backup: { tone: 'amber', label: 'No backup', hint: 'No object store is registered: if the store holding it is lost, so is the object.' },
  incomplete: { tone: 'amber', label: 'Incomplete', hint: 'A zone it is placed in has no record store to hold it.' },
  failed: { tone: 'red', label: 'Failed', hint: 'A copy failed (or waits for one that did): retry it from the object or the Jobs page.' },
  deleting: { tone: 'amber', label: 'Deleting' },
};

export const JOB_STATE_LOOK: Record<string, { tone: Tone; label: string }> = {
  queued: { tone: 'slate', label: 'Queued' },
  running: { tone: 'indigo', label: 'Running' },
  succeeded: { tone: 'green', label: 'Succeeded' },
  failed: { tone: 'red', label: 'Failed' },
  cancelled: { tone: 'amber', label: 'Cancelled' },
};

export const SEVERITY_LOOK: Record<string, { tone: Tone; text: string }> = {
  info: { tone: 'slate', text: 'text-slate-700' },
  warning: { tone: 'amber', text: 'text-amber-800' },
  error: { tone: 'red', text: 'text-red-700' },
};

export function lookOf<T>(table: Record<string, T>, key: string, fallback: T): T {
  return table[key] ?? fallback;
}
