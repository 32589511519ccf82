import type { ServiceContext } from '../context';
import { agentTokenSelect, toAgentTokenView, type AgentTokenView } from './token-view';

/** Every agent token, live ones first (newest first), then revoked ones — never a secret or its hash. */
export async function listAgentTokens(ctx: Pick<ServiceContext, 'db'>): Promise<AgentTokenView[]> {
  const now = new Date();
  const [rows, zones] = await Promise.all([
    ctx.db.agentToken.findMany({ select: agentTokenSelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }),
    ctx.db.zone.findMany({ select: { id: true, name: true } }),
  ]);
  const zoneNames = new Map(zones.map((zone) => [zone.id, zone.name]));
  const views = rows.map((row) => toAgentTokenView(row, zoneNames, now));
  return [...views.filter((view) => !view.revokedAt), ...views.filter((view) => view.revokedAt)];
}
