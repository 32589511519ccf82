import { startSwiftServer } from '@stowage/object-store-server';

/**
 * A real OpenStack Swift (Swift API and S3 API) for the suites that register object stores. Its endpoints
 * reach the tests through the environment; it is stopped by PID when the run ends.
 */
export default async function globalSetup() {
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
