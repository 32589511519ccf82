import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

const envSchema = z.object({
  ...dataDirVariables,
  STOWAGE_SECRET_KEY: z.string().optional(),
  /** Jobs this process runs at once. */
  STOWAGE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Seconds a job stays this worker's without a heartbeat before another may take it over. */
  STOWAGE_JOB_LEASE_S: z.coerce.number().min(1).max(3600).default(30),
  /** How often the reconciler looks for changes, in milliseconds. */
  STOWAGE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  STOWAGE_WORKER_ID: z.string().min(1).max(200).optional(),
});

export type WorkerEnv = z.infer<typeof envSchema>;

/** The only place the worker reads process.env. */
export function readEnv(): WorkerEnv {
  return parseEnvironment(envSchema, process.env);
}
