import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { receiveUpload } from '@stowage/engine';
import type { ServiceContext } from '@stowage/services';
import { isStowageError } from '@stowage/core';
import { toTRPCError } from './trpc';

/**
 * POST /api/objects/upload?name=…&kind=…&format=…&originZoneId=…[&placement=…&zoneIds=a,b&expectedSha256=…]
 * with the file as the raw body and its Content-Length. The body is streamed into the store of record.
 * Answers 201 { objectId, jobId, state } or an error { error: { message, code, fieldErrors } } — never a stack.
 */
export async function handleUpload(request: Request, ctx: ServiceContext): Promise<Response> {
  try {
    const length = request.headers.get('content-length');
    if (!length || !/^\d+$/.test(length)) {
      return errorJson(411, 'LENGTH_REQUIRED', 'Send the file with a Content-Length header.');
    }
    if (!request.body) return errorJson(400, 'BAD_REQUEST', 'The upload has no body.', { file: ['Choose a file'] });
    const params = new URL(request.url).searchParams;
    const zoneIds = params.get('zoneIds');
    const input = {
      name: params.get('name') ?? '',
      kind: params.get('kind') ?? '',
      format: params.get('format') ?? '',
      originZoneId: params.get('originZoneId') ?? '',
      placement: params.get('placement') ?? undefined,
      zoneIds: zoneIds ? zoneIds.split(',').filter(Boolean) : [],
      expectedSha256: params.get('expectedSha256') || undefined,
      sizeBytes: Number(length),
    };
    const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
    const result = await receiveUpload(ctx, input as Parameters<typeof receiveUpload>[1], body);
    const status = result.state === 'succeeded' ? 201 : 422;
    return Response.json(
      result.state === 'succeeded'
        ? { objectId: result.objectId, jobId: result.jobId, state: result.state }
        : { objectId: result.objectId, jobId: result.jobId, state: result.state, error: { message: result.error ?? 'The upload failed.', code: 'UPLOAD_FAILED', fieldErrors: null } },
      { status },
    );
  } catch (error) {
    const trpcError = toTRPCError(error);
    const cause = trpcError.cause;
    const internal = trpcError.code === 'INTERNAL_SERVER_ERROR';
    if (internal) console.error('[upload] failed:', error);
    return errorJson(
      getHTTPStatusCodeFromError(trpcError),
      trpcError.code,
      internal ? 'Something went wrong on the server.' : trpcError.message,
      isStowageError(cause) ? (cause.fieldErrors ?? null) : null,
    );
  }
}

function errorJson(status: number, code: string, message: string, fieldErrors: Record<string, string[]> | null = null): Response {
  return Response.json({ error: { message, code, fieldErrors } }, { status });
}
