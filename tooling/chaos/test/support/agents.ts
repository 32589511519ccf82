/*
 * Hypervisor agents over HTTP, as docs/agent-api.md tells one to behave: acquire (on 503 call again after
 * Retry-After; on a network error or 5xx retry soon), check the leased file's bytes while holding the lease,
 * sometimes renew, then release — through either agent API process — or, now and then, vanish without
 * releasing (the lease must then expire).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

export interface AgentTarget {
  objectId: string;
  sha256: string;
  /** A backup-mode zone answers 412 until the object's copy there is ready: the agent tries another later. */
  zoneId: string;
}

export interface AgentStats {
  acquires: number;
  hits: number;
  misses: number;
  answers: Record<string, number>;
  networkErrors: number;
  renews: number;
  releases: number;
  abandoned: number;
  /** Leased files whose bytes were not the object's while the lease was live: invariant 2 seen by a host. */
  badReads: string[];
  /** Answers that contradict the documentation (an unexpected status, a release that did not end a live lease). */
  protocolErrors: string[];
}

export interface HeldLease {
  leaseId: string;
  origin: string;
}

export interface AgentOptions {
  origins: string[];
  token: string;
  rng: () => number;
  /** What to acquire next, or null when there is nothing yet. */
  pickTarget: () => AgentTarget | null;
  ttlSeconds: () => number;
  stopped: () => boolean;
  stats: AgentStats;
  /** Leases the agents hold right now, and those they abandoned (for the final release). */
  held: Map<string, HeldLease>;
  holder: string;
}

export function emptyAgentStats(): AgentStats {
  return { acquires: 0, hits: 0, misses: 0, answers: {}, networkErrors: 0, renews: 0, releases: 0, abandoned: 0, badReads: [], protocolErrors: [] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: number | null;
}

async function call(origin: string, token: string, path: string, body: unknown, timeoutMs: number): Promise<Answer> {
  const response = await fetch(`${origin}/api/agent/v1/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  const retryAfter = response.headers.get('retry-after');
  return { status: response.status, body: parsed, retryAfter: retryAfter === null ? null : Number(retryAfter) };
}

/**
 * One call, retried on network errors and 5xx other than 503 (a restart, an outage) until it answers. A 503 is
 * acquire's "call again" (its caller decides); on renew and release it only means the database is not answering
 * (docs/agent-api.md), so those are called again after Retry-After, as an agent does.
 */
async function callUntilAnswered(options: Pick<AgentOptions, 'token' | 'stats'>, origin: string, path: string, body: unknown, timeoutMs: number, deadline: number): Promise<Answer | null> {
  const isAcquire = path === 'acquire';
  while (Date.now() < deadline) {
    try {
      const answer = await call(origin, options.token, path, body, timeoutMs);
      count(options.stats, `${path.split('/').pop()} ${answer.status}`);
      if (answer.status >= 500 && (answer.status !== 503 || !isAcquire)) {
        await sleep(answer.status === 503 ? Math.min(2_000, (answer.retryAfter ?? 1) * 1000) : 300);
        continue;
      }
      return answer;
    } catch {
      options.stats.networkErrors += 1;
      await sleep(300);
    }
  }
  return null;
}

function count(stats: AgentStats, key: string) {
  stats.answers[key] = (stats.answers[key] ?? 0) + 1;
}

export async function releaseLease(options: Pick<AgentOptions, 'token' | 'stats'>, lease: HeldLease, deadline: number): Promise<boolean> {
  const answer = await callUntilAnswered(options, lease.origin, `leases/${lease.leaseId}/release`, {}, 10_000, deadline);
  if (!answer) return false;
  if (answer.status !== 200) {
    options.stats.protocolErrors.push(`release ${lease.leaseId}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return false;
  }
  options.stats.releases += 1;
  return true;
}

/** One agent's loop until stopped(). */
export async function runAgent(options: AgentOptions): Promise<void> {
  const { rng, stats } = options;
  const pickOrigin = () => options.origins[Math.floor(rng() * options.origins.length)]!;
  let round = 0;
  while (!options.stopped()) {
    round += 1;
    const target = options.pickTarget();
    if (!target) {
      await sleep(200);
      continue;
    }
    const ttlSeconds = options.ttlSeconds();
    const holder = `${options.holder}/${round}`;
    const request = { objectId: target.objectId, zoneId: target.zoneId, holder, ttlSeconds, waitSeconds: 3 };
    let answer: Answer | null = null;
    const deadline = Date.now() + 30_000;
    // Acquire as an agent does: a 503 keeps our place in line, call again after Retry-After.
    while (!options.stopped() && Date.now() < deadline) {
      answer = await callUntilAnswered(options, pickOrigin(), 'acquire', request, 10_000, deadline);
      if (answer?.status !== 503) break;
      await sleep(Math.min(2, answer.retryAfter ?? 1) * 1000);
    }
    if (!answer) continue;
    if (answer.status === 412 || answer.status === 503) {
      // Not ready in that zone yet, or could not be staged in time: another target later.
      await sleep(100 + rng() * 300);
      continue;
    }
    if (answer.status !== 200) {
      stats.protocolErrors.push(`acquire: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
      continue;
    }
    stats.acquires += 1;
    const leaseId = String(answer.body.leaseId);
    const location = String(answer.body.location);
    if (answer.body.hit) stats.hits += 1;
    else stats.misses += 1;
    const lease: HeldLease = { leaseId, origin: pickOrigin() };
    options.held.set(leaseId, lease);

    // The host uses the file while its lease is live: the bytes must be the object's.
    try {
      const bytes = await fs.readFile(location);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== target.sha256) stats.badReads.push(`lease ${leaseId}: ${location} hashes to ${sha256}, expected ${target.sha256}`);
    } catch (error) {
      stats.badReads.push(`lease ${leaseId}: ${location} unreadable: ${(error as Error).message}`);
    }
    await sleep(300 + rng() * 2_500);
    if (rng() < 0.3) {
      const renewed = await callUntilAnswered(options, lease.origin, `leases/${leaseId}/renew`, { ttlSeconds }, 10_000, Date.now() + 5_000);
      if (renewed?.status === 200) stats.renews += 1;
      else if (renewed) stats.protocolErrors.push(`renew ${leaseId}: HTTP ${renewed.status} ${JSON.stringify(renewed.body)}`);
      await sleep(rng() * 1_000);
    }
    if (rng() < 0.1) {
      // The host vanishes: its lease must expire on its own. The final release still ends it for the audit.
      stats.abandoned += 1;
      continue;
    }
    if (await releaseLease(options, lease, Date.now() + 15_000)) options.held.delete(leaseId);
  }
}
