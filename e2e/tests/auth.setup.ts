import { expect, test as setup } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_STATE } from '../playwright.config';

/** Signs in once as the bootstrap admin; every other spec starts from this browser state. */
setup('sign in as the admin', async ({ request }) => {
  const response = await request.post('/api/auth/sign-in/username', { data: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  await request.storageState({ path: ADMIN_STATE });
});
