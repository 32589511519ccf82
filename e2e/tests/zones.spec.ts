import { createZone, expect, fillStoreForm, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';

test.describe('Zones', { tag: '@stores' }, () => {

test('create, rename, switch mode and delete a zone', async ({ page }) => {
  const name = uniqueName('zone');
  await createZone(page, name);
  const row = page.getByTestId(`zone-row-${name}`);
  await expect(row.getByTestId('zone-mode')).toHaveText('backup');

  const renamed = `${name}-renamed`;
  await row.getByRole('button', { name: 'Rename' }).click();
  await row.getByLabel(`New name for ${name}`).fill(renamed);
  await row.getByRole('button', { name: 'Save' }).click();
  const renamedRow = page.getByTestId(`zone-row-${renamed}`);
  await expect(renamedRow).toBeVisible();
  await page.reload();
  await expect(renamedRow.getByTestId('zone-mode')).toHaveText('backup');
  await page.screenshot({ path: screenshotPath('zones') });

  page.once('dialog', (dialog) => dialog.accept());
  await renamedRow.getByRole('button', { name: 'Delete' }).click();
  await expect(renamedRow).toHaveCount(0);
});

test('a duplicate zone name is refused at the name field', async ({ page }) => {
  const name = uniqueName('dup');
  await createZone(page, name);
  const form = page.getByRole('form', { name: 'Create zone' });
  await form.getByLabel('Zone name').fill(name);
  await form.getByRole('button', { name: 'Create zone' }).click();
  await expect(form.getByTestId('zone-name-error')).toHaveText('This name is already taken');
  await expect(page.getByTestId(`zone-row-${name}`)).toHaveCount(1);
});

test('a zone that still has stores cannot be deleted', async ({ page, tempDirs }) => {
  const zone = uniqueName('busy');
  const store = uniqueName('busy-nfs');
  await createZone(page, zone);
  await fillStoreForm(page, { name: store, zone, path: tempDirs.dir('busy') });
  await expect(page.getByTestId(`store-card-${store}`)).toBeVisible();

  await page.goto('/zones');
  const row = page.getByTestId(`zone-row-${zone}`);
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row.page().getByRole('alert').filter({ hasText: 'still has' })).toHaveText(`Zone ${zone} still has 1 store (${store}). Remove them first.`);
  await page.reload();
  await expect(page.getByTestId(`zone-row-${zone}`)).toBeVisible();
});
});
