import { z } from 'zod';
import { parseEnvironment } from '@stowage/core';
import { dataDirVariables } from '@stowage/services';

const envSchema = z.object({
  ...dataDirVariables,
  /** 32-byte key (64 hex or 44 base64 characters) sealing store secrets; default: <data dir>/secret.key. */
  STOWAGE_SECRET_KEY: z.string().optional(),
  /** Where the agent API listens: loopback unless the admin opens it to the hypervisors' network. */
  STOWAGE_AGENT_HOST: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).max(255).default('127.0.0.1')),
  /** Its TCP port; 0 takes any free port (the start-up line says which). */
  STOWAGE_AGENT_PORT: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().min(0).max(65535).default(3001)),
  /**
   * A header the admin's own proxy sets (e.g. x-forwarded-for), the same variable the web app reads: its last
   * address is the client. Unset: the socket's peer is the client.
   */
  STOWAGE_TRUSTED_PROXY_HEADER: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
    z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'must be a header name, e.g. x-forwarded-for')
      .optional(),
  ),
});

export type AgentApiEnv = z.infer<typeof envSchema>;

/** The only place the agent API reads process.env. */
export function readEnv(): AgentApiEnv {
  return parseEnvironment(envSchema, process.env);
}
