import type { Page } from '@playwright/test';
import { expect, gotoHydrated } from '../fixtures';

/**
 * What a spec made, removed through the UI as an admin would: the objects (their copies go through jobs), then
 * the stores (refused while they still hold copies, so retried until those jobs are done), then the zone. Safe to
 * run again after a partial clean-up (a retried run).
 */
export async function removeObjectsStoresAndZone(page: Page, made: { objects: readonly string[]; stores: readonly string[]; zone: string }) {
  for (const name of made.objects) {
    await gotoHydrated(page, '/objects');
    const link = page.getByTestId(`object-row-${name}`).getByRole('link', { name });
    // The list loads after the page: count only once it is there.
    await page.getByTestId(/^object-row-/).first().waitFor();
    if ((await link.count()) === 0) continue;
    await link.click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('This object does not exist (any more)')).toBeVisible({ timeout: 60_000 });
  }

  // Deleting an object destroys its copies through jobs: a store is refused ("still holds …") until they are done.
  await gotoHydrated(page, '/stores');
  for (const store of made.stores) {
    const card = page.getByTestId(`store-card-${store}`);
    await expect(async () => {
      page.once('dialog', (dialog) => dialog.accept());
      await card.getByRole('button', { name: 'Remove' }).click();
      await expect(card).toHaveCount(0, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
  }
  await gotoHydrated(page, '/zones');
  const row = page.getByTestId(`zone-row-${made.zone}`);
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
}
