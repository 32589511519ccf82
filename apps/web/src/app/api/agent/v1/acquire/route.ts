import { agentAcquireRoute } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** Agent API: acquire a lease on an object in a zone (docs/agent-api.md). */
export function POST(request: Request) {
  return agentAcquireRoute(request, getRuntime(), undefined);
}
