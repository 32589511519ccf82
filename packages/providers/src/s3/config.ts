import { z } from 'zod';
import { httpUrlField } from '../http-url';
import { keyPrefixField } from '../key-prefix';

/** An http(s) origin: no credentials, path, query or fragment. Normalised to `new URL(value).origin`. */
const endpoint = httpUrlField({ label: 'Endpoint', example: 'https://s3.example.com', credentialsGoIn: 'the access key fields' })
  .refine(
    (value) => !URL.canParse(value) || ['/', ''].includes(new URL(value).pathname),
    'The endpoint must not have a path: put the bucket in its own field',
  )
  .transform((value) => new URL(value).origin);

/** S3 bucket naming rules (the DNS-compatible ones every S3 implementation accepts). */
const bucket = z
  .string()
  .trim()
  .min(3, 'Bucket names are 3 to 63 characters long')
  .max(63, 'Bucket names are 3 to 63 characters long')
  .regex(/^[a-z0-9.-]+$/, 'Use lowercase letters, digits, dots and hyphens only')
  .regex(/^[a-z0-9](.*[a-z0-9])?$/, 'Start and end the bucket name with a letter or a digit')
  .refine((value) => !/\.\.|\.-|-\./.test(value), 'Dots must not be next to another dot or a hyphen')
  .refine((value) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(value), 'A bucket name must not look like an IP address');

const prefix = keyPrefixField;

export const s3ConfigSchema = z.object({
  endpoint: endpoint.meta({
    title: 'Endpoint',
    description: 'URL of the S3 API, without the bucket (http:// or https://, optional port).',
    placeholder: 'https://s3.example.com',
  }),
  region: z
    .string()
    .trim()
    .min(1, 'Region is required')
    .max(64, 'Region is longer than 64 characters')
    .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, hyphens and underscores only')
    .default('us-east-1')
    .meta({
      title: 'Region',
      description: 'Signing region. Most S3-compatible stores accept us-east-1.',
      placeholder: 'us-east-1',
    }),
  bucket: bucket.meta({
    title: 'Bucket',
    description: 'An existing bucket; Stowage does not create it.',
    placeholder: 'stowage-secondary',
  }),
  prefix: prefix.default('').meta({
    title: 'Key prefix',
    description: 'Optional folder inside the bucket for this store’s objects, so several stores can share a bucket.',
    placeholder: 'region-1/',
  }),
  accessKeyId: z
    .string()
    .trim()
    .min(1, 'Access key ID is required')
    .max(256, 'Access key ID is longer than 256 characters')
    .meta({ title: 'Access key ID', description: 'The access key of the S3 credentials.', placeholder: 'AKIAIOSFODNN7EXAMPLE' }),
  secretAccessKey: z
    .string()
    .min(1, 'Secret access key is required')
    .max(1024, 'Secret access key is longer than 1024 characters')
    .meta({
      title: 'Secret access key',
      description: 'Stored sealed and never shown again; leave empty when editing to keep the current one.',
      placeholder: '',
    }),
  forcePathStyle: z.boolean().default(true).meta({
    title: 'Path-style addressing',
    description: 'Address buckets as endpoint/bucket (most self-hosted stores) instead of bucket.endpoint.',
    placeholder: 'true',
  }),
  partSizeMiB: z
    .number()
    .int('Use a whole number of MiB')
    .min(5, 'Parts are at least 5 MiB')
    .max(5120, 'Parts are at most 5120 MiB (5 GiB)')
    .default(8)
    .meta({
      title: 'Part size (MiB)',
      description: 'Size of one multipart upload part. Memory per upload is about part size × parallel parts.',
      placeholder: '8',
    }),
  queueSize: z
    .number()
    .int('Use a whole number')
    .min(1, 'At least 1 part at a time')
    .max(16, 'At most 16 parts at a time')
    .default(4)
    .meta({ title: 'Parallel parts', description: 'Parts uploaded at the same time by one upload.', placeholder: '4' }),
  requestTimeoutSeconds: z
    .number()
    .int('Use a whole number of seconds')
    .min(1, 'At least 1 second')
    .max(600, 'At most 600 seconds')
    .default(30)
    .meta({
      title: 'Request timeout (s)',
      description: 'How long to wait for a connection, or for a silent connection to move again, before giving up.',
      placeholder: '30',
    }),
});
export type S3Config = z.infer<typeof s3ConfigSchema>;
