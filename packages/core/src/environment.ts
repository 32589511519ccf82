import type { z } from 'zod';

/**
 * An app's environment parsed by its schema, or one error naming every variable that is wrong and why (the
 * rule, never the value: some variables are secrets).
 */
export function parseEnvironment<Schema extends z.ZodType>(schema: Schema, environment: Record<string, string | undefined>): z.infer<Schema> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}
