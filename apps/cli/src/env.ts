import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

/** The same data directory variables as the web app, the worker and the supervisor: one installation. */
const envSchema = z.object({
  ...dataDirVariables,
  STOWAGE_SECRET_KEY: z.string().optional(),
});

export type CliEnv = z.infer<typeof envSchema>;

/** The only place the command line reads process.env. */
export function readEnv(): CliEnv {
  return parseEnvironment(envSchema, process.env);
}
