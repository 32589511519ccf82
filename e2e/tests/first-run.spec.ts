import { expect, gotoHydrated, needs, test } from './fixtures';
import { screenshotPath } from './support/screenshots';
import { expectNoSidewaysScroll } from './support/layout';

test.describe('First run', { tag: '@navigation', annotation: needs('empty-installation') }, () => {


// Runs first ("first-run" sorts before the other files, which run in name order on one worker): the
// server starts on an empty database.
test('an empty installation offers demo data, and the overview shows each zone with capacity bars', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText('No zones yet')).toBeVisible();
  await page.screenshot({ path: screenshotPath('overview-empty') });

  // With no staging store anywhere (the demo brings one), the Cache page explains how to get one.
  await gotoHydrated(page, '/cache');
  await expect(page.getByRole('link', { name: 'Cache' })).toHaveAttribute('aria-current', 'page');
  const empty = page.getByTestId('cache-empty');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText('register an NFS store with the role Staging');
  await expect(empty.getByRole('link', { name: 'Zones' })).toHaveAttribute('href', '/zones');
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: screenshotPath('cache-empty') });

  await page.goto('/');
  await page.getByRole('button', { name: 'Load demo data' }).click();
  for (const zone of ['zone-east', 'zone-west']) {
    const card = page.getByTestId(`overview-zone-${zone}`);
    await expect(card).toBeVisible();
    await expect(card.getByText('backup mode')).toBeVisible();
    await expect(card.getByRole('meter')).toHaveCount(1);
    await expect(card.getByText('Up', { exact: true })).toBeVisible();
  }
  // The demo's staging zone, whose month of generated acquires the Planner shows.
  await expect(page.getByTestId('overview-zone-zone-north').getByText('staging mode')).toBeVisible();
  const meter = page.getByTestId('overview-store-east-nfs-1').getByRole('meter');
  await expect(meter).toHaveAttribute('aria-valuetext', /used$/);
  expect(Number(await meter.getAttribute('aria-valuemax'))).toBeGreaterThan(0);
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: screenshotPath('overview') });
});

test('every page loads without a console error or a failed request, the favicon included', async ({ page, request }) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${page.url()}: ${response.status()} for ${response.url()}`);
  });
  for (const url of ['/', '/zones', '/stores', '/objects', '/jobs', '/cache', '/settings']) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
  }
  expect(problems).toEqual([]);
  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
});
});
