import { StowageError } from '../errors';

/**
 * An access trace in time order, column by column (10 M accesses are typed arrays, not 10 M objects).
 * Object ids are dense; an object whose size changed is a new object (a new version is another image).
 */
export interface Trace {
  length: number;
  /** Milliseconds since the epoch, non-decreasing. */
  times: Float64Array;
  objects: Int32Array;
  /** Bytes of the access's object. */
  sizes: Float64Array;
  /** 1 where the real cache hit (a recorded history); absent for an imported or generated trace. */
  hits?: Uint8Array;
  objectCount: number;
}

export interface TraceBuilder {
  add(time: number, objectKey: string, sizeBytes: number, hit?: boolean): void;
  /** The trace ids the key has had so far (one per size it was seen with), oldest first; empty if never seen. */
  idsOf(objectKey: string): readonly number[];
  build(): Trace;
}

/** Builds a Trace from accesses given in time order, interning object keys (a key seen with another size is a new object). */
export function createTraceBuilder(initialCapacity = 1024): TraceBuilder {
  let capacity = Math.max(16, initialCapacity);
  let times = new Float64Array(capacity);
  let objects = new Int32Array(capacity);
  let sizes = new Float64Array(capacity);
  let hits = new Uint8Array(capacity);
  let anyHitFlag = false;
  let length = 0;
  // The key's current object: a key seen again with another size is a new object (and stays so if it changes back).
  const current = new Map<string, { id: number; size: number }>();
  const earlier = new Map<string, number[]>();
  let objectCount = 0;
  const grow = () => {
    capacity *= 2;
    const t = new Float64Array(capacity);
    t.set(times);
    times = t;
    const o = new Int32Array(capacity);
    o.set(objects);
    objects = o;
    const s = new Float64Array(capacity);
    s.set(sizes);
    sizes = s;
    const h = new Uint8Array(capacity);
    h.set(hits);
    hits = h;
  };
  return {
    add(time, objectKey, sizeBytes, hit) {
      if (!Number.isFinite(time))
        throw new StowageError({ code: 'INVALID_INPUT', message: `Access ${length + 1} has no valid time.` });
      if (length > 0 && time < times[length - 1]!) {
        throw new StowageError({
          code: 'INVALID_INPUT',
          message: `Access ${length + 1} is earlier than the one before it: a trace is in time order.`,
        });
      }
      if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) {
        throw new StowageError({
          code: 'INVALID_INPUT',
          message: `Access ${length + 1} has a size that is not a positive whole number of bytes.`,
        });
      }
      if (length === capacity) grow();
      let object = current.get(objectKey);
      if (object?.size !== sizeBytes) {
        if (object) earlier.set(objectKey, [...(earlier.get(objectKey) ?? []), object.id]);
        object = { id: objectCount++, size: sizeBytes };
        current.set(objectKey, object);
      }
      const id = object.id;
      times[length] = time;
      objects[length] = id;
      sizes[length] = sizeBytes;
      if (hit !== undefined) {
        anyHitFlag = true;
        hits[length] = hit ? 1 : 0;
      }
      length++;
    },
    idsOf(objectKey) {
      const now = current.get(objectKey);
      return now ? [...(earlier.get(objectKey) ?? []), now.id] : [];
    },
    build() {
      return {
        length,
        times: times.slice(0, length),
        objects: objects.slice(0, length),
        sizes: sizes.slice(0, length),
        ...(anyHitFlag ? { hits: hits.slice(0, length) } : {}),
        objectCount,
      };
    },
  };
}
