import fs from 'node:fs';
import path from 'node:path';
import { startSwiftServer } from '@stowage/object-store-server';
import { RESULTS_DIR } from './tests/support/screenshots';
import { START_SWIFT } from './tests/support/target';

/**
 * A fresh results folder for this run (Playwright empties its own artifacts and HTML report folders), then a
 * real OpenStack Swift (Swift API and S3 API) for the suites that register object stores, when the product
 * runs on this machine and the environment names no Swift of its own. Its endpoints reach the tests through
 * the environment; it is stopped by PID when the run ends.
 */
export default async function globalSetup() {
  for (const name of ['screenshots', 'pages', 'plans.json', 'junit.xml']) fs.rmSync(path.join(RESULTS_DIR, name), { recursive: true, force: true });
  if (!START_SWIFT) return undefined;
  const server = await startSwiftServer();
  process.env.E2E_SWIFT_AUTH_URL = server.authUrl;
  process.env.E2E_SWIFT_USER = server.swift.user;
  process.env.E2E_SWIFT_KEY = server.swift.key;
  process.env.E2E_S3_ENDPOINT = server.proxyUrl;
  process.env.E2E_S3_ACCESS_KEY = server.s3.accessKeyId;
  process.env.E2E_S3_SECRET_KEY = server.s3.secretAccessKey;
  return async () => {
    await server.stop();
  };
}
