import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, parseSecretKey } from '../src/secrets';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const SECRET = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Splits a sealed secret into its four dot-separated parts. */
function parts(sealed: string): [string, string, string, string] {
  const split = sealed.split('.');
  expect(split).toHaveLength(4);
  return split as [string, string, string, string];
}

/** Returns `sealed` with byte `index` of part `which` (1 = iv, 2 = tag, 3 = ciphertext) XOR-ed with `mask`. */
function tamper(sealed: string, which: 1 | 2 | 3, index: number, mask = 0x01): string {
  const split = parts(sealed);
  const bytes = Buffer.from(split[which], 'base64url');
  bytes[index] = bytes[index]! ^ mask;
  split[which] = bytes.toString('base64url');
  return split.join('.');
}

describe('createSecretBox', () => {
  it('opens what it sealed', () => {
    const box = createSecretBox(KEY);
    expect(box.open(box.seal(SECRET))).toEqual(SECRET);
  });

  it('round-trips empty records, empty strings, unicode and JSON-hostile characters', () => {
    const box = createSecretBox(KEY);
    const samples: Record<string, string>[] = [
      {},
      { password: '' },
      { password: 'pässwörd 🔑 密码' },
      { password: '"quoted"\\back\nslash.with.dots', 'weird.key': 'v1.a.b.c' },
      { big: 'x'.repeat(100_000) },
    ];
    for (const values of samples) {
      expect(box.open(box.seal(values))).toEqual(values);
    }
  });

  it('a second box with the same key opens it too (nothing is kept in memory)', () => {
    const sealed = createSecretBox(KEY).seal(SECRET);
    expect(createSecretBox(Buffer.from(KEY)).open(sealed)).toEqual(SECRET);
  });

  it('produces v1.<iv>.<tag>.<ciphertext> in base64url with a 12-byte IV and a 16-byte tag', () => {
    const [version, iv, tag, ciphertext] = parts(createSecretBox(KEY).seal(SECRET));
    expect(version).toBe('v1');
    for (const part of [iv, tag, ciphertext]) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
  });

  it('seals the same value differently each time (random IV)', () => {
    const box = createSecretBox(KEY);
    const a = box.seal(SECRET);
    const b = box.seal(SECRET);
    expect(a).not.toBe(b);
    expect(parts(a)[1]).not.toBe(parts(b)[1]);
    expect(parts(a)[3]).not.toBe(parts(b)[3]);
    expect(box.open(a)).toEqual(box.open(b));
  });

  it('does not leak the plaintext, its keys, or their base64 forms into the sealed text', () => {
    const sealed = createSecretBox(KEY).seal(SECRET);
    const json = JSON.stringify(SECRET);
    for (const needle of [
      SECRET.secretAccessKey,
      SECRET.accessKeyId,
      'accessKeyId',
      'secretAccessKey',
      Buffer.from(json).toString('base64url'),
      Buffer.from(SECRET.secretAccessKey).toString('base64url').slice(0, 16),
    ]) {
      expect(sealed).not.toContain(needle);
    }
  });

  describe('refuses tampered secrets', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(SECRET);
    const ciphertextLength = Buffer.from(parts(sealed)[3], 'base64url').length;

    it('throws when any single byte of the ciphertext is changed', () => {
      for (let i = 0; i < ciphertextLength; i += 1) {
        expect(() => box.open(tamper(sealed, 3, i))).toThrow();
        expect(() => box.open(tamper(sealed, 3, i, 0x80))).toThrow();
      }
    });

    it('throws when any single byte of the auth tag is changed', () => {
      for (let i = 0; i < 16; i += 1) {
        expect(() => box.open(tamper(sealed, 2, i))).toThrow();
        expect(() => box.open(tamper(sealed, 2, i, 0x80))).toThrow();
      }
    });

    it('throws when any single byte of the IV is changed', () => {
      for (let i = 0; i < 12; i += 1) {
        expect(() => box.open(tamper(sealed, 1, i))).toThrow();
      }
    });

    it('throws when the ciphertext is truncated or extended', () => {
      const [version, iv, tag, ciphertext] = parts(sealed);
      const bytes = Buffer.from(ciphertext, 'base64url');
      const shorter = bytes.subarray(0, bytes.length - 1).toString('base64url');
      const longer = Buffer.concat([bytes, Buffer.from([0])]).toString('base64url');
      expect(() => box.open([version, iv, tag, shorter].join('.'))).toThrow();
      expect(() => box.open([version, iv, tag, longer].join('.'))).toThrow();
      expect(() => box.open([version, iv, tag, ''].join('.'))).toThrow();
    });

    it('throws when parts are swapped between two sealed secrets', () => {
      const other = box.seal({ accessKeyId: 'someone else' });
      const [v, iv, tag] = parts(sealed);
      const [, , , otherCiphertext] = parts(other);
      expect(() => box.open([v, iv, tag, otherCiphertext].join('.'))).toThrow();
    });

    it.each([
      ['empty string', ''],
      ['plain text', 'not a secret'],
      ['an unknown version', sealed.replace(/^v1\./, 'v2.')],
      ['a missing version', sealed.replace(/^v1\./, '')],
      ['a missing IV', sealed.replace(/^v1\.[^.]+\./, 'v1..')],
      ['only three parts', parts(sealed).slice(0, 3).join('.')],
    ])('throws on %s', (_label, text) => {
      expect(() => box.open(text)).toThrow();
    });

    // Node's GCM accepts tags as short as 4 bytes unless the length is pinned.
    it('throws when the auth tag is truncated', () => {
      const [version, iv, tag, ciphertext] = parts(sealed);
      const short = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
      expect(() => box.open([version, iv, short, ciphertext].join('.'))).toThrow();
    });
  });

  it('a box with a different key cannot open it', () => {
    const sealed = createSecretBox(KEY).seal(SECRET);
    expect(() => createSecretBox(OTHER_KEY).open(sealed)).toThrow();
    const almost = Buffer.from(KEY);
    almost[31] = almost[31]! ^ 1;
    expect(() => createSecretBox(almost).open(sealed)).toThrow();
  });

  it.each([0, 16, 24, 31, 33, 64])('refuses a %i-byte key', (length) => {
    expect(() => createSecretBox(Buffer.alloc(length, 1))).toThrow(/32 bytes/);
  });
});

describe('parseSecretKey', () => {
  const key = randomBytes(32);

  it('accepts 64 hex characters', () => {
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
  });

  it('accepts 64 hex characters in upper case', () => {
    expect(parseSecretKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
  });

  it('accepts 44 base64 characters', () => {
    const text = key.toString('base64');
    expect(text).toHaveLength(44);
    expect(parseSecretKey(text).equals(key)).toBe(true);
  });

  it('ignores surrounding whitespace such as a trailing newline from a file', () => {
    expect(parseSecretKey(`  ${key.toString('hex')}\n`).equals(key)).toBe(true);
    expect(parseSecretKey(`${key.toString('base64')}\n`).equals(key)).toBe(true);
  });

  it('returns a key createSecretBox accepts', () => {
    const box = createSecretBox(parseSecretKey(key.toString('hex')));
    expect(box.open(box.seal(SECRET))).toEqual(SECRET);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   '],
    ['63 hex characters', 'a'.repeat(63)],
    ['65 hex characters', 'a'.repeat(65)],
    ['128 hex characters', 'a'.repeat(128)],
    ['32 hex characters (a 16-byte key)', 'a'.repeat(32)],
    ['0x-prefixed hex', `0x${'a'.repeat(64)}`],
    ['base64 of 16 bytes', Buffer.alloc(16, 1).toString('base64')],
    ['base64 of 31 bytes', Buffer.alloc(31, 1).toString('base64')],
    ['base64 of 33 bytes', Buffer.alloc(33, 1).toString('base64')],
    ['base64 of 48 bytes', Buffer.alloc(48, 1).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
  ])('rejects %s', (_label, text) => {
    expect(() => parseSecretKey(text)).toThrow(/32 bytes/);
  });
});
