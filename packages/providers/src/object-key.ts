import { StorageError } from './storage-error';

export const MAX_KEY_BYTES = 1024;

/**
 * The rules every provider applies to object keys before using them: relative, no NUL, no `.` or `..`
 * segments, no empty segments, at most 1024 bytes of UTF-8. Returns the key unchanged.
 */
export function checkObjectKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw invalidKey('Object key is empty');
  if (key.includes('\0')) throw invalidKey('Object key contains a NUL byte');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw invalidKey(`Object key is longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/') || key.startsWith('\\') || /^[A-Za-z]:/.test(key)) throw invalidKey('Object key must be relative');
  const segments = key.split(/[\\/]/);
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    throw invalidKey('Object key must not contain "." or ".." segments');
  }
  if (segments.slice(0, -1).some((segment) => segment === '') || key.endsWith('/')) {
    throw invalidKey('Object key must not contain empty segments');
  }
  return key;
}

/** A listing prefix: empty, or the same rules as a key but may end in "/". */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkObjectKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

function invalidKey(message: string) {
  return new StorageError({ code: 'AccessDenied', message });
}
