import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nfsConfigSchema } from '../src/nfs/config';
import { nfsProvider } from '../src/nfs/nfs-provider';
import { getProvider, listProviders } from '../src/registry';
import { isStorageError, type StorageError } from '../src/storage-error';

/* Temp directories, and a way to make one refuse writes even as root. ---------------------------------- */

const isRoot = process.getuid?.() === 0;
const created: string[] = [];
const locked = new Set<string>();

function makeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-nfs-'));
  created.push(dir);
  return dir;
}

/** Root ignores permission bits, so as root the directory is made immutable (chattr +i) instead. */
function lockWrites(dir: string): void {
  if (isRoot) execFileSync('chattr', ['+i', dir]);
  else fs.chmodSync(dir, 0o555);
  locked.add(dir);
}

function unlockWrites(dir: string): void {
  if (isRoot) execFileSync('chattr', ['-i', dir]);
  else fs.chmodSync(dir, 0o755);
  locked.delete(dir);
}

afterEach(() => {
  for (const dir of [...locked]) {
    try {
      unlockWrites(dir);
    } catch {
      locked.delete(dir);
    }
  }
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function probeFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith('.stowage-probe-'));
}

/** The StorageError a promise rejects with. */
async function storageError(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isStorageError(error)).toBe(true);
  return error as StorageError;
}

/** The messages of a failed parse, for the path field. */
function pathIssues(input: unknown): string[] {
  const parsed = nfsConfigSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed
    .error!.issues.filter((issue) => issue.path.join('.') === 'path')
    .map((issue) => issue.message);
}

/* Schema ------------------------------------------------------------------------------------------- */

describe('nfsConfigSchema', () => {
  it.each(['/mnt/secondary', '/', '/mnt/zone 1/nfs', '/mnt/ünïcode', '/a'])(
    'accepts the absolute path %j',
    (value) => {
      expect(nfsConfigSchema.parse({ path: value })).toEqual({ path: value });
    },
  );

  it.each([
    ['/mnt/secondary/', '/mnt/secondary'],
    ['/mnt/secondary///', '/mnt/secondary'],
    ['/mnt//secondary/./zone-1/', '/mnt/secondary/zone-1'],
    ['  /mnt/secondary/  ', '/mnt/secondary'],
    ['/', '/'],
    ['///', '/'],
  ])('normalises %j to %j', (value, expected) => {
    expect(nfsConfigSchema.parse({ path: value }).path).toBe(expected);
  });

  it('accepts 4096 characters', () => {
    const value = `/${'a'.repeat(4095)}`;
    expect(nfsConfigSchema.parse({ path: value }).path).toBe(value);
  });

  it('drops unknown fields', () => {
    expect(nfsConfigSchema.parse({ path: '/mnt/x', extra: 1 })).toEqual({ path: '/mnt/x' });
  });

  it.each(['mnt/secondary', './secondary', 'secondary', '~/secondary', 'C:\\secondary'])(
    'rejects the relative path %j',
    (value) => {
      expect(pathIssues({ path: value })).toContain('Use an absolute path, such as /mnt/secondary');
    },
  );

  it.each(['/mnt/../etc', '/mnt/secondary/..', '/..', '/mnt/a/../../b'])(
    'rejects the ".." segment in %j',
    (value) => {
      expect(pathIssues({ path: value })).toEqual(['Path must not contain ".." segments']);
    },
  );

  it('accepts names that merely contain two dots', () => {
    expect(nfsConfigSchema.parse({ path: '/mnt/a..b/..c' }).path).toBe('/mnt/a..b/..c');
  });

  it('rejects a NUL byte', () => {
    expect(pathIssues({ path: '/mnt/secondary\0/x' })).toEqual(['Path must not contain NUL bytes']);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
  ])('rejects an %s path', (_label, value) => {
    expect(pathIssues({ path: value })).toContain('Path is required');
  });

  it('rejects a missing path', () => {
    expect(pathIssues({})).toHaveLength(1);
  });

  it('rejects a path that is not a string', () => {
    expect(pathIssues({ path: 42 })).toHaveLength(1);
  });

  it('rejects more than 4096 characters', () => {
    expect(pathIssues({ path: `/${'a'.repeat(4096)}` })).toContain('Path is longer than 4096 characters');
  });
});

/* Live checks ---------------------------------------------------------------------------------------- */

describe('nfsProvider.checkConfig', () => {
  it('accepts an existing, writable directory and leaves no probe file', async () => {
    const dir = makeDir();
    await expect(nfsProvider.checkConfig({ path: dir }, {})).resolves.toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a missing directory → InvalidConfig on "path"', async () => {
    const missing = path.join(makeDir(), 'missing');
    const error = await storageError(nfsProvider.checkConfig({ path: missing }, {}));
    expect(error.code).toBe('InvalidConfig');
    expect(error.field).toBe('path');
    expect(error.message).toBe(`${missing} does not exist`);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('a file → InvalidConfig on "path"', async () => {
    const file = path.join(makeDir(), 'file');
    fs.writeFileSync(file, 'x');
    const error = await storageError(nfsProvider.checkConfig({ path: file }, {}));
    expect(error.code).toBe('InvalidConfig');
    expect(error.field).toBe('path');
    expect(error.message).toContain('not a directory');
  });

  it('a path below a file → InvalidConfig on "path"', async () => {
    const file = path.join(makeDir(), 'file');
    fs.writeFileSync(file, 'x');
    const error = await storageError(nfsProvider.checkConfig({ path: path.join(file, 'below') }, {}));
    expect(error.code).toBe('InvalidConfig');
    expect(error.field).toBe('path');
    expect(error.message).toContain('not a directory');
  });

  it('a directory that refuses writes → AccessDenied on "path", and nothing is left in it', async () => {
    const dir = makeDir();
    lockWrites(dir);
    try {
      const error = await storageError(nfsProvider.checkConfig({ path: dir }, {}));
      expect(error.code).toBe('AccessDenied');
      expect(error.field).toBe('path');
      expect(error.message).toBe(`${dir} is not writable`);
    } finally {
      unlockWrites(dir);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('keeps the original error as the cause, for logs', async () => {
    const error = await storageError(nfsProvider.checkConfig({ path: path.join(makeDir(), 'missing') }, {}));
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('leaves files that were already there alone', async () => {
    const dir = makeDir();
    fs.writeFileSync(path.join(dir, 'image.qcow2'), 'data');
    await nfsProvider.checkConfig({ path: dir }, {});
    expect(fs.readdirSync(dir)).toEqual(['image.qcow2']);
    expect(fs.readFileSync(path.join(dir, 'image.qcow2'), 'utf8')).toBe('data');
  });
});

describe('nfsProvider.open(...).probe', () => {
  it('reports ok with total and free bytes and a latency', async () => {
    const dir = makeDir();
    const result = await nfsProvider.open({ path: dir }).probe({});
    expect(result.ok).toBe(true);
    expect(result.error).toBeNull();
    expect(result.totalBytes).toBeGreaterThan(0);
    expect(result.freeBytes).toBeGreaterThan(0);
    expect(result.freeBytes!).toBeLessThanOrEqual(result.totalBytes!);
    expect(Number.isInteger(result.latencyMs)).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('leaves no .stowage-probe-* files behind, even after many probes', async () => {
    const dir = makeDir();
    const backend = nfsProvider.open({ path: dir });
    await Promise.all(Array.from({ length: 10 }, () => backend.probe({})));
    expect(probeFiles(dir)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('reports ok:false with a readable reason once the directory is removed', async () => {
    const dir = makeDir();
    const backend = nfsProvider.open({ path: dir });
    expect((await backend.probe({})).ok).toBe(true);
    fs.rmSync(dir, { recursive: true });
    const result = await backend.probe({});
    expect(result).toMatchObject({ ok: false, totalBytes: null, freeBytes: null });
    expect(result.error).toBe(`${dir} does not exist`);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('reports ok:false when the directory stops taking writes', async () => {
    const dir = makeDir();
    lockWrites(dir);
    try {
      const result = await nfsProvider.open({ path: dir }).probe({});
      expect(result.ok).toBe(false);
      expect(result.error).toBe(`${dir} is not writable`);
    } finally {
      unlockWrites(dir);
    }
    expect(probeFiles(dir)).toEqual([]);
  });

  it('never throws, even for a path that is a file', async () => {
    const file = path.join(makeDir(), 'file');
    fs.writeFileSync(file, 'x');
    const result = await nfsProvider.open({ path: file }).probe({});
    expect(result.ok).toBe(false);
    expect(result.error).toContain('not a directory');
  });
});

describe('nfsProvider.location', () => {
  it.each([
    ['/mnt/secondary', 'nfs:/mnt/secondary/'],
    ['/mnt/secondary/', 'nfs:/mnt/secondary/'],
    ['/', 'nfs:/'],
  ])('location of %j is %j and ends with "/"', (value, expected) => {
    const location = nfsProvider.location({ path: value });
    expect(location).toBe(expected);
    expect(location.endsWith('/')).toBe(true);
  });

  it('of a parsed config ends with "/" so that /a/b does not look nested in /a/bc', () => {
    const parse = (value: string) => nfsProvider.location(nfsConfigSchema.parse({ path: value }));
    expect(parse('/a/bc').startsWith(parse('/a/b'))).toBe(false);
    expect(parse('/a/b/c').startsWith(parse('/a/b/'))).toBe(true);
  });
});

describe('nfs provider declaration and registry', () => {
  it('declares its roles, no secret fields and statfs capacity', () => {
    expect(nfsProvider.id).toBe('nfs');
    expect(nfsProvider.roles).toEqual(['record', 'staging']);
    expect(nfsProvider.secretFields).toEqual([]);
    expect(nfsProvider.capabilities.reportsCapacity).toBe(true);
  });

  it('is the provider the registry returns for "nfs"', () => {
    expect(getProvider('nfs')).toBe(nfsProvider);
    expect(listProviders().map((provider) => provider.id)).toContain('nfs');
  });

  it('the registry refuses an unknown provider with a field error on "provider"', () => {
    expect(() => getProvider('ftp')).toThrow('Unknown storage provider "ftp"');
    let caught: unknown;
    try {
      getProvider('ftp');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'INVALID_INPUT',
      fieldErrors: { provider: ['Choose a provider from the list'] },
    });
  });
});

describe('nfsProvider.open(...).sweepAbandoned', () => {
  it('removes temp files a killed writer left, untouched for longer than asked, and nothing else', async () => {
    const dir = makeDir();
    const backend = nfsProvider.open({ path: dir });
    const { Readable } = await import('node:stream');
    await backend.put('objects/kept', Readable.from([Buffer.from('kept')]));
    const tempDir = path.join(dir, '.stowage-tmp');
    fs.mkdirSync(tempDir, { recursive: true });
    fs.writeFileSync(path.join(tempDir, 'abandoned.part'), Buffer.alloc(1000));
    fs.writeFileSync(path.join(tempDir, 'in-progress.part'), Buffer.alloc(10));
    const hourAgo = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(tempDir, 'abandoned.part'), hourAgo, hourAgo);

    expect(await backend.sweepAbandoned!({ olderThanMs: 1_800_000 })).toEqual({ removed: 1, bytes: 1000 });
    expect(fs.readdirSync(tempDir)).toEqual(['in-progress.part']);
    expect(fs.readFileSync(path.join(dir, 'objects/kept'), 'utf8')).toBe('kept');
  });
});
