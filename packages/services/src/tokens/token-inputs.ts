import { z } from 'zod';
import { AGENT_SCOPES, agentScope, entityId, MAX_TOKEN_DAYS, MIN_TOKEN_DAYS, resourceName } from '@stowage/core';

/**
 * A new agent token: a name unique regardless of case, the scopes it grants (at least one), the zones it
 * covers (none listed: every zone) and its lifetime in days — required (no default: whoever creates it chooses) and bounded, so no token
 * lives forever.
 */
export const createAgentTokenInput = z.object({
  name: resourceName,
  scopes: z
    .array(agentScope)
    .min(1, `Choose at least one scope (${AGENT_SCOPES.join(', ')})`)
    .transform((scopes) => AGENT_SCOPES.filter((scope) => scopes.includes(scope))),
  /** Empty: every zone, including zones created later. */
  zoneIds: z
    .array(entityId)
    .max(500)
    .default([])
    .transform((ids) => [...new Set(ids)]),
  expiresInDays: z
    .number({ error: 'Give the number of days until the token expires' })
    .int('Use a whole number of days')
    .min(MIN_TOKEN_DAYS, `A token lives at least ${MIN_TOKEN_DAYS} day`)
    .max(MAX_TOKEN_DAYS, `A token lives at most ${MAX_TOKEN_DAYS} days; create a new one before it expires`),
});
export type CreateAgentTokenInput = z.input<typeof createAgentTokenInput>;

export const revokeAgentTokenInput = z.object({ tokenId: entityId });
