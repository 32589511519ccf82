import { randomUUID } from 'node:crypto';
import { beforeAll, inject } from 'vitest';
import type { SwiftConfig } from '../../src/swift/config';
import { swiftProvider } from '../../src/swift/swift-provider';
import { describeConformance } from './suite';
import { freePort } from '../support/free-port';
import { createContainer } from '@stowage/object-store-server';

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

/** The container of this file, created with plain Swift API calls (the provider never creates it). */
beforeAll(async () => {
  await createContainer(inject('objectStore'), container);
  closedPort = await freePort();
});

describeConformance('swift', {
  backend: () => swiftProvider.open(config()),
  deniedBackend: () => swiftProvider.open(config({ key: 'not-the-key' })),
  unreachableBackend: () =>
    swiftProvider.open(config({ authUrl: `http://127.0.0.1:${closedPort}/auth/v1.0`, requestTimeoutSeconds: 2 })),
  unreachableWithinMs: 10_000,
});
