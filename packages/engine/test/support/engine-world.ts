/* A throwaway Stowage for engine tests: a migrated SQLite file, a secret box, zones and stores on temp
 * directories (NFS stores are mounted paths; a directory stands in) and, when asked, a container on the
 * real Swift the global setup started. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createContainer } from '@stowage/object-store-server';
import type { Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { createSecretBox, createZone, registerStore, type ServiceContext } from '@stowage/services';
import { startWorker, updateIngestSettings, type Worker, type WorkerOptions } from '../../src';

export interface EngineWorld {
  db: Db;
  ctx: ServiceContext;
  dbUrl: string;
  secretKeyHex: string;
  tempDir(label: string): string;
  zone(name: string, mode?: 'backup' | 'staging'): Promise<string>;
  recordStore(zoneId: string, name: string, options?: { root?: string }): Promise<{ id: string; root: string }>;
  swiftObjectStore(name: string): Promise<{ id: string; container: string }>;
  allowLoopbackIngest(): Promise<void>;
  worker(options?: Partial<WorkerOptions>): Worker;
  dispose(): Promise<void>;
}

export async function createEngineWorld(): Promise<EngineWorld> {
  const testDb = await createTestDb();
  const secretKey = randomBytes(32);
  const ctx: ServiceContext = { db: testDb.db, secrets: createSecretBox(secretKey), actor: 'test' };
  const dirs: string[] = [];
  const workers: Worker[] = [];
  const tempDir = (label: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stowage-engine-${label}-`));
    dirs.push(dir);
    return dir;
  };
  return {
    db: testDb.db,
    ctx,
    dbUrl: testDb.url,
    secretKeyHex: secretKey.toString('hex'),
    tempDir,
    async zone(name, mode = 'backup') {
      return (await createZone(ctx, { name, mode })).id;
    },
    async recordStore(zoneId, name, options = {}) {
      const root = options.root ?? tempDir(name);
      const store = await registerStore(ctx, { name, provider: 'nfs', role: 'record', zoneId, config: { path: root } });
      return { id: store.id, root };
    },
    async swiftObjectStore(name) {
      const endpoint = inject('objectStore');
      const container = `engine-${name}-${randomBytes(4).toString('hex')}`;
      await createContainer(endpoint, container);
      const store = await registerStore(ctx, {
        name,
        provider: 'swift',
        role: 'object',
        zoneId: null,
        config: { authUrl: endpoint.authUrl, user: endpoint.swift.user, key: endpoint.swift.key, container },
      });
      return { id: store.id, container };
    },
    async allowLoopbackIngest() {
      await updateIngestSettings(ctx, { allowedNetworks: ['127.0.0.0/8'], maxBytes: 1024 ** 3 });
    },
    worker(options = {}) {
      const worker = startWorker({ ctx, pollMs: 50, reconcileIntervalMs: 100, downStoreProbeMs: 500, ...options });
      workers.push(worker);
      return worker;
    },
    async dispose() {
      await Promise.allSettled(workers.map((worker) => worker.stop()));
      await testDb.dispose();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
