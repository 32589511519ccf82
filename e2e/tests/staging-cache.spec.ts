import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import { createContainer as createRawContainer } from '@stowage/object-store-server';
import { createZone, expect, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';
import { env } from './support/environment';
import { removeObjectsStoresAndZone } from './support/clean-up';
import { expectNoSidewaysScroll } from './support/layout';
import { Agent, type AgentError } from './support/agent-api';
import { startSlowHttpServer, type SlowHttpServer } from './support/slow-http-server';

test.describe('Staging cache', { tag: '@staging-cache', annotation: needs('object-store', 'same-machine', 'agent-token') }, () => {

/*
 * The staging cache, end to end: a staging zone with an 8 MiB strict NFS cache and a Swift object store,
 * three 3 MiB objects, and hypervisor agents (the agent HTTP API) acquiring and releasing them while the
 * Cache page is watched. Named so that it runs after first-run.spec.ts, which needs an empty database.
 */

const MIB = 1024 * 1024;


test.describe.configure({ mode: 'serial' });

const zone = uniqueName('cachezone');
const stagingStore = uniqueName('cache-nfs');
const swiftStore = uniqueName('cache-swift');
const objectA = uniqueName('tmpl-a');
const objectB = uniqueName('tmpl-b');
const objectC = uniqueName('iso-c');
const OBJECTS = [objectA, objectB, objectC];

let files: SlowHttpServer;
let workDir: string;
/** Leases the story still holds, by holder, so the last test can end them whatever happened before. */
const leases = new Map<string, string>();

test.beforeAll(async () => {
  files = await startSlowHttpServer({ size: 3 * MIB, bytesPerSecond: 64 * MIB });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-e2e-cache-'));
});

test.afterAll(async () => {
  await files?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});


async function openCache(page: Page) {
  await gotoHydrated(page, '/cache');
  const select = page.getByLabel('Zone', { exact: true });
  await select.selectOption({ label: zone });
  await expect(page.getByTestId('cache-space-card')).toContainText(`Space on ${stagingStore}`);
}

const stat = (page: Page, id: string) => page.getByTestId(`cache-stat-${id}-value`);
const entry = (page: Page, name: string) => page.getByTestId(`cache-entry-${name}`);

/**
 * Holds the Cache page's polls (cache.view, cache.entries) until released, so what the page shows stays as it was while
 * the server's state moves on: how a person sees a stale row for up to two seconds.
 */
async function holdCachePolls(page: Page): Promise<() => Promise<void>> {
  const held: Route[] = [];
  const handler = async (route: Route) => {
    if (/cache\.(view|entries)/.test(route.request().url())) held.push(route);
    else await route.continue();
  };
  await page.route('**/api/trpc/**', handler);
  return async () => {
    await page.unroute('**/api/trpc/**', handler);
    // A held request may have been cancelled by the page meanwhile: continuing it then fails, harmlessly.
    await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
  };
}

test('a staging zone with an 8 MiB strict cache and a Swift object store; cache settings are edited at the store', async ({ page }) => {
  test.setTimeout(90_000);
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
  await form.getByLabel('Capacity (GiB, optional)').fill(String(8 / 1024));
  await form.getByRole('button', { name: 'Register store' }).click();
  const card = page.getByTestId(`store-card-${stagingStore}`);
  await expect(card).toContainText('nfs · staging');
  await expect(card.getByTestId('store-cache-settings')).toContainText('Cache: strict reservations');

  const container = uniqueName('e2e-cache');
  await createRawContainer({ authUrl: env('E2E_SWIFT_AUTH_URL'), swift: { user: env('E2E_SWIFT_USER'), key: env('E2E_SWIFT_KEY') } }, container);
  await form.getByLabel('Store name').fill(swiftStore);
  await form.getByLabel('Provider').selectOption({ label: 'OpenStack Swift' });
  await form.getByLabel('Auth URL').fill(env('E2E_SWIFT_AUTH_URL'));
  await form.getByLabel('User', { exact: true }).fill(env('E2E_SWIFT_USER'));
  await form.getByLabel('Key / password').fill(env('E2E_SWIFT_KEY'));
  await form.getByLabel('Container').fill(container);
  await form.getByRole('button', { name: 'Register store' }).click();
  await expect(page.getByTestId(`store-card-${swiftStore}`)).toContainText('swift · object · region-wide', { timeout: 20_000 });

  // The cache settings, with field errors at their fields.
  await card.getByRole('button', { name: 'Edit' }).click();
  const edit = card.getByRole('form', { name: `Edit store ${stagingStore}` });
  const settings = edit.getByRole('group', { name: 'Staging cache' });
  await expect(settings.getByLabel('Reservation policy')).toHaveValue('strict');
  await settings.getByLabel('High watermark (%)').fill('80');
  await settings.getByLabel('Low watermark (%)').fill('85');
  await settings.getByLabel('Overcommit factor').fill('5');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.locator('[data-testid$="-staging-factor-error"]')).toHaveText('At most 4');
  await settings.getByLabel('Overcommit factor').fill('1.5');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.locator('[data-testid$="-staging-low-error"]')).toHaveText('Must be below the high watermark');
  await expect(settings.getByLabel('Low watermark (%)')).toHaveAttribute('aria-invalid', 'true');
  await settings.getByLabel('Idle TTL', { exact: true }).fill('2');
  await settings.getByLabel('Idle TTL unit').selectOption('days');
  await settings.getByLabel('Reservation timeout (seconds)').fill('120');
  await expectNoSidewaysScroll(page);
  await card.screenshot({ path: screenshotPath('store-cache-settings') });
  await settings.getByLabel('Low watermark (%)').fill('60');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(card.getByTestId('store-cache-settings')).toHaveText(
    'Cache: strict reservations · evicts from 80% down to 60% · idle TTL 2 days · reservations wait at most 2 min 00 s · View cache',
  );
  // Overcommit would be accepted now (nothing is used yet); the story stays strict.
  await card.getByTestId('store-cache-settings').getByRole('link', { name: 'View cache' }).click();
  await expect(page.getByLabel('Zone', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByTestId('cache-space-card')).toContainText(`Space on ${stagingStore}`);
  await expect(page.getByTestId('cache-space-free')).toHaveText('8.0 MiB');
  await expect(page.getByTestId('cache-policy-summary')).toContainText('idle TTL 2 days');
  await expect(page.getByTestId('cache-entries')).toContainText('The cache is empty');

  // URL ingest from the test's own HTTP server on 127.0.0.1.
  await gotoHydrated(page, '/settings');
  const ingest = page.getByRole('form', { name: 'URL ingest settings' });
  await ingest.getByLabel('Allowed networks').fill('127.0.0.1/32');
  await ingest.getByRole('button', { name: 'Save' }).click();
  await expect(ingest.getByRole('status')).toHaveText('Saved.');
});

test('three 3 MiB objects registered in the staging zone land on the object store only', async ({ page }) => {
  test.setTimeout(90_000);
  await gotoHydrated(page, '/objects');
  for (const name of OBJECTS) {
    const form = page.getByRole('form', { name: 'Register object from URL' });
    await form.getByLabel('URL', { exact: true }).fill(`${files.url}/images/${name}.qcow2`);
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Kind').selectOption('template');
    await form.getByLabel('Format').selectOption('qcow2');
    await form.getByLabel('Origin zone', { exact: true }).selectOption({ label: zone });
    await form.getByLabel('Origin zone only').check();
    await form.getByRole('button', { name: 'Register and download' }).click();
    await expect(form.getByRole('status')).toContainText(`${name} registered`);
  }
  for (const name of OBJECTS) {
    const row = page.getByTestId(`object-row-${name}`);
    await expect(row.getByTestId(`cell-object store ${swiftStore}`)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    // Nothing is cached until an agent asks for it.
    await expect(row.getByTestId(`cell-${zone}`)).not.toHaveAttribute('data-state', 'cached');
  }
});

test('acquires fill the cache: entries with their holders, used bytes, misses then a hit', async ({ page, request }) => {
  test.setTimeout(90_000);
  const agent = new Agent(request);
  await openCache(page);

  const first = await agent.acquire({ objectName: objectA, zoneName: zone, holder: 'host-a' });
  expect(first.hit).toBe(false);
  leases.set('host-a', first.leaseId);
  const rowA = entry(page, objectA);
  await expect(rowA).toHaveAttribute('data-state', 'ready');
  await expect(rowA.getByTestId('lease-host-a')).toContainText('expires in');
  await expect(page.getByTestId('cache-space-used')).toHaveText('3.0 MiB');
  await expect(page.getByRole('meter', { name: `${stagingStore} space used and reserved` })).toHaveAttribute('aria-valuenow', String(3 * MIB));
  await expect(stat(page, 'misses')).toHaveText('1');
  await expect(stat(page, 'hits')).toHaveText('0');
  await expect(stat(page, 'bytes-staged')).toHaveText('3.0 MiB');

  // The same object again: a hit, no second copy.
  const second = await agent.acquire({ objectName: objectA, zoneName: zone, holder: 'host-b' });
  expect(second.hit).toBe(true);
  leases.set('host-b', second.leaseId);
  await expect(stat(page, 'hits')).toHaveText('1');
  await expect(stat(page, 'misses')).toHaveText('1');
  await expect(stat(page, 'hit-ratio')).toHaveText('50%');
  await expect(rowA.getByTestId('entry-leases')).toContainText('2 leases');
  await expect(rowA.getByTestId('lease-host-b')).toBeVisible();
  await expect(page.getByTestId('cache-space-used')).toHaveText('3.0 MiB');
  // (The two acquires may fall in different minutes: the hour's figure is the stable one.)
  await expect(page.getByTestId('chart-hit-ratio').getByRole('img')).toHaveAttribute('aria-label', /latest \d+% at .*; 50% over the hour \(1 hit, 1 miss\)/);
  // A leased entry is not evictable: no rank, and its Evict button says why.
  await expect(rowA.getByRole('button', { name: `Evict ${objectA}` })).toBeDisabled();
  await expect(rowA.getByRole('button', { name: `Evict ${objectA}` })).toHaveAccessibleDescription('In use by 2 leases: release them first');
  await expect(rowA.locator('span[title="In use by 2 leases: release them first"]').first()).toBeVisible();
  await expect(rowA.getByText('leased', { exact: true })).toBeVisible();

  const third = await agent.acquire({ objectName: objectB, zoneName: zone, holder: 'host-c' });
  leases.set('host-c', third.leaseId);
  await expect(entry(page, objectB)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('cache-space-used')).toHaveText('6.0 MiB');
  await expect(page.getByTestId('cache-space-free')).toHaveText('2.0 MiB');
  await expect(stat(page, 'misses')).toHaveText('2');
});

test('evict is refused while leased, with the reason; an admin releases the lease, and the queue is served by evicting it', async ({ page, request }) => {
  test.setTimeout(120_000);
  const agent = new Agent(request);
  await openCache(page);
  const rowB = entry(page, objectB);

  // host-c lets go of B: it is idle now, first in the eviction order.
  await agent.release(leases.get('host-c')!);
  leases.delete('host-c');
  await expect(rowB.getByRole('button', { name: `Evict ${objectB}` })).toBeEnabled();
  await expect(rowB).toContainText('#1');

  // The page still shows B idle when another host takes it: the server refuses the eviction and says why.
  const resume = await holdCachePolls(page);
  const again = await agent.acquire({ objectName: objectB, zoneName: zone, holder: 'host-d' });
  expect(again.hit).toBe(true);
  leases.set('host-d', again.leaseId);
  await rowB.getByRole('button', { name: `Evict ${objectB}` }).click();
  await expect(rowB.getByRole('alert')).toHaveText(`${objectB} is in use by 1 lease; it cannot be evicted.`);
  await resume();
  await expect(rowB.getByTestId('lease-host-d')).toBeVisible();
  await expect(rowB.getByRole('button', { name: `Evict ${objectB}` })).toBeDisabled();
  await expect(rowB.getByRole('alert')).toBeVisible();

  // C does not fit (6 of 8 MiB used, every entry leased): its reservation waits in the queue.
  const pending = await agent.tryAcquire({ objectName: objectC, zoneName: zone, holder: 'host-e', waitSeconds: 0 });
  expect(pending.status).toBe(503);
  expect((pending.body as AgentError).error.message).toContain('waiting for space');
  const queue = page.getByTestId('cache-queue');
  const head = queue.getByTestId('queue-1');
  await expect(head).toContainText(objectC);
  await expect(head).toContainText('3.0 MiB');
  const waited = async () => Number(/(\d+) s/.exec((await head.getByTestId('queue-waiting').textContent()) ?? '')?.[1] ?? -1);
  const before = await waited();
  await expect.poll(waited, { timeout: 5000 }).toBeGreaterThan(before);
  await expect(entry(page, objectC)).toHaveAttribute('data-state', 'allocated');
  await expect(page.getByTestId('cache-space-waiting')).toContainText('3.0 MiB waiting for space (1 reservation in the queue)');
  await expect(stat(page, 'misses')).toHaveText('3');
  await page.mouse.move(0, 0);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('cache'), fullPage: true });

  // An admin ends host-d's lease by hand; then B is idle again, and it is evicted for C under pressure.
  page.once('dialog', (dialog) => dialog.accept());
  await rowB.getByRole('button', { name: `Release lease of host-d on ${objectB}` }).click();
  leases.delete('host-d');
  await expect(rowB).toHaveCount(0, { timeout: 30_000 });
  await expect(entry(page, objectC)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect(queue.getByTestId('queue-1')).toHaveCount(0);
  await expect(stat(page, 'evicted-pressure')).toHaveText('1');
  await expect(page.getByTestId('chart-evictions').getByRole('img')).toHaveAttribute('aria-label', /1 in all/);
  await expect(page.getByTestId('cache-space-used')).toHaveText('6.0 MiB');

  // C is cached but nobody holds it (its caller gave up waiting): evicted by hand, it disappears.
  const rowC = entry(page, objectC);
  await rowC.getByRole('button', { name: `Evict ${objectC}` }).click();
  await expect(rowC).toHaveCount(0, { timeout: 30_000 });
  await expect(stat(page, 'evicted-manual')).toHaveText('1');
  await expect(page.getByTestId('cache-space-used')).toHaveText('3.0 MiB');
});

test('pin and unpin an entry: a pinned entry cannot be evicted', async ({ page, request }) => {
  const agent = new Agent(request);
  await openCache(page);
  const rowA = entry(page, objectA);
  for (const holder of ['host-a', 'host-b']) {
    await agent.release(leases.get(holder)!);
    leases.delete(holder);
  }
  const evict = rowA.getByRole('button', { name: `Evict ${objectA}` });
  const pin = rowA.getByRole('button', { name: `Pin ${objectA}` });
  await expect(evict).toBeEnabled();
  await expect(pin).toHaveAttribute('aria-pressed', 'false');

  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await expect(pin).toHaveText('Pinned');
  await expect(evict).toBeDisabled();
  await expect(evict).toHaveAccessibleDescription('Pinned: unpin it first');
  await expect(rowA).toContainText('pinned');
  await page.reload();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');

  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await expect(evict).toBeEnabled();
  await expect(rowA).toContainText('#1');

  // The entries are sorted and filtered on the server, the choice kept in the URL beside the zone.
  const table = page.getByRole('table', { name: 'Cache entries' });
  const size = table.getByRole('columnheader', { name: 'Size' });
  await size.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]sort=size/);
  await expect(size).toHaveAttribute('aria-sort', 'descending');
  const filters = page.getByRole('search', { name: 'Filter cache entries' });
  await filters.getByLabel('Leases').selectOption('no');
  await expect(page).toHaveURL(/[?&]leased=no/);
  await expect(page).toHaveURL(/[?&]zone=/);
  await expect(rowA).toBeVisible();
  await filters.getByLabel('Search entries by object name').fill('no-such-object');
  await expect(page.getByText('No entry matches')).toBeVisible();
  await filters.getByLabel('Search entries by object name').fill(objectA.slice(0, -1));
  await expect(page).toHaveURL(new RegExp(`[?&]entry=${objectA.slice(0, -1)}(&|$)`));
  await page.reload();
  await expect(table.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'descending');
  await expect(filters.getByLabel('Leases')).toHaveValue('no');
  await expect(rowA).toBeVisible();
  await page.screenshot({ path: screenshotPath('cache-entries-filtered'), fullPage: true });
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/leased=|entry=/);
});

test('clean up: leases released, objects deleted, stores removed, zone deleted', async ({ page, request }) => {
  test.setTimeout(120_000);
  const agent = new Agent(request);
  for (const leaseId of leases.values()) await agent.release(leaseId);
  leases.clear();

  await removeObjectsStoresAndZone(page, { objects: OBJECTS, stores: [stagingStore, swiftStore], zone });
});
});
