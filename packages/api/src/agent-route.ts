import type { AgentScope } from '@stowage/core';
import {
  agentTokenVerifier,
  recordEventUnlessRepeated,
  tokenHasScope,
  type AgentTokenIdentity,
  type AgentTokenRefusal,
  type AgentTokenVerifier,
  type ServiceContext,
} from '@stowage/services';
import { errorJson } from './agent/http';
import { fetchAgentRequest, toFetchResponse, type AgentAnswer, type AgentRequest } from './agent/message';

/*
 * Route handlers for hypervisor agents (bearer tokens), each declaring once the scope it needs — the
 * counterpart of sessionRoute for people. The token is verified through the process's cache (no database
 * write per call; a revocation elsewhere is seen within AGENT_TOKEN_STALE_MS), refused with 401 and
 * WWW-Authenticate when it is missing, unknown, revoked or expired, with 403 when it lacks the route's scope;
 * every refusal is audited as `token.denied` naming the token (never its secret). The handler then acts as the
 * token: `ctx.actor` is its name.
 */

/** What an agent route needs from the process: the database and the secret box (the web app passes its runtime). */
export interface AgentRuntime extends Omit<ServiceContext, 'actor'> {
  /** Tests pass their own verifier; the product uses the one of its database client. */
  agentTokens?: AgentTokenVerifier;
}

/** One verified agent call. */
export interface AgentCall {
  /** The service context acting as the token (its name is the actor of every event the call records). */
  ctx: ServiceContext;
  token: AgentTokenIdentity;
  /** Refuses the call with 403 (a zone the token does not cover), audited. */
  forbid(message: string, subject?: { zoneId?: string | null }): Promise<AgentAnswer>;
}

/** An agent route on the agent API's own request and answer (apps/agent-api calls these). */
export type AgentRoute<Params> = ((request: AgentRequest, runtime: AgentRuntime, params: Params) => Promise<AgentAnswer>) & { readonly scope: AgentScope };
/** The same route on the Fetch API's Request and Response (the web app's route files). */
export type AgentFetchRoute<Params> = ((request: Request, runtime: AgentRuntime, params: Params) => Promise<Response>) & { readonly scope: AgentScope };

const REALM = 'Bearer realm="stowage-agent"';

function unauthorized(message: string, invalidToken: boolean): AgentAnswer {
  return errorJson(401, 'UNAUTHORIZED', message, null, { 'www-authenticate': invalidToken ? `${REALM}, error="invalid_token"` : REALM });
}

const REFUSALS: Record<AgentTokenRefusal['reason'], string> = {
  malformed: 'The agent token is not valid.',
  unknown: 'The agent token is not valid.',
  revoked: 'The agent token has been revoked.',
  expired: 'The agent token has expired.',
};

/** Who a refused token is in the audit trail: its name when known, else its visible prefix — never the secret. */
function deniedActor(refusal: Pick<AgentTokenRefusal, 'name' | 'prefix'>): string {
  if (refusal.name) return refusal.name;
  return refusal.prefix ? `unknown token ${refusal.prefix}` : 'unknown token';
}

async function auditDeniedToken(
  runtime: AgentRuntime,
  request: AgentRequest,
  denial: { actor: string; reason: string; scope: AgentScope; tokenId?: string; zoneId?: string | null },
): Promise<void> {
  const route = `${request.method} ${request.pathname}`;
  await recordEventUnlessRepeated(runtime.db, {
    actor: denial.actor,
    type: 'token.denied',
    outcome: 'denied',
    severity: 'warning',
    message: `${denial.actor} was refused ${route}: ${denial.reason}`,
    zoneId: denial.zoneId ?? null,
    data: { route, scope: denial.scope, reason: denial.reason, ...(denial.tokenId ? { tokenId: denial.tokenId } : {}) },
  }).catch((error: unknown) => console.error('[agent-api] could not record a refused token:', error));
}

/** Reads `Authorization: Bearer <token>` (the scheme in any case); null when there is none. */
function bearerToken(request: AgentRequest): string | null {
  const header = request.header('authorization');
  const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * An agent route needing `scope`. Refusals come before the body is read (and cancel it); the handler gets the
 * verified call and the route's params (Next.js passes them as a promise).
 */
export function agentRoute<Params = undefined>(
  scope: AgentScope,
  handle: (request: AgentRequest, call: AgentCall, params: Params) => Promise<AgentAnswer>,
): AgentRoute<Params> {
  const route = async (request: AgentRequest, runtime: AgentRuntime, params: Params): Promise<AgentAnswer> => {
    const refuse = async (response: AgentAnswer, denial: Parameters<typeof auditDeniedToken>[2]) => {
      await request.discardBody();
      await auditDeniedToken(runtime, request, denial);
      return response;
    };
    const secret = bearerToken(request);
    if (secret === null) {
      return refuse(unauthorized('Send an agent token as "Authorization: Bearer <token>".', false), {
        actor: 'unknown token',
        reason: 'no bearer token',
        scope,
      });
    }
    const verifier = runtime.agentTokens ?? agentTokenVerifier(runtime.db);
    const check = await verifier.verify(secret);
    if (!check.ok) {
      return refuse(unauthorized(REFUSALS[check.reason], true), { actor: deniedActor(check), reason: `${check.reason} token`, scope });
    }
    const { token } = check;
    if (!tokenHasScope(token, scope)) {
      const message = `This token may not ${scope}: its scopes are ${token.scopes.join(', ')}.`;
      const response = errorJson(403, 'FORBIDDEN', message, null, { 'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` });
      return refuse(response, { actor: token.name, reason: `no ${scope} scope`, scope, tokenId: token.id });
    }
    const ctx: ServiceContext = { db: runtime.db, secrets: runtime.secrets, actor: token.name };
    const call: AgentCall = {
      ctx,
      token,
      forbid: (message, subject = {}) =>
        refuse(errorJson(403, 'FORBIDDEN', message), { actor: token.name, reason: message, scope, tokenId: token.id, zoneId: subject.zoneId }),
    };
    return handle(request, call, params);
  };
  return Object.assign(route, { scope });
}

/** An agent route as the web app's route files call it, on the Fetch API. */
export function fetchRoute<Params>(route: AgentRoute<Params>): AgentFetchRoute<Params> {
  const fetchRouted = async (request: Request, runtime: AgentRuntime, params: Params): Promise<Response> =>
    toFetchResponse(await route(fetchAgentRequest(request), runtime, params));
  return Object.assign(fetchRouted, { scope: route.scope });
}
