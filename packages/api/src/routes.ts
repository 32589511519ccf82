import { agentRoute } from './agent-route';
import { handleAgentAcquire, handleAgentRelease, handleAgentRenew, type LeaseParams } from './agent';
import { sessionRoute } from './session-route';
import { handleUpload } from './upload';

/*
 * Every HTTP route the web app serves besides /api/trpc (whose procedures declare their own access) and
 * /api/auth (sign-in: public by nature). Each declares who may call it, once, here; apps/web's route files
 * only call these. A test checks that every route file in apps/web is one of them.
 */

/** POST /api/objects/upload: a file streamed into the store of record (objects are operators' work). */
export const uploadRoute = sessionRoute('operator', handleUpload);

/* The agent API (docs/agent-api.md): agent tokens, each route needing one scope. */

/** POST /api/agent/v1/acquire: a lease on an object in a zone the token covers. */
export const agentAcquireRoute = agentRoute<undefined>('acquire', (request, call) => handleAgentAcquire(request, call));
/** POST /api/agent/v1/leases/{leaseId}/renew. */
export const agentRenewRoute = agentRoute<LeaseParams>('renew', handleAgentRenew);
/** POST /api/agent/v1/leases/{leaseId}/release and DELETE /api/agent/v1/leases/{leaseId}. */
export const agentReleaseRoute = agentRoute<LeaseParams>('release', handleAgentRelease);
