import { hkdfSync } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { APIError } from 'better-auth/api';
import { username as usernamePlugin } from 'better-auth/plugins';
import type { Db } from '@stowage/db';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '@stowage/services';
import { refreshIntervalS, servedOverHttps, type AuthSettings } from './auth-settings';
import { CLIENT_ADDRESS_HEADER } from './client-address';

export { SESSION_COOKIE } from './session-cookie';
const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/;

/** The secret Better Auth signs cookies with, derived from the installation's secret key (never stored). */
export function deriveAuthSecret(secretKey: Buffer): string {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'stowage session cookies', 32)).toString('hex');
}

/**
 * Better Auth, set up the way Stowage needs it: username + password only, no sign-up (admins create users),
 * argon2id hashes, sessions read from the database on every request (no cookie cache, so ending a session
 * takes effect at once), and the client address only from the header the web server sets.
 * Sign-in throttling is Stowage's own (see handle-auth-request.ts), so Better Auth's limiter is off.
 */
export function createAuth(db: Db, settings: AuthSettings) {
  return betterAuth({
    appName: 'Stowage',
    database: prismaAdapter(db, { provider: 'sqlite' }),
    secret: settings.secret,
    ...(settings.publicUrl ? { baseURL: settings.publicUrl } : {}),
    basePath: '/api/auth',
    trustedOrigins: (request) => {
      if (settings.publicUrl) return [new URL(settings.publicUrl).origin];
      // Without a public URL, the site is whatever host the browser asked for (behind a TLS proxy: https).
      const host = request?.headers.get('host');
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(hash, password) },
    },
    plugins: [
      usernamePlugin({
        minUsernameLength: 2,
        maxUsernameLength: 32,
        usernameValidator: (name) => USERNAME_PATTERN.test(name),
      }),
    ],
    user: {
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'viewer' },
        disabled: { type: 'boolean', input: false, defaultValue: false },
        mustChangePassword: { type: 'boolean', input: false, defaultValue: false },
      },
    },
    session: {
      expiresIn: settings.idleTimeoutS,
      updateAge: refreshIntervalS(settings),
      cookieCache: { enabled: false },
    },
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'stowage',
      useSecureCookies: servedOverHttps(settings),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabled: true } });
            if (!user || user.disabled) throw new APIError('FORBIDDEN', { message: 'This account is disabled.' });
            return { data: session };
          },
        },
      },
    },
    telemetry: { enabled: false },
    logger: { level: 'error' },
  });
}

export type Auth = ReturnType<typeof createAuth>;
