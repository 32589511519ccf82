import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { z } from 'zod';
import { accessAllows, isStowageError, zodFieldErrors, type Access, type ErrorCode } from '@stowage/core';
import { isDatabaseUnavailable } from '@stowage/db';
import { countingEvents, type ServiceContext } from '@stowage/services';
import type { SignedIn } from '@stowage/auth';
import { auditCall, auditDenied } from './audit';

/* 1. Context ------------------------------------------------------------------------------------ */

export interface ApiContext extends ServiceContext {
  /** The product's data directory; demo stores are created inside it. */
  dataDir: string;
  /** Who is signed in on this request (null: nobody). `actor` is their username. */
  principal: SignedIn | null;
}

export interface ContextOptions extends Omit<ServiceContext, 'actor'> {
  dataDir: string;
  principal: SignedIn | null;
}

/** Pure: the request adapter (route handler) and the tests both build the context through this. */
export function createContextInner(options: ContextOptions): ApiContext {
  return { ...options, actor: options.principal?.username ?? 'anonymous' };
}

/** What every procedure declares: who may call it (see `accessAllows` in @stowage/core). */
export interface ProcedureMeta {
  access: Access;
}

/* 2. Initialisation: one place translates every error for the client. ------------------------------ */

const CODE_MAP: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
};

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
  if (isDatabaseUnavailable(cause)) {
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering right now; try again in a few seconds.', cause });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server.', cause });
}

const t = initTRPC.context<ApiContext>().meta<ProcedureMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const fieldErrors = isStowageError(cause)
      ? (cause.fieldErrors ?? null)
      : cause instanceof z.ZodError
        ? zodFieldErrors(cause)
        : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    // A request tRPC could not read (not JSON, not superjson, a batch of the wrong shape) carries a library's
    // message ("__proto__ is not allowed as a property"): a sentence instead, the detail as the error on "_".
    const unreadable = error.code === 'BAD_REQUEST' && fieldErrors === null;
    return {
      message: internal ? 'Something went wrong on the server.' : unreadable ? 'The request could not be read.' : shape.message,
      code: shape.code,
      // No stack, no path, no cause: only what a person or a client program can act on.
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, fieldErrors: unreadable ? { _: [shape.message.slice(0, 200)] } : fieldErrors },
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

const base = t.procedure.use(translateErrors);

function denial(access: Access, ctx: ApiContext): TRPCError {
  if (!ctx.principal) return new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first.' });
  if (ctx.principal.mustChangePassword && access !== 'signed-in') {
    return new TRPCError({ code: 'FORBIDDEN', message: 'Change your one-time password first.' });
  }
  return new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${access} role; you are ${ctx.principal.role}.` });
}

/**
 * The one place access is decided: a procedure's builder says what it needs, this refuses anyone else
 * (audited) before its input is even read, and every mutation's outcome is audited after it ran.
 */
function requiring<A extends Access>(access: A) {
  return base
    .meta({ access })
    .use(async ({ ctx, path, type, getRawInput, next }) => {
      if (!accessAllows(access, ctx.principal)) {
        const refused = denial(access, ctx);
        await auditDenied(ctx, { path, access, reason: refused.message });
        throw refused;
      }
      if (type !== 'mutation') return next({ ctx: { principal: ctx.principal } });
      const { value: result, recorded } = await countingEvents(() => next({ ctx: { principal: ctx.principal } }));
      // A successful operation records its own event (with this actor); a failed one, or one that recorded
      // nothing, gets the audit's.
      if (!result.ok || recorded === 0) {
        const failure = result.ok ? null : toTRPCError(result.error).message;
        await auditCall(ctx, { path, input: await getRawInput().catch(() => undefined), failure });
      }
      return result;
    })
    .use(({ ctx, next }) => next({ ctx: { principal: ctx.principal as A extends 'public' ? SignedIn | null : SignedIn } }));
}

/** Anyone, signed in or not. */
export const publicProcedure = requiring('public');
/** Any signed-in person, even one who has to change a one-time password first: their own account only. */
export const signedInProcedure = requiring('signed-in');
/** Reading anything. */
export const viewerProcedure = requiring('viewer');
/** Objects, jobs and the cache: retry, cancel, verify, pin, evict, end a lease. */
export const operatorProcedure = requiring('operator');
/** Everything, including users, tokens, zones, stores and settings. */
export const adminProcedure = requiring('admin');
