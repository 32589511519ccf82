/*
 * pnpm bench:providers — a 1 GiB file up to and back from each provider, beside Debian's rclone on the
 * same paths in the same run: MiB/s both ways and peak memory. Starts its own OpenStack Swift on loopback.
 * Options: --size-mib N (default 1024), --only nfs,s3,swift, --smoke (or BENCH_SMOKE=1: the same steps — Swift,
 * rclone, every provider, the table — on 24 MiB, still more than one 8 MiB S3 part so the upload is multipart as
 * in the full run; an explicit --size-mib still wins; the figures are not comparable)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContainer, ensureSwiftInstalled, startSwiftServer } from '@stowage/object-store-server';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const sizeMiB = Number(option('size-mib') ?? (smoke ? 24 : 1024));
const only = (option('only') ?? 'nfs,s3,swift').split(',');

interface Figures {
  uploadMiBps: number;
  downloadMiBps: number;
  peakRssMiB: number | null;
}

function ensureRclone() {
  if (spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0) return;
  console.log('bench: installing Debian rclone');
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'rclone'], { stdio: 'inherit' });
}

function makeFile(file: string) {
  const handle = fs.openSync(file, 'w');
  const chunk = Buffer.allocUnsafe(8 * MiB);
  for (let written = 0; written < sizeMiB * MiB; written += chunk.length) {
    randomFillSync(chunk);
    fs.writeSync(handle, chunk, 0, Math.min(chunk.length, sizeMiB * MiB - written));
  }
  fs.closeSync(handle);
}

/** Dirty pages from the previous transfer are flushed first, so one run does not pay for another. */
function flushDisk() {
  execFileSync('sync');
}

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

async function stowage(providerId: string, config: object, file: string, out: string): Promise<Figures> {
  fs.rmSync(out, { force: true });
  flushDisk();
  const child = await run(process.execPath, [
    '--import',
    'tsx',
    path.join(import.meta.dirname, 'transfer-one.ts'),
    providerId,
    JSON.stringify(config),
    file,
    out,
  ]);
  if (child.status !== 0) throw new Error(`stowage ${providerId} failed:\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    bytes: number;
    uploadSeconds: number;
    downloadSeconds: number;
    peakRssBytes: number;
  };
  return {
    uploadMiBps: result.bytes / MiB / result.uploadSeconds,
    downloadMiBps: result.bytes / MiB / result.downloadSeconds,
    peakRssMiB: result.peakRssBytes / MiB,
  };
}

/** One timed rclone command; its peak memory from GNU time. */
async function rcloneRun(argsList: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakRssMiB: number | null }> {
  flushDisk();
  const started = performance.now();
  const child = await run('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', 'rclone', ...argsList], env);
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`rclone ${argsList.join(' ')} failed:\n${child.stderr}`);
  const kb = /MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1];
  return { seconds, peakRssMiB: kb ? Number(kb) / 1024 : null };
}

async function rclone(remote: string, file: string, out: string, env: NodeJS.ProcessEnv): Promise<Figures> {
  const flags = ['--config', '/dev/null', '--retries', '1', '--low-level-retries', '1'];
  const up = await rcloneRun(['copyto', file, remote, ...flags], env);
  // With the same bytes already at `out`, rclone would compare hashes and skip the download entirely.
  fs.rmSync(out, { force: true });
  const down = await rcloneRun(['copyto', remote, out, ...flags], env);
  await rcloneRun(['deletefile', remote, ...flags], env);
  return {
    uploadMiBps: sizeMiB / up.seconds,
    downloadMiBps: sizeMiB / down.seconds,
    peakRssMiB: Math.max(up.peakRssMiB ?? 0, down.peakRssMiB ?? 0) || null,
  };
}

async function main() {
  if (smoke) console.log('bench: smoke mode — a small object; the figures are not comparable with a full run');
  await ensureSwiftInstalled();
  ensureRclone();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-bench-'));
  const file = path.join(work, 'source.bin');
  const out = path.join(work, 'download.bin');
  console.log(`bench: writing a ${sizeMiB} MiB test file`);
  makeFile(file);
  const server = await startSwiftServer();
  const rows: { path: string; stowage: Figures; rclone: Figures }[] = [];
  try {
    const container = `bench-${Date.now()}`;
    await createContainer(server, container);

    const { AWS_CA_BUNDLE: _ignored, ...baseEnv } = process.env;
    const rcloneEnv: NodeJS.ProcessEnv = {
      ...baseEnv,
      RCLONE_CONFIG_BSWIFT_TYPE: 'swift',
      RCLONE_CONFIG_BSWIFT_AUTH: server.authUrl,
      RCLONE_CONFIG_BSWIFT_USER: server.swift.user,
      RCLONE_CONFIG_BSWIFT_KEY: server.swift.key,
      RCLONE_CONFIG_BS3_TYPE: 's3',
      RCLONE_CONFIG_BS3_PROVIDER: 'Other',
      RCLONE_CONFIG_BS3_ENDPOINT: server.proxyUrl,
      RCLONE_CONFIG_BS3_ACCESS_KEY_ID: server.s3.accessKeyId,
      RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY: server.s3.secretAccessKey,
      RCLONE_CONFIG_BS3_REGION: server.s3.region,
      RCLONE_CONFIG_BS3_FORCE_PATH_STYLE: 'true',
    };

    if (only.includes('s3')) {
      console.log('bench: s3');
      rows.push({
        path: 's3 (Swift s3api)',
        stowage: await stowage(
          's3',
          {
            endpoint: server.proxyUrl,
            region: server.s3.region,
            bucket: container,
            accessKeyId: server.s3.accessKeyId,
            secretAccessKey: server.s3.secretAccessKey,
            forcePathStyle: true,
          },
          file,
          out,
        ),
        rclone: await rclone(`bs3:${container}/rclone.bin`, file, out, rcloneEnv),
      });
    }
    if (only.includes('swift')) {
      console.log('bench: swift');
      rows.push({
        path: 'swift (native API)',
        stowage: await stowage(
          'swift',
          { authUrl: server.authUrl, user: server.swift.user, key: server.swift.key, container },
          file,
          out,
        ),
        rclone: await rclone(`bswift:${container}/rclone.bin`, file, out, rcloneEnv),
      });
    }
    if (only.includes('nfs')) {
      const dir = path.join(work, 'nfs-store');
      fs.mkdirSync(dir);
      console.log('bench: nfs');
      rows.push({
        path: 'nfs (local dir)',
        stowage: await stowage('nfs', { path: dir }, file, out),
        rclone: await rclone(path.join(dir, 'rclone.bin'), file, out, rcloneEnv),
      });
    }
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }

  const f = (value: number | null) => (value === null ? '—' : value.toFixed(0));
  console.log(`\n${sizeMiB} MiB object, MiB/s (higher is better) and peak RSS in MiB (lower is better)\n`);
  console.log(
    ['path'.padEnd(20), 'up stowage', 'up rclone', 'down stowage', 'down rclone', 'peak stowage', 'peak rclone'].join(' | '),
  );
  for (const row of rows) {
    console.log(
      [
        row.path.padEnd(20),
        f(row.stowage.uploadMiBps).padStart(10),
        f(row.rclone.uploadMiBps).padStart(9),
        f(row.stowage.downloadMiBps).padStart(12),
        f(row.rclone.downloadMiBps).padStart(11),
        f(row.stowage.peakRssMiB).padStart(12),
        f(row.rclone.peakRssMiB).padStart(11),
      ].join(' | '),
    );
  }
}

await main();
