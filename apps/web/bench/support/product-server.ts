/*
 * What the web app's benchmarks share: free ports on 127.0.0.1, a server process started from the build and
 * stopped by its PID, a data directory prepared the way an installation prepares one, percentiles, and a
 * PostgreSQL database for a run (STOWAGE_BENCH_POSTGRES_URL's, or a fresh one on a throwaway cluster).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startPostgresCluster } from '@stowage/test-support/postgres-cluster';

export type DatabaseChoice = 'sqlite' | 'postgres';

/** A mistake in how a bench was called: its message alone is printed, and the bench exits 2. */
export class UsageError extends Error {}

export function chosenDatabases(option: string): DatabaseChoice[] {
  if (option === 'both') return ['sqlite', 'postgres'];
  if (option === 'sqlite' || option === 'postgres') return [option];
  throw new UsageError(`--db is sqlite, postgres or both, not "${option}".`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL database for one run: STOWAGE_BENCH_POSTGRES_URL's, or a fresh one on a throwaway cluster. */
export async function postgresDatabase(label: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env.STOWAGE_BENCH_POSTGRES_URL;
  if (given) return { url: given, stop: async () => undefined };
  console.log('bench: starting a throwaway PostgreSQL cluster');
  const cluster = await startPostgresCluster({ label });
  return { url: await cluster.createDatabase(label.replaceAll('-', '_')), stop: () => cluster.stop() };
}

/** The environment of a product on `dataDir` (and `databaseUrl` for PostgreSQL), free of the caller's settings. */
export function productEnv(dataDir: string, databaseUrl: string | undefined, adminPassword: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STOWAGE_DATA_DIR: dataDir, STOWAGE_ADMIN_PASSWORD: adminPassword, STOWAGE_PROBE_INTERVAL_S: '3600', NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.STOWAGE_SECRET_KEY;
  delete env.STOWAGE_TRUSTED_PROXY_HEADER;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  return env;
}

/** Migrates the database and writes the data directory's key and bootstrap admin, as `pnpm start` does. */
export function prepareData(productDir: string, env: NodeJS.ProcessEnv): void {
  const prepared = spawnSync('pnpm', ['--filter', '@stowage/web', 'run', 'prepare-data'], { cwd: productDir, env, encoding: 'utf8' });
  if (prepared.status !== 0) throw new Error(`prepare-data failed: ${prepared.stdout}\n${prepared.stderr}`);
}

export interface Server {
  name: string;
  process: ChildProcess;
  base: string;
  log: () => string;
}

/** Starts a server process and resolves once it printed its serving line (`ready` finds the base URL in the log). */
export async function startServer(name: string, command: string[], cwd: string, env: NodeJS.ProcessEnv, ready: (log: string) => string | null): Promise<Server> {
  const child = spawn(process.execPath, command, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const readyBy = Date.now() + 90_000;
  for (;;) {
    const base = ready(log);
    if (base) return { name, process: child, base, log: () => log };
    if (child.exitCode !== null || Date.now() > readyBy) throw new Error(`${name} did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The web app from its build (`node apps/web/server/main.mjs`) on a free port of 127.0.0.1. */
export async function startWebServer(webServerFile: string, env: NodeJS.ProcessEnv, name = 'Next.js (apps/web)'): Promise<Server> {
  const port = await freePort();
  return startServer(name, [webServerFile], webServerFile.replace(/\/[^/]+$/, ''), { ...env, HOST: '127.0.0.1', PORT: String(port) }, (log) =>
    log.includes('[web] serving') ? `http://127.0.0.1:${port}` : null,
  );
}

export async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
  process.kill(server.process.pid!, 'SIGTERM');
  await exited;
}
