import { errors } from '@stowage/core';
import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';
import { bumpCacheGeneration } from '../runtime/shared-cache';
import { revokeAgentTokenInput } from './token-inputs';
import { agentTokenSelect, toAgentTokenView, type AgentTokenView } from './token-view';
import { forgetAgentToken } from './verify-agent-token';

/**
 * Revokes an agent token for good: refused at once by this process, within about a second by other processes
 * (the 'agent-tokens' cache generation, bumped in the same transaction).
 * Revoking a revoked token changes nothing. Audited as `token.revoked`.
 */
export async function revokeAgentToken(ctx: Pick<ServiceContext, 'db' | 'actor'>, input: z.input<typeof revokeAgentTokenInput>): Promise<AgentTokenView> {
  const { tokenId } = revokeAgentTokenInput.parse(input);
  const now = new Date();
  const { row, secretHash } = await ctx.db.$transaction(async (tx) => {
    const found = await tx.agentToken.findUnique({ where: { id: tokenId }, select: { revokedAt: true, secretHash: true } });
    if (!found) throw errors.notFound('Agent token', tokenId);
    if (found.revokedAt) {
      return { row: await tx.agentToken.findUniqueOrThrow({ where: { id: tokenId }, select: agentTokenSelect }), secretHash: found.secretHash };
    }
    const revoked = await tx.agentToken.update({ where: { id: tokenId }, data: { revokedAt: now, revokedBy: ctx.actor }, select: agentTokenSelect });
    await bumpCacheGeneration(tx, 'agent-tokens');
    await recordEvent(tx, {
      actor: ctx.actor,
      type: 'token.revoked',
      severity: 'warning',
      message: `Agent token ${revoked.name} (${revoked.prefix}…) revoked`,
      data: { tokenId, prefix: revoked.prefix },
    });
    return { row: revoked, secretHash: found.secretHash };
  });
  forgetAgentToken(ctx.db, secretHash);
  const zones = await ctx.db.zone.findMany({ select: { id: true, name: true } });
  return toAgentTokenView(row, new Map(zones.map((zone) => [zone.id, zone.name])), now);
}
