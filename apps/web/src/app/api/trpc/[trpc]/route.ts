import { handleTrpcRequest } from '@stowage/api';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

/** The API (body cap, cross-site refusal, session and its refreshed cookie: see handleTrpcRequest). */
function handler(request: Request) {
  return handleTrpcRequest(request, getRuntime());
}

export { handler as GET, handler as POST };
