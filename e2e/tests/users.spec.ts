import type { Browser } from '@playwright/test';
import { expect, gotoHydrated, test, uniqueName } from './fixtures';

test.describe('Users', { tag: '@security' }, () => {

const NO_SESSION = { cookies: [], origins: [] };
const username = (prefix: string) => uniqueName(prefix).slice(0, 32);
const password = (who: string) => `${who} correct horse battery staple`;

/** A browser signed in as `name` (through the API), to see their sessions end. */
async function signedIn(browser: Browser, baseURL: string | undefined, name: string, secret: string) {
  const context = await browser.newContext({ baseURL, storageState: NO_SESSION });
  const answer = await context.request.post('/api/auth/sign-in/username', { data: { username: name, password: secret } });
  expect(answer.status(), await answer.text()).toBe(200);
  return context;
}

test('Users: a role change (confirmed) signs the user out, disable and enable, reset shows a one-time password once, sign out everywhere', async ({ page, browser, baseURL }) => {
  const name = username('managed');
  await gotoHydrated(page, '/users');
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Username').fill(name);
  await form.getByLabel('Role').selectOption('viewer');
  // A chosen password must follow the rules: the message is at the field.
  await form.getByLabel('Password (optional)').fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('new-user-password-error')).toContainText('Use at least 12 characters.');
  await form.getByLabel('Password (optional)').fill(password(name));
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('status').filter({ hasText: `User ${name} created with the password you chose.` })).toBeVisible();
  await expect(page.getByTestId('one-time-password')).toHaveCount(0);
  const row = page.getByTestId(`user-row-${name}`);
  await expect(row).toContainText('Enabled');
  await expect(row).not.toContainText('Must change password');

  // A taken name is refused at the field.
  await form.getByLabel('Username').fill(name.toUpperCase());
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('new-user-name-error')).toContainText('This username is already taken');

  // A role change asks first, saying their sessions end; dismissing it changes nothing.
  const session = await signedIn(browser, baseURL, name, password(name));
  try {
    await page.reload();
    await expect(row.getByRole('cell').nth(4)).toHaveText('1');
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe(`Make ${name} Operator? Their sessions end: ${name} signs in again with the new role.`);
      void dialog.dismiss();
    });
    await row.getByLabel(`Role of ${name}`).selectOption('operator');
    await expect(row.getByLabel(`Role of ${name}`)).toHaveValue('viewer');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByLabel(`Role of ${name}`).selectOption('operator');
    await expect(row.getByLabel(`Role of ${name}`)).toHaveValue('operator');
    await expect(row.getByRole('cell').nth(4)).toHaveText('0');
    expect((await session.request.get('/api/trpc/account.me')).status()).toBe(401);
  } finally {
    await session.close();
  }

  // Disabled: shown, and sign-in refused; enabled again.
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  const refused = await browser.newContext({ baseURL, storageState: NO_SESSION });
  const disabledSignIn = await refused.request.post('/api/auth/sign-in/username', { data: { username: name, password: password(name) } });
  expect(disabledSignIn.status(), await disabledSignIn.text()).toBeGreaterThanOrEqual(400);
  await refused.close();
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Enabled');

  // Sign out everywhere ends every session of theirs.
  const first = await signedIn(browser, baseURL, name, password(name));
  const second = await signedIn(browser, baseURL, name, password(name));
  try {
    await page.reload();
    await expect(row.getByRole('cell').nth(4)).toHaveText('2');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${name} signed out everywhere (2 sessions ended).` })).toBeVisible();
    expect((await first.request.get('/api/trpc/account.me')).status()).toBe(401);
    expect((await second.request.get('/api/trpc/account.me')).status()).toBe(401);
  } finally {
    await first.close();
    await second.close();
  }

  // Reset: a one-time password, shown once, that signs in to the Account page alone.
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Reset password' }).click();
  const panel = page.getByTestId('one-time-password');
  await expect(panel).toContainText(`Password of ${name} reset: their one-time password`);
  await expect(panel).toContainText('It will not be shown again.');
  const oneTimePassword = await panel.getByTestId('one-time-password-value').inputValue();
  await expect(row).toContainText('Must change password');
  await panel.getByRole('button', { name: 'Done, hide it' }).click();
  await page.reload();
  await expect(page.locator('body')).not.toContainText(oneTimePassword);
  const reset = await signedIn(browser, baseURL, name, oneTimePassword);
  try {
    const me = await reset.request.get('/api/trpc/account.me');
    expect(await me.text()).toContain('"mustChangePassword":true');
  } finally {
    await reset.close();
  }
});
});
