/*
 * pnpm bench:auth — what signing in costs, on SQLite as the product runs it (a file database in a temp directory,
 * the client of @stowage/db, Better Auth as createAuth sets it up):
 *
 *  a. the session check on a tRPC call: account.me (no database work of its own) through the fetch adapter
 *     in-process, one call at a time — with a real signed-in cookie through handleTrpcRequest (resolveSession,
 *     as apps/web serves /api/trpc) versus the same router with the principal fixed (no lookup). p50/p95 per
 *     call, and what the check adds at p50 beside the target (≤ 1 ms). Also resolveSession alone.
 *  b. argon2id hash and verify with OWASP's parameters (services' ARGON2ID), p50, beside Better Auth's default
 *     scrypt (N=16384, r=16, p=1).
 *  c. 20 wrong passwords for one account from 20 client addresses through handleAuthRequest: after which
 *     attempt the lockout came and the 429's Retry-After.
 *
 * Options: --calls N (2000), --hashes N (20), --only session,hash,throttle, --smoke (or BENCH_SMOKE=1: the same
 * steps in seconds — 200 calls, 3 hashes; explicit options still win; the figures are not comparable)
 *
 * packages/api depends on this package, so this bench reaches it by path (a dependency back would be a cycle).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { hashPassword as scryptHash, verifyPassword as scryptVerify } from 'better-auth/crypto';
import { applyMigrations, createDb, type Db } from '@stowage/db';
import { ARGON2ID, createSecretBox, createUser, hashPassword, SIGN_IN_LIMITS, verifyPassword } from '@stowage/services';
import { appRouter } from '../src/root';
import { handleTrpcRequest } from '../src/trpc-route';
import { createContextInner } from '../src/trpc';
import { createAuth, deriveAuthSecret, handleAuthRequest, resolveSession, type AuthSettings } from '@stowage/auth';

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const calls = Number(option('calls') ?? (smoke ? 200 : 2000));
const hashes = Number(option('hashes') ?? (smoke ? 3 : 20));
const only = (option('only') ?? 'session,hash,throttle').split(',');

const TARGET_ADDED_MS = 1;
const ORIGIN = 'http://127.0.0.1:3000';
const HOST = '127.0.0.1:3000';
const PASSWORD = 'correct horse battery staple';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const fmt = (value: number, digits = 2) => value.toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

async function timed(count: number, run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await run();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

function openDatabase(): { db: Db; close: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-auth-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  applyMigrations({ url });
  const db = createDb({ url });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function setUp(db: Db) {
  const authSettings: AuthSettings = { publicUrl: undefined, secret: deriveAuthSecret(Buffer.alloc(32, 5)), idleTimeoutS: 2 * 3600, absoluteTimeoutS: 12 * 3600 };
  const auth = createAuth(db, authSettings);
  const secrets = createSecretBox(Buffer.alloc(32, 6));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-auth-bench-data-'));
  return { auth, authSettings, runtime: { db, secrets, dataDir, auth, authSettings } };
}

const signInRequest = (username: string, password: string, address: string) =>
  new Request(`${ORIGIN}/api/auth/sign-in/username`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: HOST, origin: ORIGIN, 'x-stowage-client-address': address },
    body: JSON.stringify({ username, password }),
  });

// ------------------------------------------------------------------------------------- a. the session check

async function benchSession(): Promise<void> {
  const { db, close } = openDatabase();
  const { auth, authSettings, runtime } = setUp(db);
  try {
    // A few users and sessions besides the one measured, so the lookups are not on a one-row table.
    for (let index = 0; index < 20; index += 1) await createUser({ db, actor: 'bench' }, { username: `user${index}`, role: 'viewer', password: PASSWORD });
    await createUser({ db, actor: 'bench' }, { username: 'bench-admin', role: 'admin', password: PASSWORD });
    const signedIn = await handleAuthRequest(signInRequest('bench-admin', PASSWORD, '192.0.2.1'), { auth, db, settings: authSettings });
    if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`);
    const cookie = signedIn.headers
      .getSetCookie()
      .map((entry) => entry.split(';')[0])
      .join('; ');
    const { principal } = await resolveSession(auth, db, authSettings, new Headers({ cookie }));
    if (!principal) throw new Error('the cookie finds nobody');

    const url = `${ORIGIN}/api/trpc/account.me`;
    const withSession = async () => {
      const response = await handleTrpcRequest(new Request(url, { headers: { host: HOST, cookie } }), runtime);
      if (response.status !== 200) throw new Error(`account.me answered ${response.status}`);
      await response.text();
    };
    const fixedPrincipal = async () => {
      const response = await fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(url, { headers: { host: HOST, cookie } }),
        router: appRouter,
        allowMethodOverride: false,
        createContext: () => createContextInner({ db, secrets: runtime.secrets, dataDir: runtime.dataDir, principal }),
      });
      if (response.status !== 200) throw new Error(`account.me answered ${response.status}`);
      await response.text();
    };
    const lookupOnly = () => resolveSession(auth, db, authSettings, new Headers({ cookie }));
    // What resolveSession did before its fast path (and still does once per refresh interval): Better Auth's getSession.
    const betterAuthLookup = async () => {
      const { response } = await auth.api.getSession({ headers: new Headers({ cookie }), returnHeaders: true });
      if (!response) throw new Error('getSession found nobody');
      return response;
    };
    const withBetterAuth = async () => {
      const response = await fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(url, { headers: { host: HOST, cookie } }),
        router: appRouter,
        allowMethodOverride: false,
        createContext: async () => {
          const { user, session } = await betterAuthLookup();
          return createContextInner({
            db,
            secrets: runtime.secrets,
            dataDir: runtime.dataDir,
            principal: { userId: user.id, username: user.name, role: 'admin', mustChangePassword: false, sessionId: session.id },
          });
        },
      });
      if (response.status !== 200) throw new Error(`account.me answered ${response.status}`);
      await response.text();
    };

    // Warm up (JIT, Prisma's query plans, SQLite's page cache), then interleave the runs so drift hits both alike.
    for (let index = 0; index < Math.min(200, calls); index += 1) {
      await withSession();
      await fixedPrincipal();
    }
    const rounds = 4;
    type Run = { p50: number; p95: number };
    const parts = { session: [] as Run[], fixed: [] as Run[], lookup: [] as Run[], betterAuth: [] as Run[], betterAuthLookup: [] as Run[] };
    for (let round = 0; round < rounds; round += 1) {
      const each = Math.ceil(calls / rounds);
      parts.fixed.push(await timed(each, fixedPrincipal));
      parts.session.push(await timed(each, withSession));
      parts.betterAuth.push(await timed(each, withBetterAuth));
      parts.lookup.push(await timed(each, lookupOnly));
      parts.betterAuthLookup.push(await timed(each, betterAuthLookup));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const summary = (runs: { p50: number; p95: number }[]) => ({ p50: median(runs.map((run) => run.p50)), p95: median(runs.map((run) => run.p95)) });
    const session = summary(parts.session);
    const fixed = summary(parts.fixed);
    const lookup = summary(parts.lookup);
    const betterAuth = summary(parts.betterAuth);
    const betterAuthAlone = summary(parts.betterAuthLookup);
    const added = session.p50 - fixed.p50;
    const addedBefore = betterAuth.p50 - fixed.p50;

    console.log(`\na. session check on a tRPC call (account.me through the fetch adapter, ${calls} calls each, one at a time)`);
    console.log('                                      p50 ms    p95 ms');
    console.log(`   principal fixed (no lookup)      ${fmt(fixed.p50).padStart(8)}  ${fmt(fixed.p95).padStart(8)}`);
    console.log(`   signed-in cookie (resolveSession)${fmt(session.p50).padStart(8)}  ${fmt(session.p95).padStart(8)}`);
    console.log(`   Better Auth getSession (before)  ${fmt(betterAuth.p50).padStart(8)}  ${fmt(betterAuth.p95).padStart(8)}`);
    console.log(`   resolveSession alone             ${fmt(lookup.p50).padStart(8)}  ${fmt(lookup.p95).padStart(8)}`);
    console.log(`   getSession alone (before)        ${fmt(betterAuthAlone.p50).padStart(8)}  ${fmt(betterAuthAlone.p95).padStart(8)}`);
    console.log(`   added by the session check at p50: ${fmt(added)} ms (before: ${fmt(addedBefore)} ms)   target ≤ ${TARGET_ADDED_MS} ms   ${verdict(added <= TARGET_ADDED_MS)}`);
  } finally {
    fs.rmSync(runtime.dataDir, { recursive: true, force: true });
    await close();
  }
}

// ------------------------------------------------------------------------------------------ b. hashing

async function benchHashing(): Promise<void> {
  const argonHash = await timed(hashes, () => hashPassword(PASSWORD));
  const stored = await hashPassword(PASSWORD);
  const argonVerify = await timed(hashes, () => verifyPassword(stored, PASSWORD));
  const scryptHashTime = await timed(hashes, () => scryptHash(PASSWORD));
  const scryptStored = await scryptHash(PASSWORD);
  const scryptVerifyTime = await timed(hashes, () => scryptVerify({ hash: scryptStored, password: PASSWORD }));
  console.log(`\nb. password hashing (${hashes} runs each, p50)`);
  console.log('                                                  hash ms   verify ms');
  console.log(
    `   argon2id m=${ARGON2ID.memoryCost / 1024} MiB t=${ARGON2ID.timeCost} p=${ARGON2ID.parallelism} (Stowage, OWASP)   ${fmt(argonHash.p50, 1).padStart(7)}   ${fmt(argonVerify.p50, 1).padStart(9)}`,
  );
  console.log(`   scrypt N=16384 r=16 p=1 (Better Auth's default)  ${fmt(scryptHashTime.p50, 1).padStart(7)}   ${fmt(scryptVerifyTime.p50, 1).padStart(9)}`);
}

// ------------------------------------------------------------------------------------------ c. lockout

async function benchThrottle(): Promise<void> {
  const { db, close } = openDatabase();
  const { auth, authSettings, runtime } = setUp(db);
  try {
    await createUser({ db, actor: 'bench' }, { username: 'target', role: 'admin', password: PASSWORD });
    let lockedAt: number | null = null;
    let retryAfter: string | null = null;
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const response = await handleAuthRequest(signInRequest('target', `guess number ${attempt}`, `198.51.100.${attempt}`), { auth, db, settings: authSettings });
      statuses.push(response.status);
      if (response.status === 429 && lockedAt === null) {
        lockedAt = attempt;
        retryAfter = response.headers.get('retry-after');
      }
    }
    const right = await handleAuthRequest(signInRequest('target', PASSWORD, '203.0.113.1'), { auth, db, settings: authSettings });
    console.log('\nc. 20 wrong passwords for one account, each from another client address');
    console.log(`   statuses: ${statuses.join(' ')}`);
    console.log(
      `   locked out after attempt ${lockedAt ?? 'none'} (limit ${SIGN_IN_LIMITS.account.failures}), Retry-After ${retryAfter ?? '-'} s; the right password then: ${right.status}`,
    );
    if (lockedAt === null || right.status !== 429) throw new Error('no lockout');
  } finally {
    fs.rmSync(runtime.dataDir, { recursive: true, force: true });
    await close();
  }
}

console.log(`bench:auth${smoke ? ' (smoke: figures not comparable)' : ''}`);
if (only.includes('session')) await benchSession();
if (only.includes('hash')) await benchHashing();
if (only.includes('throttle')) await benchThrottle();
