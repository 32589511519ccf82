import { Badge } from '~/components/ui';
import { JOB_STATE_LOOK, lookOf } from '~/lib/labels';

export function JobStateBadge({ state, cancelRequested = false }: { state: string; cancelRequested?: boolean }) {
  const look = lookOf(JOB_STATE_LOOK, state, { tone: 'slate' as const, label: state });
  return (
    <span className="whitespace-nowrap">
      {cancelRequested && (state === 'queued' || state === 'running') ? <Badge tone="amber">Cancelling</Badge> : <Badge tone={look.tone}>{look.label}</Badge>}
    </span>
  );
}
