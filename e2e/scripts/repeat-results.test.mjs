import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RESULTS_VERSION, summarizePlans } from './plan-results.mjs';
import { formatRepeats, summarizeRepeats } from './repeat-results.mjs';

/** @typedef {import('./plan-results.mjs').TestResultRow} Row */

/** @param {string} title @param {Row['status']} status @returns {Row} */
const row = (title, status) => ({ plan: '@stores', file: 'stores.spec.ts', title, status, durationMs: 10 });
/** @param {Row[]} tests @param {number} [exitCode] */
const run = (tests, exitCode = 0) => ({
  results: { version: RESULTS_VERSION, startedAt: '2026-12-07T00:00:00.000Z', target: 'self-built', fixtures: {}, plans: summarizePlans(tests), tests, problems: [] },
  seconds: 500,
  exitCode,
});

describe('summarizeRepeats', () => {
  test('every test passing in every run is clean, and each run is counted with its time', () => {
    const summary = summarizeRepeats([run([row('a', 'passed'), row('b', 'passed')]), run([row('a', 'passed'), row('b', 'passed')])]);
    assert.equal(summary.ok, true);
    assert.deepEqual(summary.flaky, []);
    assert.deepEqual(summary.failing, []);
    assert.deepEqual(summary.runs[1], { run: 2, passed: 2, failed: 0, flaky: 0, notRun: 0, total: 2, seconds: 500, exitCode: 0 });
    assert.match(formatRepeats(summary), /No flaky test: every one of the 2 tests passed in all 2 runs\./);
    assert.match(formatRepeats(summary), /2 runs in 16m40s: 8m20s to 8m20s a run, 8m20s on average\./);
  });

  test('a test failing in one run of three is flaky, one failing in all is failing, one missing from a run is not clean', () => {
    const summary = summarizeRepeats([
      run([row('a', 'passed'), row('b', 'failed'), row('c', 'passed')]),
      run([row('a', 'failed'), row('b', 'failed'), row('c', 'passed')], 1),
      run([row('a', 'passed'), row('b', 'not run')]),
    ]);
    assert.equal(summary.ok, false);
    assert.deepEqual(
      summary.flaky.map((test) => [test.key, test.statuses]),
      [
        ['@stores stores.spec.ts › a', ['passed', 'failed', 'passed']],
        ['@stores stores.spec.ts › c', ['passed', 'passed', 'absent']],
      ],
    );
    assert.deepEqual(summary.failing.map((test) => test.statuses), [['failed', 'failed', 'not run']]);
    assert.match(formatRepeats(summary), /Not clean: 2 flaky, 1 failing, 1 run\(s\) exited non-zero\./);
  });

  test('a run that exited non-zero is not clean even when its tests all passed (a crash after them)', () => {
    assert.equal(summarizeRepeats([run([row('a', 'passed')], 1)]).ok, false);
    assert.equal(summarizeRepeats([]).ok, false);
  });
});
