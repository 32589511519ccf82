import { z } from 'zod';
import { zodFieldErrors } from '@stowage/core';
import type { Db } from '@stowage/db';
import { checkSignInAllowed, MAX_PASSWORD_LENGTH, recordEvent, recordSignInFailure, recordSignInSuccess } from '@stowage/services';
import type { AuthSettings } from './auth-settings';
import { clientAddressOf } from './client-address';
import type { Auth } from './create-auth';
import { resolveSession } from './resolve-session';
import { crossSiteRefusal, isCrossSiteRequest } from './same-origin';

export interface AuthRequestOptions {
  auth: Auth;
  db: Db;
  settings: AuthSettings;
}

const MAX_SIGN_IN_BODY = 4 * 1024;
const signInBody = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(64, 'Too long'),
  password: z.string().min(1, 'Enter your password').max(MAX_PASSWORD_LENGTH, 'Too long'),
});

const answer = (status: number, body: unknown, headers: Record<string, string> | Headers = {}) => {
  // Not Object.fromEntries: that keeps one Set-Cookie of several (sign-out clears three cookies).
  const all = new Headers(headers);
  all.set('cache-control', 'no-store');
  return Response.json(body, { status, headers: all });
};
const failure = (status: number, code: string, message: string, headers: Record<string, string> | Headers = {}, fieldErrors: Record<string, string[]> | null = null) =>
  answer(status, { error: { code, message, fieldErrors } }, headers);

/**
 * /api/auth/*: only what Stowage uses of Better Auth is reachable — sign-in by username and sign-out. Sign-in
 * is throttled per account and per client address (429 + Retry-After) and every attempt is audited.
 */
export async function handleAuthRequest(request: Request, options: AuthRequestOptions): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method !== 'POST') return failure(405, 'METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST' });
  if (isCrossSiteRequest(request, options.settings)) return crossSiteRefusal();
  if (pathname === '/api/auth/sign-in/username') return signIn(request, options);
  if (pathname === '/api/auth/sign-out') return signOut(request, options);
  return failure(404, 'NOT_FOUND', 'No such endpoint.');
}

/** The JSON body, read up to MAX_SIGN_IN_BODY bytes (RangeError past it: reading stops there, whatever Content-Length said). */
async function readBody(request: Request): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (done) break;
      size += value.byteLength;
      if (size > MAX_SIGN_IN_BODY) {
        await reader.cancel().catch(() => undefined);
        throw new RangeError('too large');
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  return JSON.parse(text || '{}') as unknown;
}

function retryIn(seconds: number): string {
  return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}

async function signIn(request: Request, { auth, db }: AuthRequestOptions): Promise<Response> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_SIGN_IN_BODY) return failure(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  let body: unknown;
  try {
    body = await readBody(request);
  } catch (error) {
    return error instanceof RangeError
      ? failure(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.')
      : failure(400, 'BAD_REQUEST', 'Send the username and password as JSON.');
  }
  const parsed = signInBody.safeParse(body);
  if (!parsed.success) {
    return failure(400, 'BAD_REQUEST', 'Enter a username and a password.', {}, zodFieldErrors(parsed.error));
  }
  const { username, password } = parsed.data;
  const address = clientAddressOf(request.headers);
  const attempt = { username, address };
  const from = address ? ` from ${address}` : '';

  const gate = await checkSignInAllowed(db, attempt);
  if (!gate.allowed) {
    const what = gate.scope === 'account' ? `account ${username}` : `address ${address}`;
    await recordEvent(db, {
      actor: username,
      type: 'auth.sign_in',
      outcome: 'denied',
      severity: 'warning',
      message: `Sign-in as ${username}${from} refused: the ${what} is locked until ${gate.lockedUntil.toISOString()}`,
    });
    return failure(429, 'RATE_LIMITED', `Too many failed sign-ins. Try again in ${retryIn(gate.retryAfterS)}.`, {
      'retry-after': String(gate.retryAfterS),
    });
  }

  const forwarded = new Request(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...pick(request.headers, ['host', 'origin', 'user-agent', 'x-stowage-client-address']) },
    body: JSON.stringify({ username, password, rememberMe: true }),
  });
  const response = await auth.handler(forwarded);

  if (response.ok) {
    const user = await db.user.update({
      where: { username: username.toLowerCase() },
      data: { lastSignInAt: new Date() },
      select: { displayUsername: true, mustChangePassword: true },
    });
    await recordSignInSuccess(db, username);
    await recordEvent(db, { actor: user.displayUsername ?? username, type: 'auth.sign_in', message: `${user.displayUsername ?? username} signed in${from}` });
    const headers = new Headers();
    for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
    // Better Auth's body carries the session token: the browser gets it only as an HttpOnly cookie.
    return answer(200, { ok: true, mustChangePassword: user.mustChangePassword }, headers);
  }

  if (response.status === 403) {
    await recordEvent(db, { actor: username, type: 'auth.sign_in', outcome: 'failure', severity: 'warning', message: `Sign-in as ${username}${from} refused: the account is disabled` });
    return failure(403, 'FORBIDDEN', 'This account is disabled. Ask an admin to enable it.');
  }
  if (response.status !== 401 && response.status !== 422 && response.status !== 400) {
    console.error('[auth] sign-in answered', response.status);
    return failure(500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server.');
  }
  const locked = await recordSignInFailure(db, attempt);
  await recordEvent(db, { actor: username, type: 'auth.sign_in', outcome: 'failure', severity: 'warning', message: `Wrong username or password for ${username}${from}` });
  for (const lock of locked) {
    const what = lock.scope === 'account' ? `Account ${username}` : `Address ${address}`;
    await recordEvent(db, {
      actor: username,
      type: 'auth.locked_out',
      outcome: 'denied',
      severity: 'error',
      message: `${what} locked until ${lock.lockedUntil.toISOString()} after too many wrong passwords`,
    });
  }
  if (locked.length > 0) {
    const seconds = Math.ceil((Math.max(...locked.map((lock) => lock.lockedUntil.getTime())) - Date.now()) / 1000);
    return failure(429, 'RATE_LIMITED', `Too many failed sign-ins. Try again in ${retryIn(seconds)}.`, { 'retry-after': String(seconds) });
  }
  return failure(401, 'UNAUTHORIZED', 'Wrong username or password.');
}

async function signOut(request: Request, { auth, db, settings }: AuthRequestOptions): Promise<Response> {
  const { principal } = await resolveSession(auth, db, settings, request.headers);
  const response = await auth.handler(new Request(request.url, { method: 'POST', headers: pick(request.headers, ['cookie', 'host', 'origin']) }));
  if (principal) await recordEvent(db, { actor: principal.username, type: 'auth.signed_out', message: `${principal.username} signed out` });
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return answer(200, { ok: true }, headers);
}

function pick(headers: Headers, names: string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}
