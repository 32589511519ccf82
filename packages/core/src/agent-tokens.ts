/* No zod here: the browser imports this file (@stowage/core/agent-tokens). The schema is in access-schemas.ts. */
/** What an agent token may do on the agent API: one scope per route (docs/agent-api.md). */
export const AGENT_SCOPES = ['acquire', 'renew', 'release'] as const;
export type AgentScope = (typeof AGENT_SCOPES)[number];

/** Every agent token expires: at least a day, at most a year after it is created. */
export const MIN_TOKEN_DAYS = 1;
export const MAX_TOKEN_DAYS = 365;
export const DEFAULT_TOKEN_DAYS = 90;

/** What every agent token's secret starts with, so that one found in a log or a repository is recognised. */
export const AGENT_TOKEN_MARK = 'stw_';
