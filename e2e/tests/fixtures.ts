import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type APIRequestContext, type Page, type TestDetailsAnnotation, type TestInfo } from '@playwright/test';
import { planOf } from '../scripts/plan-results.mjs';
import { pageScreenshotPath } from './support/screenshots';
import { notAvailable, SELF_BUILT, STATIC_FIXTURES, type Fixture } from './support/target';

/** Directories standing in for NFS mounts, removed after each test. */
class TempDirs {
  private readonly made: string[] = [];
  private readonly immutable: string[] = [];

  dir(label: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stowage-e2e-${label}-`));
    this.made.push(dir);
    return dir;
  }

  file(label: string): string {
    const file = path.join(this.dir(label), 'not-a-directory.img');
    fs.writeFileSync(file, 'x');
    return file;
  }

  /** A directory nobody can write into, root included: immutable under root, mode 0555 otherwise. */
  unwritable(label: string): string {
    const dir = this.dir(label);
    if (process.getuid?.() === 0) {
      execFileSync('chattr', ['+i', dir]);
      this.immutable.push(dir);
    } else {
      fs.chmodSync(dir, 0o555);
    }
    return dir;
  }

  cleanup() {
    for (const dir of this.immutable) execFileSync('chattr', ['-i', dir]);
    for (const dir of this.made) {
      fs.chmodSync(dir, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The fixtures a describe or a test needs that a deployment may lack, as annotations:
 * `test.describe('…', { tag: '@planner', annotation: needs('agent-token', 'object-store') }, () => …)`.
 * On a deployment without one the test is skipped, which the reports count as not run (never passed); the
 * self-built product has them all.
 */
export function needs(...fixtures: Fixture[]): TestDetailsAnnotation[] {
  return fixtures.map((fixture) => ({ type: 'needs', description: fixture }));
}

/** The deployment's zone names now: whether it holds the demo data, or nothing yet. */
async function zoneNames(request: APIRequestContext): Promise<string[]> {
  const response = await request.get('/api/trpc/zone.list');
  if (!response.ok()) throw new Error(`zone.list answered ${response.status()}: ${await response.text()}`);
  const zones = ((await response.json()) as { result: { data: { json: { name: string }[] } } }).result.data.json;
  return zones.map((zone) => zone.name);
}

async function available(fixture: Fixture, request: APIRequestContext): Promise<boolean> {
  if (SELF_BUILT) return true;
  if (fixture === 'demo-data') {
    const zones = await zoneNames(request);
    return DEMO_ZONES.every((zone) => zones.includes(zone));
  }
  if (fixture === 'empty-installation') return (await zoneNames(request)).length === 0;
  return STATIC_FIXTURES[fixture];
}
const DEMO_ZONES = ['zone-east', 'zone-west', 'zone-north'];

/** Skips the test, before it starts, when the deployment lacks a fixture it needs. */
export async function skipUnlessAvailable(testInfo: TestInfo, request: APIRequestContext, fixtures: readonly Fixture[]) {
  for (const fixture of fixtures) {
    if (!(await available(fixture, request))) testInfo.skip(true, notAvailable(fixture));
  }
}

/** The fixtures the annotations of a test and its describes name. */
function declaredNeeds(testInfo: TestInfo): Fixture[] {
  return testInfo.annotations.filter((annotation) => annotation.type === 'needs').map((annotation) => annotation.description as Fixture);
}

export const test = base.extend<{ tempDirs: TempDirs; fixturesAvailable: void }>({
  // Every test: what it needs is there, or it is not run; every test needs the admin's session.
  fixturesAvailable: [
    async ({ request }, use, testInfo) => {
      // The plan, for the JUnit and HTML reports (the plans reporter fails a run with a test in none or two).
      const planned = planOf(testInfo.tags);
      if ('plan' in planned) testInfo.annotations.push({ type: 'plan', description: planned.plan });
      await skipUnlessAvailable(testInfo, request, ['admin-credentials', ...declaredNeeds(testInfo)]);
      await use();
    },
    { auto: true },
  ],
  // The final page of every test that opens one, under the test's name, beside the named screenshots.
  page: async ({ page }, use, testInfo) => {
    await use(page);
    if (page.isClosed()) return;
    const file = pageScreenshotPath(path.basename(testInfo.file, '.spec.ts'), screenshotName(testInfo));
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      await testInfo.attach('final page', { path: file, contentType: 'image/png' });
    } catch {
      // A page that cannot be drawn any more (crashed, navigating away at the end) has no final picture.
    }
  },
  // Directories the product reads as NFS mounts exist only where the product runs on this machine.
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  tempDirs: async ({}, use, testInfo) => {
    if (!STATIC_FIXTURES['same-machine']) testInfo.skip(true, notAvailable('same-machine'));
    const dirs = new TempDirs();
    await use(dirs);
    dirs.cleanup();
  },
});
export { expect };

/** A file name from the test's titles: readable, short enough, and unique through a hash of the full titles. */
function screenshotName(testInfo: TestInfo): string {
  const titles = testInfo.titlePath.slice(1).join(' › ');
  const readable = testInfo.titlePath.slice(1).join(' ').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 100);
  const hash = createHash('sha256').update(titles).digest('hex').slice(0, 8);
  return `${readable}-${hash}${testInfo.retry > 0 ? `-retry${testInfo.retry}` : ''}`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/**
 * Opens a page and waits until React has hydrated it: a click on a form's submit button before that is a
 * native submission (a reload that drops what was typed), which made tests flaky. Hydration is rendered in
 * slices, so a fiber on `main` does not yet mean the page's controls answer: the app marks `<html
 * data-hydrated>` from its outermost effect, after the first hydrated commit. Content in a Suspense boundary
 * (pages that read the URL's query) hydrates in a later pass, so every control must have its fiber too.
 */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect
    .poll(
      () =>
        page.locator('main').evaluate((main) => {
          const hydrated = (element: Element) => Object.keys(element).some((key) => key.startsWith('__reactFiber'));
          return [...main.querySelectorAll('form, button, input, select, textarea')].every(hydrated);
        }),
      { intervals: [50, 100, 250] },
    )
    .toBe(true);
}

export async function createZone(page: Page, name: string, mode: 'backup' | 'staging' = 'backup') {
  await gotoHydrated(page, '/zones');
  const form = page.getByRole('form', { name: 'Create zone' });
  await form.getByLabel('Zone name').fill(name);
  await form.getByLabel('Mode').selectOption(mode);
  await form.getByRole('button', { name: 'Create zone' }).click();
  await expect(page.getByTestId(`zone-row-${name}`)).toBeVisible();
}

export async function fillStoreForm(page: Page, options: { name: string; zone: string; path: string; capacityGib?: string }) {
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(options.name);
  await form.getByLabel('Provider').selectOption('nfs');
  await form.getByLabel('Role').selectOption('record');
  await form.getByLabel('Zone', { exact: true }).selectOption({ label: options.zone });
  await form.getByLabel('Mount path').fill(options.path);
  if (options.capacityGib) await form.getByLabel('Capacity (GiB, optional)').fill(options.capacityGib);
  await form.getByRole('button', { name: 'Register store' }).click();
  return form;
}
