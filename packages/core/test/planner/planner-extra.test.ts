import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTraceBuilder,
  demoTraceAlpha,
  generateDemoTrace,
  missRatioCurve,
  replayPolicy,
  simulateLru,
  type Trace,
} from '../../src/planner';
import { selectPairs } from '../../src/planner/select-pairs';
import { seededRandom } from '../../src/random';
import { naiveLru } from './naive-lru';

const GiB = 1024 ** 3;

const build = (accesses: [string, number][], step = 1000): Trace => {
  const builder = createTraceBuilder(4);
  accesses.forEach(([key, size], index) => builder.add(index * step, key, size));
  return builder.build();
};

describe('exact byte sums past 2^53', () => {
  it('hit bytes of 40–50 GiB objects equal the BigInt sum, correctly rounded, in the curve, simulator and replay', () => {
    const random = seededRandom(3);
    const sizes = Array.from({ length: 60 }, () => 40 * GiB + Math.floor(random() * 10 * GiB) + 1);
    const accesses: [string, number][] = [];
    for (let i = 0; i < 300_000; i++) {
      const o = Math.floor(Math.pow(random(), 2) * 60);
      accesses.push([`o${o}`, sizes[o]!]);
    }
    const input = build(accesses, 1);
    const curve = missRatioCurve(input, { warmup: { accesses: 0 } });
    expect(curve.requestedBytes).toBeGreaterThan(2 ** 53);
    for (const factor of [1, 5, 30, 70]) {
      const capacity = curve.largestObjectBytes * factor;
      const expected = naiveLru(input, capacity, 0);
      if (factor === 70) expect(expected.hitBytes).toBeGreaterThan(2n ** 53n);
      const figures = curve.at(capacity);
      expect(figures.hits).toBe(expected.hits);
      expect(figures.hitBytes).toBe(Number(expected.hitBytes));
      expect(simulateLru(input, capacity).hitBytes).toBe(Number(expected.hitBytes));
      expect(
        replayPolicy(input, { capacityBytes: capacity, idleTtlMs: null, highWatermark: 1, lowWatermark: 1 })
          .hitBytes,
      ).toBe(Number(expected.hitBytes));
    }
  });
});

describe('the curve, more', () => {
  it('equals an independent LRU on any small trace at any capacity ≥ the largest object (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 3 })), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: 0, max: 60 }),
        (pairs, extra) => {
          // Object k has size (k % 5) + 1 … unless the pair says otherwise: a size change is then a new object.
          const input = build(pairs.map(([k, v]) => [`k${k}`, (k % 5) + v]));
          const curve = missRatioCurve(input, { warmup: { accesses: 0 } });
          const capacity = curve.largestObjectBytes + extra;
          const expected = naiveLru(input, capacity, 0);
          expect(curve.at(capacity).hits).toBe(expected.hits);
          expect(curve.at(capacity).hitBytes).toBe(Number(expected.hitBytes));
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('warm-up until a time, and capacityFor reaching the target exactly', () => {
    const input = build([
      ['A', 1],
      ['B', 2],
      ['A', 1],
      ['C', 4],
      ['B', 2],
      ['A', 1],
    ]);
    const curve = missRatioCurve(input, { warmup: { untilTime: 3000 } });
    expect(curve.warmupAccesses).toBe(3);
    expect(curve.warmup).toContain('before');
    // Measured: C (first use), B at 7, A at 7: 2 of 3 reachable.
    expect(curve.capacityFor(2 / 3)).toBe(7);
    expect(curve.capacityFor(0.5)).toBe(7);
    expect(curve.capacityFor(0.7)).toBeNull();
    expect(curve.capacityFor(0)).toBe(0);
    const full = missRatioCurve(input, { warmup: { accesses: 0 } });
    // A at 3 gives 1 hit in 6, but the smallest capacity that is a real cache's is the largest object, 4.
    expect(full.capacityFor(1 / 6)).toBe(4);
    expect(full.at(full.capacityFor(0.5)!).hitRatio).toBeGreaterThanOrEqual(0.5);
  });

  it('log-spaced points start at the largest object (plus pinned bytes) and end at the working set', () => {
    const input = build([
      ['A', 10],
      ['B', 20],
      ['A', 10],
      ['C', 40],
    ]);
    const curve = missRatioCurve(input, { warmup: { accesses: 0 }, pinnedBytes: 5, capacities: [7] });
    expect(curve.points[0]).toMatchObject({ capacityBytes: 7, exact: false });
    expect(curve.points[1]).toMatchObject({ capacityBytes: 45, exact: true });
    // The working set (70) or twice the largest object (80), whichever is more, plus the pinned bytes.
    expect(curve.points.at(-1)!.capacityBytes).toBe(85);
  });

  it('reports the recorded hit ratio of a history', () => {
    const builder = createTraceBuilder();
    builder.add(0, 'a', 1, false);
    builder.add(1, 'a', 1, true);
    builder.add(2, 'b', 1, false);
    builder.add(3, 'a', 1, true);
    expect(missRatioCurve(builder.build(), { warmup: { accesses: 0 } }).recordedHitRatio).toBe(0.5);
    expect(missRatioCurve(build([['a', 1]])).recordedHitRatio).toBeNull();
  });
});

describe('the trace builder, more', () => {
  it('a key whose size changed is a new object, even when it changes back', () => {
    const input = build([
      ['a', 1],
      ['a', 2],
      ['a', 1],
      ['b', 1],
    ]);
    expect([...input.objects]).toEqual([0, 1, 2, 3]);
    expect(input.objectCount).toBe(4);
  });

  it('refuses an access earlier than the one before with INVALID_INPUT, and grows past its initial capacity', () => {
    const builder = createTraceBuilder(1);
    for (let i = 0; i < 100; i++) builder.add(i, `k${i % 7}`, 1 + (i % 7));
    expect(() => builder.add(50, 'x', 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const trace = builder.build();
    expect(trace.length).toBe(100);
    expect(trace.times[99]).toBe(99);
    expect(trace.objectCount).toBe(7);
  });
});

describe('selectPairs', () => {
  it.each([0, 1, 7_777, 24_999, 49_999])('puts the %i-th smallest of keys with many duplicates in place, each value with its key', (k) => {
    const random = seededRandom(9 + k);
    const n = 50_000;
    const keys = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = Math.floor(random() * 300);
      values[i] = keys[i]! * 3 + 1;
    }
    const sorted = Float64Array.from(keys).sort();
    selectPairs(keys, values, k);
    expect(keys[k]).toBe(sorted[k]);
    for (let i = 0; i < k; i++) expect(keys[i]! <= keys[k]!).toBe(true);
    for (let i = k + 1; i < n; i++) expect(keys[i]! >= keys[k]!).toBe(true);
    for (let i = 0; i < n; i++) expect(values[i]).toBe(keys[i]! * 3 + 1);
    expect(Float64Array.from(keys).sort()).toEqual(sorted);
  });
});

describe('the demo trace', () => {
  const options = { seed: 21, days: 14, accessesPerDay: 1500, objects: 250 };
  const accesses = generateDemoTrace(options);

  it('is the same for the same seed and differs for another', () => {
    expect(generateDemoTrace(options)).toEqual(accesses);
    expect(generateDemoTrace({ ...options, seed: 22 }).slice(0, 50)).not.toEqual(accesses.slice(0, 50));
  });

  it('has the asked length, in time order, with whole-byte sizes in their ranges', () => {
    expect(accesses.length).toBe(14 * 1500);
    for (let i = 1; i < accesses.length; i++) expect(accesses[i]!.time >= accesses[i - 1]!.time).toBe(true);
    for (const access of accesses) {
      expect(Number.isInteger(access.sizeBytes)).toBe(true);
      if (access.kind === 'template')
        expect(access.sizeBytes >= GiB && access.sizeBytes <= 50 * GiB).toBe(true);
      else expect(access.sizeBytes >= 100 * 1024 ** 2 && access.sizeBytes <= 10 * GiB).toBe(true);
    }
    const templates = accesses
      .filter((access) => access.kind === 'template')
      .map((access) => access.sizeBytes)
      .sort((a, b) => a - b);
    const median = templates[templates.length >> 1]!;
    expect(median).toBeGreaterThan(5 * GiB);
    expect(median).toBeLessThan(12 * GiB);
  });

  it('draws α in [0.6, 1.0], sends 5–20 % of accesses to objects used once, and has bursts and new versions', () => {
    for (let seed = 0; seed < 50; seed++) {
      const alpha = demoTraceAlpha(seed);
      expect(alpha >= 0.6 && alpha <= 1).toBe(true);
    }
    for (const seed of [1, 2, 3, 21]) {
      const trace = seed === 21 ? accesses : generateDemoTrace({ ...options, seed });
      const uses = new Map<string, number>();
      for (const access of trace) uses.set(access.objectKey, (uses.get(access.objectKey) ?? 0) + 1);
      const once = trace.filter((access) => uses.get(access.objectKey) === 1).length / trace.length;
      expect(once).toBeGreaterThanOrEqual(0.05);
      expect(once).toBeLessThanOrEqual(0.2);
      // Bursts: many accesses repeat the object of one within the previous 5 minutes.
      let repeats = 0;
      for (let i = 1; i < trace.length; i++) {
        for (let j = i - 1; j >= 0 && trace[i]!.time - trace[j]!.time <= 300_000; j--) {
          if (trace[j]!.objectKey === trace[i]!.objectKey) {
            repeats++;
            break;
          }
        }
      }
      expect(repeats / trace.length).toBeGreaterThan(0.3);
      // New versions: keys @2 and later appear, and one becomes popular within its first days.
      const versions = [...uses.entries()].filter(([key]) => !key.endsWith('@1'));
      expect(versions.length).toBeGreaterThan(5);
      expect(Math.max(...versions.map(([, count]) => count))).toBeGreaterThan(100);
    }
  });
});
