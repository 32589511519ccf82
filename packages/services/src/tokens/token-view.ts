import type { AgentScope } from '@stowage/core';
import type { Prisma } from '@stowage/db';

/** Every column an agent token view shows — never `secretHash`. */
export const agentTokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  zoneIds: true,
  expiresAt: true,
  createdAt: true,
  createdBy: true,
  revokedAt: true,
  revokedBy: true,
  lastUsedAt: true,
} satisfies Prisma.AgentTokenSelect;

export type AgentTokenRow = Prisma.AgentTokenGetPayload<{ select: typeof agentTokenSelect }>;

export interface AgentTokenView {
  id: string;
  name: string;
  /** The secret's first characters (`stw_` and 8 more): enough to recognise it, never enough to use it. */
  prefix: string;
  scopes: AgentScope[];
  /** The zones it covers; null: every zone. A zone deleted since is listed with a null name. */
  zones: { id: string; name: string | null }[] | null;
  expiresAt: Date;
  expired: boolean;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** Recorded at most once a minute. */
  lastUsedAt: Date | null;
}

/** The stored comma-separated lists. */
export const splitList = (value: string): string[] => (value === '' ? [] : value.split(','));

export function toAgentTokenView(row: AgentTokenRow, zoneNames: ReadonlyMap<string, string>, now: Date): AgentTokenView {
  const zoneIds = splitList(row.zoneIds);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: splitList(row.scopes) as AgentScope[],
    zones: zoneIds.length === 0 ? null : zoneIds.map((id) => ({ id, name: zoneNames.get(id) ?? null })),
    expiresAt: row.expiresAt,
    expired: row.expiresAt.getTime() <= now.getTime(),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    lastUsedAt: row.lastUsedAt,
  };
}
