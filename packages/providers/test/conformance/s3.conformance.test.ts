import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, inject } from 'vitest';
import type { S3Config } from '../../src/s3/config';
import { s3Provider } from '../../src/s3/s3-provider';
import { describeConformance } from './suite';
import { freePort } from '../support/free-port';

const bucket = `stowage-conformance-${randomUUID().slice(0, 8)}`;
let closedPort = 0;

/** A working configuration against the run's Swift (s3api); 5 MiB parts so 5 MiB + 1 and 64 MiB go multipart. */
function config(overrides: Partial<S3Config> = {}): S3Config {
  const { proxyUrl, s3 } = inject('objectStore');
  return s3Provider.configSchema.parse({
    endpoint: proxyUrl,
    region: s3.region,
    bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    partSizeMiB: 5,
    ...overrides,
  });
}

beforeAll(async () => {
  const { proxyUrl, s3 } = inject('objectStore');
  const client = new S3Client({
    endpoint: proxyUrl,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  closedPort = await freePort();
});

describeConformance('s3', {
  backend: () => s3Provider.open(config()),
  deniedBackend: () => s3Provider.open(config({ secretAccessKey: 'not-the-secret' })),
  unreachableBackend: () =>
    s3Provider.open(config({ endpoint: `http://127.0.0.1:${closedPort}`, requestTimeoutSeconds: 2 })),
  unreachableWithinMs: 10_000,
});
