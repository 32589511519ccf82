import type { AuthSettings } from './auth-settings';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request may change something as far as cross-site forgery goes. Browsers say where a request
 * comes from (Sec-Fetch-Site, or Origin on every cross-origin POST); a request from another site is refused.
 * A request with neither header is not from a browser (an agent, curl), which carries no ambient cookie of ours.
 */
export function isCrossSiteRequest(request: Request, settings: Pick<AuthSettings, 'publicUrl'>): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin';
  const origin = request.headers.get('origin');
  if (!origin) return false;
  if (origin === 'null') return true;
  try {
    const from = new URL(origin);
    if (settings.publicUrl) return from.origin !== new URL(settings.publicUrl).origin;
    return from.host !== request.headers.get('host');
  } catch {
    return true;
  }
}

export function crossSiteRefusal(): Response {
  return Response.json(
    { error: { code: 'CROSS_SITE', message: 'Refused: this request came from another site.', fieldErrors: null } },
    { status: 403, headers: { 'cache-control': 'no-store' } },
  );
}
