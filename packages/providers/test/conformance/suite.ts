import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STORE_MARKER_KEY, type StorageBackend } from '../../src/contract';
import { readVerified } from '../../src/read-verified';
import { isStorageError, type StorageErrorCode } from '../../src/storage-error';
import { collect, failingStream, patternBytes, sha256, stallingStream, streamOf } from './data';

const MiB = 1024 * 1024;

export interface ConformanceTarget {
  /** A working backend, in a namespace (directory, bucket, container) of its own. */
  backend: () => StorageBackend;
  /** The same store reached with credentials it refuses (for nfs: a directory it may not write). */
  deniedBackend: () => StorageBackend;
  /** The same store when its endpoint cannot be reached (for nfs: the mount is gone). */
  unreachableBackend: () => StorageBackend;
  /** How long an unreachable endpoint may take to fail. */
  unreachableWithinMs: number;
}

async function storageErrorOf(promise: Promise<unknown>): Promise<{ code: StorageErrorCode; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`, { cause: error });
    return { code: error.code, message: error.message };
  }
  throw new Error('expected the call to fail');
}

async function readAll(backend: StorageBackend, key: string): Promise<Buffer> {
  return collect(await backend.get(key));
}

async function expectAbsent(backend: StorageBackend, key: string) {
  expect((await storageErrorOf(backend.head(key))).code).toBe('NotFound');
  expect((await storageErrorOf(readAll(backend, key))).code).toBe('NotFound');
}

/** Every provider runs this suite: the contract, proven against a real backend. */
export function describeConformance(name: string, target: ConformanceTarget) {
  describe(`${name} conformance`, () => {
    const run = randomUUID().slice(0, 8);
    const key = (label: string) => `conformance-${run}/${label}`;

    describe('round trips with checksums', () => {
      for (const [label, size] of [
        ['empty', 0],
        ['small', 1000],
        ['5 MiB + 1', 5 * MiB + 1],
        ['64 MiB', 64 * MiB],
      ] as const) {
        it(`${label} (${size} bytes): put reports size and sha256, get returns the same bytes`, { timeout: 120_000 }, async () => {
          const backend = target.backend();
          const data = patternBytes(size, size + 7);
          const progress: number[] = [];
          const put = await backend.put(key(`round-${size}`), streamOf(data, 1024 * 1024), {
            size,
            sha256: sha256(data),
            onProgress: (bytes) => progress.push(bytes),
          });
          expect(put.size).toBe(size);
          expect(put.sha256).toBe(sha256(data));
          expect(put.etag).not.toBe('');
          if (size > 0) expect(progress.at(-1)).toBe(size);

          const info = await backend.head(key(`round-${size}`));
          expect(info.size).toBe(size);
          expect(info.key).toBe(key(`round-${size}`));
          if (info.sha256 !== null) expect(info.sha256).toBe(sha256(data));

          const back = await collect(await backend.get(key(`round-${size}`)));
          expect(back.length).toBe(size);
          expect(sha256(back)).toBe(sha256(data));
          await backend.delete(key(`round-${size}`));
        });
      }

      it('a put without expectations computes sha256 itself', async () => {
        const backend = target.backend();
        const data = patternBytes(300_000, 3);
        const put = await backend.put(key('no-expectations'), streamOf(data, 4096));
        expect(put).toMatchObject({ size: data.length, sha256: sha256(data) });
      });
    });

    it('range reads return exactly the requested bytes', async () => {
      const backend = target.backend();
      const data = patternBytes(2 * MiB + 123, 11);
      await backend.put(key('range'), streamOf(data));
      const middle = await collect(await backend.get(key('range'), { range: { start: 1000, end: 1999 } }));
      expect(middle.equals(data.subarray(1000, 2000))).toBe(true);
      const tail = await collect(await backend.get(key('range'), { range: { start: 2 * MiB } }));
      expect(tail.equals(data.subarray(2 * MiB))).toBe(true);
      const first = await collect(await backend.get(key('range'), { range: { start: 0, end: 0 } }));
      expect(first.equals(data.subarray(0, 1))).toBe(true);
    });

    it('listing pages through every object under a prefix once, in key order', async () => {
      const backend = target.backend();
      const prefix = key('list/');
      const names = Array.from({ length: 23 }, (_, index) => `${prefix}item-${String(index).padStart(3, '0')}`);
      names.push(`${prefix}nested/deeper`);
      await Promise.all(names.map((name, index) => backend.put(name, streamOf(Buffer.from(`object ${index}`)))));
      await backend.put(key('list-sibling'), streamOf(Buffer.from('not under the prefix')));

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await backend.list(prefix, { limit: 10, cursor });
        expect(page.items.length).toBeLessThanOrEqual(10);
        for (const item of page.items) expect(item.size).toBeGreaterThan(0);
        seen.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...names].sort());

      expect((await backend.list(key('no-such-prefix/'))).items).toEqual([]);
    });

    it('the store marker key is accepted by every operation and never listed, and paging goes past it', async () => {
      const backend = target.backend();
      await backend.put(STORE_MARKER_KEY, streamOf(Buffer.from('{"marker":true}')));
      expect((await collect(await backend.get(STORE_MARKER_KEY))).toString()).toBe('{"marker":true}');
      expect((await backend.head(STORE_MARKER_KEY)).key).toBe(STORE_MARKER_KEY);
      await backend.put(key('after-marker'), streamOf(Buffer.from('listed')));

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await backend.list('', { limit: 1, cursor });
        seen.push(...page.items.map((item) => item.key));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 500);
      expect(seen).toContain(key('after-marker'));
      expect(seen).not.toContain(STORE_MARKER_KEY);
      expect((await backend.list('.stowage')).items).toEqual([]);

      await backend.delete(STORE_MARKER_KEY);
      await expectAbsent(backend, STORE_MARKER_KEY);
    });

    it('an overwrite replaces the object whole', async () => {
      const backend = target.backend();
      await backend.put(key('overwrite'), streamOf(patternBytes(100_000, 1)));
      const second = patternBytes(70_000, 2);
      await backend.put(key('overwrite'), streamOf(second));
      const back = await collect(await backend.get(key('overwrite')));
      expect(sha256(back)).toBe(sha256(second));
      expect((await backend.head(key('overwrite'))).size).toBe(second.length);
    });

    it('delete is idempotent', async () => {
      const backend = target.backend();
      await backend.put(key('delete'), streamOf(Buffer.from('bye')));
      await backend.delete(key('delete'));
      await backend.delete(key('delete'));
      await backend.delete(key('never-existed'));
      await expectAbsent(backend, key('delete'));
    });

    describe('a failed write leaves nothing visible', () => {
      it('an upload aborted by its signal', async () => {
        const backend = target.backend();
        const controller = new AbortController();
        const upload = backend.put(key('aborted'), stallingStream(patternBytes(MiB, 5)), { signal: controller.signal });
        setTimeout(() => controller.abort(), 300);
        expect((await storageErrorOf(upload)).code).toBe('Aborted');
        await expectAbsent(backend, key('aborted'));
        expect((await backend.list(key('aborted'))).items).toEqual([]);
      });

      it('a source that breaks mid-transfer', async () => {
        const backend = target.backend();
        await storageErrorOf(backend.put(key('broken-source'), failingStream(patternBytes(MiB, 6))));
        await expectAbsent(backend, key('broken-source'));
      });

      it('bytes that do not match the expected sha256, without touching the object already there', async () => {
        const backend = target.backend();
        const original = patternBytes(200_000, 8);
        await backend.put(key('checksum'), streamOf(original), { sha256: sha256(original) });
        const wrong = await storageErrorOf(
          backend.put(key('checksum'), streamOf(patternBytes(200_000, 9)), { sha256: sha256(original) }),
        );
        expect(wrong.code).toBe('ChecksumMismatch');
        expect(sha256(await collect(await backend.get(key('checksum'))))).toBe(sha256(original));

        const sized = await storageErrorOf(
          backend.put(key('checksum'), streamOf(patternBytes(200_000, 10)), { size: 200_000, sha256: sha256(original) }),
        );
        expect(sized.code).toBe('ChecksumMismatch');
        expect(sha256(await collect(await backend.get(key('checksum'))))).toBe(sha256(original));

        const fresh = await storageErrorOf(
          backend.put(key('checksum-new'), streamOf(patternBytes(1000, 9)), { sha256: sha256(original) }),
        );
        expect(fresh.code).toBe('ChecksumMismatch');
        await expectAbsent(backend, key('checksum-new'));
      });

      it('a stream shorter or longer than the declared size', async () => {
        const backend = target.backend();
        const short = await storageErrorOf(backend.put(key('short'), streamOf(patternBytes(1000, 1)), { size: 1001 }));
        expect(short.code).toBe('ChecksumMismatch');
        const long = await storageErrorOf(backend.put(key('long'), streamOf(patternBytes(1002, 1)), { size: 1001 }));
        expect(long.code).toBe('ChecksumMismatch');
        await expectAbsent(backend, key('short'));
        await expectAbsent(backend, key('long'));
      });
    });

    it('corrupted data is detected as ChecksumMismatch when read back verified', async () => {
      const backend = target.backend();
      const good = patternBytes(500_000, 21);
      await backend.put(key('corrupt'), streamOf(good));
      expect(await readVerified(backend, key('corrupt'), { sha256: sha256(good) })).toEqual({
        size: good.length,
        sha256: sha256(good),
      });
      const flipped = Buffer.from(good);
      flipped[1234] = (flipped[1234] ?? 0) ^ 0xff;
      await backend.put(key('corrupt'), streamOf(flipped));
      expect((await storageErrorOf(readVerified(backend, key('corrupt'), { sha256: sha256(good) }))).code).toBe(
        'ChecksumMismatch',
      );
    });

    it('unicode keys round-trip and list as written', async () => {
      const backend = target.backend();
      const unicode = key('ünïcødé/テンプレート 名前 (1).qcow2');
      await backend.put(unicode, streamOf(Buffer.from('unicode')));
      expect((await collect(await backend.get(unicode))).toString()).toBe('unicode');
      expect((await backend.list(key('ünïcødé/'))).items.map((item) => item.key)).toEqual([unicode]);
    });

    it('keys that try to escape are refused by every operation', async () => {
      const backend = target.backend();
      for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a\0b', '', 'a//b', './x']) {
        for (const call of [
          () => backend.put(bad, streamOf(Buffer.from('x'))),
          () => backend.get(bad),
          () => backend.head(bad),
          () => backend.delete(bad),
        ]) {
          const error = await storageErrorOf(call());
          expect(error.code, `key ${JSON.stringify(bad)}`).toBe('AccessDenied');
        }
      }
    });

    it('a missing object is NotFound', async () => {
      const backend = target.backend();
      expect((await storageErrorOf(backend.head(key('missing')))).code).toBe('NotFound');
      expect((await storageErrorOf(readAll(backend, key('missing')))).code).toBe('NotFound');
    });

    it('the probe answers with latency', async () => {
      const result = await target.backend().probe();
      expect(result.ok).toBe(true);
      expect(result.error).toBeNull();
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    });

    it('refused credentials are AccessDenied', async () => {
      const backend = target.deniedBackend();
      expect((await storageErrorOf(backend.put(key('denied'), streamOf(Buffer.from('x'))))).code).toBe('AccessDenied');
      const probe = await backend.probe();
      expect(probe.ok).toBe(false);
      expect(probe.error).toBeTruthy();
    });

    it('an unreachable store is Unavailable within a bounded time', async () => {
      const backend = target.unreachableBackend();
      const started = Date.now();
      expect((await storageErrorOf(backend.put(key('unreachable'), streamOf(Buffer.from('x'))))).code).toBe('Unavailable');
      expect((await storageErrorOf(backend.head(key('unreachable')))).code).toBe('Unavailable');
      expect(Date.now() - started).toBeLessThan(target.unreachableWithinMs);
      const probe = await backend.probe();
      expect(probe.ok).toBe(false);
    });
  });
}
