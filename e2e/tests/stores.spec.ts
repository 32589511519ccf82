import { createZone, expect, fillStoreForm, test, uniqueName } from './fixtures';
import { removeObjectsStoresAndZone } from './support/clean-up';
import { screenshotPath } from './support/screenshots';

test.describe('Stores', { tag: '@stores' }, () => {


test('register an NFS store, see its capacity, set it read-only, remove it', async ({ page, tempDirs }) => {
  const zone = uniqueName('zone');
  const store = uniqueName('nfs');
  await createZone(page, zone);

  const form = await fillStoreForm(page, { name: store, zone, path: tempDirs.dir('store'), capacityGib: '50' });
  const card = page.getByTestId(`store-card-${store}`);
  await expect(card).toBeVisible();
  await expect(form.getByLabel('Store name')).toHaveValue('');
  await expect(card.getByText('Up', { exact: true })).toBeVisible();
  await expect(card.getByRole('meter')).toHaveAttribute('aria-valuetext', '0 B of 50.0 GiB used');
  await expect(card.getByText('50.0 GiB free · configured')).toBeVisible();


  await card.getByRole('button', { name: 'Edit' }).click();
  const edit = card.getByRole('form', { name: `Edit store ${store}` });
  await edit.getByLabel('Capacity (GiB)').fill('80');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(card.getByRole('meter')).toHaveAttribute('aria-valuetext', '0 B of 80.0 GiB used');

  await page.goto('/');
  await expect(page.getByTestId(`overview-zone-${zone}`).getByRole('meter', { name: `${store} capacity used` })).toBeVisible();

  await page.goto('/stores');
  await card.getByRole('button', { name: 'Set read-only' }).click();
  await expect(card.getByText('Read-only', { exact: true })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Set active' })).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('stores'), fullPage: true });

  page.once('dialog', (dialog) => dialog.accept());
  await card.getByRole('button', { name: 'Remove' }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId(`store-card-${store}`)).toHaveCount(0);
});

test('filter the stores by name: the filter is in the URL, survives a reload, and clears', async ({ page, tempDirs }) => {
  const zone = uniqueName('zone');
  const prefix = uniqueName('flt');
  const [alpha, beta] = [`${prefix}-alpha`, `${prefix}-beta`];
  await createZone(page, zone);
  for (const name of [alpha, beta]) {
    await fillStoreForm(page, { name, zone, path: tempDirs.dir(name) });
    await expect(page.getByTestId(`store-card-${name}`)).toBeVisible();
  }

  const search = page.getByRole('searchbox', { name: 'Search stores by name' });
  await search.fill(`${prefix}-ALP`);
  await expect(page).toHaveURL(new RegExp(`[?&]name=${prefix}-ALP(&|$)`));
  await expect(page.getByTestId(`store-card-${alpha}`)).toBeVisible();
  await expect(page.getByTestId(`store-card-${beta}`)).toHaveCount(0);
  await expect(page.getByTestId(/^store-card-/)).toHaveCount(1);

  await page.reload();
  await expect(search).toHaveValue(`${prefix}-ALP`);
  await expect(page.getByTestId(`store-card-${alpha}`)).toBeVisible();
  await expect(page.getByTestId(/^store-card-/)).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('stores-filtered'), fullPage: true });

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/[?&]name=/);
  await expect(search).toHaveValue('');
  await expect(page.getByTestId(`store-card-${alpha}`)).toBeVisible();
  await expect(page.getByTestId(`store-card-${beta}`)).toBeVisible();

  await removeObjectsStoresAndZone(page, { objects: [], stores: [alpha, beta], zone });
});

test.describe('bad store input is refused at the field that is wrong', () => {
  let zone: string;
  test.beforeEach(async ({ page }) => {
    zone = uniqueName('badzone');
    await createZone(page, zone);
  });

  test('a relative path', async ({ page }) => {
    const form = await fillStoreForm(page, { name: uniqueName('rel'), zone, path: 'mnt/secondary' });
    await expect(form.getByTestId('store-config-path-error')).toHaveText('Use an absolute path, such as /mnt/secondary');
  });

  test('a path that does not exist', async ({ page }) => {
    const form = await fillStoreForm(page, { name: uniqueName('missing'), zone, path: '/nonexistent/stowage/e2e' });
    await expect(form.getByTestId('store-config-path-error')).toHaveText('/nonexistent/stowage/e2e does not exist');
  });

  test('a file instead of a directory', async ({ page, tempDirs }) => {
    const file = tempDirs.file('file');
    const form = await fillStoreForm(page, { name: uniqueName('file'), zone, path: file });
    await expect(form.getByTestId('store-config-path-error')).toHaveText(`${file} is a file, not a directory`);
    await page.screenshot({ path: screenshotPath('store-form-error') });
  });

  test('a directory that is not writable', async ({ page, tempDirs }) => {
    const dir = tempDirs.unwritable('ro');
    const form = await fillStoreForm(page, { name: uniqueName('ro'), zone, path: dir });
    await expect(form.getByTestId('store-config-path-error')).toHaveText(`${dir} is not writable`);
  });

  test('a duplicate store name', async ({ page, tempDirs }) => {
    const name = uniqueName('twin');
    await fillStoreForm(page, { name, zone, path: tempDirs.dir('twin-a') });
    await expect(page.getByTestId(`store-card-${name}`)).toBeVisible();
    const form = await fillStoreForm(page, { name, zone, path: tempDirs.dir('twin-b') });
    await expect(form.getByTestId('store-name-error')).toHaveText('This name is already taken');
    await expect(page.getByTestId(`store-card-${name}`)).toHaveCount(1);
  });
});
});
