// pnpm e2e:repeat [runs] [-- playwright arguments]: the whole e2e suite that many times in a row (5 unless told),
// each run's plans.json kept as e2e/results/runs/run-<n>.json, then every run's counts and time and every test
// whose outcome changed between runs. Exits 1 unless every test passed in every run, 2 on a bad argument.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseResults } from './plan-results.mjs';
import { formatRepeats, summarizeRepeats } from './repeat-results.mjs';

const args = process.argv.slice(2);
const separator = args.indexOf('--');
const own = separator >= 0 ? args.slice(0, separator) : args;
const passed = separator >= 0 ? args.slice(separator + 1) : [];
const count = Number(own[0] ?? 5);
if (!Number.isInteger(count) || count < 1 || count > 50 || own.length > 1) {
  console.error('usage: pnpm e2e:repeat [runs, 1–50; 5] [-- playwright arguments]');
  process.exit(2);
}

const e2eDir = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(e2eDir, 'results');
const runsDir = path.join(resultsDir, 'runs');
fs.rmSync(runsDir, { recursive: true, force: true });
/** @type {import('./repeat-results.mjs').RepeatRun[]} */
const runs = [];
for (let run = 1; run <= count; run++) {
  console.log(`\ne2e:repeat: run ${run} of ${count}`);
  fs.rmSync(path.join(resultsDir, 'plans.json'), { force: true });
  const started = performance.now();
  const child = spawnSync('pnpm', ['exec', 'playwright', 'test', ...passed], { cwd: e2eDir, stdio: 'inherit', env: process.env });
  const seconds = (performance.now() - started) / 1000;
  const file = path.join(resultsDir, 'plans.json');
  if (!fs.existsSync(file)) {
    console.error(`e2e:repeat: run ${run} wrote no results/plans.json (exit ${child.status ?? child.signal}); stopping`);
    process.exit(1);
  }
  fs.mkdirSync(runsDir, { recursive: true });
  fs.copyFileSync(file, path.join(runsDir, `run-${run}.json`));
  runs.push({ results: parseResults(fs.readFileSync(file, 'utf8'), file), seconds, exitCode: child.status ?? 1 });
}
const summary = summarizeRepeats(runs);
console.log(`\ne2e:repeat: ${count} runs in a row (results/runs/run-<n>.json)\n${formatRepeats(summary)}`);
fs.writeFileSync(path.join(runsDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
process.exit(summary.ok ? 0 : 1);
