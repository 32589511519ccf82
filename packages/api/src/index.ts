import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export { createContextInner, type ApiContext, type ContextOptions, type ProcedureMeta } from './trpc';
export { sessionRoute, type RouteRuntime, type SessionRoute } from './session-route';
export { uploadRoute } from './routes';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { handleUpload } from './upload';
export {
  handleAgentAcquire,
  handleAgentRelease,
  handleAgentRenew,
  type AgentApiOptions,
  type AgentErrorBody,
  type LeaseParams,
} from './agent';
