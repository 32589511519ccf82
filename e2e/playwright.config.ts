import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = path.join(os.tmpdir(), `stowage-e2e-${PORT}`);
/** The secret of the agent token start-server.sh creates with the admin command line (tests/support/agent-api.ts). */
export const AGENT_TOKEN_FILE = `${DATA_DIR}.agent-token`;
/** The bootstrap admin's password for the product this suite starts (the suite signs in once, in auth.setup.ts). */
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin password, not for production';
export const ADMIN_STATE = path.join(import.meta.dirname, '.auth', 'admin.json');

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.test-results/playwright.json' }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      ],
    },
  },
  projects: [
    { name: 'sign-in', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      dependencies: ['sign-in'],
      testIgnore: /\.setup\.ts/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 860 }, storageState: ADMIN_STATE },
    },
  ],
  webServer: {
    command: `bash ./start-server.sh ${DATA_DIR} ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/trpc/zone.list`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { STOWAGE_ADMIN_PASSWORD: ADMIN_PASSWORD },
  },
});
