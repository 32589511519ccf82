import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, type ApiContext, type ContextOptions, type ProcedureMeta } from './trpc';
export { sessionRoute, type RouteRuntime, type SessionRoute } from './session-route';
export { agentRoute, fetchRoute, type AgentCall, type AgentFetchRoute, type AgentRoute, type AgentRuntime } from './agent-route';
export { uploadRoute, plannerCurveCsvRoute, plannerTraceCsvRoute, plannerImportRoute, agentAcquire, agentRenew, agentRelease, agentAcquireRoute, agentRenewRoute, agentReleaseRoute } from './routes';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { handleUpload } from './upload';
export { type AgentAnswer, type AgentBody, type AgentErrorBody, type AgentRequest, type LeaseParams } from './agent';
export { handleTrpcRequest, MAX_TRPC_BODY_BYTES } from './trpc-route';
