import { errors, nameKey } from '@stowage/core';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { isUniqueViolation } from '../prisma-errors';
import { bumpCacheGeneration } from '../runtime/shared-cache';
import { createAgentTokenInput, type CreateAgentTokenInput } from './token-inputs';
import { agentSecretPrefix, hashAgentSecret, newAgentSecret } from './token-secret';
import { agentTokenSelect, toAgentTokenView, type AgentTokenView } from './token-view';

export interface CreatedAgentToken {
  token: AgentTokenView;
  /** The secret, returned this once to whoever created the token: only its SHA-256 is stored. */
  secret: string;
}

const DAY_MS = 24 * 3600_000;

/** A new agent token (admins, from the Tokens page or the command line); audited as `token.created`. */
export async function createAgentToken(ctx: Pick<ServiceContext, 'db' | 'actor'>, input: CreateAgentTokenInput): Promise<CreatedAgentToken> {
  const { name, scopes, zoneIds, expiresInDays } = createAgentTokenInput.parse(input);
  const secret = newAgentSecret();
  const prefix = agentSecretPrefix(secret)!;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const zones = await tx.zone.findMany({ where: { id: { in: zoneIds } }, select: { id: true, name: true } });
      const missing = zoneIds.filter((id) => !zones.some((zone) => zone.id === id));
      if (missing.length > 0) {
        throw errors.invalid(`No zone has the id ${missing.join(', ')}.`, { zoneIds: ['Choose zones that exist'] });
      }
      const row = await tx.agentToken.create({
        data: {
          name,
          nameKey: nameKey(name),
          prefix,
          secretHash: hashAgentSecret(secret),
          scopes: scopes.join(','),
          zoneIds: zoneIds.join(','),
          expiresAt,
          createdAt: now,
          createdBy: ctx.actor,
        },
        select: agentTokenSelect,
      });
      // A verifier may remember this secret as unknown.
      await bumpCacheGeneration(tx, 'agent-tokens');
      const zoneNames = zones.map((zone) => zone.name).join(', ');
      await recordEvent(tx, {
        actor: ctx.actor,
        type: 'token.created',
        message: `Agent token ${name} (${prefix}…) created: ${scopes.join(', ')} in ${zoneIds.length === 0 ? 'every zone' : `zones ${zoneNames}`}, expires ${expiresAt.toISOString()}`,
        data: { tokenId: row.id, prefix, scopes, zoneIds, expiresAt: expiresAt.toISOString() },
      });
      return { token: toAgentTokenView(row, new Map(zones.map((zone) => [zone.id, zone.name])), now), secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw errors.conflict(`An agent token named "${name}" already exists.`, { name: ['This name is already taken'] });
    }
    throw error;
  }
}
