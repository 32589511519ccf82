/*
 * pnpm bench:agent — the agent API over real HTTP against the built product, both ways it is served, measured in
 * one run and printed side by side: the agent API's own server (apps/agent-api, `node --import tsx src/main.ts`:
 * node:http in front of the handlers) and the web app's Next.js routes (`node apps/web/server/main.mjs` after
 * `next build`: the same handlers behind Next.js). Both run on one temp data directory, on free ports of
 * 127.0.0.1, and are stopped by their PIDs. A staging-mode zone holds one ready entry, so every acquire is a cache
 * hit; 8 keep-alive connections each loop acquire → release (the lease the acquire answered), against one server
 * at a time. Reports acquire+release pairs per second, the p50/p99 of one request and the server process's CPU
 * time per pair (from /proc: pairs/s follows the machine's load, CPU per pair barely does), with the targets of
 * the agent API's own server beside them. The token used is limited to the zone, so the zone checks of acquire
 * and release are on the measured path.
 *
 * The load comes from wrk (apt-get install wrk) with agent-pairs.lua when wrk is installed: a Node client on a
 * 2-core machine takes a core's worth of CPU from the server it measures. Without wrk, the Node client (fetch),
 * and the output says so.
 *
 * Options: --connections N (8; --clients N is the same), --seconds N (15), --warmup N (3), --client wrk|node
 * (wrk when installed), --db sqlite|postgres|both (both, one after the other; postgres: a throwaway cluster on
 * 127.0.0.1, or the database at STOWAGE_BENCH_POSTGRES_URL, which the bench fills with its own zone, store, object
 * and token), --product-dir DIR (this repository: the checkout
 * whose apps/web build and apps/agent-api are served), --smoke (or BENCH_SMOKE=1: 1 s warm-up, 2 s,
 * 2 connections; the figures are not comparable).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@stowage/db';
import { aptInstall } from '@stowage/test-support/apt';
import { createAgentToken } from '@stowage/services';
import { chosenDatabases, percentile, postgresDatabase, prepareData, productEnv, startServer, startWebServer, stopServer, UsageError, type DatabaseChoice, type Server } from './support/product-server';

/** What the agent API's own server should reach on SQLite from one process (the targets). */
/** One agent API process: ≥ 1,500 pairs/s on SQLite and ≥ 800 on PostgreSQL, p99 < 20 ms on both. */
const TARGET_PAIRS_PER_SECOND: Record<DatabaseChoice, number> = { sqlite: 1500, postgres: 800 };
const TARGET_P99_MS = 20;

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const connections = Number(option('connections') ?? option('clients') ?? (smoke ? 2 : 8));
const seconds = Number(option('seconds') ?? (smoke ? 2 : 15));
const warmupSeconds = Number(option('warmup') ?? (smoke ? 1 : 3));
const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const productDir = path.resolve(option('product-dir') ?? repoRoot);
const databaseOption = option('db') ?? 'both';
const hasWrk = () => spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
// Debian's wrk is installed when missing (as the test tiers install theirs); the Node client is the fallback.
if (option('client') !== 'node' && !hasWrk()) {
  await aptInstall('the agent bench (wrk, its load generator)', ['wrk']).catch((error: unknown) => console.log(`bench: ${error instanceof Error ? error.message : String(error)}`));
}
const wrkInstalled = hasWrk();
const client = option('client') ?? (wrkInstalled ? 'wrk' : 'node');
const LUA = fileURLToPath(new URL('./agent-pairs.lua', import.meta.url));

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * A staging-mode zone whose staging store holds one ready entry: acquire is a hit, as on a warm cache. Through
 * Prisma (either database), named with a random suffix so that runs on one PostgreSQL database do not collide.
 */
async function seed(url: string, storeDir: string) {
  const db = createDb({ url });
  const suffix = randomBytes(4).toString('hex');
  const named = (name: string) => ({ name: `${name}-${suffix}`, nameKey: `${name}-${suffix}` });
  const sha256 = 'a'.repeat(64);
  const size = BigInt(1024 * 1024);
  try {
    const zone = await db.zone.create({ data: { ...named('bench-edge'), mode: 'staging' } });
    const store = await db.store.create({
      data: { ...named('bench-cache'), provider: 'nfs', role: 'staging', zoneId: zone.id, config: JSON.stringify({ path: storeDir }), capacityBytes: BigInt(1024 ** 3) },
    });
    const object = await db.dataObject.create({
      data: { ...named('bench-image'), kind: 'template', format: 'qcow2', sizeBytes: size, sha256, originType: 'url', originUrl: 'https://example.test/bench.qcow2', needsReconcile: false },
    });
    const now = new Date();
    await db.replica.create({
      data: { objectId: object.id, storeId: store.id, state: 'ready', location: `objects/${object.id}`, bytesDone: size, bytesTotal: size, verifiedSha256: sha256, readyAt: now, lastAccessAt: now },
    });
    const { secret: token } = await createAgentToken(
      { db, actor: 'bench' },
      { name: `bench-agents-${suffix}`, scopes: ['acquire', 'renew', 'release'], zoneIds: [zone.id], expiresInDays: 1 },
    );
    return { zoneId: zone.id, objectId: object.id, token };
  } finally {
    await db.$disconnect();
  }
}

type Target = Awaited<ReturnType<typeof seed>>;

interface Measured {
  pairs: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  failures: string[];
}

const acquireBody = (target: Target, holder: string) =>
  JSON.stringify({ objectId: target.objectId, zoneId: target.zoneId, holder, ttlSeconds: 600, waitSeconds: 0 });

/** wrk with agent-pairs.lua: `connections` connections on one thread (the server gets the other core). */
function driveWithWrk(base: string, target: Target, forMs: number): Promise<Measured> {
  const seconds = Math.max(1, Math.round(forMs / 1000));
  const wrk = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', LUA, base, '--', target.token, acquireBody(target, 'bench-host')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  wrk.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  wrk.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    wrk.once('error', reject);
    wrk.once('exit', (code) => {
      const line = output.split('\n').find((entry) => entry.startsWith('BENCH_JSON '));
      if (code !== 0 || !line) {
        reject(new Error(`wrk failed (exit ${code}):\n${output}`));
        return;
      }
      const run = JSON.parse(line.slice('BENCH_JSON '.length)) as {
        pairs: number;
        failures: number;
        firstFailure: string;
        durationUs: number;
        p50Us: number;
        p99Us: number;
        socketErrors: number;
      };
      const failures = [
        ...(run.failures > 0 ? [`${run.failures} failed calls, the first: ${run.firstFailure}`] : []),
        ...(run.socketErrors > 0 ? [`${run.socketErrors} socket errors or timeouts`] : []),
      ];
      resolve({ pairs: run.pairs, elapsedMs: run.durationUs / 1000, p50Ms: run.p50Us / 1000, p99Ms: run.p99Us / 1000, failures });
    });
  });
}

/** The Node client: `connections` loops of fetch (keep-alive) in this process. */
async function driveWithNode(base: string, target: Target, forMs: number): Promise<Measured> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let pairs = 0;
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
  const started = performance.now();
  const deadline = started + forMs;
  const loop = async (index: number) => {
    const body = acquireBody(target, `bench-host-${index}`);
    while (performance.now() < deadline && failures.length < 10) {
      const t0 = performance.now();
      const acquired = await fetch(`${base}/api/agent/v1/acquire`, { method: 'POST', headers, body });
      const lease = (await acquired.json()) as { leaseId?: string };
      const t1 = performance.now();
      if (acquired.status !== 200 || !lease.leaseId) {
        failures.push(`acquire answered ${acquired.status}: ${JSON.stringify(lease)}`);
        continue;
      }
      const released = await fetch(`${base}/api/agent/v1/leases/${lease.leaseId}/release`, { method: 'POST', headers: { authorization: headers.authorization } });
      await released.arrayBuffer();
      const t2 = performance.now();
      if (released.status !== 200) {
        failures.push(`release answered ${released.status}`);
        continue;
      }
      latencies.push(t1 - t0, t2 - t1);
      pairs += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => loop(index)));
  latencies.sort((a, b) => a - b);
  return { pairs, elapsedMs: performance.now() - started, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures };
}

const drive = client === 'wrk' ? driveWithWrk : driveWithNode;

interface Row extends Measured {
  name: string;
  pairsPerSecond: number;
  serverCpuMsPerPair: number;
}

async function measure(server: Server, target: Target): Promise<Row> {
  await drive(server.base, target, warmupSeconds * 1000);
  const pid = server.process.pid!;
  const cpuBefore = cpuMs(pid);
  const run = await drive(server.base, target, seconds * 1000);
  const serverCpuMsPerPair = (cpuMs(pid) - cpuBefore) / run.pairs;
  if (run.failures.length > 0) throw new Error(`${server.name}: calls failed: ${run.failures.slice(0, 3).join('; ')}\n${server.log().slice(-2000)}`);
  return { ...run, name: server.name, pairsPerSecond: run.pairs / (run.elapsedMs / 1000), serverCpuMsPerPair };
}

async function main() {
  const databases = chosenDatabases(databaseOption);
  for (const database of databases) {
    if (database === 'sqlite') await benchOn(database, undefined);
    else {
      const postgres = await postgresDatabase('agent-bench');
      try {
        await benchOn(database, postgres.url);
      } finally {
        await postgres.stop();
      }
    }
  }
}

async function benchOn(database: DatabaseChoice, url: string | undefined) {
  const webServer = path.join(productDir, 'apps/web/server/main.mjs');
  const agentApiDir = path.join(productDir, 'apps/agent-api');
  if (!fs.existsSync(path.join(productDir, 'apps/web/.next/BUILD_ID'))) {
    throw new Error(`${productDir} has no web build: run pnpm turbo run build --filter=@stowage/web there first`);
  }
  if (client !== 'wrk' && client !== 'node') throw new UsageError(`--client is wrk or node, not "${client}".`);
  if (client === 'wrk' && !wrkInstalled) throw new UsageError('--client wrk: wrk is not installed (apt-get install wrk).');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-agent-bench-'));
  const servers: Server[] = [];
  try {
    const dataDir = path.join(work, 'data');
    const storeDir = path.join(work, 'edge-cache');
    fs.mkdirSync(storeDir, { recursive: true });
    const env = productEnv(dataDir, url, randomBytes(16).toString('hex'));
    prepareData(productDir, env);
    const target = await seed(url ?? `file:${path.join(dataDir, 'stowage.db')}`, storeDir);

    const [agentApi, web] = await Promise.all([
      fs.existsSync(path.join(agentApiDir, 'src/main.ts'))
        ? startServer('agent API (apps/agent-api)', ['--import', 'tsx', 'src/main.ts'], agentApiDir, { ...env, STOWAGE_AGENT_HOST: '127.0.0.1', STOWAGE_AGENT_PORT: '0' }, (log) =>
            /^\[agent-api\] serving (http:\/\/\S+?)\/api\/agent\/v1\/$/m.exec(log)?.[1] ?? null,
          )
        : Promise.resolve(undefined),
      startWebServer(webServer, env, 'Next.js route (apps/web)'),
    ]);
    if (agentApi) servers.push(agentApi);
    servers.push(web);

    console.log(`agent API bench: agent token limited to the zone, ${database}, ${productDir}`);
    for (const server of servers) console.log(`  ${server.name}: pid ${server.process.pid}, ${server.base}`);
    if (!agentApi) console.log(`  ${agentApiDir} does not exist: only the Next.js route is measured`);
    console.log(
      `${connections} connections, warm-up ${warmupSeconds} s, measured ${seconds} s per server, ` +
        (client === 'wrk'
          ? 'load from wrk (agent-pairs.lua, one thread)'
          : `load from the Node client (fetch)${wrkInstalled ? '' : ' — wrk is not installed (apt-get install wrk): the client shares the CPU with the server, so the figures are lower than with wrk'}`) +
        (smoke ? ' (smoke: not comparable)' : ''),
    );

    const rows: Row[] = [];
    for (const server of servers) rows.push(await measure(server, target));

    const table: string[][] = [
      ['', 'pairs/s', 'request p50 ms', 'request p99 ms', 'server CPU ms/pair', 'pairs'],
      ...rows.map((row) => [row.name, fmt(row.pairsPerSecond, 0), fmt(row.p50Ms, 2), fmt(row.p99Ms, 2), fmt(row.serverCpuMsPerPair, 3), String(row.pairs)]),
      [`target (agent API, ${database}, one process)`, `≥ ${TARGET_PAIRS_PER_SECOND[database]}`, '', `< ${TARGET_P99_MS}`, '', ''],
    ];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
    for (const row of table) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('   '));

    const own = agentApi ? rows[0]! : undefined;
    const next = rows.at(-1)!;
    if (own) {
      console.log(
        `the agent API's own server: ${fmt(own.pairsPerSecond / next.pairsPerSecond, 1)}× the pairs/s of the Next.js route, ` +
          `${fmt(own.serverCpuMsPerPair / next.serverCpuMsPerPair, 2)}× its server CPU per pair`,
      );
      if (!smoke) {
        const pairsOk = own.pairsPerSecond >= TARGET_PAIRS_PER_SECOND[database];
        const p99Ok = own.p99Ms < TARGET_P99_MS;
        console.log(
          `targets on ${database}: ${fmt(own.pairsPerSecond, 0)} pairs/s (≥ ${TARGET_PAIRS_PER_SECOND[database]}) ${pairsOk ? 'meets' : 'MISSES'}; ` +
            `p99 ${fmt(own.p99Ms, 2)} ms (< ${TARGET_P99_MS}) ${p99Ok ? 'meets' : 'MISSES'}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map(stopServer));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  if (!(error instanceof UsageError)) throw error;
  console.error(`bench:agent: ${error.message}`);
  process.exit(2);
});
