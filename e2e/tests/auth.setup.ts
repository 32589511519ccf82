import fs from 'node:fs';
import path from 'node:path';
import { expect, test as setup } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_STATE, ADMIN_USER } from '../playwright.config';
import { notAvailable, STATIC_FIXTURES } from './support/target';

/** Signs in once as the admin; every other spec starts from this browser state. */
setup('sign in as the admin', async ({ request }) => {
  if (!STATIC_FIXTURES['admin-credentials']) {
    // Without the admin's password no test can run; each is then reported not run (tests/fixtures.ts).
    fs.mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
    fs.writeFileSync(ADMIN_STATE, JSON.stringify({ cookies: [], origins: [] }));
    setup.skip(true, notAvailable('admin-credentials'));
  }
  const response = await request.post('/api/auth/sign-in/username', { data: { username: ADMIN_USER, password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  await request.storageState({ path: ADMIN_STATE });
});
