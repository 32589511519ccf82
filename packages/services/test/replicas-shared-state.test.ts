/* Several replicas on one database — each its own database client, as separate processes are: named locks give
 * a periodic pass to one of them, and a change made through one invalidates the others' caches within a
 * generation check, at one generation read per interval whatever the request rate. */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { createTestDb } from '@stowage/db/testing';
import { runExclusivePass } from '../src/locks/run-exclusive-pass';
import { tryLock } from '../src/locks/try-lock';
import { bumpCacheGeneration, GENERATION_CHECK_INTERVAL_MS, generationCheckedCache, readCacheGeneration } from '../src/runtime/shared-cache';
import { createAgentToken } from '../src/tokens/create-agent-token';
import { revokeAgentToken } from '../src/tokens/revoke-agent-token';
import { createAgentTokenVerifier } from '../src/tokens/verify-agent-token';

let db: Db;
let url: string;
let dispose: () => Promise<void>;
let kind: 'sqlite' | 'postgres';
let replicas: Db[];
/*
 * Replicas that race. On PostgreSQL, separate clients. On SQLite, one client: better-sqlite3 waits for the file's
 * write lock synchronously, so two clients racing in one process stall each other's event loop (separate
 * processes do not), while one connection runs the racers' statements one at a time, as the file lock would.
 */
let racers: Db[];
beforeAll(async () => {
  ({ db, url, kind, dispose } = await createTestDb());
  replicas = Array.from({ length: 4 }, () => createDb({ url }));
  racers = kind === 'postgres' ? replicas : replicas.map(() => db);
});
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.$disconnect()));
  await dispose();
});
beforeEach(async () => {
  await db.lock.deleteMany();
  await db.agentToken.deleteMany();
  await db.cacheGeneration.deleteMany();
});

describe('named locks across replicas', () => {
  it('one replica of many wins a lock nobody holds, and one wins an expired lock', async () => {
    const race = (round: string, now: Date) =>
      Promise.all(racers.flatMap((replica, index) => [0, 1].map((n) => tryLock(replica, { name: 'pass', ownerId: `${round}-${index}-${n}`, ttlMs: 10_000, now }))));
    expect((await race('first', new Date())).filter(Boolean)).toHaveLength(1);
    // Held: nobody else gets it; expired: again exactly one.
    expect((await race('second', new Date())).filter(Boolean)).toHaveLength(0);
    expect((await race('third', new Date(Date.now() + 20_000))).filter(Boolean)).toHaveLength(1);
    expect(await db.lock.count()).toBe(1);
  });

  it('two replicas running the probe pass at once: one probes; it keeps the pass until it stops renewing', async () => {
    const passes: string[] = [];
    const tick = (replica: number, now = new Date()) =>
      runExclusivePass(racers[replica]!, { name: 'health-probes', ownerId: `web-${replica}`, ttlMs: 60_000, now }, async () => {
        passes.push(`web-${replica}`);
        return replica;
      });
    const [a, b] = await Promise.all([tick(0), tick(1)]);
    expect([a.ran, b.ran].filter(Boolean)).toHaveLength(1);
    expect(passes).toHaveLength(1);
    const holder = Number(passes[0]!.slice(4));
    const other = 1 - holder;

    // The next pass: still the holder, not the other.
    expect((await tick(other)).ran).toBe(false);
    expect((await tick(holder)).ran).toBe(true);
    // The holder died (stopped renewing): once its lock expires the other takes over.
    expect((await tick(other, new Date(Date.now() + 61_000))).ran).toBe(true);
    expect(passes).toEqual([`web-${holder}`, `web-${holder}`, `web-${other}`]);
  });
});

describe('cache generations', () => {
  it('a bump counts only when its transaction commits', async () => {
    expect(await readCacheGeneration(db, 'agent-tokens')).toBe(0);
    await db.$transaction(async (tx) => bumpCacheGeneration(tx, 'agent-tokens'));
    await expect(
      db.$transaction(async (tx) => {
        await bumpCacheGeneration(tx, 'agent-tokens');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await readCacheGeneration(replicas[0]!, 'agent-tokens')).toBe(1);
  });

  it('concurrent bumps from several replicas are all counted', async () => {
    await Promise.all(racers.map((replica) => replica.$transaction(async (tx) => bumpCacheGeneration(tx, 'agent-tokens'))));
    expect(await readCacheGeneration(db, 'agent-tokens')).toBe(racers.length);
  });

  it('reads the generation once per interval however many callers, and drops its entries when it moved', async () => {
    let now = 1_000_000;
    const cache = generationCheckedCache<string, number>({ db: replicas[0]!, name: 'agent-tokens', maxEntries: 2, clock: () => now });
    const reads = vi.spyOn(replicas[0]!.cacheGeneration, 'findUnique');
    const drops = vi.fn();
    cache.onDrop(drops);
    try {
      await Promise.all(Array.from({ length: 50 }, () => cache.fresh()));
      expect(reads).toHaveBeenCalledTimes(1);
      cache.set('a', 1);
      now += GENERATION_CHECK_INTERVAL_MS - 1;
      expect(cache.fresh()).toBeUndefined();
      expect(reads).toHaveBeenCalledTimes(1);

      await replicas[1]!.$transaction(async (tx) => bumpCacheGeneration(tx, 'agent-tokens'));
      expect(cache.get('a')).toBe(1); // not checked again yet
      now += 1;
      await Promise.all(Array.from({ length: 50 }, () => cache.fresh()));
      expect(reads).toHaveBeenCalledTimes(2);
      expect(cache.get('a')).toBeUndefined();
      expect(drops).toHaveBeenCalledTimes(1);

      // Unchanged generation: entries kept. Bounded size: the oldest goes.
      cache.set('a', 1);
      cache.set('b', 2);
      cache.set('c', 3);
      now += GENERATION_CHECK_INTERVAL_MS;
      await cache.fresh();
      expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
      expect(drops).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});

describe('agent tokens across replicas', () => {
  const admin = (replica: Db) => ({ db: replica, actor: 'ada' });
  const newToken = (replica: Db, name: string) => createAgentToken(admin(replica), { name, scopes: ['acquire'], expiresInDays: 30 });

  it('a token revoked through one replica is refused by the others within a generation check', async () => {
    let now = Date.now();
    const clock = () => now;
    const { token, secret } = await newToken(replicas[0]!, 'fleet');
    const verifiers = replicas.slice(1).map((replica) => createAgentTokenVerifier(replica, { clock }));
    for (const verifier of verifiers) expect(await verifier.verify(secret)).toMatchObject({ ok: true });

    await revokeAgentToken(admin(replicas[0]!), { tokenId: token.id });
    now += GENERATION_CHECK_INTERVAL_MS;
    for (const verifier of verifiers) expect(await verifier.verify(secret)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('a secret a replica found unknown is accepted there once another replica creates its token', async () => {
    let now = Date.now();
    const verifier = createAgentTokenVerifier(replicas[1]!, { clock: () => now });
    const { secret } = await newToken(replicas[0]!, 'first');
    await verifier.verify(secret);
    // The same secret presented before its row existed: made by hand, as if created after the lookup.
    const early = `stw_${'A'.repeat(43)}`;
    expect(await verifier.verify(early)).toMatchObject({ ok: false, reason: 'unknown' });
    const created = await newToken(replicas[0]!, 'second');
    await replicas[0]!.agentToken.update({ where: { id: created.token.id }, data: { secretHash: (await import('../src/tokens/token-secret')).hashAgentSecret(early), prefix: early.slice(0, 12) } });
    await replicas[0]!.$transaction(async (tx) => bumpCacheGeneration(tx, 'agent-tokens'));
    now += GENERATION_CHECK_INTERVAL_MS;
    expect(await verifier.verify(early)).toMatchObject({ ok: true, token: { name: 'second' } });
  });

  it('the hot path: many calls within a second cost one token read and one generation read', async () => {
    const now = Date.now();
    const replica = replicas[2]!;
    const { secret } = await newToken(replicas[0]!, 'busy');
    const verifier = createAgentTokenVerifier(replica, { clock: () => now });
    const tokenReads = vi.spyOn(replica.agentToken, 'findUnique');
    const generationReads = vi.spyOn(replica.cacheGeneration, 'findUnique');
    try {
      await Promise.all(Array.from({ length: 300 }, () => verifier.verify(secret)));
      for (let call = 0; call < 300; call += 1) await verifier.verify(secret);
      expect(tokenReads).toHaveBeenCalledTimes(1);
      expect(generationReads).toHaveBeenCalledTimes(1);
    } finally {
      tokenReads.mockRestore();
      generationReads.mockRestore();
    }
  });
});
