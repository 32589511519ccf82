import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { createZone, expect, fillStoreForm, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';
import { env } from './support/environment';
import { expectNoSidewaysScroll } from './support/layout';
import { deterministicBytes, startSlowHttpServer, type SlowHttpServer } from './support/slow-http-server';

test.describe('Objects and sync', { tag: '@objects-sync', annotation: needs('object-store', 'same-machine') }, () => {

const MIB = 1024 * 1024;


// One story, in order: the zones, stores and settings made by the first tests are what the later ones use.
test.describe.configure({ mode: 'serial' });

const zoneA = uniqueName('objzone-a');
const zoneB = uniqueName('objzone-b');
const storeA = uniqueName('obj-nfs-a');
const storeB = uniqueName('obj-nfs-b');
const swiftStore = uniqueName('obj-swift');
const template = uniqueName('tmpl');
const uploaded = uniqueName('upl');
const broken = uniqueName('gone');
const again = uniqueName('again');

let slow: SlowHttpServer;
/** NFS "mounts" that must outlive single tests (the tempDirs fixture removes its directories after each test). */
let workDir: string;

test.beforeAll(async () => {
  slow = await startSlowHttpServer({ size: 32 * MIB, bytesPerSecond: 4 * MIB });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-objects-'));
  for (const dir of ['nfs-a', 'nfs-b']) fs.mkdirSync(path.join(workDir, dir));
});

test.afterAll(async () => {
  await slow?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});


async function openObjects(page: Page) {
  await gotoHydrated(page, '/objects');
  await expect(page.getByRole('tab', { name: 'From URL' })).toBeVisible();
}

async function fillRegistration(page: Page, options: { name: string; url?: string }) {
  const form = page.getByRole('form', { name: options.url === undefined ? 'Upload object file' : 'Register object from URL' });
  if (options.url !== undefined) await form.getByLabel('URL', { exact: true }).fill(options.url);
  await form.getByLabel('Name', { exact: true }).fill(options.name);
  await form.getByLabel('Kind').selectOption('template');
  await form.getByLabel('Format').selectOption('qcow2');
  await form.getByLabel('Origin zone', { exact: true }).selectOption({ label: zoneA });
  return form;
}

test('two zones, a record store in each and the Swift object store, through the UI', async ({ page }) => {
  await createZone(page, zoneA);
  await createZone(page, zoneB);
  await fillStoreForm(page, { name: storeA, zone: zoneA, path: path.join(workDir, 'nfs-a') });
  await expect(page.getByTestId(`store-card-${storeA}`)).toBeVisible();
  await fillStoreForm(page, { name: storeB, zone: zoneB, path: path.join(workDir, 'nfs-b') });
  await expect(page.getByTestId(`store-card-${storeB}`)).toBeVisible();

  const container = uniqueName('e2e-objects');
  await createRawContainer({ authUrl: env('E2E_SWIFT_AUTH_URL'), swift: { user: env('E2E_SWIFT_USER'), key: env('E2E_SWIFT_KEY') } }, container);
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(swiftStore);
  await form.getByLabel('Provider').selectOption({ label: 'OpenStack Swift' });
  await form.getByLabel('Auth URL').fill(env('E2E_SWIFT_AUTH_URL'));
  await form.getByLabel('User', { exact: true }).fill(env('E2E_SWIFT_USER'));
  await form.getByLabel('Key / password').fill(env('E2E_SWIFT_KEY'));
  await form.getByLabel('Container').fill(container);
  await form.getByRole('button', { name: 'Register store' }).click();
  await expect(page.getByTestId(`store-card-${swiftStore}`)).toContainText('swift · object · region-wide', { timeout: 20_000 });

  // Transfer limits are part of a store's settings.
  const card = page.getByTestId(`store-card-${storeB}`);
  await card.getByRole('button', { name: 'Edit' }).click();
  const edit = card.getByRole('form', { name: `Edit store ${storeB}` });
  await expect(edit.getByLabel('Max concurrent transfers')).toHaveValue('4');
  await edit.getByLabel('Bandwidth limit (MiB/s)').fill('0.01');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.locator('[data-testid$="-bandwidth-error"]')).toHaveText('A bandwidth limit is at least 64 KiB/s');
  await edit.getByLabel('Max concurrent transfers').fill('8');
  await edit.getByLabel('Bandwidth limit (MiB/s)').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(card.getByTestId('store-transfer-limits')).toHaveText('At most 8 transfers at once · no bandwidth limit');
});

test('settings: a bad CIDR is refused at its field; 127.0.0.1/32 is allowed for URL ingest', async ({ page }) => {
  await gotoHydrated(page, '/settings');
  const form = page.getByRole('form', { name: 'URL ingest settings' });
  await expect(form.getByLabel('Maximum object size (GiB)')).toHaveValue('64');
  await form.getByLabel('Allowed networks').fill('127.0.0.1/32\n10.0.0.0/33');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByTestId('ingest-allowed-networks-error')).toHaveText('"10.0.0.0/33" is not an IP address or CIDR network.');

  await form.getByLabel('Allowed networks').fill('127.0.0.1/32');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await page.reload();
  await expect(form.getByLabel('Allowed networks')).toHaveValue('127.0.0.1/32');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('settings') });
});

test('a refused URL is reported under the URL field', async ({ page }) => {
  await openObjects(page);
  const form = await fillRegistration(page, { name: uniqueName('refused'), url: 'http://169.254.169.254/latest/meta-data' });
  await form.getByRole('button', { name: 'Register and download' }).click();
  await expect(form.getByTestId('object-url-error')).toHaveText('Refused URL http://169.254.169.254: 169.254.169.254 is a cloud metadata address.');
  await expect(form.getByLabel('URL', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('URL', { exact: true }).fill('file:///etc/passwd');
  await form.getByRole('button', { name: 'Register and download' }).click();
  await expect(form.getByTestId('object-url-error')).toHaveText('Refused URL (file:): only http and https URLs can be registered.');
  await form.getByLabel('URL', { exact: true }).scrollIntoViewIfNeeded();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('object-url-refused') });
});

test('register a template by URL: its progress bar moves, then every zone and the object store hold a ready copy', async ({ page }) => {
  test.setTimeout(150_000);
  await openObjects(page);
  const form = await fillRegistration(page, { name: template, url: `${slow.url}/images/${template}.qcow2` });
  await expect(form.getByLabel('All zones')).toBeChecked();
  await form.getByRole('button', { name: 'Register and download' }).click();
  await expect(form.getByRole('status')).toContainText(`${template} registered`);

  // The list follows on its own (it polls): the origin zone's cell shows the download in flight.
  const row = page.getByTestId(`object-row-${template}`);
  await expect(row.getByTestId(`cell-${zoneA}`)).toHaveAttribute('data-state', 'copying', { timeout: 15_000 });
  await expect(row.getByTestId(`cell-${zoneA}`).getByRole('progressbar')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('objects-list-copying'), fullPage: true });

  await row.getByRole('link', { name: template }).click();
  await expect(page.getByRole('heading', { name: template })).toBeVisible();
  const bar = page.getByTestId(`replica-${storeA}`).getByRole('progressbar');
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('aria-valuenow'));
  await expect(bar).toHaveAttribute('aria-valuemax', String(slow.size));
  // Seen moving: a later poll of the page shows more bytes than the first look did.
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000, intervals: [500] }).toBeGreaterThan(first);
  await expect(bar).toHaveAttribute('aria-valuetext', /MiB of 32\.0 MiB · \d+%/);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('object-detail-progress'), fullPage: true });

  await expect(page.getByTestId(`replica-${storeB}`)).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId(`replica-${storeA}`)).toHaveAttribute('data-state', 'ready');
  const sync = page.getByRole('group', { name: 'Sync state per zone' });
  await expect(sync.getByTestId(`cell-object store ${swiftStore}`)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(sync.getByTestId(`cell-${zoneA}`)).toHaveAttribute('data-state', 'ready');
  await expect(sync.getByTestId(`cell-${zoneB}`)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('object-sha256')).toHaveText(slow.sha256);
  await expect(page.getByTestId('object-status')).toHaveText('In sync', { timeout: 60_000 });
  await expect(page.getByTestId('object-jobs').getByTestId(/^job-row-/).first()).toBeVisible();
  expect(slow.requests()).toBe(1);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('object-detail-ready'), fullPage: true });
});

test('upload a file from the browser: it is ready on the origin zone', async ({ page, tempDirs }) => {
  const file = path.join(tempDirs.dir('upload'), `${uploaded}.qcow2`);
  fs.writeFileSync(file, deterministicBytes(3 * MIB, 42));
  await openObjects(page);
  await page.getByRole('tab', { name: 'Upload file' }).click();
  const form = page.getByRole('form', { name: 'Upload object file' });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByTestId('object-file-error')).toHaveText('Choose a file to upload');

  await form.getByLabel('File').setInputFiles(file);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(uploaded);
  await fillRegistration(page, { name: uploaded });
  await form.getByLabel('Chosen zones').check();
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByTestId('object-zones-error')).toHaveText('Choose at least one zone');
  await form.getByRole('group', { name: 'Zones to place in' }).getByLabel(zoneA).check();
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByRole('status')).toContainText(`${uploaded} uploaded and checked`, { timeout: 30_000 });

  const row = page.getByTestId(`object-row-${uploaded}`);
  await expect(row.getByTestId(`cell-${zoneA}`)).toHaveAttribute('data-state', 'ready');
  await expect(row.getByTestId(`cell-${zoneB}`)).toHaveAttribute('data-state', 'not_placed');
  await expect(row).toContainText('3.0 MiB');
  await form.getByRole('link', { name: 'View it' }).click();
  await expect(page.getByTestId(`replica-${storeA}`)).toHaveAttribute('data-state', 'ready');
});

test('the jobs page shows counts, the exact failures with reasons, and recent jobs with their routes', async ({ page }) => {
  await openObjects(page);
  const form = await fillRegistration(page, { name: broken, url: `${slow.url}/missing/${broken}.qcow2` });
  await form.getByRole('button', { name: 'Register and download' }).click();
  await expect(form.getByRole('status')).toContainText(`${broken} registered`);
  const brokenRow = page.getByTestId(`object-row-${broken}`);
  await expect(brokenRow.getByTestId(`cell-${zoneA}`)).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await expect(brokenRow.getByTestId(`cell-${zoneA}`)).toContainText('answered HTTP 404');
  await expect(brokenRow.getByText('Failed', { exact: true }).first()).toBeVisible();
  // The list with every kind of outcome: in sync everywhere, placed in one zone only, failed with its reason.
  await expect(page.getByTestId(`object-row-${template}`).getByTestId(`cell-${zoneB}`)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId(`object-row-${template}`).scrollIntoViewIfNeeded();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('objects-list'), fullPage: true });

  // A second slow download, to be seen running on the jobs page.
  const second = await fillRegistration(page, { name: again, url: `${slow.url}/images/${again}.qcow2` });
  await second.getByLabel('Origin zone only').check();
  await second.getByRole('button', { name: 'Register and download' }).click();
  await expect(second.getByRole('status')).toContainText(`${again} registered`);

  await gotoHydrated(page, '/jobs');
  await expect(page.getByRole('link', { name: 'Jobs' })).toHaveAttribute('aria-current', 'page');
  const running = page.getByTestId('recent-jobs').getByRole('row').filter({ hasText: again }).filter({ hasText: /^ingest/ });
  await expect(running).toContainText('Running', { timeout: 15_000 });
  await expect(running.getByRole('progressbar', { name: 'ingest job progress' })).toHaveAttribute('aria-valuemax', String(slow.size));
  const failures = page.getByTestId('failures');
  const failed = failures.getByRole('row').filter({ hasText: broken });
  await expect(failed).toContainText(`${new URL(slow.url).origin} answered HTTP 404.`);
  await expect(running.getByRole('progressbar')).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('jobs'), fullPage: true });

  await expect(page.getByTestId('job-count-succeeded')).toHaveText(/^Succeeded\s*[1-9]\d*$/);
  await expect(page.getByTestId('job-count-failed')).toHaveText(/^Failed\s*[1-9]\d*$/);
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();

  await page.getByLabel('Zone', { exact: true }).selectOption({ label: zoneB });
  await expect(failures.getByRole('row').filter({ hasText: broken })).toHaveCount(0);
  await page.getByLabel('Zone', { exact: true }).selectOption({ label: zoneA });
  await expect(failures.getByRole('row').filter({ hasText: broken })).toHaveCount(1);
  const recent = page.getByTestId('recent-jobs');
  const ingest = recent.getByRole('row').filter({ hasText: template }).filter({ hasText: 'ingest' });
  await expect(ingest).toContainText('Succeeded');
  await expect(ingest).toContainText(`outside→ to ${storeA}${zoneA}`);
  await expect(ingest).toContainText('32.0 MiB');

  const requestsBefore = slow.requests();
  await page.getByRole('button', { name: 'Retry all in zone' }).click();
  await expect(page.getByText(`1 failed job in ${zoneA} sent back to the queue.`)).toBeVisible();
  // The worker tries again (the server sees a new request); the file is still missing, so it is listed again.
  await expect.poll(() => slow.requests(), { timeout: 20_000 }).toBe(requestsBefore + 1);
  await expect(failures.getByRole('row').filter({ hasText: broken })).toContainText('answered HTTP 404', { timeout: 20_000 });
  await expect(running).toContainText('Succeeded', { timeout: 30_000 });

  // The list's filters and its server sort (the column headers) live in the URL: a reload shows the same jobs.
  await expect(page).toHaveURL(/[?&]zone=/);
  await page.getByTestId('job-count-succeeded').click();
  await expect(page).toHaveURL(/[?&]state=succeeded/);
  const updated = recent.getByRole('columnheader', { name: 'Updated' });
  await updated.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]sort=updated/);
  await expect(updated).toHaveAttribute('aria-sort', 'descending');
  await updated.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]order=asc/);
  await page.reload();
  await expect(recent.getByRole('columnheader', { name: 'Updated' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByLabel('State')).toHaveValue('succeeded');
  await expect(page.getByTestId('job-count-succeeded')).toHaveAttribute('aria-pressed', 'true');
  await expect(recent.getByRole('row').filter({ hasText: template }).first()).toBeVisible();
  await expect(recent.locator('[data-testid^="job-row-"]:not([data-state="succeeded"])')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/state=|zone=/);
  await expect(page).toHaveURL(/[?&]sort=updated/);
  await page.screenshot({ path: screenshotPath('jobs-sorted'), fullPage: true });
});

test("the filters live in the URL; the region matrix shows the failed copy and Retry these sends it back", async ({ page }) => {
  await openObjects(page);
  const filters = page.getByRole('search', { name: 'Filter objects' });
  await filters.getByLabel('Zone', { exact: true }).selectOption({ label: zoneA });
  await filters.getByLabel('State in the zone').selectOption('failed');
  await expect(page).toHaveURL(/[?&]zone=[^&]+&state=failed/);
  await expect(page.getByTestId(`object-row-${broken}`)).toBeVisible();
  await expect(page.getByTestId(`object-row-${template}`)).toHaveCount(0);
  await page.reload();
  await expect(filters.getByLabel('State in the zone')).toHaveValue('failed');
  await expect(page.getByTestId(`object-row-${broken}`)).toBeVisible();
  await expect(page.getByTestId(`object-row-${template}`)).toHaveCount(0);

  // The server sorts: by name ascending, then the other way.
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await filters.getByLabel('Search objects by name').fill(template.slice(0, -2));
  await expect(page).toHaveURL(/[?&]name=/);
  await expect(page.getByTestId(`object-row-${template}`)).toBeVisible();
  await filters.getByLabel('Search objects by name').fill('');
  await expect(page).not.toHaveURL(/[?&]name=/);
  await page.getByRole('button', { name: /^Sort by name/ }).click();
  await expect(page).toHaveURL(/[?&]sort=name/);
  await page.getByRole('button', { name: /^Sort by name/ }).click();
  await expect(page).toHaveURL(/[?&]order=desc/);

  await filters.getByLabel('Zone', { exact: true }).selectOption({ label: zoneA });
  await filters.getByLabel('State in the zone').selectOption('failed');
  await expect(page).toHaveURL(/state=failed/);
  await page.getByRole('link', { name: 'Region matrix' }).click();
  await expect(page).toHaveURL(/\/objects\/matrix\?.*state=failed/);
  const cell = page.getByTestId(`matrix-cell-${broken}-${zoneA}`);
  await expect(cell).toHaveAttribute('data-state', 'failed');
  await expect(cell).toHaveText('Failed');
  await expect(cell).toHaveAttribute('href', /\/objects\/[^/]+#replicas$/);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('region-matrix'), fullPage: true });

  const requestsBefore = slow.requests();
  await page.getByLabel(`Select ${broken}`).check();
  await page.getByRole('button', { name: 'Retry these (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'sent back to the queue' })).toHaveText('1 failed copy sent back to the queue.');
  // The worker tries the download again: the server sees a new request.
  await expect.poll(() => slow.requests(), { timeout: 20_000 }).toBe(requestsBefore + 1);
  await expect(cell).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await cell.click();
  await expect(page).toHaveURL(/#replicas$/);
});

test('deleting the objects destroys every copy, and the stores can then be removed', async ({ page }) => {
  test.setTimeout(120_000);
  for (const name of [template, uploaded, broken, again]) {
    await page.goto('/objects');
    await page.getByTestId(`object-row-${name}`).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('This object does not exist (any more)')).toBeVisible({ timeout: 60_000 });
  }
  await page.goto('/objects');
  for (const name of [template, uploaded, broken, again]) await expect(page.getByTestId(`object-row-${name}`)).toHaveCount(0);

  await page.goto('/stores');
  for (const store of [storeA, storeB, swiftStore]) {
    const card = page.getByTestId(`store-card-${store}`);
    page.once('dialog', (dialog) => dialog.accept());
    await card.getByRole('button', { name: 'Remove' }).click();
    await expect(card).toHaveCount(0);
  }
  await page.goto('/zones');
  for (const zone of [zoneA, zoneB]) {
    const row = page.getByTestId(`zone-row-${zone}`);
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
  }
});
});
