import { Transform } from 'node:stream';

/**
 * Passes bytes on no faster than `rate()` bytes per second (read on every chunk, so a share that changes
 * while the transfer runs takes effect at once); null means unlimited.
 */
export function throttle(rate: () => number | null): Transform {
  let windowStart = performance.now();
  let bytesInWindow = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const limit = rate();
      if (!limit) {
        callback(null, chunk);
        return;
      }
      const now = performance.now();
      if (now - windowStart > 1000) {
        windowStart = now;
        bytesInWindow = 0;
      }
      bytesInWindow += chunk.length;
      const dueAt = windowStart + (bytesInWindow / limit) * 1000;
      const wait = dueAt - now;
      if (wait <= 1) callback(null, chunk);
      else setTimeout(() => callback(null, chunk), wait);
    },
  });
}
