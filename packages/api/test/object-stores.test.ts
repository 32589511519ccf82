import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { rejection, resetDb, useApi } from './support';
import { createContainer as createRawContainer } from '@stowage/object-store-server';

const api = useApi();
const objectStore = () => inject('objectStore');

/** Buckets are Swift containers under s3api: made through the Swift API, used through both. */
const createContainer = (name: string) => createRawContainer(objectStore(), name);

function s3Config(bucket: string, overrides: Record<string, unknown> = {}) {
  const { proxyUrl, s3 } = objectStore();
  return {
    endpoint: proxyUrl,
    region: s3.region,
    bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    ...overrides,
  };
}

let bucket: string;
beforeAll(async () => {
  bucket = `api-${randomUUID().slice(0, 8)}`;
  await createContainer(bucket);
});
beforeEach(async () => {
  await resetDb(api.db);
});

describe('s3 stores against a real S3 API', () => {
  const register = (name: string, config: Record<string, unknown>) =>
    api.caller.store.register({ name, provider: 's3', role: 'object', zoneId: null, config });

  it('registers region-wide, never returns the secret, and passes validation', async () => {
    const store = await register('s3-main', s3Config(bucket));
    expect(store).toMatchObject({ provider: 's3', role: 'object', zoneId: null, state: 'up' });
    expect(store.secretFieldsSet).toEqual(['secretAccessKey']);
    const listed = JSON.stringify(await api.caller.store.list({}));
    expect(listed).not.toContain(objectStore().s3.secretAccessKey);
    expect(listed).not.toContain('secretsSealed');

    const row = await api.db.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(row.config).not.toContain(objectStore().s3.secretAccessKey);
    expect(row.secretsSealed).toMatch(/^v1\./);

    const validation = await api.caller.store.validate({ storeId: store.id });
    expect(validation.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
  });

  it('refuses a second store on the same bucket and prefix, at the bucket field', async () => {
    await register('s3-a', s3Config(bucket, { prefix: 'templates/' }));
    const { error, shape } = await rejection(register('s3-b', s3Config(bucket, { prefix: 'templates/' })), 'store.register');
    expect(error.code).toBe('CONFLICT');
    expect(shape.data.fieldErrors).toEqual({ 'config.bucket': ['Overlaps the location of store s3-a'] });
    await expect(register('s3-c', s3Config(bucket, { prefix: 'isos/' }))).resolves.toMatchObject({ name: 's3-c' });
  });

  it('a refused secret is a field error on the secret', async () => {
    const { error, shape } = await rejection(
      register('s3-bad', s3Config(bucket, { secretAccessKey: 'not-the-secret' })),
      'store.register',
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['config.secretAccessKey']);
    expect(JSON.stringify(shape)).not.toContain('not-the-secret');
  });

  it('a missing bucket is a field error on the bucket', async () => {
    const { shape } = await rejection(register('s3-missing', s3Config('no-such-bucket-here')), 'store.register');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['config.bucket']);
  });

  it('an update that leaves the secret empty keeps the stored one', async () => {
    const store = await register('s3-keep', s3Config(bucket, { prefix: 'keep/' }));
    const { secretAccessKey: _omitted, ...withoutSecret } = s3Config(bucket, { prefix: 'keep/' });
    await api.caller.store.update({ storeId: store.id, config: { ...withoutSecret, secretAccessKey: '' } });
    const probe = await api.caller.store.probe({ storeId: store.id });
    expect(probe.state).toBe('up');
  });
});

describe('swift stores against a real Swift API', () => {
  const swiftConfig = (container: string, overrides: Record<string, unknown> = {}) => ({
    authUrl: objectStore().authUrl,
    user: objectStore().swift.user,
    key: objectStore().swift.key,
    container,
    ...overrides,
  });
  const register = (name: string, config: Record<string, unknown>) =>
    api.caller.store.register({ name, provider: 'swift', role: 'object', zoneId: null, config });

  it('registers, never returns the key, and passes validation', async () => {
    const store = await register('swift-main', swiftConfig(bucket, { prefix: 'swift/' }));
    expect(store).toMatchObject({ provider: 'swift', state: 'up', secretFieldsSet: ['key'] });
    expect(JSON.stringify(await api.caller.store.list({}))).not.toContain(`"${objectStore().swift.key}"`);
    const validation = await api.caller.store.validate({ storeId: store.id });
    expect(validation.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
  });

  it('a refused key is a field error on the key; a missing container on the container', async () => {
    const denied = await rejection(register('swift-bad', swiftConfig(bucket, { key: 'wrong-key' })), 'store.register');
    expect(Object.keys(denied.shape.data.fieldErrors ?? {})).toEqual(['config.key']);
    expect(JSON.stringify(denied.shape)).not.toContain('wrong-key');
    const missing = await rejection(register('swift-missing', swiftConfig('no-such-container')), 'store.register');
    expect(Object.keys(missing.shape.data.fieldErrors ?? {})).toEqual(['config.container']);
  });

  it('refuses a second store on the same container and prefix', async () => {
    await register('swift-a', swiftConfig(bucket, { prefix: 'shared/' }));
    const { error } = await rejection(register('swift-b', swiftConfig(bucket, { prefix: 'shared/' })), 'store.register');
    expect(error.code).toBe('CONFLICT');
  });
});
