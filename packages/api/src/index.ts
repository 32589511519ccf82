import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, type ApiContext, type ContextOptions, type ProcedureMeta } from './trpc';
export { sessionRoute, type RouteRuntime, type SessionRoute } from './session-route';
export { agentRoute, type AgentCall, type AgentRoute, type AgentRuntime } from './agent-route';
export { uploadRoute, agentAcquireRoute, agentRenewRoute, agentReleaseRoute } from './routes';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { handleUpload } from './upload';
export { type AgentErrorBody, type LeaseParams } from './agent';
export { handleTrpcRequest, MAX_TRPC_BODY_BYTES } from './trpc-route';
