// pnpm bench:smoke — every `pnpm bench:*` in its smoke mode (small sizes, one round, every step of the full run,
// its usual tables), one after another; prints the seconds each took and exits non-zero if any failed.
// bench:first-load, bench:agent and bench:dashboard read the web build: when apps/web has none, it is built first (turbo, cached).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const benches = ['bench:providers', 'bench:first-load', 'bench:sync', 'bench:scale', 'bench:cache', 'bench:claims', 'bench:agent', 'bench:auth', 'bench:planner', 'bench:dashboard'];
const needsWebBuild = new Set(['bench:first-load', 'bench:agent', 'bench:dashboard']);
const env = { ...process.env, BENCH_SMOKE: '1' };

function run(what, command, args) {
  console.log(`\n::: ${what}: ${[command, ...args].join(' ')}`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;
  const ok = result.status === 0;
  if (!ok)
    console.error(
      `::: ${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`,
    );
  return { what, seconds, ok };
}

const results = [];
for (const bench of benches) {
  if (needsWebBuild.has(bench) && !fs.existsSync(path.join(root, 'apps/web/.next/build-manifest.json'))) {
    const build = run('web build (missing)', 'pnpm', [
      'turbo',
      'run',
      'build',
      '--filter=@stowage/web',
      '--output-logs=errors-only',
    ]);
    results.push(build);
    if (!build.ok) continue;
  }
  results.push(run(bench, 'pnpm', [bench, '--smoke']));
}

console.log('\nbench:smoke');
for (const result of results)
  console.log(
    `${result.what.padEnd(20)} ${result.seconds.toFixed(1).padStart(6)} s   ${result.ok ? 'ok' : 'FAILED'}`,
  );
const total = results.reduce((sum, result) => sum + result.seconds, 0);
console.log(`${'total'.padEnd(20)} ${total.toFixed(1).padStart(6)} s`);
process.exit(results.every((result) => result.ok) ? 0 : 1);
