import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@stowage/api';

export interface ParsedError {
  message: string;
  fieldErrors: Record<string, string[]>;
  /** The tRPC code (NOT_FOUND, BAD_REQUEST…), or null when the server could not be reached. */
  code: string | null;
}

/** The one place the client reads a server error: a sentence, and messages per form field. */
export function parseError(error: unknown): ParsedError | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { fieldErrors?: Record<string, string[]> | null; code?: string } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {}, code: data?.code ?? null };
  }
  if (error instanceof UploadError) return { message: error.message, fieldErrors: error.fieldErrors, code: error.code };
  return { message: 'Could not reach the Stowage server.', fieldErrors: {}, code: null };
}

/** An upload the server refused or could not finish, read from its `{ error: { message, code, fieldErrors } }`. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly fieldErrors: Record<string, string[]>,
    /** Set when the object was created but its upload failed (e.g. a checksum mismatch). */
    readonly objectId: string | null = null,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}
