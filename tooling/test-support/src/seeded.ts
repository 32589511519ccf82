/* Deterministic randomness for tests and benchmarks: a seeded RNG (so a failing run can be replayed) and
 * fast pseudo-random bytes (xorshift128, ~1 GB/s: large test objects without the cost of a hash chain). */

export { seededRandom } from '@stowage/core/random';

/** `size` pseudo-random bytes, the same for the same seed in every process. Not for cryptography. */
export function seededBytes(size: number, seed: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let y = 362436069;
  let z = 521288629;
  let w = 88675123 ^ seed;
  for (let index = 0; index < words.length; index++) {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = (w ^ (w >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    words[index] = w;
  }
  return Buffer.from(words.buffer, 0, size);
}
