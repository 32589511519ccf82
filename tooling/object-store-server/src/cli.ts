/**
 * Runs a Swift (+ S3 API) test server until SIGINT/SIGTERM.
 *   pnpm --filter @stowage/object-store-server start [--verbose] [--keystone]
 * --keystone also starts Keystone (identity v3) and prints OS_* variables for it.
 */
import { startSwiftServer } from './index';

const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
const keystone = process.argv.includes('--keystone');
const startedAt = performance.now();
const server = await startSwiftServer({
  keystone,
  ...(verbose ? { log: (line: string) => console.error(line) } : {}),
});
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);

console.log(
  [
    `SWIFT_AUTH_URL=${server.authUrl}`,
    `SWIFT_USER=${server.swift.user}`,
    `SWIFT_KEY=${server.swift.key}`,
    `S3_ENDPOINT=${server.proxyUrl}`,
    `S3_ACCESS_KEY_ID=${server.s3.accessKeyId}`,
    `S3_SECRET_ACCESS_KEY=${server.s3.secretAccessKey}`,
    `S3_REGION=${server.s3.region}`,
    `S3_FORCE_PATH_STYLE=true`,
    ...(server.keystone
      ? [
          `OS_AUTH_URL=${server.keystone.authUrl}`,
          `OS_USERNAME=${server.keystone.user}`,
          `OS_PASSWORD=${server.keystone.password}`,
          `OS_USER_DOMAIN_NAME=${server.keystone.userDomain}`,
          `OS_PROJECT_NAME=${server.keystone.projectName}`,
          `OS_PROJECT_DOMAIN_NAME=${server.keystone.projectDomain}`,
          `OS_REGION_NAME=${server.keystone.region}`,
          `OS_STORAGE_URL=${server.keystone.storageUrl}`,
        ]
      : []),
  ].join('\n'),
);
console.error(`# Swift ready in ${seconds} s (data in ${server.dataDir}); Ctrl-C to stop`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.error(`# ${signal}: stopping`);
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
