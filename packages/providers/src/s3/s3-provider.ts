import type { StorageProvider } from '../contract';
import { checkBucket } from './check-bucket';
import { s3ConfigSchema, type S3Config } from './config';
import { openS3Backend } from './s3-backend';
import { createS3Client } from './s3-client';

const TiB = 1024 ** 4;

export const s3Provider: StorageProvider<S3Config> = {
  id: 's3',
  label: 'S3-compatible object storage',
  description:
    'A bucket on Amazon S3 or an S3-compatible store (Ceph RGW, MinIO, OpenStack Swift s3api…), used as region-wide object storage.',
  roles: ['object'],
  capabilities: {
    reportsCapacity: false,
    multipartUpload: true,
    rangeReads: true,
    serverSideCopy: true,
    maxObjectBytes: 5 * TiB,
  },
  configSchema: s3ConfigSchema,
  secretFields: ['secretAccessKey'],
  checkConfig: async (config, options) => {
    const client = createS3Client(config);
    try {
      await checkBucket(client, config, options.signal);
    } finally {
      client.destroy();
    }
  },
  locationField: 'bucket',
  location: (config) => {
    const host = new URL(config.endpoint).host.toLowerCase();
    const prefix = config.prefix === '' || config.prefix.endsWith('/') ? config.prefix : `${config.prefix}/`;
    return `s3:${host}/${config.bucket}/${prefix}`;
  },
  open: (config) => openS3Backend(config),
};
