import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../storage-error';
import type { S3Config } from './config';
import { startDeadline } from './s3-client';

/**
 * HeadBucket, with the answer told in terms of the configuration form: a missing bucket points at
 * `bucket`, refused credentials at `secretAccessKey`, an endpoint that does not answer at `endpoint`.
 * Bounded by the request timeout even when the caller passes no signal.
 */
export async function checkBucket(client: S3Client, config: S3Config, signal?: AbortSignal): Promise<void> {
  const deadline = startDeadline(config.requestTimeoutSeconds * 1000, signal);
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }), { abortSignal: deadline.signal });
  } catch (error) {
    const translated = deadline.translate(error, config.endpoint);
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    switch (translated.code) {
      case 'NotFound':
        throw new StorageError({
          code: 'InvalidConfig',
          field: 'bucket',
          message: `Bucket ${config.bucket} does not exist`,
          cause: error,
        });
      case 'AccessDenied':
        throw new StorageError({
          code: 'AccessDenied',
          field: 'secretAccessKey',
          message: 'The endpoint refused these credentials',
          cause: error,
        });
      case 'Aborted':
        throw translated;
      default:
        if (status === 301 || status === 400) {
          throw new StorageError({
            code: 'InvalidConfig',
            field: 'region',
            message: `The endpoint refused the request for bucket ${config.bucket} (HTTP ${status}): check the region and addressing style`,
            cause: error,
          });
        }
        throw new StorageError({
          code: 'Unavailable',
          field: 'endpoint',
          message: translated.message,
          cause: error,
        });
    }
  } finally {
    deadline.release();
  }
}
