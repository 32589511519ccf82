import fs from 'node:fs';
import { createZone, expect, fillStoreForm, gotoHydrated, test, uniqueName } from './fixtures';
import { removeObjectsStoresAndZone } from './support/clean-up';
import { expectNoSidewaysScroll } from './support/layout';
import { screenshotPath } from './support/screenshots';

test.describe('the Overview answers at a glance', { tag: '@navigation' }, () => {
  test('what needs attention, with the sentence to act on; what runs; each zone with its copies and capacity', async ({ page, tempDirs }) => {
    const zone = uniqueName('ov-zone');
    const store = uniqueName('ov-nfs');
    const dir = tempDirs.dir('overview-store');
    await createZone(page, zone);
    await fillStoreForm(page, { name: store, zone, path: dir, capacityGib: '20' });
    const card = page.getByTestId(`store-card-${store}`);
    await expect(card.getByText('Up', { exact: true })).toBeVisible();

    try {
      await gotoHydrated(page, '/');
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Needs attention' })).toBeVisible();
      await expect(page.getByTestId('overview-running')).toContainText('Running now');
      await expect(page.getByTestId('overview-failures')).toContainText('Recent failures');
      const zoneCard = page.getByTestId(`overview-zone-${zone}`);
      await expect(zoneCard.getByRole('meter', { name: `${store} capacity used` })).toHaveAttribute('aria-valuetext', /of 20\.0 GiB used$/);
      await expect(zoneCard.getByText('No copies in this zone yet.')).toBeVisible();
      // Capacity per zone as a chart, with the sentence beside it; the figure names this zone's 20 GiB.
      const capacity = page.getByTestId('zone-capacity');
      await expect(capacity.getByTestId('zone-capacity-sentence')).toContainText(/Every zone has room|is the fullest zone/);
      await expect(capacity.getByRole('img', { name: new RegExp(`${zone} [^;]* of 20\\.0 GiB`) })).toBeVisible();
      await expect(capacity.locator('canvas')).toBeVisible();

      // The store's mount goes away: the Overview names it and says what that means, with a link to the stores.
      fs.rmSync(dir, { recursive: true, force: true });
      await gotoHydrated(page, '/stores');
      await card.getByRole('button', { name: 'Probe now' }).click();
      await expect(card.getByText('Down', { exact: true })).toBeVisible();
      await gotoHydrated(page, '/');
      const notice = page.getByTestId('notice-stores-down');
      await expect(notice).toContainText(`down: `);
      await expect(notice).toContainText(`${store} (${zone})`);
      await expect(notice.getByRole('link', { name: /Open the stores/ })).toHaveAttribute('href', '/stores');
      await expect(zoneCard.getByText('Down', { exact: true })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
    } finally {
      fs.mkdirSync(dir, { recursive: true }); // the fixture cleans up the directories it made
      await removeObjectsStoresAndZone(page, { objects: [], stores: [store], zone });
    }
  });
});
