import path from 'node:path';

/** A run's results folder (gitignored): reports, traces and the screenshot of every page. */
const RESULTS_DIR = path.resolve(import.meta.dirname, '../../results');

/** Where a test's screenshot of a page goes: `<results>/screenshots/<name>.png`, never a tracked file. */
export function screenshotPath(name: string): string {
  return path.join(RESULTS_DIR, 'screenshots', `${name}.png`);
}
