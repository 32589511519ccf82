/*
 * pnpm bench:sync — the transfer engine end to end, beside Debian's rclone on the same path in the same run:
 *
 *  a. fan-out: one object (default 256 MiB) registered by URL in backup mode with 4 zones: ingest into zone A's
 *     NFS record store, backup to Swift, sync from Swift to zones B, C, D (3 copies at once). Per-copy MiB/s =
 *     bytes / (job finishedAt − startedAt), the aggregate of the concurrent syncs, registration → all ready; then
 *     one sync alone (zone B's copy deleted and repaired, repeated), and `rclone copyto` of the same Swift object
 *     to a local directory on the same filesystem.
 *  b. the cost of the inline sha256: the worker's copy path (streamIntoStore → NFS put, which hashes in the
 *     pass) against a raw pipe of the same Swift GET through the same throttle into a file (same temp file,
 *     fsync and rename, no hash), alternated and repeated; plus node:crypto's sha256 on its own at the chunk
 *     size the GET delivers.
 *  (The reconciler over 10k objects × 10 zones is in pnpm bench:scale, on both databases.)
 *
 * Starts its own OpenStack Swift on loopback (stopped by PID at the end) and a worker in a child process
 * (test/support/worker-main.ts, the same startWorker as apps/worker) with the product's poll and reconcile
 * intervals. Options: --size-mib N (256), --zones N (4), --repeat N (3), --only fanout,hash, --verbose,
 * --smoke (or BENCH_SMOKE=1: every step — Swift, the worker, rclone, both tables — on 16 MiB, one round;
 * explicit options still win; the figures are not comparable)
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomFillSync, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createContainer, ensureSwiftInstalled, startSwiftServer, type SwiftServer } from '@stowage/object-store-server';
import { createTestDb } from '@stowage/db/testing';
import { getProvider } from '@stowage/providers';
import {
  createSecretBox,
  createZone,
  openStoreBackend,
  registerStore,
  verifyObject,
  type ServiceContext,
} from '@stowage/services';
import { registerObjectByUrl, streamIntoStore, throttle, updateIngestSettings } from '../src';
import { spawnWorkerProcess, type WorkerProcess } from '../test/support/worker-process';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const sizeMiB = Number(option('size-mib') ?? (smoke ? 16 : 256));
const zoneCount = Number(option('zones') ?? 4);
const repeat = Number(option('repeat') ?? (smoke ? 1 : 3));
const only = (option('only') ?? 'fanout,hash').split(',');
const verbose = args.includes('--verbose');
const SIZE = sizeMiB * MiB;

// ---------------------------------------------------------------------------------------------- helpers

/**
 * Runs a command without blocking this process: the Swift servers write their logs into pipes this
 * process drains, and a blocked event loop would stall them (and the transfer being measured).
 */
function run(command: string, argv: string[], env?: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Dirty pages of the previous transfer are written out first, so one measurement does not pay for another. */
async function flushDisk() {
  await run('sync', []);
}

async function ensureRclone() {
  if ((await run('rclone', ['version']).catch(() => ({ status: 1 }))).status === 0) return;
  console.log('bench: installing Debian rclone');
  const installed = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'rclone']);
  if (installed.status !== 0) throw new Error(`apt-get install rclone failed:\n${installed.stderr}`);
}

/** Random bytes written in 8 MiB chunks, hashed on the way (before Swift starts: blocking is fine here). */
async function makeFile(file: string, size: number): Promise<string> {
  const handle = await fs.open(file, 'w');
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(8 * MiB);
  for (let written = 0; written < size; written += chunk.length) {
    randomFillSync(chunk);
    const part = chunk.subarray(0, Math.min(chunk.length, size - written));
    hash.update(part);
    await handle.write(part);
  }
  await handle.close();
  return hash.digest('hex');
}

/** An HTTP origin for the ingest, streaming the file from disk (memory stays flat). */
async function serveFile(file: string, size: number) {
  const server = http.createServer((request, response) => {
    if (request.url !== '/image.raw') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': size, 'content-type': 'application/octet-stream' });
    void pipeline(createReadStream(file, { highWaterMark: MiB }), response).catch(() => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/image.raw`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mibps = (bytes: number, seconds: number) => bytes / MiB / seconds;
const jobSeconds = (job: { startedAt: Date | null; finishedAt: Date | null }) => (job.finishedAt!.getTime() - job.startedAt!.getTime()) / 1000;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(50);
  }
}

let peakRss = process.memoryUsage().rss;
const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

interface Row {
  figure: string;
  value: string;
  target: string;
  context: string;
  /** Whether the target is met; undefined when the figure has no target. */
  met?: boolean;
}
const summary: Row[] = [];
const f1 = (value: number) => value.toFixed(1);
const f0 = (value: number) => value.toFixed(0);

function printTable(title: string, headers: string[], rows: string[][], align: 'numbers' | 'left' = 'numbers') {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  console.log(`\n${title}\n`);
  console.log(headers.map((header, column) => header.padEnd(widths[column]!)).join(' | '));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) {
    console.log(row.map((cell, column) => (column === 0 || align === 'left' ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | '));
  }
}

// ------------------------------------------------------------------------------------- a. fan-out + b. hash

interface World {
  ctx: ServiceContext;
  dbUrl: string;
  secretKeyHex: string;
  dispose(): Promise<void>;
}

async function newWorld(): Promise<World> {
  const testDb = await createTestDb();
  const key = randomBytes(32);
  return {
    ctx: { db: testDb.db, secrets: createSecretBox(key), actor: 'bench' },
    dbUrl: testDb.url,
    secretKeyHex: key.toString('hex'),
    dispose: testDb.dispose,
  };
}

async function transferBenches(server: SwiftServer, work: string, file: string, sha256: string) {
  const world = await newWorld();
  const { ctx } = world;
  const origin = await serveFile(file, SIZE);
  let worker: WorkerProcess | undefined;
  try {
    const container = `sync-bench-${Date.now()}`;
    await createContainer(server, container);
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const zones: { id: string; name: string; storeId: string; root: string }[] = [];
    for (let index = 0; index < zoneCount; index++) {
      const name = `zone-${letters[index]}`;
      const zone = await createZone(ctx, { name, mode: 'backup' });
      const root = path.join(work, `nfs-${letters[index]!.toLowerCase()}`);
      await fs.mkdir(root);
      const store = await registerStore(ctx, { name: `nfs-${letters[index]!.toLowerCase()}`, provider: 'nfs', role: 'record', zoneId: zone.id, config: { path: root } });
      zones.push({ id: zone.id, name, storeId: store.id, root });
    }
    const swift = await registerStore(ctx, {
      name: 'swift',
      provider: 'swift',
      role: 'object',
      zoneId: null,
      config: { authUrl: server.authUrl, user: server.swift.user, key: server.swift.key, container },
    });
    await updateIngestSettings(ctx, { allowedNetworks: ['127.0.0.0/8'], maxBytes: 16 * 1024 * MiB });

    // The product's defaults: 4 jobs at once, poll 500 ms, reconcile every second, lease 30 s.
    worker = spawnWorkerProcess({
      dbUrl: world.dbUrl,
      secretKeyHex: world.secretKeyHex,
      workerId: 'bench-worker',
      leaseMs: 30_000,
      concurrency: 4,
      pollMs: 500,
      reconcileIntervalMs: 1_000,
      downStoreProbeMs: 5_000,
      log: verbose ? (line) => console.log(line) : undefined,
    });
    await worker.warm;

    // ---- a. fan-out
    let fanout: Awaited<ReturnType<typeof runFanout>> | undefined;
    let objectId: string | undefined;
    if (only.includes('fanout') || only.includes('hash')) {
      console.log(`bench: fan-out of ${sizeMiB} MiB to ${zoneCount} zones through Swift`);
      fanout = await runFanout();
      objectId = fanout.objectId;
    }

    async function runFanout() {
      await flushDisk();
      const registeredAt = new Date();
      const created = await registerObjectByUrl(ctx, {
        name: 'bench-image',
        kind: 'template',
        format: 'raw',
        originZoneId: zones[0]!.id,
        placement: 'all_zones',
        url: origin.url,
      });
      const replicas = await waitFor('every copy to be ready', async () => {
        const failed = await ctx.db.job.findFirst({ where: { objectId: created.objectId, state: 'failed' } });
        if (failed) throw new Error(`bench: ${failed.kind} failed: ${failed.error}`);
        const rows = await ctx.db.replica.findMany({ where: { objectId: created.objectId }, select: { state: true, readyAt: true } });
        return rows.length === zoneCount + 1 && rows.every((row) => row.state === 'ready') ? rows : null;
      });
      const object = await ctx.db.dataObject.findUniqueOrThrow({ where: { id: created.objectId } });
      if (object.sha256 !== sha256) throw new Error('bench: the ingested sha256 is not the file’s');
      const allReadyAt = Math.max(...replicas.map((row) => row.readyAt!.getTime()));
      const jobs = await ctx.db.job.findMany({
        where: { objectId: created.objectId },
        include: { targetStore: { select: { name: true } } },
        orderBy: { startedAt: 'asc' },
      });
      const syncs = jobs.filter((job) => job.kind === 'sync');
      const firstSyncStart = Math.min(...syncs.map((job) => job.startedAt!.getTime()));
      const lastSyncEnd = Math.max(...syncs.map((job) => job.finishedAt!.getTime()));
      return {
        objectId: created.objectId,
        totalSeconds: (allReadyAt - registeredAt.getTime()) / 1000,
        ingest: jobs.find((job) => job.kind === 'ingest')!,
        backup: jobs.find((job) => job.kind === 'backup')!,
        syncs,
        aggregateMiBps: mibps(SIZE * syncs.length, (lastSyncEnd - firstSyncStart) / 1000),
      };
    }

    const rows: string[][] = [];
    const swiftRow = await ctx.db.store.findUniqueOrThrow({ where: { id: swift.id } });
    const swiftReplica = objectId
      ? await ctx.db.replica.findUniqueOrThrow({ where: { objectId_storeId: { objectId, storeId: swift.id } } })
      : undefined;

    if (fanout && objectId && only.includes('fanout')) {
      const zoneB = zones[1] ?? zones[0]!;
      // One sync alone, the like-for-like figure: zone B's copy deleted, found missing by verify, repaired from Swift.
      const alone: number[] = [];
      for (let round = 0; round < repeat; round++) {
        const replica = await ctx.db.replica.findUniqueOrThrow({ where: { objectId_storeId: { objectId, storeId: zoneB.storeId } } });
        await fs.rm(path.join(zoneB.root, replica.location));
        await flushDisk();
        const since = new Date();
        await verifyObject(ctx, { objectId, replicaId: replica.id });
        const job = await waitFor('the repair sync', async () => {
          const found = await ctx.db.job.findFirst({ where: { replicaId: replica.id, kind: 'sync', createdAt: { gte: since }, state: { in: ['succeeded', 'failed'] } } });
          if (found?.state === 'failed') throw new Error(`bench: repair sync failed: ${found.error}`);
          return found;
        });
        alone.push(mibps(SIZE, jobSeconds(job)));
      }

      // rclone: the same Swift object to a file on the same filesystem, same run.
      const { AWS_CA_BUNDLE: _ignored, ...baseEnv } = process.env;
      const rcloneEnv: NodeJS.ProcessEnv = {
        ...baseEnv,
        RCLONE_CONFIG_BSWIFT_TYPE: 'swift',
        RCLONE_CONFIG_BSWIFT_AUTH: server.authUrl,
        RCLONE_CONFIG_BSWIFT_USER: server.swift.user,
        RCLONE_CONFIG_BSWIFT_KEY: server.swift.key,
      };
      const rcloneDir = path.join(work, 'rclone');
      await fs.mkdir(rcloneDir);
      const rclone: number[] = [];
      const rcloneFsync: number[] = [];
      for (let round = 0; round < repeat; round++) {
        const out = path.join(rcloneDir, `copy-${round}.bin`);
        await flushDisk();
        const started = performance.now();
        const copied = await run('rclone', ['copyto', `bswift:${container}/${swiftReplica!.location}`, out, '--config', '/dev/null', '--retries', '1', '--low-level-retries', '1'], rcloneEnv);
        const copySeconds = (performance.now() - started) / 1000;
        if (copied.status !== 0) throw new Error(`rclone failed:\n${copied.stderr}`);
        const synced = await run('sync', [out]);
        const fsyncSeconds = (performance.now() - started) / 1000;
        if (synced.status !== 0) throw new Error(`sync ${out} failed:\n${synced.stderr}`);
        rclone.push(mibps(SIZE, copySeconds));
        rcloneFsync.push(mibps(SIZE, fsyncSeconds));
        await fs.rm(out);
      }
      // As many rclone copies at once as the fan-out ran syncs: the like-for-like peer of the concurrent figure.
      const together = fanout.syncs.length;
      await flushDisk();
      const togetherStarted = performance.now();
      const perCopy = await Promise.all(
        Array.from({ length: together }, async (_, index) => {
          const started = performance.now();
          const out = path.join(rcloneDir, `together-${index}.bin`);
          const copied = await run('rclone', ['copyto', `bswift:${container}/${swiftReplica!.location}`, out, '--config', '/dev/null', '--retries', '1', '--low-level-retries', '1'], rcloneEnv);
          if (copied.status !== 0) throw new Error(`rclone failed:\n${copied.stderr}`);
          return mibps(SIZE, (performance.now() - started) / 1000);
        }),
      );
      const rcloneTogether = { perCopy: median(perCopy), aggregate: mibps(SIZE * together, (performance.now() - togetherStarted) / 1000) };
      await fs.rm(rcloneDir, { recursive: true, force: true });

      const ingestSeconds = jobSeconds(fanout.ingest);
      const backupSeconds = jobSeconds(fanout.backup);
      rows.push(['ingest zone A (HTTP origin → NFS A)', f1(ingestSeconds), f0(mibps(SIZE, ingestSeconds)), '']);
      rows.push(['backup NFS A → Swift', f1(backupSeconds), f0(mibps(SIZE, backupSeconds)), '']);
      for (const job of fanout.syncs) {
        rows.push([`sync Swift → ${job.targetStore!.name} (${fanout.syncs.length} at once)`, f1(jobSeconds(job)), f0(mibps(SIZE, jobSeconds(job))), '']);
      }
      rows.push([`${fanout.syncs.length} syncs together (aggregate)`, '', f0(fanout.aggregateMiBps), '']);
      rows.push(['registration → all copies ready', f1(fanout.totalSeconds), '', '']);
      rows.push([`sync Swift → NFS alone (median of ${repeat})`, f1(sizeMiB / median(alone)), f0(median(alone)), alone.map(f0).join(' / ')]);
      rows.push([`rclone copyto Swift → dir (median of ${repeat})`, f1(sizeMiB / median(rclone)), f0(median(rclone)), rclone.map(f0).join(' / ')]);
      rows.push([`rclone copyto + sync(1) of the file`, f1(sizeMiB / median(rcloneFsync)), f0(median(rcloneFsync)), rcloneFsync.map(f0).join(' / ')]);
      rows.push([`rclone copyto, ${together} at once (per copy)`, '', f0(rcloneTogether.perCopy), perCopy.map(f0).join(' / ')]);
      rows.push([`rclone copyto, ${together} at once (aggregate)`, '', f0(rcloneTogether.aggregate), '']);
      printTable(
        `a. ${sizeMiB} MiB object, backup mode, ${zoneCount} zones; worker: 1 process, 4 jobs at once; ${os.cpus().length} cores`,
        ['step', 'seconds', 'MiB/s', 'runs (MiB/s)'],
        rows,
      );
      const perCopyConcurrent = median(fanout.syncs.map((job) => mibps(SIZE, jobSeconds(job))));
      summary.push({
        figure: 'sync Swift → NFS, one copy alone',
        value: `${f0(median(alone))} MiB/s = ${f0((median(alone) / median(rclone)) * 100)}% of rclone`,
        target: '≥ 80% of rclone',
        context: `rclone copyto ${f0(median(rclone))} MiB/s (${f0(median(rcloneFsync))} with fsync)`,
        met: median(alone) >= 0.8 * median(rclone),
      });
      summary.push({
        figure: `sync per copy, ${fanout.syncs.length} at once`,
        value:
          `${f0(perCopyConcurrent)} MiB/s = ${f0((perCopyConcurrent / median(rclone)) * 100)}% of rclone alone, ` +
          `${f0((perCopyConcurrent / rcloneTogether.perCopy) * 100)}% of rclone ${fanout.syncs.length} at once`,
        target: '≥ 80% of rclone (1 copy)',
        met: perCopyConcurrent >= 0.8 * median(rclone),
        context: `rclone ${fanout.syncs.length} at once: ${f0(rcloneTogether.perCopy)} per copy; aggregate ${f0(fanout.aggregateMiBps)} vs rclone ${f0(rcloneTogether.aggregate)} MiB/s`,
      });
      summary.push({
        figure: `registration → ready in ${zoneCount} zones`,
        value: `${f1(fanout.totalSeconds)} s`,
        target: '—',
        context: `ingest ${f0(mibps(SIZE, ingestSeconds))}, backup ${f0(mibps(SIZE, backupSeconds))} MiB/s; poll 500 ms, reconcile 1 s`,
      });
    }

    // ---- b. the cost of the inline sha256
    if (only.includes('hash') && swiftReplica) {
      console.log('bench: cost of the inline sha256');
      const nfsProvider = getProvider('nfs');
      const scratch = path.join(work, 'hash-nfs');
      await fs.mkdir(scratch);
      const nfs = nfsProvider.open(nfsProvider.configSchema.parse({ path: scratch }));
      const source = openStoreBackend(ctx, swiftRow).backend;
      const hashed: number[] = [];
      const raw: number[] = [];
      let chunks = 0;
      // One untimed pair first: this process has not run either path yet (JIT, Swift auth, first segments).
      await streamIntoStore(nfs, 'bench/warm-hashed', await source.get(swiftReplica.location), { rate: () => null, size: SIZE, sha256 });
      await rawPut(scratch, 'bench/warm-raw', await source.get(swiftReplica.location));
      await fs.rm(path.join(scratch, 'bench'), { recursive: true, force: true });
      // The difference is small against run-to-run noise: more pairs than elsewhere (a smoke run makes one).
      const pairs = smoke ? repeat : Math.max(repeat, 5);
      for (let round = 0; round < pairs; round++) {
        await flushDisk();
        let started = performance.now();
        await streamIntoStore(nfs, `bench/hashed-${round}`, await source.get(swiftReplica.location), {
          rate: () => null,
          size: SIZE,
          sha256,
          onProgress: () => (chunks += 1),
        });
        hashed.push((performance.now() - started) / 1000);
        await flushDisk();
        started = performance.now();
        await rawPut(scratch, `bench/raw-${round}`, await source.get(swiftReplica.location));
        raw.push((performance.now() - started) / 1000);
        await fs.rm(path.join(scratch, 'bench'), { recursive: true, force: true });
      }
      // The HashingStream sees the chunks the Swift GET delivers: hash alone at that chunk size.
      const chunkBytes = Math.max(1024, Math.round((SIZE * pairs) / chunks));
      // CPU-bound: the best of 3 is its cost when nothing else competes for the core.
      const hashOnly = Math.min(...(await hashRuns(SIZE, chunkBytes)));
      const hashedS = median(hashed);
      const rawS = median(raw);
      const measuredCost = ((hashedS - rawS) / hashedS) * 100;
      const cpuShare = (hashOnly / hashedS) * 100;
      printTable(
        `b. inline sha256: Swift GET → NFS file, ${sizeMiB} MiB, alternated, median of ${pairs} (after one untimed pair)`,
        ['path', 'seconds', 'MiB/s', 'runs (s)'],
        [
          ['worker path: streamIntoStore → nfs.put (hashes)', f1(hashedS), f0(mibps(SIZE, hashedS)), hashed.map(f1).join(' / ')],
          ['raw pipe: same GET → throttle → temp file, fsync, rename', f1(rawS), f0(mibps(SIZE, rawS)), raw.map(f1).join(' / ')],
          [`node:crypto sha256 alone (in memory, ${f0(chunkBytes / 1024)} KiB chunks as received, best of 3)`, f1(hashOnly), f0(mibps(SIZE, hashOnly)), ''],
        ],
      );
      console.log(
        `\n  measured cost (hashed − raw) / hashed = ${f1(measuredCost)}%; ` +
          `upper bound if hashing never overlapped I/O: sha256 time / hashed copy time = ${f1(cpuShare)}%`,
      );
      summary.push({
        figure: 'inline sha256 in the copy path',
        value: `${f1(measuredCost)}% measured (≤ ${f0(cpuShare)}% bound)`,
        target: '≤ 15%',
        met: measuredCost <= 15,
        context: `sha256 alone ${f0(mibps(SIZE, hashOnly))} MiB/s; rclone checks MD5 on download too`,
      });
    }
  } finally {
    await worker?.stop();
    await origin.close();
    await world.dispose();
  }
}

/**
 * streamIntoStore + the NFS provider's write without the HashingStream: the same (unlimited) throttle
 * transform, temp file (fsync on close), rename, directory fsync.
 */
async function rawPut(root: string, key: string, body: Readable) {
  const tempDir = path.join(root, '.stowage-tmp');
  await fs.mkdir(tempDir, { recursive: true });
  const temp = path.join(tempDir, `${randomUUID()}.part`);
  await pipeline(body, throttle(() => null), createWriteStream(temp, { flags: 'wx', flush: true }));
  const target = path.join(root, key);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rename(temp, target);
  const dir = await fs.open(path.dirname(target), 'r');
  await dir.sync();
  await dir.close();
}

async function hashRuns(size: number, chunkBytes: number): Promise<number[]> {
  const runs: number[] = [];
  for (let index = 0; index < 3; index++) runs.push(await sha256Seconds(size, chunkBytes));
  return runs;
}

/** node:crypto sha256 over `size` bytes in `chunkBytes` chunks, yielding now and then (Swift's log pipes keep draining). */
async function sha256Seconds(size: number, chunkBytes: number): Promise<number> {
  const chunk = randomBytes(chunkBytes);
  const hash = createHash('sha256');
  let busy = 0;
  let sinceYield = 0;
  for (let done = 0; done < size; done += chunkBytes) {
    const started = performance.now();
    hash.update(chunk);
    busy += performance.now() - started;
    sinceYield += chunkBytes;
    if (sinceYield >= 16 * MiB) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  hash.digest();
  return busy / 1000;
}

// ------------------------------------------------------------------------------------------------- main

async function main() {
  if (smoke) console.log('bench: smoke mode — small sizes, one round; the figures are not comparable with a full run');
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'stowage-sync-bench-'));
  let server: SwiftServer | undefined;
  try {
    if (only.includes('fanout') || only.includes('hash')) {
      await ensureSwiftInstalled();
      await ensureRclone();
      const file = path.join(work, 'source.bin');
      console.log(`bench: writing a ${sizeMiB} MiB test file`);
      const sha256 = await makeFile(file, SIZE);
      console.log('bench: starting Swift');
      server = await startSwiftServer();
      await transferBenches(server, work, file, sha256);
      await server.stop();
      server = undefined;
    }
  } finally {
    await server?.stop();
    await fs.rm(work, { recursive: true, force: true });
    clearInterval(rssSampler);
  }

  printTable(
    `Summary (peak RSS of the bench process ${f0(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / MiB)} MiB; the worker is a separate process)`,
    ['figure', 'value', 'target', 'met', 'peer / context'],
    summary.map((row) => [row.figure, row.value, row.target, row.met === undefined ? '' : row.met ? 'yes' : 'NO', row.context]),
    'left',
  );
  console.log(
    '\nNotes: per-copy MiB/s = bytes / (job finishedAt − startedAt): claim to settle, including opening the stores, ' +
      'Swift auth, the fsync + rename of the NFS write and the settling transaction. rclone copyto is timed as a whole ' +
      'process (start, auth, GET, MD5 check, rename) and does not fsync; the "+ sync(1)" row adds that. ' +
      'Stowage hashes sha256 in the copy pass (a second pass is never made).',
  );
}

await main();
