/* What the web app's route handlers get from the process (database, secret box, Better Auth), for tests that
 * call the handlers of packages/api with real Requests and real session cookies. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@stowage/core';
import { createAuth, deriveAuthSecret, handleAuthRequest, type AuthSettings } from '@stowage/auth';
import type { Db } from '@stowage/db';
import { createSecretBox, createUser } from '@stowage/services';
import type { RouteRuntime } from '../src/session-route';

export const ORIGIN = 'http://127.0.0.1:3000';
export const HOST = '127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

export function routeRuntime(db: Db, overrides: Partial<AuthSettings> = {}): RouteRuntime & { cleanup: () => void } {
  const authSettings: AuthSettings = {
    publicUrl: undefined,
    secret: deriveAuthSecret(Buffer.alloc(32, 3)),
    idleTimeoutS: 3600,
    absoluteTimeoutS: 12 * 3600,
    ...overrides,
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-route-data-'));
  return {
    db,
    secrets: createSecretBox(randomBytes(32)),
    dataDir,
    auth: createAuth(db, authSettings),
    authSettings,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A user of `role`, signed in through /api/auth: the Cookie header a browser would then send. */
export async function signedInCookie(runtime: RouteRuntime, username: string, role: Role): Promise<string> {
  await createUser({ db: runtime.db, actor: 'test' }, { username, role, password: PASSWORD });
  const response = await handleAuthRequest(
    new Request(`${ORIGIN}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: HOST, origin: ORIGIN },
      body: JSON.stringify({ username, password: PASSWORD }),
    }),
    { auth: runtime.auth, db: runtime.db, settings: runtime.authSettings },
  );
  if (response.status !== 200) throw new Error(`sign-in as ${username} answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** A body stream that never ends on its own, counting what the reader pulled: proof that a reader stopped. */
export function endlessBody(chunkBytes = 16 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(chunkBytes).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}
