import type { Trace } from '../../src/planner';

/**
 * An obviously correct LRU cache, independent of simulateLru: an array, most recent first, dropped from the end past
 * the capacity; hit bytes summed in BigInt, so they are exact at any size.
 */
export function naiveLru(input: Trace, capacity: number, warmup: number): { hits: number; hitBytes: bigint } {
  let stack: { object: number; size: number }[] = [];
  let hits = 0;
  let hitBytes = 0n;
  for (let i = 0; i < input.length; i++) {
    const object = input.objects[i]!;
    const size = input.sizes[i]!;
    const at = stack.findIndex((entry) => entry.object === object);
    if (at >= 0) {
      stack.splice(at, 1);
      if (i >= warmup) {
        hits++;
        hitBytes += BigInt(size);
      }
    }
    stack.unshift({ object, size });
    let used = 0;
    stack = stack.filter((entry) => (used += entry.size) <= capacity);
  }
  return { hits, hitBytes };
}
