import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { beforeAll, inject } from 'vitest';
import type { SwiftConfig } from '../../src/swift/config';
import { swiftProvider } from '../../src/swift/swift-provider';
import { describeConformance } from './suite';

const container = `stowage-conformance-${randomUUID().slice(0, 8)}`;
let closedPort = 0;

/** A working configuration against the run's Swift; 8 MiB segments so the 64 MiB case is a Static Large Object. */
function config(overrides: Partial<Record<keyof SwiftConfig, unknown>> = {}): SwiftConfig {
  const { authUrl, swift } = inject('objectStore');
  return swiftProvider.configSchema.parse({
    authUrl,
    user: swift.user,
    key: swift.key,
    container,
    segmentSizeMiB: 8,
    ...overrides,
  });
}

/** A port on which nothing listens: bound, read, released. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The container of this file, created with plain Swift API calls (the provider never creates it). */
beforeAll(async () => {
  const { authUrl, swift } = inject('objectStore');
  const auth = await fetch(authUrl, { headers: { 'x-auth-user': swift.user, 'x-auth-key': swift.key } });
  const token = auth.headers.get('x-auth-token');
  const storageUrl = auth.headers.get('x-storage-url');
  if (!auth.ok || !token || !storageUrl) throw new Error(`Swift auth failed: HTTP ${auth.status}`);
  const created = await fetch(`${storageUrl}/${container}`, { method: 'PUT', headers: { 'x-auth-token': token } });
  if (created.status !== 201 && created.status !== 202) throw new Error(`Creating ${container}: HTTP ${created.status}`);
  closedPort = await freePort();
});

describeConformance('swift', {
  backend: () => swiftProvider.open(config()),
  deniedBackend: () => swiftProvider.open(config({ key: 'not-the-key' })),
  unreachableBackend: () =>
    swiftProvider.open(config({ authUrl: `http://127.0.0.1:${closedPort}/auth/v1.0`, requestTimeoutSeconds: 2 })),
  unreachableWithinMs: 10_000,
});
