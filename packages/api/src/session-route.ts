import { accessAllows, type Access } from '@stowage/core';
import { crossSiteRefusal, isCrossSiteRequest, resolveSession, type Auth, type AuthSettings } from '@stowage/auth';
import type { ServiceContext } from '@stowage/services';
import { auditDenied } from './audit';
import { createContextInner, type ApiContext } from './trpc';

/** What a route handler needs from the process: the database, the secret box, sign-in. */
export interface RouteRuntime extends Omit<ServiceContext, 'actor'> {
  dataDir: string;
  auth: Auth;
  authSettings: AuthSettings;
}

export type SessionRoute = ((request: Request, runtime: RouteRuntime) => Promise<Response>) & { readonly access: Access };

const refusal = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message, fieldErrors: null } }, { status, headers: { 'cache-control': 'no-store' } });

/**
 * A route handler for people (signed in with a session cookie), declaring once the access it needs — the
 * counterpart of the tRPC procedure builders. Refuses cross-site requests that change something, resolves the
 * session, refuses (and audits) anyone the access does not allow, and passes a refreshed session cookie on.
 */
export function sessionRoute(access: Access, handle: (request: Request, ctx: ApiContext) => Promise<Response>): SessionRoute {
  const route = async (request: Request, runtime: RouteRuntime): Promise<Response> => {
    if (isCrossSiteRequest(request, runtime.authSettings)) return crossSiteRefusal();
    const { principal, setCookies } = await resolveSession(runtime.auth, runtime.db, runtime.authSettings, request.headers);
    const ctx = createContextInner({ db: runtime.db, secrets: runtime.secrets, dataDir: runtime.dataDir, principal });
    if (!accessAllows(access, principal)) {
      const path = new URL(request.url).pathname;
      const reason = principal ? `needs the ${access} role` : 'not signed in';
      await auditDenied(ctx, { path: `${request.method} ${path}`, access, reason });
      await request.body?.cancel().catch(() => undefined);
      return principal ? refusal(403, 'FORBIDDEN', `This needs the ${access} role; you are ${principal.role}.`) : refusal(401, 'UNAUTHORIZED', 'Sign in first.');
    }
    const response = await handle(request, ctx);
    for (const cookie of setCookies) response.headers.append('set-cookie', cookie);
    return response;
  };
  return Object.assign(route, { access });
}
