/* Deterministic randomness for tests and benchmarks: a seeded RNG (so a failing run can be replayed) and
 * fast pseudo-random bytes (xorshift128, ~1 GB/s: large test objects without the cost of a hash chain). */

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
