import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { isStowageError, zodFieldErrors } from '@stowage/core';
import { toTRPCError } from './trpc';

export function errorJson(status: number, code: string, message: string, fieldErrors: Record<string, string[]> | null = null): Response {
  return Response.json({ error: { message, code, fieldErrors } }, { status, headers: { 'cache-control': 'no-store' } });
}

/**
 * A route's failure as the tRPC procedures answer it: a domain error's status, message and field errors; anything
 * else a 500 with a plain message (the error itself goes to the log under `label`, never to the browser).
 */
export function routeErrorResponse(error: unknown, label: string): Response {
  const trpcError = toTRPCError(error);
  const cause = trpcError.cause;
  const internal = trpcError.code === 'INTERNAL_SERVER_ERROR';
  if (internal) console.error(`[${label}] failed:`, error);
  if (cause instanceof z.ZodError) {
    // A route's input is its query string: say which parameter is wrong, as a form would beside the field.
    const fieldErrors = zodFieldErrors(cause);
    const message = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
      .join('. ');
    return errorJson(400, 'BAD_REQUEST', message ? `${message}.` : trpcError.message, fieldErrors);
  }
  return errorJson(
    getHTTPStatusCodeFromError(trpcError),
    trpcError.code,
    internal ? 'Something went wrong on the server.' : trpcError.message,
    isStowageError(cause) ? (cause.fieldErrors ?? null) : null,
  );
}
