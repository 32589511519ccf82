import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, createContextInner } from '@stowage/api';
import { crossSiteRefusal, isCrossSiteRequest, resolveSession } from '@stowage/auth';
import { getRuntime } from '~/server/context';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 1024 * 1024;

async function handler(request: Request) {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) {
    return Response.json({ error: { message: 'Request body is larger than 1 MiB.' } }, { status: 413 });
  }
  const runtime = getRuntime();
  if (isCrossSiteRequest(request, runtime.authSettings)) return crossSiteRefusal();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
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

export { handler as GET, handler as POST };
