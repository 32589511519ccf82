/*
 * pnpm bench:dashboard — the dashboard on a large installation, on SQLite and PostgreSQL: the scale seed (default
 * 100,000 objects × 10 zones: ~1.7 M rows of replicas in every state, jobs, leases, a month of events and access
 * history) in a fresh data directory, the product from its build on a free port of 127.0.0.1, then
 *   1. every page opened in Debian Chromium, signed in as the admin: the time until it is interactive (hydrated,
 *      no loading placeholder left, no tRPC request in flight), the median of 3 loads, and the tRPC calls it made;
 *   2. those calls replayed by 8 concurrent users (each loops over the pages: the page's HTML, then its calls at
 *      once, as the browser makes them once the page has loaded, then a pause of 1–3 s before the next page, as a
 *      person reading it), each procedure on its own: p50 and p95 per procedure per page, the HTML included. Then
 *      the same users without pauses (saturation): the calls per second the one server answers, and the p95 then;
 *   3. first-load JavaScript per page, gzipped (scripts/first-load-js.mjs on the same build).
 * Targets beside each figure (issue 14): list procedures p95 < 150 ms, pages interactive < 2 s, first-load JS
 * < 250 kB gzipped; the figures before this work are beside them where they were measured.
 *
 * Options: --db sqlite|postgres|both (both; postgres: a throwaway cluster on 127.0.0.1, or the database at
 * STOWAGE_BENCH_POSTGRES_URL), --objects N (100000), --zones N (10), --users N (8), --seconds N of load per
 * database (60), --think-ms N: the mean pause between pages (2000), --saturation-seconds N (10; 0 skips it),
 * --product-dir DIR (this checkout; it needs a web build), --smoke (or BENCH_SMOKE=1: 300 objects,
 * 3 zones, 2 users, 2 s; the figures are not comparable).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@stowage/db';
import { createSecretBox, loadSecretKey, seedScale } from '@stowage/services';
import { measurePages, type PageVisit } from './dashboard/measure-pages';
import { replayCalls, type ProcedureFigure, type Replay } from './dashboard/replay-calls';
import { signIn } from './dashboard/sign-in';
import { dashboardPages } from './dashboard/pages';
import { chosenDatabases, postgresDatabase, prepareData, productEnv, startWebServer, stopServer, UsageError, type DatabaseChoice, type Server } from './support/product-server';

const LIST_P95_TARGET_MS = 150;
const INTERACTIVE_TARGET_MS = 2000;
const FIRST_LOAD_TARGET_KB = 250;
/** Measured on the same seed before the list and counter work (SQLite, one caller). */
const BEFORE_MS: Record<string, number> = { 'object.list': 477, 'overview.get': 1454 };

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const objects = Number(option('objects') ?? (smoke ? 300 : 100_000));
const zones = Number(option('zones') ?? (smoke ? 3 : 10));
const users = Number(option('users') ?? (smoke ? 2 : 8));
const seconds = Number(option('seconds') ?? (smoke ? 2 : 60));
const thinkMs = Number(option('think-ms') ?? (smoke ? 200 : 2000));
const saturationSeconds = Number(option('saturation-seconds') ?? (smoke ? 1 : 10));
const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const productDir = path.resolve(option('product-dir') ?? repoRoot);

const isList = (procedure: string) => /\.(list|page|matrix|entries|failures)\b|List$/.test(procedure);
const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

async function main() {
  for (const [name, value] of Object.entries({ objects, zones, users, seconds })) {
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} is a whole number ≥ 1, not "${option(name)}".`);
  }
  for (const [name, value] of Object.entries({ 'think-ms': thinkMs, 'saturation-seconds': saturationSeconds })) {
    if (!Number.isInteger(value) || value < 0) throw new UsageError(`--${name} is a whole number ≥ 0, not "${option(name)}".`);
  }
  if (!fs.existsSync(path.join(productDir, 'apps/web/.next/BUILD_ID'))) {
    throw new UsageError(`${productDir} has no web build: run pnpm turbo run build --filter=@stowage/web there first`);
  }
  const firstLoad = firstLoadKb();
  const results: Result[] = [];
  for (const database of chosenDatabases(option('db') ?? 'both')) {
    if (database === 'sqlite') results.push({ database, ...(await benchOn(undefined)) });
    else {
      const postgres = await postgresDatabase('dashboard-bench');
      try {
        results.push({ database, ...(await benchOn(postgres.url)) });
      } finally {
        await postgres.stop();
      }
    }
  }
  report(results, firstLoad);
}

async function benchOn(databaseUrl: string | undefined) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-dashboard-bench-'));
  let server: Server | undefined;
  try {
    const dataDir = path.join(work, 'data');
    const password = randomBytes(16).toString('hex');
    const env = productEnv(dataDir, databaseUrl, password);
    prepareData(productDir, env);
    const url = databaseUrl ?? `file:${path.join(dataDir, 'stowage.db')}`;
    const db = createDb({ url });
    let seedSeconds: number;
    let sample: Awaited<ReturnType<typeof dashboardPages>>;
    try {
      const started = performance.now();
      const ctx = { db, secrets: createSecretBox(loadSecretKey({ dataDir })), actor: 'system:bench' };
      await seedScale(ctx, { objects, zones, dataDir, log: (line) => console.log(`bench: seed: ${line}`) });
      seedSeconds = (performance.now() - started) / 1000;
      sample = await dashboardPages(db);
    } finally {
      await db.$disconnect();
    }
    server = await startWebServer(path.join(productDir, 'apps/web/server/main.mjs'), env);
    const cookie = await signIn(server.base, 'admin', password);
    console.log(`bench: ${databaseUrl ? 'postgres' : 'sqlite'}: seeded ${objects} objects × ${zones} zones in ${seedSeconds.toFixed(1)} s; ${server.base}`);
    const pages = await measurePages(server.base, cookie, sample);
    for (const page of pages) console.log(`bench: ${page.label}: interactive in ${fmt(page.interactiveMs)} ms, ${page.calls.length} tRPC request(s)`);
    const { procedures, callsPerSecond } = await replayCalls(server.base, cookie, pages, { users, seconds, thinkMs });
    const saturation = saturationSeconds > 0 ? await replayCalls(server.base, cookie, pages, { users, seconds: saturationSeconds, thinkMs: 0 }) : null;
    return { seedSeconds, pages, procedures, callsPerSecond, saturation };
  } catch (error) {
    if (server) console.error(server.log().slice(-3000));
    throw error;
  } finally {
    await stopServer(server);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function firstLoadKb(): Record<string, number> {
  const run = spawnSync(process.execPath, [path.join(productDir, 'scripts/first-load-js.mjs'), '--json'], { encoding: 'utf8' });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, number>;
  } catch {
    throw new Error(`scripts/first-load-js.mjs --json printed no figures: ${run.stdout}${run.stderr}`);
  }
}

interface Result {
  database: DatabaseChoice;
  seedSeconds: number;
  pages: PageVisit[];
  procedures: ProcedureFigure[];
  callsPerSecond: number;
  saturation: Replay | null;
}

function report(results: Result[], firstLoad: Record<string, number>) {
  const missed: string[] = [];
  console.log(
    `\ndashboard bench: ${objects} objects × ${zones} zones, ${users} concurrent users pausing ${thinkMs / 2000}–${(thinkMs * 1.5) / 1000} s between pages, ${seconds} s of load per database${smoke ? ' (smoke: not comparable)' : ''}`,
  );
  console.log(`seed: ${results.map((result) => `${result.database} ${result.seedSeconds.toFixed(1)} s`).join(', ')}`);

  console.log('\npage                                    route first-load JS   interactive (median of 3)');
  console.log(`${''.padEnd(40)}${''.padEnd(20)}${results.map((result) => result.database.padStart(10)).join('')}   target`);
  for (const page of results[0]!.pages) {
    const kb = firstLoad[page.route];
    if (kb !== undefined && kb > FIRST_LOAD_TARGET_KB) missed.push(`${page.route} first-load ${kb.toFixed(1)} kB`);
    const times = results.map((result) => result.pages.find((other) => other.label === page.label)?.interactiveMs ?? NaN);
    times.forEach((ms, index) => ms > INTERACTIVE_TARGET_MS && missed.push(`${page.label} interactive ${fmt(ms)} ms on ${results[index]!.database}`));
    console.log(`${page.label.slice(0, 39).padEnd(40)}${(kb === undefined ? '—' : `${kb.toFixed(1)} kB`).padStart(12).padEnd(20)}${times.map((ms) => `${fmt(ms)} ms`.padStart(10)).join('')}   < ${FIRST_LOAD_TARGET_KB} kB, < ${INTERACTIVE_TARGET_MS} ms`);
  }

  console.log(`\nprocedure (page)                                         ${results.map((result) => `${result.database} p50 / p95 (calls)`.padStart(30)).join('')}   target        before`);
  for (const figure of results[0]!.procedures) {
    const cells = results.map((result) => result.procedures.find((other) => other.key === figure.key));
    const list = isList(figure.procedure);
    cells.forEach((cell, index) => {
      if (list && cell && cell.p95 >= LIST_P95_TARGET_MS) missed.push(`${figure.key} p95 ${fmt(cell.p95)} ms on ${results[index]!.database}`);
    });
    const before = BEFORE_MS[figure.procedure];
    console.log(
      `${figure.key.slice(0, 56).padEnd(57)}${cells.map((cell) => (cell ? `${fmt(cell.p50, 1)} / ${fmt(cell.p95, 1)} ms (${cell.calls})` : '—').padStart(30)).join('')}   ${(list ? `p95 < ${LIST_P95_TARGET_MS} ms` : '').padEnd(14)}${before ? `${before} ms` : ''}`,
    );
  }
  console.log(`\ncalls answered per second: ${results.map((result) => `${result.database} ${fmt(result.callsPerSecond, 1)}`).join(', ')}`);
  for (const result of results) {
    if (!result.saturation) continue;
    const lists = result.saturation.procedures.filter((figure) => isList(figure.procedure)).sort((a, b) => b.p95 - a.p95);
    const worst = lists[0];
    console.log(
      `saturation on ${result.database} (${users} users, no pause, ${saturationSeconds} s): ${fmt(result.saturation.callsPerSecond, 1)} calls/s; slowest list p95 ${worst ? `${fmt(worst.p95)} ms (${worst.key})` : '—'}; median list p95 ${fmt(lists[Math.floor(lists.length / 2)]?.p95 ?? NaN)} ms (no target: a measure of the one server's capacity)`,
    );
  }
  console.log(missed.length === 0 ? '\nevery figure is within its target' : `\nmissed targets:\n${missed.map((line) => `  - ${line}`).join('\n')}`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`bench:dashboard: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
