import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { createZone, expect, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';
import { env } from './support/environment';
import { removeObjectsStoresAndZone } from './support/clean-up';
import { Agent } from './support/agent-api';
import { startSlowHttpServer, type SlowHttpServer } from './support/slow-http-server';

test.describe('Planner', { tag: '@planner', annotation: needs('object-store', 'same-machine', 'agent-token') }, () => {

/*
 * The capacity planner, end to end, on a RECORDED history: a staging zone with a 16 MiB NFS cache and a Swift
 * object store, three 1 MiB objects, and hypervisor agents (the agent HTTP API) acquiring and releasing them
 * (misses, then hits). The Planner tab of the Cache page then plans from what the product recorded. Everything
 * made here is removed at the end: staging-cache.spec.ts, later in the run, starts from no staging store.
 */

const MIB = 1024 * 1024;


test.describe.configure({ mode: 'serial' });

const zone = uniqueName('planzone');
const stagingStore = uniqueName('plan-nfs');
const swiftStore = uniqueName('plan-swift');
const objectA = uniqueName('plan-a');
const objectB = uniqueName('plan-b');
const objectC = uniqueName('plan-c');
const OBJECTS = [objectA, objectB, objectC];
/** Misses on the first access to each object, hits after: 3 misses, 5 hits. */
const ACQUIRES = [objectA, objectA, objectB, objectA, objectC, objectB, objectA, objectC];

let files: SlowHttpServer;
let workDir: string;

test.beforeAll(async () => {
  files = await startSlowHttpServer({ size: MIB, bytesPerSecond: 64 * MIB });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-planner-'));
});

test.afterAll(async () => {
  await files?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const sentence = (page: Page, id: string) => page.getByTestId(`planner-sentence-${id}`);

async function openPlanner(page: Page) {
  await gotoHydrated(page, '/cache?tab=planner');
  await page.getByLabel('Zone', { exact: true }).selectOption({ label: zone });
  await expect(page).toHaveURL(/tab=planner/);
}

test('a staging zone with a 16 MiB cache, a Swift object store and three 1 MiB objects', async ({ page }) => {
  test.setTimeout(120_000);
  await createZone(page, zone, 'staging');

  const nfsDir = path.join(workDir, 'staging');
  fs.mkdirSync(nfsDir);
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(stagingStore);
  await form.getByLabel('Provider').selectOption('nfs');
  await form.getByLabel('Role').selectOption('staging');
  await form.getByLabel('Zone', { exact: true }).selectOption({ label: zone });
  await form.getByLabel('Mount path').fill(nfsDir);
  await form.getByLabel('Capacity (GiB, optional)').fill(String(16 / 1024));
  await form.getByRole('button', { name: 'Register store' }).click();
  await expect(page.getByTestId(`store-card-${stagingStore}`)).toContainText('nfs · staging');

  const container = uniqueName('e2e-planner');
  await createRawContainer(
    { authUrl: env('E2E_SWIFT_AUTH_URL'), swift: { user: env('E2E_SWIFT_USER'), key: env('E2E_SWIFT_KEY') } },
    container,
  );
  await form.getByLabel('Store name').fill(swiftStore);
  await form.getByLabel('Provider').selectOption({ label: 'OpenStack Swift' });
  await form.getByLabel('Auth URL').fill(env('E2E_SWIFT_AUTH_URL'));
  await form.getByLabel('User', { exact: true }).fill(env('E2E_SWIFT_USER'));
  await form.getByLabel('Key / password').fill(env('E2E_SWIFT_KEY'));
  await form.getByLabel('Container').fill(container);
  await form.getByRole('button', { name: 'Register store' }).click();
  await expect(page.getByTestId(`store-card-${swiftStore}`)).toContainText('swift · object · region-wide', {
    timeout: 20_000,
  });

  // URL ingest from the test's own HTTP server on 127.0.0.1 (as objects.spec.ts leaves it).
  await gotoHydrated(page, '/settings');
  const ingest = page.getByRole('form', { name: 'URL ingest settings' });
  await ingest.getByLabel('Allowed networks').fill('127.0.0.1/32');
  await ingest.getByRole('button', { name: 'Save' }).click();
  await expect(ingest.getByRole('status')).toHaveText('Saved.');

  await gotoHydrated(page, '/objects');
  for (const name of OBJECTS) {
    const register = page.getByRole('form', { name: 'Register object from URL' });
    await register.getByLabel('URL', { exact: true }).fill(`${files.url}/images/${name}.qcow2`);
    await register.getByLabel('Name', { exact: true }).fill(name);
    await register.getByLabel('Kind').selectOption('template');
    await register.getByLabel('Format').selectOption('qcow2');
    await register.getByLabel('Origin zone', { exact: true }).selectOption({ label: zone });
    await register.getByLabel('Origin zone only').check();
    await register.getByRole('button', { name: 'Register and download' }).click();
    await expect(register.getByRole('status')).toContainText(`${name} registered`);
  }
  for (const name of OBJECTS) {
    await expect(
      page.getByTestId(`object-row-${name}`).getByTestId(`cell-object store ${swiftStore}`),
    ).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  }
});

test('with no acquires yet, the Planner explains where its history comes from', async ({ page }) => {
  await openPlanner(page);
  await expect(page.getByTestId('planner-empty')).toContainText(
    'every acquire by a hypervisor agent in a staging or backup zone is recorded',
  );
  await expect(page.getByTestId('planner-empty')).toContainText('import a trace CSV');
  await expect(page.getByRole('tab', { name: 'Planner' })).toHaveAttribute('aria-selected', 'true');
});

test('agents acquire and release: 3 misses then 5 hits, recorded in the access history', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const agent = new Agent(request);
  const seen = new Set<string>();
  for (const [index, objectName] of ACQUIRES.entries()) {
    const grant = await agent.acquire({ objectName, zoneName: zone, holder: `plan-host-${index}` });
    expect(grant.hit, `acquire ${index + 1} of ${objectName}`).toBe(seen.has(objectName));
    seen.add(objectName);
    await agent.release(grant.leaseId);
  }
  // The history is written within a second of each acquire.
  await new Promise((resolve) => setTimeout(resolve, 2000));
});

test('the Planner tab plans from the recorded acquires: curve, sentences, target, CSV exports', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openPlanner(page);
  const tab = page.getByRole('tab', { name: 'Planner' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Cache' })).toHaveAttribute('aria-selected', 'false');

  await expect(sentence(page, 'window')).toContainText(`30 days, ${ACQUIRES.length} acquires of 3 objects`);
  await expect(sentence(page, 'ceiling')).toContainText('Even an unlimited cache cannot exceed 62.5');
  await expect(sentence(page, 'ceiling')).toContainText('3 acquires');
  await expect(sentence(page, 'current')).toContainText("Today's 16.0 MiB: measured 62.5");
  await expect(sentence(page, 'warmup')).toContainText('Warm-up:');
  // 90 % is above the ceiling: no size reaches it.
  await expect(sentence(page, 'target')).toContainText(/No cache size reaches 90\s%/);

  const chart = page.getByTestId('planner-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(chart.getByRole('img')).toHaveAttribute(
    'aria-label',
    /Hit ratio against cache size.*ceiling 62\.5/,
  );
  await expect(page.getByTestId('planner-pull-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('planner-replay-row').first()).toBeVisible();

  // A bad target is refused at the field; a good one re-plans, and lands in the URL.
  const target = page.getByLabel('Target hit ratio (%)');
  await target.fill('150');
  await expect(page.getByTestId('planner-target-error')).toHaveText('Must be between 1 and 99.9 %.');
  await expect(target).toHaveAttribute('aria-invalid', 'true');
  await target.fill('abc');
  await expect(page.getByTestId('planner-target-error')).toContainText('Enter a number');
  await target.fill('50');
  await expect(page.getByTestId('planner-target-error')).toHaveCount(0);
  await expect(sentence(page, 'target')).toContainText(
    /To reach 50\s% of acquires as hits this zone needs [\d.]+\sMiB of staging space \(it has 16\.0\sMiB today\)\./,
  );
  await expect(page).toHaveURL(/target=50/);
  await expect(sentence(page, 'pull')).toContainText('per day from the object store');

  // The tab, zone and target survive a reload (a link to this view can be shared).
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Planner' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Zone', { exact: true })).toHaveValue(/.+/);
  await expect(sentence(page, 'target')).toContainText(/To reach 50\s%/);
  await expect(page.getByLabel('Target hit ratio (%)')).toHaveValue('50');

  // The tabs are reachable by keyboard: arrows move between them.
  await page.getByRole('tab', { name: 'Planner' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Cache' })).toBeFocused();
  await expect(page.getByTestId('cache-space-card')).toContainText(`Space on ${stagingStore}`);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Planner' })).toHaveAttribute('aria-selected', 'true');
  await expect(sentence(page, 'target')).toContainText(/To reach 50\s%/);

  // The exports: the recorded accesses one line each, and the curve.
  const traceDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Trace CSV' }).click();
  const trace = await traceDownload;
  const traceText = fs
    .readFileSync((await trace.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(traceText[0]).toBe('time,object,size,hit');
  expect(traceText).toHaveLength(ACQUIRES.length + 1);
  expect(traceText.slice(1).every((line) => /^\d{4}-\d\d-\d\dT[^,]+Z,[^,]+,1048576,[01]$/.test(line))).toBe(
    true,
  );
  expect(traceText.slice(1).filter((line) => line.endsWith(',1'))).toHaveLength(5);

  const curveDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Curve CSV' }).click();
  const curve = await curveDownload;
  const curveText = fs
    .readFileSync((await curve.path())!, 'utf8')
    .trim()
    .split('\n');
  expect(curveText[0]).toMatch(/^capacity/);
  expect(curveText.length).toBeGreaterThan(10);

  await page.mouse.move(0, 0);
  expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
  await page.screenshot({ path: screenshotPath('planner'), fullPage: true });
});

test('an imported trace is planned in the same view, and a bad line is named', async ({ page }) => {
  await openPlanner(page);
  const input = page.getByLabel('Import a trace (CSV)');

  const bad = [
    'time,object,size',
    '2026-01-01T00:00:00Z,a,1048576',
    'yesterday,b,1048576',
    '2026-01-01T00:02:00Z,a,1048576',
  ].join('\n');
  await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(page.getByTestId('planner-import-error')).toContainText('Line 3');
  await expect(page.getByTestId('planner-import-error').getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('planner-imported-banner')).toHaveCount(0);

  const start = Date.parse('2026-01-01T00:00:00Z');
  const names = ['a', 'b', 'a', 'c', 'a', 'b', 'd', 'a', 'b', 'c', 'a', 'b'];
  const sizes: Record<string, number> = { a: 4 * MIB, b: MIB, c: 2 * MIB, d: 8 * MIB };
  const lines = [
    'time,object,size',
    ...names.map((name, index) => `${new Date(start + index * 60_000).toISOString()},${name},${sizes[name]}`),
  ];
  await input.setInputFiles({
    name: 'small.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  const banner = page.getByTestId('planner-imported-banner');
  await expect(banner).toContainText('Imported trace: small.csv — not a zone');
  await expect(page.getByTestId('planner-import-error')).toHaveCount(0);
  await expect(sentence(page, 'window')).toContainText(
    `Imported trace: ${names.length} accesses of 4 objects`,
  );
  await expect(sentence(page, 'current')).toHaveCount(0);
  await expect(page.getByTestId('planner-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Trace CSV' })).toHaveCount(0);

  await page.mouse.move(0, 0);
  await page.screenshot({ path: test.info().outputPath('planner-imported.png'), fullPage: true });

  await banner.getByRole('button', { name: `Back to ${zone}` }).click();
  await expect(banner).toHaveCount(0);
  await expect(sentence(page, 'window')).toContainText(`30 days, ${ACQUIRES.length} acquires of 3 objects`);
});

test('clean up: objects deleted, stores removed, zone deleted', async ({ page }) => {
  test.setTimeout(120_000);
  await removeObjectsStoresAndZone(page, { objects: OBJECTS, stores: [stagingStore, swiftStore], zone });
});

test('the demo’s staging zone plans a month of generated acquires (first-run loaded the demo)', { annotation: needs('demo-data') }, async ({
  page,
}) => {
  await gotoHydrated(page, '/cache?tab=planner');
  await page.getByLabel('Zone', { exact: true }).selectOption({ label: 'zone-north' });
  await expect(sentence(page, 'window')).toContainText(/30 days, 4\d,\d{3} acquires of [\d,]+ objects/);
  // A realistic history: a size reaches 90 % or the ceiling says why not; today's 400 GiB is measured and predicted.
  await expect(sentence(page, 'current')).toContainText(/Today's 400(\.0)?\sGiB: measured \d+(\.\d)?\s%/);
  await expect(sentence(page, 'ceiling')).toContainText('first accesses (compulsory misses');
  await expect(sentence(page, 'knee')).toBeVisible();
  await expect(page.getByTestId('planner-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('planner-replay-row')).not.toHaveCount(0);
  await page.screenshot({ path: screenshotPath('planner-demo'), fullPage: true });
});

test('settings: how much access history is kept, refused at its field when out of range', async ({
  page,
}) => {
  await gotoHydrated(page, '/settings');
  const form = page.getByRole('form', { name: 'Access history settings' });
  await expect(form.getByLabel(/Record every acquire/)).toBeChecked();
  const days = form.getByLabel('Keep for (days)');
  await expect(days).toHaveValue('90');
  await days.fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('At least 1 day');
  await days.fill('120');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(
    page.getByRole('form', { name: 'Access history settings' }).getByLabel('Keep for (days)'),
  ).toHaveValue('120');
  // Back to the default, for the specs after this one.
  await page.getByRole('form', { name: 'Access history settings' }).getByLabel('Keep for (days)').fill('90');
  await page
    .getByRole('form', { name: 'Access history settings' })
    .getByRole('button', { name: 'Save' })
    .click();
  await expect(page.getByRole('form', { name: 'Access history settings' }).getByRole('status')).toHaveText(
    'Saved.',
  );
});
});
