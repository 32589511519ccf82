/* Paths that try to leave where they belong. Store paths given to store.register / store.update (relative, "..",
 * NUL, a symlink onto another store) are refused with a field error; object keys on an NFS store never reach
 * outside its root, whatever symlinks were planted inside it — for put, get, head, delete, list and the sweep
 * of temp files. (Plain key rules — "../x", "/etc/passwd", NUL — run against every provider in
 * packages/providers/test/conformance; what bad-input.test.ts covers is not repeated here.) */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nfsConfigSchema, nfsProvider, StorageError, type StorageBackend } from '@stowage/providers';
import { createZone, registerNfs, rejection, resetDb, useApi } from './support';

const api = useApi();
const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await resetDb(api.db);
});

describe('store paths', () => {
  const register = async (configPath: unknown) => {
    const zone = await createZone(api.caller, `zone-${Math.random().toString(36).slice(2, 8)}`);
    return rejection(
      api.caller.store.register({ name: 'hostile', provider: 'nfs', role: 'record', zoneId: zone.id, config: { path: configPath } }),
      'store.register',
    );
  };

  it.each([
    ['a relative path', 'mnt/secondary'],
    ['a dot-relative path', './mnt'],
    ['a ".." escape from an absolute path', '/tmp/../etc'],
    ['a ".." at the end', '/tmp/..'],
    ['a NUL byte', '/tmp/a\0/b'],
    ['a NUL byte at the end', '/tmp\0'],
    ['a path longer than 4096 characters', `/${'a'.repeat(4097)}`],
    ['only spaces', '   '],
    ['a number', 42],
    ['an array of segments', ['/', 'tmp']],
    ['null', null],
  ])('%s → BAD_REQUEST on config.path, nothing registered', async (_what, configPath) => {
    const { error, shape } = await register(configPath);
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['config.path']);
    expect(await api.db.store.count()).toBe(0);
  });

  it('a URL-encoded "..", a Windows-style "..\\" → a name like any other, which does not exist', async () => {
    for (const configPath of [`${os.tmpdir()}/%2e%2e/etc`, `${os.tmpdir()}/..\\..\\etc`]) {
      const { error, shape } = await register(configPath);
      expect(error.code).toBe('BAD_REQUEST');
      expect(shape.data.fieldErrors?.['config.path']?.[0]).toMatch(/does not exist$/);
    }
  });

  it('a symlink to a file → BAD_REQUEST "not a directory"', async () => {
    const dir = tempDir('stowage-hostile-');
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    fs.symlinkSync(path.join(dir, 'file'), path.join(dir, 'link'));
    const { shape } = await register(path.join(dir, 'link'));
    expect(shape.data.fieldErrors?.['config.path']?.[0]).toMatch(/not a directory/);
  });

  it('a symlink onto another store\'s directory → CONFLICT naming that store (its marker is found through the link)', async () => {
    const zone = await createZone(api.caller, 'zone-link');
    const real = tempDir('stowage-hostile-real-');
    await registerNfs(api.caller, { name: 'original', zoneId: zone.id, path: real });
    const link = path.join(tempDir('stowage-hostile-links-'), 'alias');
    fs.symlinkSync(real, link);
    const { error, shape } = await rejection(registerNfs(api.caller, { name: 'alias', zoneId: zone.id, path: link }), 'store.register');
    expect(error.code).toBe('CONFLICT');
    expect(shape.message).toContain('original');
    expect(await api.db.store.count()).toBe(1);
  });

  it('moving a store (store.update) to a ".." or NUL path → BAD_REQUEST, the path is unchanged', async () => {
    const zone = await createZone(api.caller, 'zone-move');
    const dir = tempDir('stowage-hostile-move-');
    const store = await registerNfs(api.caller, { name: 'mover', zoneId: zone.id, path: dir });
    for (const configPath of [`${dir}/../..`, `${dir}\0`, 'relative']) {
      const { error, shape } = await rejection(api.caller.store.update({ storeId: store.id, config: { path: configPath } }), 'store.update');
      expect(error.code).toBe('BAD_REQUEST');
      expect(Object.keys(shape.data.fieldErrors ?? {})).toEqual(['config.path']);
    }
    const row = await api.db.store.findUniqueOrThrow({ where: { id: store.id } });
    expect(JSON.parse(row.config).path).toBe(dir);
  });
});

describe('object keys on an NFS store, with symlinks planted inside it', () => {
  let root: string;
  let outside: string;
  let backend: StorageBackend;

  beforeEach(() => {
    root = tempDir('stowage-hostile-root-');
    outside = tempDir('stowage-hostile-outside-');
    fs.writeFileSync(path.join(outside, 'secret'), 'outside bytes');
    backend = nfsProvider.open(nfsConfigSchema.parse({ path: root }));
  });

  const bytes = (text: string) => Readable.from([Buffer.from(text)]);
  const refusal = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StorageError);
    return (error as StorageError).code;
  };
  const outsideEntries = () => fs.readdirSync(outside).sort();

  it('a directory symlink leading outside: put, get, head, delete and list refuse it, nothing is written there', async () => {
    fs.symlinkSync(outside, path.join(root, 'objects'));
    expect(await refusal(backend.put('objects/new', bytes('x')))).toBe('AccessDenied');
    expect(await refusal(backend.get('objects/secret'))).toBe('AccessDenied');
    expect(await refusal(backend.head('objects/secret'))).toBe('AccessDenied');
    expect(await refusal(backend.delete('objects/secret'))).toBe('AccessDenied');
    expect(await refusal(backend.list('objects/'))).toBe('AccessDenied');
    expect(outsideEntries()).toEqual(['secret']);
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('outside bytes');
  });

  it('a file symlink leading outside: get and head refuse it, delete leaves the outside file, list does not show it', async () => {
    fs.mkdirSync(path.join(root, 'objects'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'objects', 'abc'));
    expect(await refusal(backend.get('objects/abc'))).toBe('AccessDenied');
    expect(await refusal(backend.head('objects/abc'))).toBe('AccessDenied');
    await backend.delete('objects/abc').catch(() => undefined);
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('outside bytes');
    expect((await backend.list('')).items.map((item) => item.key)).toEqual([]);
  });

  it('a put onto a file symlink leading outside replaces the link, never the outside file', async () => {
    fs.mkdirSync(path.join(root, 'objects'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'objects', 'abc'));
    await backend.put('objects/abc', bytes('new bytes')).catch(() => undefined);
    expect(fs.readFileSync(path.join(outside, 'secret'), 'utf8')).toBe('outside bytes');
  });

  it('a dangling directory symlink leading outside: a put creates nothing outside', async () => {
    fs.symlinkSync(path.join(outside, 'not-yet'), path.join(root, 'objects'));
    await backend.put('objects/new', bytes('x')).catch(() => undefined);
    expect(outsideEntries()).toEqual(['secret']);
  });

  it('a symlink deeper down (objects/a → outside) is refused for keys below it', async () => {
    fs.mkdirSync(path.join(root, 'objects'));
    fs.symlinkSync(outside, path.join(root, 'objects', 'a'));
    expect(await refusal(backend.put('objects/a/b/c', bytes('x')))).toBe('AccessDenied');
    expect(await refusal(backend.get('objects/a/secret'))).toBe('AccessDenied');
    expect(outsideEntries()).toEqual(['secret']);
  });

  it('a symlink inside the root that stays inside is followed', async () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    await backend.put('alias/x', bytes('inside'));
    expect(fs.readFileSync(path.join(root, 'real', 'x'), 'utf8')).toBe('inside');
  });

  it('the temp directory replaced by a symlink leading outside: a put is refused before writing anything there', async () => {
    fs.symlinkSync(outside, path.join(root, '.stowage-tmp'));
    // Before the fix the temp file was written outside, then renamed in: nothing was left to see afterwards.
    const watcher = fs.watch(outside);
    const seen: string[] = [];
    watcher.on('change', (_event, name) => seen.push(String(name)));
    try {
      expect(await refusal(backend.put('objects/through-temp', bytes('x'.repeat(1000))))).toBe('AccessDenied');
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watcher.close();
    }
    expect(seen).toEqual([]);
    expect(outsideEntries()).toEqual(['secret']);
    expect(fs.existsSync(path.join(root, 'objects', 'through-temp'))).toBe(false);
  });

  it('the temp directory replaced by a symlink leading outside: the sweep deletes nothing outside', async () => {
    fs.writeFileSync(path.join(outside, 'precious.part'), 'not ours');
    const old = new Date(Date.now() - 24 * 3600_000);
    fs.utimesSync(path.join(outside, 'precious.part'), old, old);
    fs.symlinkSync(outside, path.join(root, '.stowage-tmp'));
    expect(await refusal(backend.sweepAbandoned!({ olderThanMs: 3600_000 }))).toBe('AccessDenied');
    expect(outsideEntries()).toEqual(['precious.part', 'secret']);
  });

  it.each(['../secret', 'objects/../../secret', '/etc/passwd', 'a\0b', '.stowage-tmp/x', '%2e%2e/secret'])('the key %j never reads outside', async (key) => {
    const result = await backend.get(key).then(
      async (stream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString();
      },
      (error: unknown) => (error as StorageError).code,
    );
    expect(result).not.toBe('outside bytes');
  });
});
