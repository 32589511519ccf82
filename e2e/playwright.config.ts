import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import {
  ADMIN_PASSWORD,
  AGENT_TOKEN_FILE,
  ADMIN_USER,
  BASE_URL,
  DATA_DIR,
  PRODUCT_PORT,
  SELF_BUILT,
  STATIC_FIXTURES,
} from './tests/support/target';
import { RESULTS_DIR } from './tests/support/screenshots';

/** Read by the specs: the agent token file, the admin's name, password and signed-in browser state. */
export { ADMIN_PASSWORD, ADMIN_USER, AGENT_TOKEN_FILE };
export const ADMIN_STATE = path.join(import.meta.dirname, '.auth', 'admin.json');

/**
 * The suite, as test plans (a tag per describe, tests/support/plans in scripts/plan-results.mjs): against the
 * product it starts from the web build, or against an existing deployment with BASE_URL (e2e/README.md).
 * Everything a run writes goes to the gitignored e2e/results/.
 */
export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  outputDir: path.join(RESULTS_DIR, 'artifacts'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: '.test-results/playwright.json' }],
    ['junit', { outputFile: path.join(RESULTS_DIR, 'junit.xml') }],
    ['html', { outputFolder: path.join(RESULTS_DIR, 'report'), open: 'never' }],
    ['./reporters/plans-reporter.ts', { outputFile: path.join(RESULTS_DIR, 'plans.json') }],
  ],
  metadata: {
    target: SELF_BUILT ? 'self-built' : BASE_URL,
    selfBuilt: SELF_BUILT,
    fixtures: { ...STATIC_FIXTURES, 'demo-data': SELF_BUILT || 'checked per test', 'empty-installation': SELF_BUILT || 'checked per test' },
  },
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
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
        // A deployment elsewhere is resolved; the self-built product is on 127.0.0.1 and nothing else is.
        ...(SELF_BUILT ? ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'] : []),
      ],
    },
  },
  projects: [
    { name: 'sign-in', testMatch: /auth\.setup\.ts/ },
    // The first run sees the empty installation and loads the demo data the other specs use; as a dependency
    // it runs whatever --grep selects (Playwright filters only the projects asked for, not their dependencies).
    {
      name: 'first-run',
      dependencies: ['sign-in'],
      testMatch: /first-run\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 860 }, storageState: ADMIN_STATE },
    },
    {
      name: 'chromium',
      dependencies: ['first-run'],
      testIgnore: [/\.setup\.ts/, /first-run\.spec\.ts/],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1360, height: 860 }, storageState: ADMIN_STATE },
    },
  ],
  webServer: SELF_BUILT
    ? {
        command: `bash ./start-server.sh ${DATA_DIR} ${PRODUCT_PORT}`,
        url: `${BASE_URL}/api/trpc/zone.list`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'ignore',
        stderr: 'pipe',
        env: { STOWAGE_ADMIN_PASSWORD: ADMIN_PASSWORD },
      }
    : undefined,
});
