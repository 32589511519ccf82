import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { crossSiteRefusal, isCrossSiteRequest, resolveSession } from '@stowage/auth';
import { appRouter } from './root';
import type { RouteRuntime } from './session-route';
import { createContextInner } from './trpc';

/** tRPC request bodies larger than this are refused with 413. */
export const MAX_TRPC_BODY_BYTES = 1024 * 1024;

const tooLarge = () =>
  Response.json(
    { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB.', fieldErrors: null } },
    { status: 413, headers: { 'cache-control': 'no-store' } },
  );

/**
 * The body, read up to `limit` bytes: null past it (reading stops there and the rest is cancelled), so neither a
 * missing Content-Length (chunked) nor one smaller than what follows makes the server hold more than `limit`.
 */
export async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * /api/trpc/*: refuses bodies over 1 MiB (by Content-Length, or while reading), cross-site requests that change
 * something, then serves the router with whoever the session cookie names, passing a refreshed cookie on.
 */
export async function handleTrpcRequest(request: Request, runtime: RouteRuntime): Promise<Response> {
  const declared = request.headers.get('content-length');
  if (declared && Number(declared) > MAX_TRPC_BODY_BYTES) {
    await request.body?.cancel().catch(() => undefined);
    return tooLarge();
  }
  if (isCrossSiteRequest(request, runtime.authSettings)) {
    await request.body?.cancel().catch(() => undefined);
    return crossSiteRefusal();
  }
  let bounded = request;
  if (request.body) {
    const bytes = await readAtMost(request.body, MAX_TRPC_BODY_BYTES);
    if (!bytes) return tooLarge();
    const headers = new Headers(request.headers);
    headers.delete('content-length');
    bounded = new Request(request.url, { method: request.method, headers, body: bytes, signal: request.signal });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: bounded,
    router: appRouter,
    allowMethodOverride: false,
    createContext: async ({ resHeaders }) => {
      const { principal, setCookies } = await resolveSession(runtime.auth, runtime.db, runtime.authSettings, request.headers);
      // A session whose idle expiry slid forward: the browser must get the new cookie.
      for (const cookie of setCookies) resHeaders.append('set-cookie', cookie);
      return createContextInner({ db: runtime.db, secrets: runtime.secrets, dataDir: runtime.dataDir, principal });
    },
  });
}
