import type { StoreDisplayState } from '@stowage/core';
import { Badge } from './ui';

export const STORE_STATE_LOOK: Record<StoreDisplayState, { tone: 'green' | 'red' | 'amber' | 'slate' | 'indigo'; label: string }> = {
  up: { tone: 'green', label: 'Up' },
  down: { tone: 'red', label: 'Down' },
  unknown: { tone: 'slate', label: 'Not probed' },
  read_only: { tone: 'amber', label: 'Read-only' },
  draining: { tone: 'amber', label: 'Draining' },
  maintenance: { tone: 'indigo', label: 'Maintenance' },
};

export function StoreStateBadge({ state }: { state: StoreDisplayState }) {
  const look = STORE_STATE_LOOK[state];
  return <Badge tone={look.tone}>{look.label}</Badge>;
}
