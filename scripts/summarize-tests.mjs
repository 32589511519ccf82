// Adds up the JSON reports of every Vitest and Playwright run into one closing line.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = ['packages', 'apps']
  .flatMap((group) => fs.readdirSync(path.join(root, group)).map((name) => path.join(root, group, name)))
  .map((dir) => path.join(dir, '.test-results/vitest.json'))
  .concat(path.join(root, 'e2e/.test-results/playwright.json'))
  .filter((file) => fs.existsSync(file));

let passed = 0;
let failed = 0;
let skipped = 0;
/** Runs that went wrong outside any one test: a file that could not run, an error raised between tests. */
const broken = [];
for (const file of reports) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const where = path.relative(root, path.dirname(path.dirname(file)));
  if ('numPassedTests' in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    // A failed test fails its file too; a file failed with no failed test in it could not run or raised an error.
    const filesWithFailedTests = (report.testResults ?? []).filter((result) => (result.assertionResults ?? []).some((test) => test.status === 'failed'));
    const filesFailedOtherwise = (report.testResults ?? []).filter((result) => result.status === 'failed' && !filesWithFailedTests.includes(result));
    for (const result of filesFailedOtherwise) broken.push(`${where}: ${path.relative(root, result.name)} failed outside its tests (${String(result.message ?? '').split('\n')[0] || 'see its output'})`);
    if (report.success === false && report.numFailedTests === 0 && filesFailedOtherwise.length === 0) broken.push(`${where}: Vitest did not succeed, with no test failed (an error outside the tests: see its output)`);
  } else {
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
    for (const error of report.errors ?? []) broken.push(`${where}: ${String(error.message ?? error).split('\n')[0]}`);
  }
}
console.log(`\n${reports.length} reports`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
for (const line of broken) console.log(`not a clean run: ${line}`);
process.exit(failed > 0 || skipped > 0 || broken.length > 0 || reports.length === 0 ? 1 : 0);
