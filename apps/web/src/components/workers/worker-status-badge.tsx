import type { WorkerStatus } from '@stowage/services';
import { Badge } from '~/components/ui';

const LOOK: Record<WorkerStatus, { tone: 'green' | 'amber' | 'slate'; label: string }> = {
  live: { tone: 'green', label: 'live' },
  stale: { tone: 'amber', label: 'stale' },
  stopped: { tone: 'slate', label: 'stopped' },
};

export function WorkerStatusBadge({ status }: { status: WorkerStatus }) {
  return <Badge tone={LOOK[status].tone}>{LOOK[status].label}</Badge>;
}

/** A worker's declared zones for people: "all zones" when it declared none. */
export function zonesText(zones: string[] | null): string {
  if (zones === null) return 'all zones';
  return zones.length === 0 ? 'no zone (object stores only)' : zones.join(', ');
}
