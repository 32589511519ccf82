import { describe, expect, it } from 'vitest';
import { entityId, nameKey, resourceName } from '../src/names';

describe('resourceName', () => {
  describe('accepts names an admin would type', () => {
    it.each([
      'zone-east',
      'Zone 1',
      'zöne.α_2',
      'a',
      '1',
      'store_01',
      'NFS record store',
      '東京',
      'x'.repeat(64),
      'x'.repeat(255),
    ])('%j', (name) => {
      expect(resourceName.parse(name)).toBe(name);
    });
  });

  it('trims surrounding whitespace', () => {
    expect(resourceName.parse('  zone-east  ')).toBe('zone-east');
    expect(resourceName.parse('\tZone 1\n')).toBe('Zone 1');
  });

  it('a leading space is trimmed away rather than kept', () => {
    expect(resourceName.parse(' zone')).toBe('zone');
  });

  it('checks the length after trimming', () => {
    expect(resourceName.parse(`  ${'x'.repeat(255)}  `)).toBe('x'.repeat(255));
  });

  describe('rejects', () => {
    it.each([
      ['empty', ''],
      ['whitespace only', '   '],
      ['tabs and newlines only', '\t\n'],
      ['256 characters', 'x'.repeat(256)],
      ['a leading dash', '-zone'],
      ['a leading dot', '.zone'],
      ['a leading underscore', '_zone'],
      ['a leading zero-width space', '\u200bzone'],
      ['a forward slash', 'zone/east'],
      ['a backslash', 'zone\\east'],
      ['a path traversal', '../etc'],
      ['a NUL byte', 'zone\u0000'],
      ['an embedded NUL byte', 'zo\u0000ne'],
      ['HTML', '<script>'],
      ['a script tag after a letter', 'a<script>alert(1)</script>'],
      ['quotes', 'zone"east'],
      ['a newline inside', 'zone\neast'],
    ])('%s', (_label, name) => {
      expect(resourceName.safeParse(name).success).toBe(false);
    });
  });

  it('explains a missing name', () => {
    const result = resourceName.safeParse('   ');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Name is required');
  });

  it('explains a name that is too long', () => {
    const result = resourceName.safeParse('x'.repeat(256));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('Name must be at most 255 characters');
  });

  it('explains a name with forbidden characters', () => {
    const result = resourceName.safeParse('-zone');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/letters, digits/);
  });
});

describe('entityId', () => {
  it.each(['abc', 'cjld2cjxh0000qzrmn831i7rn', 'A-b_9', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(entityId.parse(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['path traversal', '../etc/passwd'],
    ['a slash', 'a/b'],
    ['a backslash', 'a\\b'],
    ['a lone dot', '.'],
    ['two dots', '..'],
    ['a dot inside', 'a.b'],
    ['a space', 'a b'],
    ['surrounding whitespace (not trimmed)', ' abc '],
    ['a NUL byte', 'abc\u0000'],
    ['a URL', 'http://x'],
    ['65 characters', 'x'.repeat(65)],
  ])('rejects %s', (_label, id) => {
    expect(entityId.safeParse(id).success).toBe(false);
  });
});

describe('nameKey', () => {
  describe('is one key for names that differ only in case or in composition', () => {
    it.each([
      ['ASCII', ['h1-backup', 'H1-BACKUP', 'H1-Backup']],
      ['accented letters', ['Zürich', 'ZÜRICH', 'zürich']],
      ['a decomposed accent', ['Zu\u0308rich', 'Z\u00fcrich', 'ZU\u0308RICH']],
      ['sharp s, upper and lower', ['straße', 'STRASSE', 'strasse', 'STRAẞE']],
      ['Greek sigma, final or not', ['ΟΔΟΣ', 'οδος', 'οδοσ']],
      ['the dotless i of Turkish, folded without a locale', ['ıstanbul', 'ISTANBUL', 'istanbul']],
      ['a ligature', ['ﬁle', 'FILE']],
      ['titlecase digraphs', ['ǅemal', 'ǄEMAL', 'ǆemal']],
      ['the micro and Kelvin signs', ['5µm-\u212a', '5μm-k']],
    ])('%s', (_label, names) => {
      const keys = new Set(names.map(nameKey));
      expect(keys.size).toBe(1);
    });
  });

  it.each([
    ['different letters', 'zone-a', 'zone-b'],
    ['a dotted capital I is not a plain i', 'İstanbul', 'istanbul'],
    ['full-width letters are other letters', 'ＡＢＣ', 'abc'],
    ['a separator', 'zone-a', 'zone_a'],
  ])('keeps apart %s', (_label, a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });

  it('is lower case, NFC, and the key of itself', () => {
    for (const name of ['H1-BACKUP', 'ZU\u0308RICH', 'STRAẞE', 'ΟΔΟΣ', '東京']) {
      const key = nameKey(name);
      expect(key).toBe(key.normalize('NFC'));
      expect(key).toBe(key.toLowerCase());
      expect(nameKey(key)).toBe(key);
    }
    expect(nameKey('H1-BACKUP')).toBe('h1-backup');
  });
});
