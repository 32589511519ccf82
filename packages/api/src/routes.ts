import { agentRoute, fetchRoute } from './agent-route';
import { handleAgentAcquire, handleAgentRelease, handleAgentRenew, type LeaseParams } from './agent';
import { sessionRoute } from './session-route';
import { handleCurveCsv, handleTraceCsv, handleTraceImport } from './planner/planner-csv';
import { handleUpload } from './upload';

/*
 * Every HTTP route the web app serves besides /api/trpc (whose procedures declare their own access) and
 * /api/auth (sign-in: public by nature). Each declares who may call it, once, here; apps/web's route files
 * only call these. A test checks that every route file in apps/web is one of them.
 */

/** POST /api/objects/upload: a file streamed into the store of record (objects are operators' work). */
export const uploadRoute = sessionRoute('operator', handleUpload);

/** GET /api/planner/curve.csv and /api/planner/trace.csv: a zone's curve and recorded accesses (what the Planner shows). */
export const plannerCurveCsvRoute = sessionRoute('viewer', handleCurveCsv);
export const plannerTraceCsvRoute = sessionRoute('viewer', handleTraceCsv);
/** POST /api/planner/import: a trace CSV planned without being stored (CPU and up to 64 MiB of memory: operators). */
export const plannerImportRoute = sessionRoute('operator', handleTraceImport);

/* The agent API (docs/agent-api.md): agent tokens, each route needing one scope. The agent API's own server
 * (apps/agent-api) calls agentAcquire, agentRenew and agentRelease; the web app's route files the same routes on
 * the Fetch API (…Route). */

/** POST /api/agent/v1/acquire: a lease on an object in a zone the token covers. */
export const agentAcquire = agentRoute<undefined>('acquire', (request, call) => handleAgentAcquire(request, call));
/** POST /api/agent/v1/leases/{leaseId}/renew. */
export const agentRenew = agentRoute<LeaseParams>('renew', handleAgentRenew);
/** POST /api/agent/v1/leases/{leaseId}/release and DELETE /api/agent/v1/leases/{leaseId}. */
export const agentRelease = agentRoute<LeaseParams>('release', handleAgentRelease);

export const agentAcquireRoute = fetchRoute(agentAcquire);
export const agentRenewRoute = fetchRoute(agentRenew);
export const agentReleaseRoute = fetchRoute(agentRelease);
