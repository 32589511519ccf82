// Adds up the JSON reports of every test run (Vitest in each workspace package, the e2e scripts' node:test
// units, Playwright) into one closing line, and names whatever went wrong outside a failed test: a package
// whose tests wrote no report, a file that could not run, an error raised between tests, a Turborepo task
// that exited non-zero with every test passed. For such a task the tail of its output is printed too, since
// a reader of a long log sees only its end.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const runLog = path.join(root, '.test-results/test-run.log');
const TAIL_LINES = 40;

const workspaceDirs = ['packages', 'apps', 'tooling']
  .flatMap((group) => fs.readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)))
  .concat(path.join(root, 'e2e'))
  .filter((dir) => fs.existsSync(path.join(dir, 'package.json')));

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const firstLine = (text) => String(text ?? '').split('\n')[0];

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const broken = [];

for (const dir of workspaceDirs) {
  const where = path.relative(root, dir);
  const testScript = readJson(path.join(dir, 'package.json')).scripts?.test ?? '';
  const vitestReport = path.join(dir, '.test-results/vitest.json');
  if (testScript.includes('vitest')) {
    if (!fs.existsSync(vitestReport)) {
      broken.push(`${where}: its tests wrote no report (they did not run, or the run died)`);
      continue;
    }
    reports += 1;
    const report = readJson(vitestReport);
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A failed test fails its file too; a file failed with no failed test in it could not run or raised an error.
    const filesWithFailedTests = (report.testResults ?? []).filter((result) => (result.assertionResults ?? []).some((test) => test.status === 'failed'));
    const filesFailedOtherwise = (report.testResults ?? []).filter((result) => result.status === 'failed' && !filesWithFailedTests.includes(result));
    for (const result of filesFailedOtherwise) broken.push(`${where}: ${path.relative(root, result.name)} failed outside its tests (${firstLine(result.message) || 'see its output'})`);
    if (report.success === false && report.numFailedTests === 0 && filesFailedOtherwise.length === 0) broken.push(`${where}: Vitest did not succeed, with no test failed (an error outside the tests: see its output)`);
  }
  const nodeTestReport = path.join(dir, '.test-results/node-test.json');
  if (fs.existsSync(nodeTestReport)) {
    reports += 1;
    const report = readJson(nodeTestReport);
    passed += report.passed;
    failed += report.failed;
    skipped += report.skipped;
  } else if (testScript.startsWith('node ')) {
    broken.push(`${where}: its tests wrote no report (they did not run, or the run died)`);
  }
  const playwrightReport = path.join(dir, '.test-results/playwright.json');
  if (fs.existsSync(playwrightReport)) {
    reports += 1;
    const report = readJson(playwrightReport);
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
    for (const error of report.errors ?? []) broken.push(`${where}: ${firstLine(error.message ?? error)}`);
  }
}

/** Tasks Turborepo ran (`--summarize`) that exited non-zero, with the tail of what each one printed. */
const failedTasks = [];
const runsDir = path.join(root, '.turbo/runs');
for (const file of fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : []) {
  for (const task of readJson(path.join(runsDir, file)).tasks ?? []) {
    const exitCode = task.execution?.exitCode;
    if (exitCode !== undefined && exitCode !== null && exitCode !== 0) failedTasks.push({ taskId: task.taskId, exitCode });
  }
}
const logLines = fs.existsSync(runLog) ? fs.readFileSync(runLog, 'utf8').split('\n') : [];
for (const { taskId, exitCode } of failedTasks) {
  const prefix = `${taskId.replace('#', ':')}:`;
  const lines = logLines.filter((line) => line.startsWith(prefix));
  console.log(`\n--- ${taskId} exited ${exitCode}; the last ${Math.min(TAIL_LINES, lines.length)} lines it printed:`);
  for (const line of lines.slice(-TAIL_LINES)) console.log(line);
}

console.log(`\n${reports} reports`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
for (const { taskId, exitCode } of failedTasks) console.log(`task failed: ${taskId} exited ${exitCode}`);
for (const line of broken) console.log(`not a clean run: ${line}`);
process.exit(failed > 0 || skipped > 0 || broken.length > 0 || failedTasks.length > 0 || reports === 0 ? 1 : 0);
