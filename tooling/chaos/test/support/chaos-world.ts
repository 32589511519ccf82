/*
 * The installation under test: a PostgreSQL cluster of its own (the test restarts it), one migrated database,
 * two backup-mode zones with NFS stores of record, one staging-mode zone with a bounded NFS staging store, one
 * Swift object store (the real Swift of the global setup), loopback ingests allowed, and an agent token.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { applyPostgresMigrations } from '@stowage/db/migrate';
import { updateIngestSettings } from '@stowage/engine';
import { createContainer, tempauthSession } from '@stowage/object-store-server';
import type {} from '@stowage/object-store-server/vitest-global-setup';
import { createAgentToken, createSecretBox, createZone, registerStore, updateStore, type ServiceContext } from '@stowage/services';
import { startPostgresCluster, type PostgresCluster } from '@stowage/test-support/postgres-cluster';

const MiB = 1024 * 1024;

export interface StoreInfo {
  id: string;
  name: string;
  kind: 'nfs' | 'swift';
  role: 'record' | 'staging' | 'object';
  zoneId: string | null;
  root?: string;
  container?: string;
}

export interface ChaosWorld {
  cluster: PostgresCluster;
  dbUrl: string;
  db: Db;
  /** A pool of its own for the sampler and the audits (reconnects after the restart). */
  pool: pg.Pool;
  ctx: ServiceContext;
  secretKeyHex: string;
  zones: { a: string; b: string; edge: string };
  zoneNames: Record<string, string>;
  stores: StoreInfo[];
  agentToken: string;
  /** The bytes of a Swift object, or null if it is missing. */
  readSwift(container: string, key: string): Promise<Buffer | null>;
  dispose(): Promise<void>;
}

export const STAGING_CAPACITY = 8 * MiB;
/** Shared bandwidth of every store. */
export const STORE_RATE = 6 * MiB;

export async function createChaosWorld(): Promise<ChaosWorld> {
  // Fails the test, with the server log's tail, when PostgreSQL cannot be installed or started.
  const cluster = await startPostgresCluster({ label: 'chaos', settings: { max_connections: '300' } });
  const dirs: string[] = [];
  let db: Db | undefined;
  let pool: pg.Pool | undefined;
  try {
    const dbUrl = await cluster.createDatabase('stowage_chaos');
    await applyPostgresMigrations({ url: dbUrl });
    db = createDb({ url: dbUrl, poolSize: 6, applicationName: 'chaos-test' });
    pool = new pg.Pool({ connectionString: dbUrl, max: 3, connectionTimeoutMillis: 5_000, application_name: 'chaos-audit' });
    pool.on('error', () => undefined);
    const secretKey = randomBytes(32);
    const ctx: ServiceContext = { db, secrets: createSecretBox(secretKey), actor: 'chaos' };

    const base = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'stowage-chaos-'));
    dirs.push(base);
    const dir = (name: string) => {
      const full = path.join(base, name);
      fs.mkdirSync(full);
      return full;
    };

    const a = (await createZone(ctx, { name: 'zone-a', mode: 'backup' })).id;
    const b = (await createZone(ctx, { name: 'zone-b', mode: 'backup' })).id;
    const edge = (await createZone(ctx, { name: 'edge', mode: 'staging' })).id;
    const stores: StoreInfo[] = [];
    for (const [zoneId, name] of [
      [a, 'nfs-a'],
      [b, 'nfs-b'],
    ] as const) {
      const root = dir(name);
      const store = await registerStore(ctx, { name, provider: 'nfs', role: 'record', zoneId, config: { path: root } });
      stores.push({ id: store.id, name, kind: 'nfs', role: 'record', zoneId, root });
    }
    const edgeRoot = dir('edge-cache');
    const staging = await registerStore(ctx, { name: 'edge-cache', provider: 'nfs', role: 'staging', zoneId: edge, capacityBytes: STAGING_CAPACITY, config: { path: edgeRoot } });
    stores.push({ id: staging.id, name: 'edge-cache', kind: 'nfs', role: 'staging', zoneId: edge, root: edgeRoot });

    const endpoint = inject('objectStore');
    const container = `chaos-${randomBytes(4).toString('hex')}`;
    await createContainer(endpoint, container);
    const swift = await registerStore(ctx, {
      name: 'swift',
      provider: 'swift',
      role: 'object',
      zoneId: null,
      config: { authUrl: endpoint.authUrl, user: endpoint.swift.user, key: endpoint.swift.key, container },
    });
    stores.push({ id: swift.id, name: 'swift', kind: 'swift', role: 'object', zoneId: null, container });

    // Copies of a few MiB last about a second, so that kills interrupt transfers rather than idle workers.
    for (const store of stores) await updateStore(ctx, { storeId: store.id, bandwidthLimitBps: STORE_RATE });
    await updateIngestSettings(ctx, { allowedNetworks: ['127.0.0.0/8'], maxBytes: 1024 ** 3 });
    const token = await createAgentToken(ctx, { name: 'chaos-agents', scopes: ['acquire', 'renew', 'release'], zoneIds: [], expiresInDays: 1 });

    const readSwift = async (swiftContainer: string, key: string) => {
      const session = await tempauthSession(endpoint);
      const url = `${session.storageUrl}/${encodeURIComponent(swiftContainer)}/${key.split('/').map(encodeURIComponent).join('/')}`;
      const response = await fetch(url, { headers: { 'x-auth-token': session.token } });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`GET ${swiftContainer}/${key}: HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    };

    const openedDb = db;
    const openedPool = pool;
    return {
      cluster,
      dbUrl,
      db: openedDb,
      pool: openedPool,
      ctx,
      secretKeyHex: secretKey.toString('hex'),
      zones: { a, b, edge },
      zoneNames: { [a]: 'zone-a', [b]: 'zone-b', [edge]: 'edge' },
      stores,
      agentToken: token.secret,
      readSwift,
      async dispose() {
        await openedDb.$disconnect().catch(() => undefined);
        await openedPool.end().catch(() => undefined);
        await cluster.stop();
        for (const created of dirs) fs.rmSync(created, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db?.$disconnect().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await cluster.stop();
    for (const created of dirs) fs.rmSync(created, { recursive: true, force: true });
    throw error;
  }
}
