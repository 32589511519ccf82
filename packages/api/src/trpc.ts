import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { z } from 'zod';
import { isStowageError, type ErrorCode, type FieldErrors } from '@stowage/core';
import type { ServiceContext } from '@stowage/services';

/* 1. Context ------------------------------------------------------------------------------------ */

export interface ApiContext extends ServiceContext {
  /** The product's data directory; demo stores are created inside it. */
  dataDir: string;
}

/** Pure: the request adapter (route handler) and the tests both build the context through this. */
export function createContextInner(options: ApiContext): ApiContext {
  return options;
}

/* 2. Initialisation: one place translates every error for the client. ------------------------------ */

const CODE_MAP: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/**
 * Domain errors reach the client with their code, message and field errors. Zod errors become field
 * errors. Anything else is an internal error: logged on the server, a plain sentence for the client.
 */
export function toTRPCError(error: unknown): TRPCError {
  // tRPC wraps whatever a resolver throws in an INTERNAL_SERVER_ERROR carrying the raw message: unwrap it.
  const deliberate = error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR';
  if (deliberate && !(error.cause instanceof z.ZodError) && !isStowageError(error.cause)) return error;
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (isStowageError(cause)) return new TRPCError({ code: CODE_MAP[cause.code], message: cause.message, cause });
  if (cause instanceof z.ZodError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: 'Some fields are not valid.', cause });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server.', cause });
}

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors = isStowageError(cause)
      ? (cause.fieldErrors ?? null)
      : cause instanceof z.ZodError
        ? zodFieldErrors(cause)
        : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    return {
      message: internal ? 'Something went wrong on the server.' : shape.message,
      code: shape.code,
      // No stack, no path, no cause: only what a person or a client program can act on.
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fieldErrors },
    };
  },
});

/* 3. Procedures --------------------------------------------------------------------------------- */

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const translateErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const translated = toTRPCError(result.error);
    if (translated.code === 'INTERNAL_SERVER_ERROR') console.error('[api] internal error', result.error.cause ?? result.error);
    return { ...result, error: translated };
  }
  return result;
});

/** Every procedure: errors translated once. Authentication arrives with the security issue. */
export const publicProcedure = t.procedure.use(translateErrors);
