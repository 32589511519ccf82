export { handleAgentAcquire, handleAgentRelease, handleAgentRenew, type LeaseParams } from './handlers';
export { MAX_BODY_BYTES, RETRY_AFTER_PENDING_S, type AgentErrorBody } from './http';
export { agentAcquireBody, agentReleaseBody, agentRenewBody, DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS } from './schemas';
export { resolveAcquireTarget } from './resolve-target';
export { fetchAgentRequest, toFetchResponse, type AgentAnswer, type AgentBody, type AgentRequest } from './message';
