import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, createContextInner } from '@stowage/api';
import { createRequestContext } from '~/server/context';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 1024 * 1024;

function handler(request: Request) {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    return Response.json({ error: { message: 'Request body is larger than 1 MiB.' } }, { status: 413 });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createContextInner(createRequestContext()),
  });
}

export { handler as GET, handler as POST };
