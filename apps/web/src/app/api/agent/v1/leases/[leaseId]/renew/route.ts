import { agentRenewRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Agent API: extend a live lease (docs/agent-api.md). */
export function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  return agentRenewRoute(request, getRuntime(), params);
}
