// The unit tests of the e2e scripts (node:test), for `pnpm test`: the arguments scripts/test.sh gives every
// package's test script are Vitest's, so they are ignored here.
import path from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const stream = run({ files: ['plan-results.test.mjs', 'repeat-results.test.mjs'].map((file) => path.join(import.meta.dirname, file)) });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
stream.compose(new spec()).pipe(process.stdout);
