/*
 * The swift provider with Keystone v3 password auth, against a real OpenStack Keystone and a Swift proxy
 * that accepts its tokens (started here: it costs a few seconds more than the shared tempauth server).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwiftServer, type SwiftServer } from '@stowage/object-store-server';
import type { SwiftConfig } from '../../src/swift/config';
import { swiftProvider } from '../../src/swift/swift-provider';
import { isStorageError } from '../../src/storage-error';
import { streamOf } from './data';
import { freePort } from '../support/free-port';
import { describeConformance } from './suite';

const container = `stowage-keystone-${randomUUID().slice(0, 8)}`;
let server: SwiftServer | undefined;
let closedPort = 0;

function keystone() {
  if (!server?.keystone) throw new Error('Keystone did not start');
  return server.keystone;
}

function config(overrides: Partial<Record<keyof SwiftConfig, unknown>> = {}): SwiftConfig {
  const identity = keystone();
  return swiftProvider.configSchema.parse({
    authUrl: identity.authUrl,
    authVersion: 'v3',
    user: identity.user,
    key: identity.password,
    userDomain: identity.userDomain,
    projectName: identity.projectName,
    projectDomain: identity.projectDomain,
    region: identity.region,
    container,
    segmentSizeMiB: 8,
    ...overrides,
  });
}

beforeAll(async () => {
  server = await startSwiftServer({ keystone: true });
  const identity = keystone();
  const auth = await fetch(`${identity.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: identity.user, domain: { name: identity.userDomain }, password: identity.password } },
        },
        scope: { project: { name: identity.projectName, domain: { name: identity.projectDomain } } },
      },
    }),
  });
  const token = auth.headers.get('x-subject-token');
  if (!auth.ok || !token) throw new Error(`Keystone auth failed: HTTP ${auth.status}`);
  const created = await fetch(`${identity.storageUrl}/${container}`, { method: 'PUT', headers: { 'x-auth-token': token } });
  if (created.status !== 201 && created.status !== 202) throw new Error(`Creating ${container}: HTTP ${created.status}`);
  closedPort = await freePort();
}, 600_000);

afterAll(async () => {
  await server?.stop();
});

describeConformance('swift (Keystone v3)', {
  backend: () => swiftProvider.open(config()),
  deniedBackend: () => swiftProvider.open(config({ key: 'not-the-password' })),
  unreachableBackend: () =>
    swiftProvider.open(config({ authUrl: `http://127.0.0.1:${closedPort}/v3`, requestTimeoutSeconds: 2 })),
  unreachableWithinMs: 10_000,
});

describe('Keystone v3 specifics', () => {
  it('checkConfig accepts the project-scoped credentials', async () => {
    await expect(swiftProvider.checkConfig(config(), {})).resolves.toBeUndefined();
  });

  it('a region without an object-store endpoint is refused clearly', async () => {
    const error = await swiftProvider
      .open(config({ region: 'NoSuchRegion' }))
      .put('x', streamOf(Buffer.from('x')))
      .then(() => null, (caught: unknown) => caught);
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/NoSuchRegion/);
  });

  it('a project the user is not a member of is AccessDenied', async () => {
    const error = await swiftProvider
      .open(config({ projectName: 'not-my-project' }))
      .head('x')
      .then(() => null, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AccessDenied' });
  });
});
