import { agentReleaseRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Agent API: DELETE a lease is the same as releasing it (docs/agent-api.md). */
export function DELETE(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  return agentReleaseRoute(request, getRuntime(), params);
}
