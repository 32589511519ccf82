import { agentReleaseRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Agent API: end a lease; idempotent (docs/agent-api.md). */
export function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  return agentReleaseRoute(request, getRuntime(), params);
}
