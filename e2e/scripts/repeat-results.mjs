// The whole e2e suite run several times in a row (`pnpm e2e:repeat`): per run its counts and time, and across the
// runs every test whose outcome changed from one run to another (flaky) or that never passed (failing).
import { testKey } from './plan-results.mjs';

/** @typedef {import('./plan-results.mjs').PlanResults} PlanResults */
/** @typedef {import('./plan-results.mjs').Status} Status */

/**
 * @typedef {object} RepeatRun
 * @property {PlanResults} results the run's plans.json
 * @property {number} seconds its wall time
 * @property {number} exitCode what the run exited with
 */

/**
 * @typedef {object} RepeatSummary
 * @property {{ run: number, passed: number, failed: number, flaky: number, notRun: number, total: number, seconds: number, exitCode: number }[]} runs
 * @property {{ key: string, statuses: (Status | 'absent')[] }[]} flaky passed in some runs and not in others
 * @property {{ key: string, statuses: (Status | 'absent')[] }[]} failing passed in no run
 * @property {boolean} ok every run exited 0, and every test passed in every run
 */

/**
 * @param {RepeatRun[]} runs
 * @returns {RepeatSummary}
 */
export function summarizeRepeats(runs) {
  /** @type {Map<string, (Status | 'absent')[]>} */
  const byTest = new Map();
  runs.forEach((run, index) => {
    for (const test of run.results.tests) {
      const key = testKey(test);
      const statuses = byTest.get(key) ?? runs.map(() => /** @type {Status | 'absent'} */ ('absent'));
      statuses[index] = test.status;
      byTest.set(key, statuses);
    }
  });
  /** @type {RepeatSummary['flaky']} */
  const flaky = [];
  /** @type {RepeatSummary['failing']} */
  const failing = [];
  for (const [key, statuses] of byTest) {
    const passes = statuses.filter((status) => status === 'passed').length;
    if (passes === statuses.length) continue;
    (passes === 0 ? failing : flaky).push({ key, statuses });
  }
  const count = (/** @type {PlanResults} */ results, /** @type {Status} */ status) => results.tests.filter((test) => test.status === status).length;
  return {
    runs: runs.map((run, index) => ({
      run: index + 1,
      passed: count(run.results, 'passed'),
      failed: count(run.results, 'failed'),
      flaky: count(run.results, 'flaky'),
      notRun: count(run.results, 'not run'),
      total: run.results.tests.length,
      seconds: run.seconds,
      exitCode: run.exitCode,
    })),
    flaky,
    failing,
    ok: runs.length > 0 && runs.every((run) => run.exitCode === 0) && flaky.length === 0 && failing.length === 0,
  };
}

/**
 * What `pnpm e2e:repeat` prints.
 * @param {RepeatSummary} summary
 * @returns {string}
 */
export function formatRepeats(summary) {
  const header = ['Run', 'Passed', 'Failed', 'Flaky', 'Not run', 'Total', 'Time', 'Exit'];
  const rows = summary.runs.map((run) => [String(run.run), String(run.passed), String(run.failed), String(run.flaky), String(run.notRun), String(run.total), minutes(run.seconds), String(run.exitCode)]);
  const seconds = summary.runs.map((run) => run.seconds);
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (/** @type {string[]} */ line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  const out = [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)];
  if (seconds.length > 0) {
    const total = seconds.reduce((sum, value) => sum + value, 0);
    out.push('', `${summary.runs.length} runs in ${minutes(total)}: ${minutes(Math.min(...seconds))} to ${minutes(Math.max(...seconds))} a run, ${minutes(total / seconds.length)} on average.`);
  }
  /** @param {string} title @param {RepeatSummary['flaky']} tests */
  const section = (title, tests) => {
    if (tests.length > 0) out.push('', `${title} (${tests.length}):`, ...tests.map((test) => `  ${test.key}: ${test.statuses.join(', ')}`));
  };
  section('Flaky: passed in some runs, not in others', summary.flaky);
  section('Failing: passed in no run', summary.failing);
  out.push(
    '',
    summary.ok
      ? `No flaky test: every one of the ${summary.runs[0]?.total ?? 0} tests passed in all ${summary.runs.length} runs.`
      : `Not clean: ${summary.flaky.length} flaky, ${summary.failing.length} failing, ${summary.runs.filter((run) => run.exitCode !== 0).length} run(s) exited non-zero.`,
  );
  return out.join('\n');
}

/** @param {number} seconds */
function minutes(seconds) {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}
