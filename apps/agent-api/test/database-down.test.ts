/* The agent API on PostgreSQL when the database goes away: agents are told to come back (503 with Retry-After),
 * never handed a 500, and the server keeps running. The cluster is the harness's own, stopped under the server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { createAgentToken, prepareDataDir } from '@stowage/services';
import { startPostgresCluster, type PostgresCluster } from '@stowage/test-support/postgres-cluster';
import { seedReadyEntry, startAgentApi, type AgentApiProcess } from './support/agent-api-process';

let cluster: PostgresCluster;
let server: AgentApiProcess;
let db: Db;
let token: string;
let seeded: Awaited<ReturnType<typeof seedReadyEntry>>;

beforeAll(async () => {
  cluster = await startPostgresCluster({ label: 'agent-api-down' });
  const url = await cluster.createDatabase('agent_api_down');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-agent-api-pg-'));
  await prepareDataDir({ dataDir, databaseUrl: url });
  db = createDb({ url });
  seeded = await seedReadyEntry(db, path.join(dataDir, 'edge-cache'));
  ({ secret: token } = await createAgentToken({ db, actor: 'test' }, { name: 'edge', scopes: ['acquire', 'release'], zoneIds: [seeded.zoneId], expiresInDays: 1 }));
  await db.$disconnect();
  server = await startAgentApi(dataDir, { DATABASE_URL: url });
});
afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
});

const acquire = () =>
  fetch(`${server.origin}/api/agent/v1/acquire`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ objectId: seeded.objectId, zoneId: seeded.zoneId, holder: 'kvm-1', ttlSeconds: 60, waitSeconds: 0 }),
  });

describe('the agent API with its database down', () => {
  it('answers a hit while PostgreSQL is up, then 503 with Retry-After (not 500) once it is gone, and stays up', async () => {
    expect((await acquire()).status).toBe(200);
    await cluster.stop();
    for (let i = 0; i < 3; i++) {
      const answer = await acquire();
      const body = (await answer.json()) as { error: { code: string; message: string } };
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('2');
      expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.message).toMatch(/database/);
    }
    expect(server.process.isAlive()).toBe(true);
  });
});
