/* The agent API as `npm start` runs it — `node --import tsx src/main.ts`, one process, stopped by its PID — on a
 * throwaway migrated data directory and a free port of 127.0.0.1 (port 0: the start-up line says which). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@stowage/db';
import { prepareDataDir } from '@stowage/services';
import { spawnScript, type ScriptExit, type ScriptProcess } from '@stowage/test-support/script-process';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface AgentApiProcess {
  origin: string;
  pid: number;
  log: string[];
  process: ScriptProcess;
  /** SIGTERM to its PID; resolves with how it exited. */
  stop(): Promise<ScriptExit>;
}

/** A fresh data directory with its secret key and every migration applied. */
export async function freshDataDir(): Promise<{ dataDir: string; url: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-agent-api-'));
  const { url } = await prepareDataDir({ dataDir });
  return { dataDir, url };
}

export async function startAgentApi(dataDir: string, env: Record<string, string> = {}): Promise<AgentApiProcess> {
  const log: string[] = [];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, STOWAGE_DATA_DIR: dataDir, STOWAGE_AGENT_HOST: '127.0.0.1', STOWAGE_AGENT_PORT: '0' };
  delete childEnv.DATABASE_URL;
  delete childEnv.STOWAGE_SECRET_KEY;
  delete childEnv.STOWAGE_TRUSTED_PROXY_HEADER;
  Object.assign(childEnv, env);
  let started: (origin: string) => void;
  const origin = new Promise<string>((resolve) => (started = resolve));
  const child = spawnScript(MAIN, {
    env: childEnv,
    onLine: (line) => {
      log.push(line);
      const match = /^\[agent-api\] serving (http:\/\/\S+?)\/api\/agent\/v1\/$/.exec(line);
      if (match) started(match[1]!);
    },
  });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the agent API did not start:\n${log.join('\n')}`)), 60_000).unref());
  const died = child.exited.then(({ code, signal }) => {
    throw new Error(`the agent API exited (${code ?? signal}) before serving:\n${log.join('\n')}`);
  });
  return {
    origin: await Promise.race([origin, timeout, died]),
    pid: child.pid,
    log,
    process: child,
    stop: () => {
      if (child.isAlive()) process.kill(child.pid, 'SIGTERM');
      return child.exited;
    },
  };
}

/**
 * A staging-mode zone whose staging store holds one ready entry (as apps/web/bench/agent-bench.ts seeds it), so
 * an acquire there is a cache hit; a second object, ready only on the region's object store, so an acquire of it
 * is a miss that waits for a copy (no worker runs); and a second zone, which a token limited to the first does
 * not cover.
 */
export async function seedReadyEntry(db: Db, storeDir: string) {
  fs.mkdirSync(storeDir, { recursive: true });
  const zone = await db.zone.create({ data: { name: 'edge', nameKey: 'edge', mode: 'staging' } });
  const other = await db.zone.create({ data: { name: 'other', nameKey: 'other', mode: 'staging' } });
  const store = await db.store.create({
    data: { name: 'edge-cache', nameKey: 'edge-cache', provider: 'nfs', role: 'staging', zoneId: zone.id, config: JSON.stringify({ path: storeDir }), capacityBytes: BigInt(1024 ** 3) },
  });
  const sha256 = 'a'.repeat(64);
  const object = await db.dataObject.create({
    data: { name: 'cirros', nameKey: 'cirros', kind: 'template', format: 'qcow2', sizeBytes: BigInt(1024 * 1024), sha256, originType: 'url', originUrl: 'https://example.test/cirros.qcow2', needsReconcile: false },
  });
  const now = new Date();
  await db.replica.create({
    data: { objectId: object.id, storeId: store.id, state: 'ready', location: `objects/${object.id}`, bytesDone: BigInt(1024 * 1024), bytesTotal: BigInt(1024 * 1024), verifiedSha256: sha256, readyAt: now, lastAccessAt: now },
  });
  const objectStore = await db.store.create({
    data: { name: 'region-objects', nameKey: 'region-objects', provider: 'nfs', role: 'object', config: JSON.stringify({ path: `${storeDir}-objects` }) },
  });
  const staged = await db.dataObject.create({
    data: { name: 'debian', nameKey: 'debian', kind: 'template', format: 'qcow2', sizeBytes: BigInt(1024 * 1024), sha256, originType: 'url', originUrl: 'https://example.test/debian.qcow2', needsReconcile: false },
  });
  await db.replica.create({
    data: { objectId: staged.id, storeId: objectStore.id, state: 'ready', location: `objects/${staged.id}`, bytesDone: BigInt(1024 * 1024), bytesTotal: BigInt(1024 * 1024), verifiedSha256: sha256, readyAt: now },
  });
  return { zoneId: zone.id, otherZoneId: other.id, storeId: store.id, objectId: object.id, stagedObjectId: staged.id, storeDir, sha256 };
}
