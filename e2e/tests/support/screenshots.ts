import path from 'node:path';

/** A run's results folder (gitignored): reports, traces and the screenshot of every page. */
export const RESULTS_DIR = path.resolve(import.meta.dirname, '../../results');

/** Where a test's screenshot of a page goes: `<results>/screenshots/<name>.png`, never a tracked file. */
export function screenshotPath(name: string): string {
  return path.join(RESULTS_DIR, 'screenshots', `${name}.png`);
}

/** Where the final page of a test goes: `<results>/pages/<spec>/<test>.png` (tests/fixtures.ts takes them). */
export function pageScreenshotPath(spec: string, test: string): string {
  return path.join(RESULTS_DIR, 'pages', spec, `${test}.png`);
}
