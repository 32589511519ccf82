import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { receiveUpload } from '@stowage/engine';
import type { ServiceContext } from '@stowage/services';
import { errorJson, routeErrorResponse } from './route-error';

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
    return routeErrorResponse(error, 'upload');
  }
}
