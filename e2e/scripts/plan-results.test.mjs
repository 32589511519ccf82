import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareResults, formatComparison, formatPlanTable, parseResults, planOf, RESULTS_VERSION, summarizePlans } from './plan-results.mjs';
import { readmePictures } from './pictures.mjs';

/** @typedef {import('./plan-results.mjs').TestResultRow} Row */

/** @param {string} plan @param {string} title @param {Row['status']} status @returns {Row} */
const row = (plan, title, status) => ({ plan, file: `${plan.slice(1)}.spec.ts`, title, status, durationMs: 10 });

/** @param {Row[]} tests @returns {import('./plan-results.mjs').PlanResults} */
const results = (tests) => ({ version: RESULTS_VERSION, startedAt: '2026-12-03T00:00:00.000Z', target: 'self-built', fixtures: {}, plans: summarizePlans(tests), tests, problems: [] });

describe('planOf', () => {
  test('a test with one plan tag belongs to that plan, whatever other tags it has', () => {
    assert.deepEqual(planOf(['@planner', '@slow']), { plan: '@planner' });
    assert.deepEqual(planOf(['@stores', '@stores']), { plan: '@stores' });
  });

  test('no plan tag, or two, is a problem', () => {
    assert.match(/** @type {{ problem: string }} */ (planOf(['@slow'])).problem, /belongs to no plan/);
    assert.match(/** @type {{ problem: string }} */ (planOf([])).problem, /belongs to no plan/);
    assert.match(/** @type {{ problem: string }} */ (planOf(['@stores', '@jobs'])).problem, /belongs to 2 plans \(@stores, @jobs\)/);
  });
});

describe('summarizePlans', () => {
  test('counts per plan, with flaky and not run against the pass rate, every plan listed, and the total', () => {
    const rows = summarizePlans([row('@stores', 'a', 'passed'), row('@stores', 'b', 'flaky'), row('@stores', 'c', 'not run'), row('@stores', 'd', 'failed'), row('@jobs', 'e', 'passed')]);
    const stores = rows.find((plan) => plan.plan === '@stores');
    assert.deepEqual(stores, { plan: '@stores', passed: 1, failed: 1, flaky: 1, notRun: 1, total: 4, passRate: 0.25 });
    assert.deepEqual(rows.find((plan) => plan.plan === '@planner'), { plan: '@planner', passed: 0, failed: 0, flaky: 0, notRun: 0, total: 0, passRate: null });
    assert.deepEqual(rows.at(-1), { plan: 'all', passed: 2, failed: 1, flaky: 1, notRun: 1, total: 5, passRate: 0.4 });
    assert.equal(rows.length, 8);
  });

  test('the table shows each plan with its rate', () => {
    const text = formatPlanTable(summarizePlans([row('@jobs', 'a', 'passed'), row('@jobs', 'b', 'failed'), row('@jobs', 'c', 'passed')]));
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /^Plan\s+Passed\s+Failed\s+Flaky\s+Not run\s+Total\s+Pass rate$/);
    assert.match(text, /^@jobs\s+2\s+1\s+0\s+0\s+3\s+66\.7 %$/m);
    assert.match(text, /^@planner\s+0\s+0\s+0\s+0\s+0\s+—$/m);
  });
});

describe('compareResults', () => {
  test('the same results do not regress', () => {
    const run = results([row('@stores', 'a', 'passed'), row('@jobs', 'b', 'failed')]);
    const comparison = compareResults(run, run);
    assert.equal(comparison.ok, true);
    assert.deepEqual(comparison.regressions, []);
  });

  test('a test that passed on the base and fails on the head regresses, with the plan rate lower', () => {
    const base = results([row('@stores', 'a', 'passed'), row('@stores', 'b', 'passed')]);
    const head = results([row('@stores', 'a', 'passed'), row('@stores', 'b', 'failed')]);
    const comparison = compareResults(base, head);
    assert.equal(comparison.ok, false);
    assert.deepEqual(comparison.regressions, [{ key: '@stores stores.spec.ts › b', base: 'passed', head: 'failed' }]);
    assert.equal(comparison.plans.find((plan) => plan.plan === '@stores')?.lower, true);
  });

  test('passing on the base and not run or flaky on the head regresses even when the rate holds', () => {
    // The head fixes one test and loses another: same rate, still a regression.
    const base = results([row('@planner', 'a', 'passed'), row('@planner', 'b', 'failed'), row('@planner', 'c', 'passed')]);
    for (const status of /** @type {const} */ (['not run', 'flaky'])) {
      const head = results([row('@planner', 'a', status), row('@planner', 'b', 'passed'), row('@planner', 'c', 'passed')]);
      const comparison = compareResults(base, head);
      assert.equal(comparison.plans.find((plan) => plan.plan === '@planner')?.lower, false, status);
      assert.deepEqual(comparison.regressions, [{ key: '@planner planner.spec.ts › a', base: 'passed', head: status }]);
      assert.deepEqual(comparison.fixed, [{ key: '@planner planner.spec.ts › b', base: 'failed', head: 'passed' }]);
      assert.equal(comparison.ok, false);
    }
  });

  test('a lower plan rate regresses even with no test lost: a new failing test on the head', () => {
    const base = results([row('@jobs', 'a', 'passed')]);
    const head = results([row('@jobs', 'a', 'passed'), row('@jobs', 'new', 'failed')]);
    const comparison = compareResults(base, head);
    assert.deepEqual(comparison.regressions, []);
    assert.deepEqual(comparison.onlyHead, ['@jobs jobs.spec.ts › new']);
    assert.equal(comparison.ok, false);
  });

  test('a plan the head did not run at all is lower; tests only on one side are listed, not compared', () => {
    const base = results([row('@jobs', 'a', 'passed'), row('@stores', 'b', 'passed')]);
    const head = results([row('@stores', 'b', 'passed'), row('@stores', 'c', 'passed')]);
    const comparison = compareResults(base, head);
    assert.equal(comparison.plans.find((plan) => plan.plan === '@jobs')?.lower, true);
    assert.deepEqual(comparison.onlyBase, ['@jobs jobs.spec.ts › a']);
    assert.deepEqual(comparison.onlyHead, ['@stores stores.spec.ts › c']);
    assert.equal(comparison.ok, false);
  });

  test('a better head passes, and the printout shows the rates side by side and what changed', () => {
    const base = results([row('@security', 'a', 'failed'), row('@security', 'b', 'passed')]);
    const head = results([row('@security', 'a', 'passed'), row('@security', 'b', 'passed')]);
    const comparison = compareResults(base, head);
    assert.equal(comparison.ok, true);
    const text = formatComparison(comparison, { base: 'main.json', head: 'branch.json' });
    assert.match(text, /^@security\s+50\.0 % \(1\/2\)\s+100\.0 % \(2\/2\)$/m);
    assert.match(text, /Passed on branch\.json, not on main\.json \(1\):\n {2}@security security\.spec\.ts › a: failed before/);
    assert.match(text, /branch\.json does not regress/);
  });
});

describe('parseResults', () => {
  test('reads a results file and refuses anything else by name', () => {
    const run = results([row('@jobs', 'a', 'passed')]);
    assert.deepEqual(parseResults(JSON.stringify(run), 'x.json'), run);
    assert.throws(() => parseResults('{', 'x.json'), /x\.json is not JSON/);
    assert.throws(() => parseResults('{"stats":{}}', 'playwright.json'), /playwright\.json is not an e2e plans results file/);
  });
});

describe('readmePictures', () => {
  test('every docs/screenshots picture a README names, once, in order', () => {
    const readme = '![a](docs/screenshots/overview.png)\nsee [docs/screenshots/b-c.png](docs/screenshots/b-c.png) and docs/screenshots/overview.png; not docs/other.png';
    assert.deepEqual(readmePictures(readme), ['overview.png', 'b-c.png']);
  });
});
