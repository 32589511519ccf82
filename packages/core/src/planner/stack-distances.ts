import { StowageError } from '../errors';
import type { Trace } from './trace';

/** Above this many distinct bytes a float64 Fenwick sum might round (8 PiB — far beyond any staging catalogue). */
const EXACT_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Each access's byte-weighted LRU stack distance (Mattson et al. 1970; Bennett & Kruskal 1975): the bytes of the
 * distinct objects touched since the object's previous access, itself included — Infinity for a first access.
 * An LRU cache of capacity C holding whole objects hits exactly the accesses with distance ≤ C, for every C at once
 * (when C is at least the largest object: smaller objects cannot be bypassed by a real cache the same way).
 *
 * A Fenwick tree over access positions holds, at each object's latest position, its size; the distance is the sum
 * from the previous position to the end. When the positions run out the live marks are renumbered in order
 * (compaction), so memory stays O(objects), not O(accesses).
 *
 * Exactness: sizes are whole bytes, and every value the tree ever holds — a node, a partial prefix, the total — is
 * a sum of distinct live objects' sizes, so it is at most the trace's distinct bytes (its working set). While that
 * is below 2^53 (8 PiB) float64 adds those integers exactly, in bytes, with no scaling; a trace beyond it is refused.
 *
 * Writes the distances of accesses [from, length) to out[0 ..] (out defaults to a new array of that length).
 * Objects marked in `pinned` are resident outside the LRU stack: their accesses are distance 0 (a hit at any
 * capacity, their bytes counted apart as pinned) and they take no place in anyone else's distance.
 */
export function stackDistances(trace: Trace, from = 0, out?: Float64Array, pinned?: Uint8Array): Float64Array {
  const { length, objects, sizes, objectCount } = trace;
  const distances = out ?? new Float64Array(length - from);
  const slots = Math.max(1024, 2 * objectCount + 2);
  const tree = new Float64Array(slots + 1);
  const lastSlot = new Int32Array(objectCount).fill(-1);
  const slotObject = new Int32Array(slots).fill(-1);
  const sizeOf = new Float64Array(objectCount);
  let next = 0;
  let total = 0;

  const compact = () => {
    tree.fill(0);
    let renumbered = 0;
    for (let slot = 0; slot < next; slot++) {
      const object = slotObject[slot]!;
      if (object < 0) continue;
      slotObject[slot] = -1;
      slotObject[renumbered] = object;
      lastSlot[object] = renumbered;
      tree[renumbered + 1] = sizeOf[object]!;
      renumbered++;
    }
    // Build the Fenwick tree from the point values in O(slots).
    for (let i = 1; i <= slots; i++) {
      const parent = i + (i & -i);
      if (parent <= slots) tree[parent]! += tree[i]!;
    }
    next = renumbered;
  };

  for (let index = 0; index < length; index++) {
    const object = objects[index]!;
    const size = sizes[index]!;
    if (pinned?.[object]) {
      if (index >= from) distances[index - from] = 0;
      continue;
    }
    const previous = lastSlot[object]!;
    if (previous < 0) {
      if (index >= from) distances[index - from] = Infinity;
      sizeOf[object] = size;
      total += size;
      if (total > EXACT_LIMIT) {
        throw new StowageError({
          code: 'INVALID_INPUT',
          message:
            'The trace touches more than 8 PiB of distinct objects: its curve could not be computed exactly.',
        });
      }
    } else {
      // Sum of the slots [previous, end) = total − prefix [0, previous); then unmark previous.
      let prefix = 0;
      for (let i = previous; i > 0; i -= i & -i) prefix += tree[i]!;
      if (index >= from) distances[index - from] = total - prefix;
      for (let i = previous + 1; i <= slots; i += i & -i) tree[i]! -= size;
      slotObject[previous] = -1;
    }
    if (next === slots) compact();
    for (let i = next + 1; i <= slots; i += i & -i) tree[i]! += size;
    slotObject[next] = object;
    lastSlot[object] = next;
    next++;
  }
  return distances;
}
