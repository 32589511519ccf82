// The unit tests of the e2e scripts (node:test), for `pnpm test`: the arguments scripts/test.sh gives every
// package's test script are Vitest's, so they are ignored here. Their counts go to .test-results/node-test.json
// for the test command's closing summary.
import fs from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const counts = { passed: 0, failed: 0, skipped: 0 };
/** @param {{ details?: { type?: string } }} data */
const isTest = (data) => data.details?.type !== 'suite';

const stream = run({ files: ['plan-results.test.mjs', 'repeat-results.test.mjs'].map((file) => path.join(import.meta.dirname, file)) });
stream.on('test:pass', (data) => {
  if (isTest(data)) counts[data.skip || data.todo ? 'skipped' : 'passed'] += 1;
});
stream.on('test:fail', (data) => {
  process.exitCode = 1;
  if (isTest(data)) counts.failed += 1;
});
process.on('exit', () => {
  const report = path.join(import.meta.dirname, '../.test-results/node-test.json');
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, `${JSON.stringify(counts)}\n`);
});
stream.compose(new spec()).pipe(process.stdout);
