import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createZone, expect, fillStoreForm, gotoHydrated, needs, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';

test.describe('Workers', { tag: '@jobs', annotation: needs('local-product', 'same-machine') }, () => {

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The data directory of the product this suite runs (playwright.config.ts). */
const DATA_DIR = path.join(os.tmpdir(), `stowage-e2e-${Number(process.env.E2E_PORT ?? 3210)}`);

/** A second worker process beside the product's own, declaring only `zone`, as one on a zone's machine would. */
function startZoneWorker(workerId: string, zone: string): ChildProcess {
  const { DATABASE_URL: _unused, ...env } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(ROOT, 'apps/worker'),
    env: { ...env, STOWAGE_DATA_DIR: DATA_DIR, STOWAGE_WORKER_ID: workerId, STOWAGE_WORKER_ZONES: zone },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

test('the Workers page lists every worker with its zones, heartbeat and version; stores and the Overview show them', async ({ page, tempDirs }) => {
  // A second worker process starts, and the product's worker reports a new store only at its next check (30 s).
  test.setTimeout(120_000);
  const zone = uniqueName('zw');
  const store = uniqueName('zw-nfs');
  await createZone(page, zone);
  await fillStoreForm(page, { name: store, zone, path: tempDirs.dir('zone-worker') });
  await expect(page.getByTestId(`store-card-${store}`)).toBeVisible();

  const workerId = uniqueName('zone-worker');
  const worker = startZoneWorker(workerId, zone);
  try {
    await gotoHydrated(page, '/workers');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' })).toHaveAttribute('aria-current', 'page');
    const row = page.getByTestId(`worker-row-${workerId}`);
    await expect(row).toContainText(zone, { timeout: 20_000 });
    await expect(row).toContainText('live');
    await expect(row).toContainText(os.hostname());
    const productWorker = page.locator('[data-testid^="worker-row-"]').filter({ hasText: 'all zones' }).filter({ hasText: 'live' });
    await expect(productWorker).toHaveCount(1);
    await expect(productWorker).toContainText(/commit [0-9a-f]{7,}|\d+\.\d+/);
    await page.screenshot({ path: screenshotPath('workers'), fullPage: true });

    // Both workers reach the zone's store: the zone worker checks it at start, the product's worker (started before
    // the store existed) at its next check, up to WORKER_STORE_CHECK_MS (30 s) later.
    await gotoHydrated(page, '/stores');
    await expect(page.getByTestId(`store-card-${store}`).getByTestId('store-worker-health')).toHaveText('Workers: ok on 2 workers', { timeout: 45_000 });

    await gotoHydrated(page, '/');
    await expect(page.getByTestId('workers-summary')).toContainText('2 live workers · reaching all zones');
    await page.screenshot({ path: screenshotPath('overview-workers') });
  } finally {
    worker.kill('SIGTERM');
    if (worker.exitCode === null) await once(worker, 'exit');
  }

  await gotoHydrated(page, '/workers');
  await expect(page.getByTestId(`worker-row-${workerId}`)).toContainText('stopped');
  await page.screenshot({ path: screenshotPath('workers-one-stopped'), fullPage: true });
});
});
