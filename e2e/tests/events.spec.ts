import type { APIRequestContext } from '@playwright/test';
import { expect, gotoHydrated, test, uniqueName } from './fixtures';

test.describe('Events', { tag: '@security' }, () => {

/** A zone created and deleted through the API as the signed-in admin: two events naming it. */
async function zoneEvents(request: APIRequestContext, name: string) {
  const created = await request.post('/api/trpc/zone.create', { headers: { 'content-type': 'application/json' }, data: JSON.stringify({ json: { name, mode: 'backup' } }) });
  expect(created.status(), await created.text()).toBe(200);
  const { id } = (JSON.parse(await created.text()) as { result: { data: { json: { id: string } } } }).result.data.json;
  const deleted = await request.post('/api/trpc/zone.delete', { headers: { 'content-type': 'application/json' }, data: JSON.stringify({ json: { zoneId: id } }) });
  expect(deleted.status(), await deleted.text()).toBe(200);
}

test('the Events page pages through older and newer events, with the filters in a link that opens the same page, and sorts oldest first from the Time header', async ({ page, browser, baseURL }) => {
  const prefix = uniqueName('evpage');
  // 30 zones created and deleted: 60 zone events by the admin, more than one page of 50.
  for (let index = 0; index < 30; index += 1) await zoneEvents(page.request, `${prefix}-${String(index).padStart(2, '0')}`);

  await gotoHydrated(page, '/events');
  await page.getByLabel('Type').fill('zone.');
  await expect(page).toHaveURL(/[?&]type=zone\.(&|$)/);
  const table = page.getByRole('table', { name: 'Events' });
  const rows = table.getByTestId('event-row');
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`Zone ${prefix}-29`);

  const pager = page.getByRole('navigation', { name: 'Event pages' }).first();
  await expect(pager.getByRole('button', { name: '← Newer' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect(rows.first()).not.toContainText(`Zone ${prefix}-29`);
  const firstOlder = await rows.first().getAttribute('data-event-id');

  // The link shows the same page to whoever opens it.
  const context = await browser.newContext({ baseURL, storageState: await page.context().storageState() });
  try {
    const other = await context.newPage();
    await gotoHydrated(other, page.url().replace(baseURL!, ''));
    await expect(other.getByLabel('Type')).toHaveValue('zone.');
    await expect(other.getByRole('table', { name: 'Events' }).getByTestId('event-row').first()).toHaveAttribute('data-event-id', firstOlder!);
  } finally {
    await context.close();
  }

  await pager.getByRole('button', { name: '← Newer' }).click();
  await expect(rows.first()).toContainText(`Zone ${prefix}-29`);
  await expect(rows).toHaveCount(50);
  // Back on the newest page, the link has no cursor left.
  await expect(page).not.toHaveURL(/cursor=/);

  // The Time header turns the list round: oldest first, paged towards newer events, kept in the link.
  const times = () => rows.locator('time').evaluateAll((cells) => cells.map((cell) => Date.parse(cell.getAttribute('datetime') ?? '')));
  const timeHeader = table.getByRole('columnheader', { name: /Time/ });
  await expect(timeHeader).toHaveAttribute('aria-sort', 'descending');
  await timeHeader.getByRole('button').click();
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect(timeHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.first()).not.toContainText(`Zone ${prefix}-29`);
  await expect(page.getByText(/on this page, oldest first/)).toBeVisible();
  const oldestPage = await times();
  expect(oldestPage).toHaveLength(50);
  expect(oldestPage).toEqual([...oldestPage].sort((a, b) => a - b));
  await pager.getByRole('button', { name: 'Newer →' }).click();
  await expect(page).toHaveURL(/[?&]cursor=/);
  await expect(page).toHaveURL(/[?&]order=asc(&|$)/);
  await expect.poll(async () => (await times())[0] ?? 0).toBeGreaterThanOrEqual(oldestPage[oldestPage.length - 1]!);
  const newerPage = await times();
  expect(newerPage).toEqual([...newerPage].sort((a, b) => a - b));
  await expect(pager.getByRole('button', { name: '← Older' })).toBeEnabled();
});

test('the Security quick filter shows refused sign-ins and refused calls, which stand out', async ({ page, playwright, baseURL }) => {
  // No session: the suite's admin state would otherwise be used.
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const wrong = await anonymous.post('/api/auth/sign-in/username', { data: { username: 'admin', password: 'not the admin password' } });
    expect(wrong.status()).toBe(401);
    const refused = await anonymous.get('/api/trpc/zone.list');
    expect(refused.status()).toBe(401);
  } finally {
    await anonymous.dispose();
  }

  await gotoHydrated(page, '/events');
  await page.getByRole('button', { name: 'Security' }).click();
  await expect(page).toHaveURL(/type=auth\.,access\.denied,token\./);
  await expect(page.getByRole('button', { name: 'Security' })).toHaveAttribute('aria-pressed', 'true');
  const table = page.getByRole('table', { name: 'Events' });
  await expect(table.locator('[data-testid="event-row"][data-type="auth.sign_in"][data-outcome="failure"]').first()).toContainText('Wrong username or password for admin');
  await expect(table.locator('[data-testid="event-row"][data-type="access.denied"][data-outcome="denied"]').first()).toContainText('anonymous was refused zone.list');
  // Nothing else is listed.
  // Rows of the current filters (the previous filters' rows stay, dimmed and aria-busy, until these arrive).
  const listed = (attribute: string) =>
    page.locator('[aria-busy="false"] > table[aria-label="Events"] [data-testid="event-row"]').evaluateAll((rows, name) => rows.map((row) => row.getAttribute(name) ?? ''), attribute);
  await expect
    .poll(async () => (await listed('data-type')).every((type) => type.startsWith('auth.') || type === 'access.denied' || type.startsWith('token.')))
    .toBe(true);

  await page.getByRole('button', { name: 'Failed or denied' }).click();
  await expect(page).toHaveURL(/outcome=failure,denied/);
  await expect
    .poll(async () => {
      const outcomes = await listed('data-outcome');
      return outcomes.length > 0 && outcomes.every((outcome) => outcome === 'failure' || outcome === 'denied');
    })
    .toBe(true);
  // Narrowing to one actor from a row.
  await table.locator('[data-testid="event-row"][data-type="access.denied"]').first().hover();
  await table.locator('[data-testid="event-row"][data-type="access.denied"]').first().getByRole('button', { name: 'Only events by anonymous' }).click();
  await expect(page).toHaveURL(/actor=anonymous/);
  await expect(page.getByLabel('Actor')).toHaveValue('anonymous');
});
});
