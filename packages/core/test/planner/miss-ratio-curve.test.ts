import { describe, expect, it } from 'vitest';
import {
  createTraceBuilder,
  missRatioCurve,
  replayPolicy,
  simulateLru,
  stackDistances,
  type Trace,
} from '../../src/planner';
import { naiveLru } from './naive-lru';
import { seededTrace } from './seeded-trace';

const trace = (accesses: [string, number][]): Trace => {
  const builder = createTraceBuilder();
  accesses.forEach(([key, size], index) => builder.add(index * 1000, key, size));
  return builder.build();
};

/** The naive LRU's figures as numbers (the traces here sum well below 2^53). */
function naiveLruFigures(input: Trace, capacity: number, warmup: number): { hits: number; hitBytes: number } {
  const { hits, hitBytes } = naiveLru(input, capacity, warmup);
  return { hits, hitBytes: Number(hitBytes) };
}

describe('stack distances', () => {
  it('count the bytes of the distinct objects since the previous access, the object itself included', () => {
    // A(1) B(2) A(1) C(4) B(2) A(1): A again sees B and itself = 3; B sees A, C, itself = 7; A sees C, B, itself = 7.
    const distances = stackDistances(
      trace([
        ['A', 1],
        ['B', 2],
        ['A', 1],
        ['C', 4],
        ['B', 2],
        ['A', 1],
      ]),
    );
    expect([...distances]).toEqual([Infinity, Infinity, 3, Infinity, 7, 7]);
  });

  it('a repeated access right away is its own size; an object whose size changed is a new object', () => {
    expect([
      ...stackDistances(
        trace([
          ['A', 5],
          ['A', 5],
          ['A', 6],
          ['A', 6],
        ]),
      ),
    ]).toEqual([Infinity, 5, Infinity, 6]);
  });

  it('stay exact through compaction of the position tree (many more accesses than objects)', () => {
    const accesses: [string, number][] = [];
    for (let i = 0; i < 5000; i++) accesses.push([`o${i % 3}`, (i % 3) + 1]);
    const distances = stackDistances(trace(accesses));
    // After the first round every access sees all three objects: 1 + 2 + 3.
    expect(new Set([...distances].slice(3))).toEqual(new Set([6]));
  });
});

describe('the miss-ratio curve', () => {
  const abc = trace([
    ['A', 1],
    ['B', 2],
    ['A', 1],
    ['C', 4],
    ['B', 2],
    ['A', 1],
  ]);

  it('object and byte hit ratios differ, compulsory misses are apart, below the largest object is not exact', () => {
    const curve = missRatioCurve(abc, { warmup: { accesses: 0 }, capacities: [3, 7] });
    expect(curve.compulsory).toEqual({
      misses: 3,
      bytes: 7,
      hitRatioCeiling: 0.5,
      byteHitRatioCeiling: 4 / 11,
    });
    expect(curve.at(3)).toEqual({
      hits: 1,
      hitBytes: 1,
      hitRatio: 1 / 6,
      byteHitRatio: 1 / 11,
      exact: false,
    });
    expect(curve.at(7)).toEqual({ hits: 3, hitBytes: 4, hitRatio: 0.5, byteHitRatio: 4 / 11, exact: true });
    expect(curve.points.find((point) => point.capacityBytes === 3)).toMatchObject({ hits: 1, exact: false });
    expect(curve.largestObjectBytes).toBe(4);
    expect(curve.capacityFor(0.5)).toBe(7);
    expect(curve.capacityFor(0.6)).toBeNull();
  });

  it('leaves the warm-up out of the ratios but lets it warm the stack', () => {
    const curve = missRatioCurve(abc, { warmup: { accesses: 3 }, capacities: [7] });
    expect(curve.measuredAccesses).toBe(3);
    // C is a first use; B (7) and A (7) hit at 7.
    expect(curve.at(7)).toMatchObject({ hits: 2, hitBytes: 3 });
    expect(curve.compulsory.misses).toBe(1);
    expect(curve.warmup).toContain('3');
  });

  it('pinned bytes take room from every capacity', () => {
    const curve = missRatioCurve(abc, { warmup: { accesses: 0 }, pinnedBytes: 10, capacities: [7, 17] });
    expect(curve.at(7).hits).toBe(0);
    expect(curve.at(17)).toMatchObject({ hits: 3, exact: true });
    expect(curve.at(13).exact).toBe(false);
  });

  it('answers at least 200 capacities in one pass, ascending, with bytes pulled per day', () => {
    const curve = missRatioCurve(seededTrace({ seed: 1, accesses: 2000, objects: 100 }));
    expect(curve.points.length).toBeGreaterThanOrEqual(200);
    for (let k = 1; k < curve.points.length; k++) {
      expect(curve.points[k]!.capacityBytes).toBeGreaterThan(curve.points[k - 1]!.capacityBytes);
      expect(curve.points[k]!.hits).toBeGreaterThanOrEqual(curve.points[k - 1]!.hits);
      expect(curve.points[k]!.pullBytesPerDay).toBeLessThanOrEqual(curve.points[k - 1]!.pullBytesPerDay);
    }
  });

  it('finds the knee where a hot set fits and more capacity stops paying', () => {
    // 10 hot objects of 100 bytes take 9 accesses in 10; 2,000 cold ones of 100 bytes share the rest.
    const accesses: [string, number][] = [];
    for (let i = 0; i < 20_000; i++)
      accesses.push(i % 10 === 9 ? [`cold-${(i * 7919) % 2000}`, 100] : [`hot-${i % 10}`, 100]);
    const curve = missRatioCurve(trace(accesses));
    const knee = curve.knee();
    expect(knee).not.toBeNull();
    expect(knee!.capacityBytes).toBeGreaterThanOrEqual(1000);
    expect(knee!.capacityBytes).toBeLessThan(4000);
    expect(knee!.hitRatio).toBeGreaterThanOrEqual(0.89);
  });
});

describe('against an independent LRU simulator: equal integer hits and hit bytes at every capacity ≥ the largest object', () => {
  for (const seed of [11, 29]) {
    it(`seed ${seed}: 50k accesses over 1,200 objects, 24 capacities`, () => {
      const input = seededTrace({
        seed,
        accesses: 50_000,
        objects: 1200,
        minSize: 1,
        maxSize: 5000,
        alpha: 0.6 + (seed % 5) / 10,
      });
      const curve = missRatioCurve(input, { warmup: { accesses: 5000 } });
      const capacities = Array.from({ length: 24 }, (_, k) =>
        Math.round(curve.largestObjectBytes * Math.pow(1.35, k)),
      );
      for (const capacity of capacities) {
        const expected = naiveLruFigures(input, capacity, 5000);
        const figures = curve.at(capacity);
        expect({ capacity, hits: figures.hits, hitBytes: figures.hitBytes }).toEqual({
          capacity,
          ...expected,
        });
        expect({ capacity, ...simulateLru(input, capacity, { warmupAccesses: 5000 }) }).toEqual({
          capacity,
          ...expected,
        });
        expect(figures.exact).toBe(true);
      }
    });
  }

  it('the curve points themselves equal the simulator', () => {
    const input = seededTrace({ seed: 5, accesses: 20_000, objects: 1000, maxSize: 3000 });
    const curve = missRatioCurve(input, { warmup: { accesses: 0 }, points: 60 });
    const exact = curve.points.filter((point) => point.exact).filter((_, index) => index % 3 === 0);
    expect(exact.length).toBeGreaterThanOrEqual(10);
    for (const point of exact) {
      expect({ c: point.capacityBytes, hits: point.hits, hitBytes: point.hitBytes }).toEqual({
        c: point.capacityBytes,
        ...naiveLruFigures(input, point.capacityBytes, 0),
      });
    }
  });
});

describe('the policy replay', () => {
  const input = seededTrace({ seed: 7, accesses: 30_000, objects: 800, maxSize: 4000 });
  const curve = missRatioCurve(input, { warmup: { accesses: 3000 } });

  it('with no TTL and watermarks at 1 it is LRU: exactly the curve', () => {
    for (const factor of [1, 2, 5, 20, 60]) {
      const capacityBytes = curve.largestObjectBytes * factor;
      const replay = replayPolicy(input, {
        capacityBytes,
        idleTtlMs: null,
        highWatermark: 1,
        lowWatermark: 1,
        warmupAccesses: 3000,
      });
      const figures = curve.at(capacityBytes);
      expect({ factor, hits: replay.hits, hitBytes: replay.hitBytes }).toEqual({
        factor,
        hits: figures.hits,
        hitBytes: figures.hitBytes,
      });
    }
  });

  it('an idle TTL and watermarks can only lose hits against the curve', () => {
    const capacityBytes = curve.largestObjectBytes * 20;
    const lru = curve.at(capacityBytes).hits;
    const ttl = replayPolicy(input, {
      capacityBytes,
      idleTtlMs: 60_000,
      highWatermark: 1,
      lowWatermark: 1,
      warmupAccesses: 3000,
    });
    const marks = replayPolicy(input, {
      capacityBytes,
      idleTtlMs: null,
      highWatermark: 0.9,
      lowWatermark: 0.7,
      warmupAccesses: 3000,
    });
    expect(ttl.hits).toBeLessThan(lru);
    expect(ttl.agedOut).toBeGreaterThan(0);
    expect(marks.hits).toBeLessThan(lru);
  });

  it('pinned objects are resident and never evicted; leased ones are not evicted while held', () => {
    const abca = trace([
      ['A', 4],
      ['B', 4],
      ['C', 4],
      ['A', 4],
    ]);
    const base = { capacityBytes: 8, idleTtlMs: null, highWatermark: 1, lowWatermark: 1 };
    expect(replayPolicy(abca, base).hits).toBe(0);
    expect(replayPolicy(abca, { ...base, pinnedObjects: new Set([0]) }).hits).toBe(2);
    // A held from 0 to 2.5 s: C (at 2 s) evicts B instead, and A hits at 3 s.
    const held = replayPolicy(abca, { ...base, leases: [{ object: 0, from: 0, to: 2500 }] });
    expect(held.hits).toBe(1);
    // Held only until 1.5 s: C evicts A, as plain LRU.
    expect(replayPolicy(abca, { ...base, leases: [{ object: 0, from: 0, to: 1500 }] }).hits).toBe(0);
  });

  it('a miss that finds no room (everything else leased) is served without caching', () => {
    const input = trace([
      ['A', 4],
      ['B', 4],
      ['C', 4],
      ['C', 4],
    ]);
    const replay = replayPolicy(input, {
      capacityBytes: 8,
      idleTtlMs: null,
      highWatermark: 1,
      lowWatermark: 1,
      leases: [
        { object: 0, from: 0, to: 10_000 },
        { object: 1, from: 1000, to: 10_000 },
      ],
    });
    expect(replay.hits).toBe(0);
    expect(replay.evictions).toBe(0);
  });

  it('a janitor that runs every minute ages out less promptly than a continuous one', () => {
    const capacityBytes = curve.largestObjectBytes * 20;
    const continuous = replayPolicy(input, {
      capacityBytes,
      idleTtlMs: 60_000,
      highWatermark: 1,
      lowWatermark: 1,
      warmupAccesses: 3000,
    });
    const periodic = replayPolicy(input, {
      capacityBytes,
      idleTtlMs: 60_000,
      highWatermark: 1,
      lowWatermark: 1,
      warmupAccesses: 3000,
      janitorIntervalMs: 600_000,
    });
    expect(periodic.hits).toBeGreaterThan(continuous.hits);
    expect(periodic.hits).toBeLessThanOrEqual(curve.at(capacityBytes).hits);
  });
});

describe('the trace builder', () => {
  it('refuses accesses out of time order and sizes that are not whole bytes', () => {
    const builder = createTraceBuilder();
    builder.add(2000, 'a', 1);
    expect(() => builder.add(1000, 'b', 1)).toThrow(/time order/);
    expect(() => builder.add(3000, 'b', 1.5)).toThrow(/whole number/);
    expect(() => builder.add(3000, 'b', 0)).toThrow(/whole number/);
  });
});
