import { curveCsv, TRACE_CSV_LIMITS } from '@stowage/core';
import { exportAccessTrace, planImportedTrace, planZoneCapacity, type ServiceContext } from '@stowage/services';
import { errorJson, routeErrorResponse } from '../route-error';
import { readAtMost } from '../trpc-route';

const csvHeaders = (filename: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
  'cache-control': 'no-store',
});

const windowOf = (request: Request) => {
  const params = new URL(request.url).searchParams;
  return { zoneId: params.get('zoneId') ?? '', windowDays: Number(params.get('windowDays') ?? '30') };
};

/** GET /api/planner/curve.csv?zoneId=…&windowDays=…: the zone's miss-ratio curve, a line per capacity. */
export async function handleCurveCsv(request: Request, ctx: ServiceContext): Promise<Response> {
  try {
    const input = windowOf(request);
    const view = await planZoneCapacity(ctx, input as Parameters<typeof planZoneCapacity>[1]);
    return new Response(curveCsv(view), { headers: csvHeaders(`${view.zone?.name ?? 'zone'}-curve-${input.windowDays}d.csv`) });
  } catch (error) {
    return routeErrorResponse(error, 'planner curve.csv');
  }
}

/** GET /api/planner/trace.csv?zoneId=…&windowDays=…: the zone's recorded acquires, streamed batch by batch. */
export async function handleTraceCsv(request: Request, ctx: ServiceContext): Promise<Response> {
  try {
    const input = windowOf(request);
    const { zoneName, chunks } = await exportAccessTrace(ctx, input);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (error) {
          console.error('[planner trace.csv] failed while streaming:', error);
          controller.error(new Error('The trace export failed.'));
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, { headers: csvHeaders(`${zoneName}-trace-${input.windowDays}d.csv`) });
  } catch (error) {
    return routeErrorResponse(error, 'planner trace.csv');
  }
}

/**
 * POST /api/planner/import[?targetPercent=…] with a trace CSV (time,object,size) as the body, at most 64 MiB:
 * the plan for a zone that does not exist yet. Nothing is stored.
 */
export async function handleTraceImport(request: Request): Promise<Response> {
  try {
    const tooLarge = () => errorJson(413, 'PAYLOAD_TOO_LARGE', `The trace is larger than ${TRACE_CSV_LIMITS.maxBytes / 1024 / 1024} MiB.`, { file: ['Too large'] });
    const declared = request.headers.get('content-length');
    if (declared && Number(declared) > TRACE_CSV_LIMITS.maxBytes) {
      await request.body?.cancel().catch(() => undefined);
      return tooLarge();
    }
    if (!request.body) return errorJson(400, 'BAD_REQUEST', 'Send the trace CSV as the request body.', { file: ['Choose a file'] });
    const bytes = await readAtMost(request.body, TRACE_CSV_LIMITS.maxBytes);
    if (!bytes) return tooLarge();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return errorJson(400, 'BAD_REQUEST', 'The trace is not UTF-8 text.', { file: ['Not a text file'] });
    }
    const target = new URL(request.url).searchParams.get('targetPercent');
    const targetPercent = target === null || target === '' ? undefined : Number(target);
    if (targetPercent !== undefined && !(targetPercent >= 1 && targetPercent <= 99.9)) {
      return errorJson(400, 'BAD_REQUEST', 'The target hit ratio is a percentage from 1 to 99.9.', { targetPercent: ['From 1 to 99.9'] });
    }
    return Response.json(planImportedTrace(text, { targetPercent }), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return routeErrorResponse(error, 'planner import');
  }
}
