/* The agent API's HTTP plumbing: answers, the bounded JSON body, error mapping (tokens: ../agent-route.ts).
 * Plain JSON (no superjson), so an agent in any language can call it with curl or its standard library. */
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { isStowageError, type FieldErrors } from '@stowage/core';
import { toTRPCError } from '../trpc';
import type { AgentAnswer, AgentRequest } from './message';

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/** What a 503 for "still being copied / waiting for space / staging failed" asks the agent to wait, in seconds. */
export const RETRY_AFTER_PENDING_S = 2;

export interface AgentErrorBody {
  error: { message: string; code: string; fieldErrors: FieldErrors | null };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): AgentAnswer {
  return { status, body, headers: { 'cache-control': 'no-store', ...headers } };
}

export function errorJson(
  status: number,
  code: string,
  message: string,
  fieldErrors: FieldErrors | null = null,
  headers: Record<string, string> = {},
): AgentAnswer {
  const body: AgentErrorBody = { error: { message, code, fieldErrors } };
  return json(status, body, headers);
}

/* The body ---------------------------------------------------------------------------------------------- */

export type BodyResult = { ok: true; value: Record<string, unknown> | undefined } | { ok: false; response: AgentAnswer };

function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * Reads at most MAX_BODY_BYTES (413 beyond, by Content-Length or while reading), then: an empty body is
 * `undefined`; anything else must be sent as JSON (415) and be one JSON object (400).
 */
export async function readJsonObject(request: AgentRequest): Promise<BodyResult> {
  const tooLarge = (): BodyResult => ({
    ok: false,
    response: errorJson(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`),
  });
  const declared = request.header('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
    await request.discardBody();
    return tooLarge();
  }
  const { bytes, overLimit } = await request.readBody(MAX_BODY_BYTES);
  if (overLimit) return tooLarge();
  if (bytes === null || bytes.byteLength === 0) return { ok: true, value: undefined };
  if (!isJsonMediaType(request.header('content-type'))) {
    return {
      ok: false,
      response: errorJson(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON, with "Content-Type: application/json".'),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, response: errorJson(400, 'BAD_REQUEST', 'The body is not valid JSON.') };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, response: errorJson(400, 'BAD_REQUEST', 'The body must be a JSON object.') };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/* Errors ------------------------------------------------------------------------------------------------ */

/** Zod issues as field errors; an unknown field is reported at its own name. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  const add = (key: string, message: string) => (fieldErrors[key] ??= []).push(message);
  for (const issue of error.issues) {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(at ? `${at}.${key}` : key, 'Unknown field');
    } else {
      add(at || '_', issue.message);
    }
  }
  return fieldErrors;
}

export function invalidInput(error: z.ZodError): AgentAnswer {
  return errorJson(400, 'BAD_REQUEST', 'Some fields are not valid.', fieldErrorsOf(error));
}

/**
 * Any thrown error as an answer, with the same code → status mapping as the rest of the API
 * (NOT_FOUND 404, PRECONDITION_FAILED 412, CONFLICT 409, INVALID_INPUT 400, UNAVAILABLE 503 + Retry-After).
 * Anything unexpected is logged on the server and answered with a plain sentence — never a stack.
 */
export function errorResponse(error: unknown, where: string): AgentAnswer {
  if (error instanceof z.ZodError) return invalidInput(error);
  const trpcError = toTRPCError(error);
  const cause = trpcError.cause;
  const internal = trpcError.code === 'INTERNAL_SERVER_ERROR';
  if (internal) console.error(`[agent-api] ${where} failed:`, error);
  return errorJson(
    getHTTPStatusCodeFromError(trpcError),
    trpcError.code,
    internal ? 'Something went wrong on the server.' : trpcError.message,
    isStowageError(cause) ? (cause.fieldErrors ?? null) : null,
    trpcError.code === 'SERVICE_UNAVAILABLE' ? { 'retry-after': String(RETRY_AFTER_PENDING_S) } : {},
  );
}

/** What a request whose client went away is answered (nobody reads it; 499 as nginx logs it). */
export function clientGone(): AgentAnswer {
  return errorJson(499, 'CLIENT_CLOSED_REQUEST', 'The client closed the request.');
}
