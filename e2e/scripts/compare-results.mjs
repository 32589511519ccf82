// pnpm e2e:compare <main.json> <branch.json>: the per-plan pass rates of two e2e runs side by side, and every
// test that passes on one and not on the other. Exits 1 when the second run regresses against the first (a
// plan's pass rate lower, or a test that passed on the first not passing on the second), 2 on a bad argument.
import fs from 'node:fs';
import path from 'node:path';
import { compareResults, formatComparison, parseResults } from './plan-results.mjs';

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length !== 2) {
  console.error('usage: pnpm e2e:compare <main results.json> <branch results.json>   (each a copy of e2e/results/plans.json)');
  process.exit(2);
}
const [baseFile, headFile] = /** @type {[string, string]} */ (files);
try {
  const base = parseResults(fs.readFileSync(baseFile, 'utf8'), baseFile);
  const head = parseResults(fs.readFileSync(headFile, 'utf8'), headFile);
  // The files' names head the columns; their paths when the names are the same.
  const same = path.basename(baseFile) === path.basename(headFile);
  const names = { base: same ? baseFile : path.basename(baseFile), head: same ? headFile : path.basename(headFile) };
  const comparison = compareResults(base, head);
  console.log(formatComparison(comparison, names));
  process.exit(comparison.ok ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
