import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@stowage/api';

export interface ParsedError {
  message: string;
  fieldErrors: Record<string, string[]>;
}

/** The one place the client reads a server error: a sentence, and messages per form field. */
export function parseError(error: unknown): ParsedError | null {
  if (!error) return null;
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { fieldErrors?: Record<string, string[]> | null } | undefined;
    return { message: error.message, fieldErrors: data?.fieldErrors ?? {} };
  }
  return { message: 'Could not reach the Stowage server.', fieldErrors: {} };
}
