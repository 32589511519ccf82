import { handleAgentRenew } from '@stowage/api';
import { createAgentRequestContext } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Agent API: extend a live lease (docs/agent-api.md). */
export function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  return handleAgentRenew(request, createAgentRequestContext(), params);
}
