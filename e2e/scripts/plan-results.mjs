// The e2e test plans and their results: which plan a test belongs to, the pass rate per plan, the table a run
// prints, and the comparison of two runs (the merge criterion). Shared by the plans reporter
// (e2e/reporters/plans-reporter.ts) and `pnpm e2e:compare`; plain JavaScript so node runs it as it is.

/** @typedef {'passed' | 'failed' | 'flaky' | 'not run'} Status */
/**
 * @typedef {object} TestResultRow
 * @property {string} plan the plan's tag, e.g. '@planner'
 * @property {string} file the spec, relative to e2e/tests
 * @property {string} title the describe titles and the test title, joined with ' › '
 * @property {Status} status
 * @property {string} [reason] why it was not run, or its first error line
 * @property {number} durationMs
 */
/**
 * @typedef {object} PlanRow
 * @property {string} plan
 * @property {number} passed
 * @property {number} failed
 * @property {number} flaky
 * @property {number} notRun
 * @property {number} total
 * @property {number | null} passRate passed / total (flaky and not run count against it); null with no tests
 */
/**
 * @typedef {object} PlanResults
 * @property {number} version
 * @property {string} startedAt
 * @property {string} target 'self-built' or the deployment's URL
 * @property {Record<string, boolean | 'checked per test'>} fixtures
 * @property {PlanRow[]} plans
 * @property {TestResultRow[]} tests
 * @property {string[]} problems tests in no plan or in two
 */

export const RESULTS_VERSION = 1;

/** Every plan, by its tag, with what it covers (e2e/README.md says the same for QA). */
export const PLANS = [
  { tag: '@stores', name: 'Stores', covers: 'zones, NFS and object stores, zone mode switches' },
  { tag: '@objects-sync', name: 'Objects and sync', covers: 'registering, uploading and copying objects to every zone; the region matrix' },
  { tag: '@staging-cache', name: 'Staging cache', covers: 'the staging zone cache: acquires, leases, eviction, pins' },
  { tag: '@jobs', name: 'Jobs', covers: 'workers and the jobs they run' },
  { tag: '@security', name: 'Security', covers: 'sign-in, roles, users, tokens, events, headers, no secret leaks' },
  { tag: '@planner', name: 'Planner', covers: 'the capacity planner: access history, curve, plan, trace import' },
  { tag: '@navigation', name: 'Navigation and accessibility', covers: 'first run, the overview, every page loading, axe, long names' },
];
const PLAN_TAGS = new Set(PLANS.map((plan) => plan.tag));

/**
 * The one plan a test's tags name, or a problem when they name none or several.
 * @param {readonly string[]} tags
 * @returns {{ plan: string } | { problem: string }}
 */
export function planOf(tags) {
  const plans = [...new Set(tags.filter((tag) => PLAN_TAGS.has(tag)))];
  if (plans.length === 1) return { plan: /** @type {string} */ (plans[0]) };
  if (plans.length === 0) return { problem: `belongs to no plan (tag its describe with one of ${[...PLAN_TAGS].join(', ')})` };
  return { problem: `belongs to ${plans.length} plans (${plans.join(', ')}): a test belongs to exactly one` };
}

/**
 * The pass rate per plan, every plan listed (in PLANS order), plus the plans' total as 'all'.
 * @param {readonly TestResultRow[]} tests
 * @returns {PlanRow[]}
 */
export function summarizePlans(tests) {
  /** @param {string} plan @param {readonly TestResultRow[]} rows @returns {PlanRow} */
  const row = (plan, rows) => {
    const count = (/** @type {Status} */ status) => rows.filter((test) => test.status === status).length;
    const passed = count('passed');
    return { plan, passed, failed: count('failed'), flaky: count('flaky'), notRun: count('not run'), total: rows.length, passRate: rows.length === 0 ? null : passed / rows.length };
  };
  return [...PLANS.map((plan) => row(plan.tag, tests.filter((test) => test.plan === plan.tag))), row('all', tests)];
}

/** @param {number | null} rate */
export function formatRate(rate) {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/**
 * The table a run prints.
 * @param {readonly PlanRow[]} rows
 * @returns {string}
 */
export function formatPlanTable(rows) {
  const header = ['Plan', 'Passed', 'Failed', 'Flaky', 'Not run', 'Total', 'Pass rate'];
  const lines = rows.map((row) => [row.plan, String(row.passed), String(row.failed), String(row.flaky), String(row.notRun), String(row.total), formatRate(row.passRate)]);
  return table(header, lines);
}

/**
 * Columns padded to their widest cell; the first left-aligned, the rest right-aligned.
 * @param {readonly string[]} header
 * @param {readonly (readonly string[])[]} lines
 */
function table(header, lines) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (/** @type {readonly string[]} */ line) =>
    line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(format)].join('\n');
}

/** A test's identity across runs: its plan, its file and its titles. @param {TestResultRow} test */
export function testKey(test) {
  return `${test.plan} ${test.file} › ${test.title}`;
}

/**
 * @typedef {object} Comparison
 * @property {{ plan: string, base: PlanRow, head: PlanRow, lower: boolean }[]} plans
 * @property {{ key: string, base: Status, head: Status }[]} regressions passed on the base, not on the head
 * @property {{ key: string, base: Status, head: Status }[]} fixed passed on the head, not on the base
 * @property {string[]} onlyBase tests the head does not have
 * @property {string[]} onlyHead tests the base does not have
 * @property {boolean} ok no plan's pass rate lower on the head, no test passing on the base failing on the head
 */

/**
 * Compares a run of the main line (base) with a run of a branch (head): per-plan pass rates side by side and
 * every test that passes on one and not on the other. The head regresses when a plan's pass rate is lower (a
 * plan with tests on the base and none on the head counts as lower) or a test that passed on the base does
 * not pass on the head (failed, flaky or not run).
 * @param {PlanResults} base
 * @param {PlanResults} head
 * @returns {Comparison}
 */
export function compareResults(base, head) {
  const baseRows = summarizePlans(base.tests);
  const headRows = summarizePlans(head.tests);
  const plans = baseRows.map((baseRow, index) => {
    const headRow = /** @type {PlanRow} */ (headRows[index]);
    const lower = baseRow.passRate !== null && (headRow.passRate === null || headRow.passRate < baseRow.passRate - 1e-9);
    return { plan: baseRow.plan, base: baseRow, head: headRow, lower };
  });
  const baseTests = new Map(base.tests.map((test) => [testKey(test), test.status]));
  const headTests = new Map(head.tests.map((test) => [testKey(test), test.status]));
  /** @type {Comparison['regressions']} */
  const regressions = [];
  /** @type {Comparison['fixed']} */
  const fixed = [];
  for (const [key, baseStatus] of baseTests) {
    const headStatus = headTests.get(key);
    if (headStatus === undefined || headStatus === baseStatus) continue;
    if (baseStatus === 'passed') regressions.push({ key, base: baseStatus, head: headStatus });
    else if (headStatus === 'passed') fixed.push({ key, base: baseStatus, head: headStatus });
  }
  const onlyBase = [...baseTests.keys()].filter((key) => !headTests.has(key));
  const onlyHead = [...headTests.keys()].filter((key) => !baseTests.has(key));
  const ok = regressions.length === 0 && !plans.some((plan) => plan.lower);
  return { plans, regressions, fixed, onlyBase, onlyHead, ok };
}

/**
 * What `pnpm e2e:compare` prints.
 * @param {Comparison} comparison
 * @param {{ base: string, head: string }} names
 * @returns {string}
 */
export function formatComparison(comparison, names) {
  /** @param {PlanRow} row */
  const cell = (row) => (row.total === 0 ? '—' : `${formatRate(row.passRate)} (${row.passed}/${row.total})`);
  const lines = comparison.plans.map((plan) => [plan.plan, cell(plan.base), cell(plan.head), plan.lower ? 'LOWER' : '']);
  const out = [table(['Plan', names.base, names.head, ''], lines)];
  /** @param {string} title @param {readonly string[]} items */
  const section = (title, items) => {
    if (items.length > 0) out.push('', `${title} (${items.length}):`, ...items.map((item) => `  ${item}`));
  };
  section(`Passed on ${names.base}, not on ${names.head}`, comparison.regressions.map((test) => `${test.key}: ${test.head}`));
  section(`Passed on ${names.head}, not on ${names.base}`, comparison.fixed.map((test) => `${test.key}: ${test.base} before`));
  section(`Only on ${names.base}`, comparison.onlyBase);
  section(`Only on ${names.head}`, comparison.onlyHead);
  out.push('', comparison.ok ? `${names.head} does not regress: no plan's pass rate is lower and nothing that passed on ${names.base} fails.` : `${names.head} regresses against ${names.base}.`);
  return out.join('\n');
}

/**
 * A results file, checked enough to compare.
 * @param {string} text
 * @param {string} name
 * @returns {PlanResults}
 */
export function parseResults(text, name) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const results = /** @type {Partial<PlanResults> | null} */ (value);
  if (results === null || typeof results !== 'object' || results.version !== RESULTS_VERSION || !Array.isArray(results.tests)) {
    throw new Error(`${name} is not an e2e plans results file (version ${RESULTS_VERSION}; e2e/results/plans.json after a run)`);
  }
  return /** @type {PlanResults} */ (results);
}
