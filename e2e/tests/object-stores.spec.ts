import { expect, needs, test, uniqueName } from './fixtures';
import { screenshotPath } from './support/screenshots';
import { env } from './support/environment';
import type { Page } from '@playwright/test';
import { createContainer as createRawContainer } from '@stowage/object-store-server';

test.describe('Object stores', { tag: '@stores', annotation: needs('object-store') }, () => {

const s3Name = uniqueName('s3');
const swiftName = uniqueName('swift');


/** A container through the Swift API; under s3api it is also a bucket. */
function createContainer(name: string) {
  return createRawContainer({ authUrl: env('E2E_SWIFT_AUTH_URL'), swift: { user: env('E2E_SWIFT_USER'), key: env('E2E_SWIFT_KEY') } }, name);
}

async function openForm(page: Page, name: string, providerLabel: string) {
  await page.goto('/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(name);
  await form.getByLabel('Provider').selectOption({ label: providerLabel });
  await expect(form.getByLabel('Role')).toHaveValue('object');
  await expect(form.getByLabel('Zone', { exact: true })).toHaveCount(0);
  return form;
}

async function fillS3(page: Page, name: string, bucket: string, secret: string) {
  const form = await openForm(page, name, 'S3-compatible object storage');
  await form.getByLabel('Endpoint').fill(env('E2E_S3_ENDPOINT'));
  await form.getByLabel('Bucket').fill(bucket);
  await form.getByLabel('Access key ID').fill(env('E2E_S3_ACCESS_KEY'));
  await expect(form.getByLabel('Secret access key')).toHaveAttribute('type', 'password');
  await form.getByLabel('Secret access key').fill(secret);
  await expect(form.getByLabel('Path-style addressing')).toBeChecked();
  await form.getByRole('button', { name: 'Register store' }).click();
  return form;
}

test('register an S3 store with its own fields, secret masked, and validate it live', async ({ page }) => {
  const bucket = uniqueName('e2e-s3').toLowerCase();
  await createContainer(bucket);
  const name = s3Name;
  await fillS3(page, name, bucket, env('E2E_S3_SECRET_KEY'));

  const card = page.getByTestId(`store-card-${name}`);
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card).toContainText('s3 · object · region-wide');
  await expect(card).toContainText('secretAccessKey: ••••••');
  await expect(page.locator('main')).not.toContainText(env('E2E_S3_SECRET_KEY'));

  await card.getByRole('button', { name: 'Validate' }).click();
  const report = card.getByRole('region', { name: 'Validation result' });
  await expect(report).toContainText('All checks passed', { timeout: 60_000 });
  for (const check of ['Reachable', 'Write', 'Read back with checksum', 'Range read', 'List', 'Refuses corrupt writes', 'Throughput', 'Delete']) {
    await expect(report.getByTestId(`check-${check}`)).toHaveAttribute('data-outcome', 'passed');
  }
  await report.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('store-validation'), fullPage: true });
});

test('an S3 secret the endpoint refuses is reported at the secret field', async ({ page }) => {
  const bucket = uniqueName('e2e-s3bad').toLowerCase();
  await createContainer(bucket);
  const form = await fillS3(page, uniqueName('s3bad'), bucket, 'definitely-wrong');
  await expect(form.getByTestId('store-config-secretAccessKey-error')).toContainText('refused', { timeout: 20_000 });
  await expect(form.getByLabel('Secret access key')).toHaveValue('definitely-wrong');
});

test('register an OpenStack Swift store with its own fields and validate it live', async ({ page }) => {
  const container = uniqueName('e2e-swift');
  await createContainer(container);
  const name = swiftName;
  const form = await openForm(page, name, 'OpenStack Swift');
  await form.getByLabel('Auth URL').fill(env('E2E_SWIFT_AUTH_URL'));
  await expect(form.getByLabel('Auth version (optional)')).toHaveValue('v1');
  await form.getByLabel('User', { exact: true }).fill(env('E2E_SWIFT_USER'));
  await expect(form.getByLabel('Key / password')).toHaveAttribute('type', 'password');
  await form.getByLabel('Key / password').fill(env('E2E_SWIFT_KEY'));
  await form.getByLabel('Container').fill(container);
  await form.getByRole('button', { name: 'Register store' }).click();

  const card = page.getByTestId(`store-card-${name}`);
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card).toContainText('swift · object · region-wide');
  await expect(card).toContainText('key: ••••••');
  await card.getByRole('button', { name: 'Validate' }).click();
  await expect(card.getByRole('region', { name: 'Validation result' })).toContainText('All checks passed', { timeout: 60_000 });
});

// Every active object store holds a copy of every object: stores left here would take copies in later suites.
test('object stores that hold nothing are removed', async ({ page }) => {
  await page.goto('/stores');
  for (const name of [s3Name, swiftName]) {
    const card = page.getByTestId(`store-card-${name}`);
    page.once('dialog', (dialog) => dialog.accept());
    await card.getByRole('button', { name: 'Remove' }).click();
    await expect(card).toHaveCount(0);
  }
});
});
