/** The session cookie's name; over HTTPS it carries the __Secure- prefix. Kept apart so the proxy can import it alone. */
export const SESSION_COOKIE = 'stowage.session_token';

export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return cookieHeader?.includes(SESSION_COOKIE) ?? false;
}
