/* The one place errors are translated for clients: toTRPCError and the router's errorFormatter. */
import { getTRPCErrorShape, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StowageError, type ErrorCode } from '@stowage/core';
import { appRouter } from '../src/root';
import { toTRPCError } from '../src/trpc';
import type { FormattedError } from './support';

function format(error: TRPCError): FormattedError {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: 'mutation',
    path: 'zone.create',
    input: undefined,
    ctx: undefined,
  }) as FormattedError;
}

describe('toTRPCError', () => {
  it.each<[ErrorCode, string, number]>([
    ['NOT_FOUND', 'NOT_FOUND', 404],
    ['CONFLICT', 'CONFLICT', 409],
    ['INVALID_INPUT', 'BAD_REQUEST', 400],
    ['PRECONDITION_FAILED', 'PRECONDITION_FAILED', 412],
    ['UNAVAILABLE', 'SERVICE_UNAVAILABLE', 503],
    ['INTERNAL', 'INTERNAL_SERVER_ERROR', 500],
  ])('maps a StowageError %s to %s (HTTP %i)', (code, trpcCode, status) => {
    const cause = new StowageError({ code, message: 'Readable sentence.' });
    const error = toTRPCError(cause);
    expect(error.code).toBe(trpcCode);
    expect(error.cause).toBe(cause);
    expect(format(error).data.httpStatus).toBe(status);
  });

  it('keeps the message and field errors of a domain error', () => {
    const cause = new StowageError({ code: 'CONFLICT', message: 'Taken.', fieldErrors: { name: ['Taken'] } });
    const shape = format(toTRPCError(cause));
    expect(shape.message).toBe('Taken.');
    expect(shape.data.fieldErrors).toEqual({ name: ['Taken'] });
  });

  it('unwraps a domain error wrapped in a TRPCError (as a throwing resolver produces)', () => {
    const cause = new StowageError({ code: 'NOT_FOUND', message: 'Zone x does not exist.' });
    const error = toTRPCError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Zone x does not exist.');
  });

  it('turns a ZodError into BAD_REQUEST with one field error per issue path', () => {
    const parsed = z
      .object({ name: z.string().min(1, 'Name is required'), nested: z.object({ n: z.number() }) })
      .safeParse({
        name: '',
        nested: { n: 'x' },
      });
    expect(parsed.success).toBe(false);
    const error = toTRPCError(new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error }));
    expect(error.code).toBe('BAD_REQUEST');
    const shape = format(error);
    expect(shape.message).toBe('Some fields are not valid.');
    expect(shape.data.fieldErrors?.name).toEqual(['Name is required']);
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['name', 'nested.n']);
  });

  it('puts a ZodError issue without a path under "_"', () => {
    const parsed = z.string().safeParse(1);
    const shape = format(toTRPCError(parsed.error));
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['_']);
  });

  it('passes a plain TRPCError through unchanged', () => {
    const error = new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in.' });
    expect(toTRPCError(error)).toBe(error);
  });

  it('turns anything else into INTERNAL_SERVER_ERROR with the generic sentence, keeping the cause', () => {
    const cause = new Error('SQLITE_CORRUPT: /var/lib/stowage/stowage.db');
    const error = toTRPCError(cause);
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe('Something went wrong on the server.');
    expect(error.cause).toBe(cause);
    expect(toTRPCError('a string').code).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('errorFormatter', () => {
  it('never shows the message of an internal error, whatever it says', () => {
    const shape = format(
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'password=hunter2 at db.ts:12' }),
    );
    expect(shape).toEqual({
      message: 'Something went wrong on the server.',
      code: -32603,
      data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, fieldErrors: null },
    });
  });

  it('returns exactly message, code and data{code, httpStatus, fieldErrors}: no stack, no path', () => {
    const shape = format(new TRPCError({ code: 'NOT_FOUND', message: 'Gone.' }));
    expect(Object.keys(shape).sort()).toEqual(['code', 'data', 'message']);
    expect(Object.keys(shape.data).sort()).toEqual(['code', 'fieldErrors', 'httpStatus']);
  });
});
