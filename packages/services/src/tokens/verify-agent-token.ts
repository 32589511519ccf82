import type { AgentScope } from '@stowage/core';
import type { Db } from '@stowage/db';
import { generationCheckedCache } from '../runtime/shared-cache';
import { hashAgentSecret, agentSecretPrefix } from './token-secret';
import { splitList } from './token-view';

/*
 * Verifying an agent token without a database write on every call, and usually without a read either: the
 * token's row is kept in a small in-process cache keyed by the secret's SHA-256 for at most
 * AGENT_TOKEN_STALE_MS, then read again. Creating or revoking a token bumps the 'agent-tokens' cache generation
 * in its transaction, and every verifier checks that generation at most once a second (shared-cache.ts): so a
 * token revoked by another process (the command line, another replica) is refused within about a second; one
 * revoked through this process's database client is forgotten at once (`forgetAgentToken`). Expiry is checked
 * on every call against the cached expiry. The last use is written at most once per LAST_USED_INTERVAL_MS per
 * token (conditionally, so across processes too).
 */

/** How long a cached token is trusted without a read, even if no generation bump reached it (a change made in SQL). */
export const AGENT_TOKEN_STALE_MS = 5_000;
/** `lastUsedAt` is written at most this often per token. */
export const LAST_USED_INTERVAL_MS = 60_000;
const MAX_ENTRIES = 1_000;

/** Who a verified token is: what the agent API acts as, and what it may do. */
export interface AgentTokenIdentity {
  id: string;
  name: string;
  prefix: string;
  scopes: readonly AgentScope[];
  /** null: every zone. */
  zoneIds: readonly string[] | null;
  expiresAt: Date;
}

export type AgentTokenRefusal = {
  ok: false;
  /** `malformed`: not shaped like a Stowage token; `unknown`: no such token; then revoked or expired. */
  reason: 'malformed' | 'unknown' | 'revoked' | 'expired';
  /** The token's name when it is known (revoked, expired). */
  name: string | null;
  /** The secret's visible prefix, when it is shaped like a Stowage token. Never the secret. */
  prefix: string | null;
};

export type AgentTokenCheck = { ok: true; token: AgentTokenIdentity } | AgentTokenRefusal;

export function tokenHasScope(token: Pick<AgentTokenIdentity, 'scopes'>, scope: AgentScope): boolean {
  return token.scopes.includes(scope);
}

export function tokenCoversZone(token: Pick<AgentTokenIdentity, 'zoneIds'>, zoneId: string | null): boolean {
  return token.zoneIds === null || (zoneId !== null && token.zoneIds.includes(zoneId));
}

interface CachedToken {
  identity: AgentTokenIdentity;
  revoked: boolean;
  lastUsedAt: number | null;
}

interface Entry {
  token: CachedToken | null;
  loadedAt: number;
}

export interface AgentTokenVerifier {
  verify(secret: string): Promise<AgentTokenCheck>;
  /** Drops a token from the cache: its next use reads the database. */
  forget(secretHash: string): void;
}

export interface VerifierOptions {
  maxStaleMs?: number;
  lastUsedIntervalMs?: number;
  /** How often the cache generation is read (GENERATION_CHECK_INTERVAL_MS). */
  generationCheckMs?: number;
  /** Milliseconds since the epoch (tests move time). */
  clock?: () => number;
}

const verifiersOf = new WeakMap<Db, Set<AgentTokenVerifier>>();
const sharedOf = new WeakMap<Db, AgentTokenVerifier>();

/** A verifier with its own cache, on `db`. Most callers want `agentTokenVerifier(db)`, the one per client. */
export function createAgentTokenVerifier(db: Db, options: VerifierOptions = {}): AgentTokenVerifier {
  const maxStaleMs = options.maxStaleMs ?? AGENT_TOKEN_STALE_MS;
  const lastUsedIntervalMs = options.lastUsedIntervalMs ?? LAST_USED_INTERVAL_MS;
  const clock = options.clock ?? Date.now;
  const entries = generationCheckedCache<string, Entry>({ db, name: 'agent-tokens', maxEntries: MAX_ENTRIES, checkIntervalMs: options.generationCheckMs, clock });
  const loading = new Map<string, Promise<Entry>>();
  // A load that began before the entries were dropped may have read the row as it was before the change.
  entries.onDrop(() => loading.clear());

  async function load(secretHash: string): Promise<Entry> {
    const row = await db.agentToken.findUnique({
      where: { secretHash },
      select: { id: true, name: true, prefix: true, scopes: true, zoneIds: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    const previous = entries.get(secretHash)?.token;
    const token: CachedToken | null = row
      ? {
          identity: {
            id: row.id,
            name: row.name,
            prefix: row.prefix,
            scopes: splitList(row.scopes) as AgentScope[],
            zoneIds: row.zoneIds === '' ? null : splitList(row.zoneIds),
            expiresAt: row.expiresAt,
          },
          revoked: row.revokedAt !== null,
          // What this process wrote may be newer than what it read (a write racing the read).
          lastUsedAt: Math.max(row.lastUsedAt?.getTime() ?? 0, previous?.lastUsedAt ?? 0) || null,
        }
      : null;
    return { token, loadedAt: clock() };
  }

  /**
   * The cached entry while fresh; otherwise one read shared by every concurrent caller, cached unless the token
   * was forgotten while it ran (it may have read the row as it was before the change).
   */
  function entryOf(secretHash: string): Entry | Promise<Entry> {
    const cached = entries.get(secretHash);
    if (cached && clock() - cached.loadedAt <= maxStaleMs) return cached;
    let pending = loading.get(secretHash);
    if (!pending) {
      const started: Promise<Entry> = load(secretHash).then(
        (entry) => {
          if (loading.get(secretHash) === started) {
            loading.delete(secretHash);
            entries.set(secretHash, entry);
          }
          return entry;
        },
        (error: unknown) => {
          if (loading.get(secretHash) === started) loading.delete(secretHash);
          throw error;
        },
      );
      loading.set(secretHash, (pending = started));
    }
    return pending;
  }

  async function recordUse(token: CachedToken, now: number): Promise<void> {
    if (token.lastUsedAt !== null && now - token.lastUsedAt < lastUsedIntervalMs) return;
    token.lastUsedAt = now; // before the write, so that concurrent calls do not write too
    await db.agentToken
      .updateMany({
        where: { id: token.identity.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - lastUsedIntervalMs) } }] },
        data: { lastUsedAt: new Date(now) },
      })
      .catch((error: unknown) => console.error('[agent-tokens] could not record a token use:', error));
  }

  const verifier: AgentTokenVerifier = {
    async verify(secret) {
      const prefix = agentSecretPrefix(secret);
      if (prefix === null) return { ok: false, reason: 'malformed', name: null, prefix: null };
      const secretHash = hashAgentSecret(secret);
      const checking = entries.fresh();
      if (checking) await checking;
      const found = entryOf(secretHash);
      const { token } = found instanceof Promise ? await found : found;
      if (!token) return { ok: false, reason: 'unknown', name: null, prefix };
      const now = clock();
      if (token.revoked) return { ok: false, reason: 'revoked', name: token.identity.name, prefix };
      if (token.identity.expiresAt.getTime() <= now) return { ok: false, reason: 'expired', name: token.identity.name, prefix };
      await recordUse(token, now);
      return { ok: true, token: token.identity };
    },
    forget(secretHash) {
      entries.delete(secretHash);
      loading.delete(secretHash);
    },
  };
  let set = verifiersOf.get(db);
  if (!set) verifiersOf.set(db, (set = new Set()));
  set.add(verifier);
  return verifier;
}

/** The verifier of a database client (one per process in the product): what the agent API uses. */
export function agentTokenVerifier(db: Db): AgentTokenVerifier {
  let verifier = sharedOf.get(db);
  if (!verifier) sharedOf.set(db, (verifier = createAgentTokenVerifier(db)));
  return verifier;
}

/** A token changed through `db` (revoked): every verifier on that client forgets it at once. */
export function forgetAgentToken(db: Db, secretHash: string): void {
  for (const verifier of verifiersOf.get(db) ?? []) verifier.forget(secretHash);
}

/** Verifies a presented secret with the verifier of `db`. */
export function verifyAgentToken(db: Db, secret: string): Promise<AgentTokenCheck> {
  return agentTokenVerifier(db).verify(secret);
}
