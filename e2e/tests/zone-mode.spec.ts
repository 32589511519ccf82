import { createZone, expect, fillStoreForm, gotoHydrated, test, uniqueName } from './fixtures';
import type { Page } from '@playwright/test';
import { screenshotPath } from './support/screenshots';

async function registerStagingStore(page: Page, options: { name: string; zone: string; path: string }) {
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(options.name);
  await form.getByLabel('Provider').selectOption('nfs');
  await form.getByLabel('Role').selectOption('staging');
  await form.getByLabel('Zone', { exact: true }).selectOption({ label: options.zone });
  await form.getByLabel('Mount path').fill(options.path);
  await form.getByLabel('Capacity (GiB, optional)').fill('1');
  await form.getByRole('button', { name: 'Register store' }).click();
  await expect(page.getByTestId(`store-card-${options.name}`)).toBeVisible();
}

test.describe('switching a zone mode after reviewing what it does', { tag: '@stores' }, () => {
  test('a zone without a staging store is refused, with the reason, and the dialog works by keyboard', async ({ page }) => {
    const zone = uniqueName('mode-refused');
    await createZone(page, zone);
    const row = page.getByTestId(`zone-row-${zone}`);
    const control = row.getByRole('button', { name: `Switch ${zone} to staging mode` });
    await control.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: `Switch zone ${zone} to staging mode?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('zone-mode-reasons')).toContainText(`Zone ${zone} has no active staging store: add one first`);
    await expect(dialog.getByRole('button', { name: 'Switch to staging' })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('zone-mode-refused') });

    // Focus stays in the dialog: Tab from Cancel (its only button) lands on it again.
    await dialog.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(control).toBeFocused();
    await expect(row.getByTestId('zone-mode')).toHaveText('backup');
  });

  test('a zone with a record and a staging store switches to staging and back once confirmed', async ({ page, tempDirs }) => {
    const zone = uniqueName('mode-ok');
    const record = uniqueName('mode-record');
    const staging = uniqueName('mode-staging');
    await createZone(page, zone);
    await fillStoreForm(page, { name: record, zone, path: tempDirs.dir('mode-record') });
    await expect(page.getByTestId(`store-card-${record}`)).toBeVisible();
    await registerStagingStore(page, { name: staging, zone, path: tempDirs.dir('mode-staging') });

    await gotoHydrated(page, '/zones');
    const row = page.getByTestId(`zone-row-${zone}`);
    await row.getByRole('button', { name: `Switch ${zone} to staging mode` }).click();
    const dialog = page.getByRole('dialog', { name: `Switch zone ${zone} to staging mode?` });
    await expect(dialog.getByTestId('zone-mode-effects')).toContainText(`served from staging store ${staging}`);
    await page.screenshot({ path: screenshotPath('zone-mode-allowed') });
    await dialog.getByRole('button', { name: 'Switch to staging' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row.getByTestId('zone-mode')).toHaveText('staging');

    await row.getByRole('button', { name: `Switch ${zone} to backup mode` }).click();
    const back = page.getByRole('dialog', { name: `Switch zone ${zone} to backup mode?` });
    await expect(back).toContainText(`Record store ${record}`);
    await back.getByRole('button', { name: 'Switch to backup' }).click();
    await expect(row.getByTestId('zone-mode')).toHaveText('backup');
  });
});
