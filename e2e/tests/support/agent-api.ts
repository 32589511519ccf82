import fs from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { AGENT_TOKEN_FILE, GIVEN_AGENT_TOKEN } from './target';

/**
 * The secret of the agent token: a deployment's from E2E_AGENT_TOKEN, or the one e2e/start-server.sh creates
 * (`pnpm admin create-token`), read once the product runs. Specs that use it declare `needs('agent-token')`.
 */
let agentToken: string | undefined;
export function e2eAgentToken(): string {
  agentToken ??= GIVEN_AGENT_TOKEN ?? fs.readFileSync(AGENT_TOKEN_FILE, 'utf8').trim();
  return agentToken;
}

export interface AcquireBody {
  objectName: string;
  zoneName: string;
  holder: string;
  ttlSeconds?: number;
  waitSeconds?: number;
}

export interface LeaseGrant {
  leaseId: string;
  location: string;
  expiresAt: string;
  hit: boolean;
}

export interface AgentError {
  error: { message: string; code: string; fieldErrors: Record<string, string[]> | null };
}

/**
 * A hypervisor agent as the product's agent API sees one: plain JSON over HTTP with the bearer token,
 * through Playwright's request context (its baseURL is the product under test).
 */
export class Agent {
  constructor(private readonly request: APIRequestContext) {}

  private headers() {
    return { authorization: `Bearer ${e2eAgentToken()}`, 'content-type': 'application/json' };
  }

  /** POST /api/agent/v1/acquire: the status and the JSON answer, whatever they are. */
  async tryAcquire(body: AcquireBody): Promise<{ status: number; body: LeaseGrant | AgentError }> {
    const response = await this.request.post('/api/agent/v1/acquire', { headers: this.headers(), data: body, timeout: ((body.waitSeconds ?? 60) + 30) * 1000 });
    return { status: response.status(), body: (await response.json()) as LeaseGrant | AgentError };
  }

  /** An acquire that must end in a lease (waiting while the entry is copied in). */
  async acquire(body: AcquireBody): Promise<LeaseGrant> {
    const { status, body: answer } = await this.tryAcquire({ waitSeconds: 60, ttlSeconds: 3600, ...body });
    if (status !== 200) throw new Error(`acquire ${body.objectName} for ${body.holder} answered ${status}: ${JSON.stringify(answer)}`);
    return answer as LeaseGrant;
  }

  /** POST /api/agent/v1/leases/{leaseId}/release (idempotent). */
  async release(leaseId: string): Promise<{ released: boolean; endReason: string | null }> {
    const response = await this.request.post(`/api/agent/v1/leases/${encodeURIComponent(leaseId)}/release`, { headers: this.headers(), data: {} });
    if (!response.ok()) throw new Error(`release ${leaseId} answered ${response.status()}: ${await response.text()}`);
    return (await response.json()) as { released: boolean; endReason: string | null };
  }
}
