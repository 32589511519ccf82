import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Seals secret provider fields with AES-256-GCM; the sealed form is `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export interface SecretBox {
  seal(values: Record<string, string>): string;
  open(sealed: string): Record<string, string>;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secret key must be 32 bytes (AES-256)');
  return {
    seal(values) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) =>
        typeof part === 'string' ? part : part.toString('base64url'),
      ).join('.');
    },
    open(sealed) {
      const parts = sealed.split('.');
      const [version, iv, tag, ciphertext] = parts;
      if (parts.length !== 4 || version !== VERSION || !iv || !tag || ciphertext === undefined) {
        throw new Error('Unrecognised sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    },
  };
}

/** Reads a key given as 64 hex characters or 44 base64 characters. */
export function parseSecretKey(text: string, source = 'STOWAGE_SECRET_KEY'): Buffer {
  const trimmed = text.trim();
  const hex = /^[0-9a-fA-F]{64}$/.test(trimmed);
  const base64 = /^[A-Za-z0-9+/]{43}=$/.test(trimmed);
  const key = hex ? Buffer.from(trimmed, 'hex') : base64 ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new Error(`${source} must hold a key of 32 bytes: 64 hex or 44 base64 characters`);
  return key;
}
