import { NextResponse, type NextRequest } from 'next/server';
import { hasSessionCookie } from '@stowage/auth/session-cookie';

/** Pages anyone may open. */
const PUBLIC_PAGES = new Set(['/sign-in']);

/**
 * Every page request: a redirect to the sign-in page when there is no session cookie at all — a convenience
 * only, every procedure and route checks the session itself — and the page's path for the root layout.
 * (Each response's Content-Security-Policy and its nonce come from the web server, server/security-headers.mjs.)
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!PUBLIC_PAGES.has(pathname) && !hasSessionCookie(request.headers.get('cookie'))) {
    const signIn = new URL('/sign-in', request.url);
    if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
    return NextResponse.redirect(signIn);
  }
  const headers = new Headers(request.headers);
  headers.set('x-stowage-page', pathname);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
