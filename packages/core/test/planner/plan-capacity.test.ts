/* The planner's answer for a trace (planCapacity), the CSV it reads (parseTraceCsv) and writes (curveCsv). */
import { describe, expect, it } from 'vitest';
import { createTraceBuilder, curveCsv, CURVE_CSV_HEADER, missRatioCurve, parseTraceCsv, planCapacity, replayPolicy, type PlanCapacityInput } from '../../src/planner';
import { seededTrace } from './seeded-trace';

const LRU = { idleTtlMs: null, highWatermark: 1, lowWatermark: 1, janitorIntervalMs: null };

function input(overrides: Partial<PlanCapacityInput> = {}): PlanCapacityInput {
  const trace = overrides.trace ?? seededTrace({ seed: 4, accesses: 20_000, objects: 300 });
  return {
    trace,
    zone: null,
    window: { from: trace.times[0] ?? 0, to: trace.times[trace.length - 1] ?? 0, days: 7 },
    targetHitRatio: 0.5,
    currentCapacityBytes: null,
    hitsAreTheCache: false,
    pinnedBytes: 0,
    pinnedObjects: new Set(),
    leases: [],
    policy: LRU,
    ...overrides,
  };
}

describe('planCapacity', () => {
  it('with plain LRU as the policy, the replay equals the curve at every replayed size', () => {
    const view = planCapacity(input());
    expect(view.replay.length).toBeGreaterThanOrEqual(3);
    for (const point of view.replay) {
      expect(point.hitRatio).toBe(point.curveHitRatio);
      expect(point.byteHitRatio).toBe(point.curveByteHitRatio);
    }
  });

  it('the target size reaches the target, and one byte less does not (above the exact floor)', () => {
    const view = planCapacity(input({ targetHitRatio: 0.6 }));
    const size = view.target!.capacityBytes!;
    const at = (capacity: number) => planCapacity(input({ targetHitRatio: 0.6, currentCapacityBytes: capacity })).current!.predictedHitRatio;
    expect(at(size)).toBeGreaterThanOrEqual(0.6);
    if (size > view.largestObjectBytes) expect(at(size - 1)).toBeLessThan(0.6);
  });

  it('a target above the compulsory ceiling has no size', () => {
    const view = planCapacity(input({ targetHitRatio: 0.999 }));
    expect(view.compulsory.hitRatioCeiling).toBeLessThan(0.999);
    expect(view.target).toEqual({ hitRatio: 0.999, capacityBytes: null });
  });

  it('today’s size: predicted from the curve, measured only when the hits are the cache’s own', () => {
    const builder = createTraceBuilder();
    for (let i = 0; i < 100; i++) builder.add(i * 1000, `o${i % 10}`, 100, i % 4 === 0);
    const trace = builder.build();
    const own = planCapacity(input({ trace, currentCapacityBytes: 1000, hitsAreTheCache: true }));
    expect(own.current).toMatchObject({ capacityBytes: 1000, predictedHitRatio: 1 - 0 / 90 });
    expect(own.current!.measuredHitRatio).toBeCloseTo(22 / 90, 10);
    const backup = planCapacity(input({ trace, currentCapacityBytes: 1000, hitsAreTheCache: false }));
    expect(backup.current!.measuredHitRatio).toBeNull();
  });

  it('an idle TTL shorter than the reuse interval makes the replay miss what the curve hits', () => {
    const builder = createTraceBuilder();
    for (let i = 0; i < 200; i++) builder.add(i * 60_000, `o${i % 5}`, 100);
    const view = planCapacity(input({ trace: builder.build(), currentCapacityBytes: 1000, policy: { ...LRU, idleTtlMs: 120_000 } }));
    const current = view.replay.find((point) => point.capacityBytes === 1000)!;
    expect(current.curveHitRatio).toBe(1);
    expect(current.hitRatio).toBe(0);
  });

  it('an empty trace has no points, no knee and no target size', () => {
    const view = planCapacity(input({ trace: createTraceBuilder().build() }));
    expect(view).toMatchObject({ accesses: 0, points: [], knee: null, target: { hitRatio: 0.5, capacityBytes: null }, replay: [] });
  });
});

describe('parseTraceCsv', () => {
  it('reads ISO and epoch times, an optional header, quoted objects, extra columns; sorts rows by time', () => {
    const trace = parseTraceCsv('time,object,size\n2026-12-01T10:00:01Z,"a,b",100\n1764583200000,c,200,1\n2026-12-01T10:00:02,c,200\r\n\n');
    expect(trace.length).toBe(3);
    expect(Array.from(trace.times)).toEqual([1764583200000, Date.parse('2026-12-01T10:00:01Z'), Date.parse('2026-12-01T10:00:02Z')]);
    expect(Array.from(trace.sizes)).toEqual([200, 100, 200]);
    expect(trace.objects[0]).toBe(trace.objects[2]);
    expect(trace.objectCount).toBe(2);
  });

  it('reads "" inside a quoted field as one quote', () => {
    expect(() => parseTraceCsv('"x""y",a,5')).toThrow('Line 1: "x"y" is not a time');
    const trace = parseTraceCsv('1,"a""b",5\n2,"a""b",5\n3,"a""""b",5\n');
    expect(trace.objectCount).toBe(2);
    expect(trace.objects[0]).toBe(trace.objects[1]);
  });

  it.each([
    ['2026-12-01T10:00:00Z,a,100\nyesterday,a,100', /^Line 2: "yesterday" is not a time/],
    ['2026-12-01T10:00:00Z,a', /^Line 1: expected time,object,size but found 2 fields/],
    ['2026-12-01T10:00:00Z,,100', /^Line 1: the object is empty/],
    ['time,object,size\n2026-12-01T10:00:00Z,a,0', /^Line 2: "0" is not a size/],
    ['2026-12-01T10:00:00Z,a,-5', /^Line 1: "-5" is not a size/],
    ['2026-12-01T10:00:00Z,a,1.5', /^Line 1: "1.5" is not a size/],
    ['2026-13-45T10:00:00Z,a,5', /^Line 1: .* is not a valid date/],
    [`2026-12-01T10:00:00Z,${'x'.repeat(1025)},5`, /^Line 1: the object is longer than 1024 characters/],
    ['time,object,size\n', /no accesses/],
  ])('refuses %j by line', (csv, message) => {
    expect(() => parseTraceCsv(csv)).toThrow(message);
  });
});

describe('curveCsv', () => {
  it('writes a header and one line per point', () => {
    const view = planCapacity(input());
    const lines = curveCsv(view).trimEnd().split('\n');
    expect(lines[0]).toBe(CURVE_CSV_HEADER);
    expect(lines).toHaveLength(view.points.length + 1);
    const [capacity, hit, byteHit, exact] = lines[1]!.split(',');
    expect(Number(capacity)).toBe(view.points[0]!.capacityBytes);
    expect(Number(hit)).toBeCloseTo(view.points[0]!.hitRatio, 5);
    expect(Number(byteHit)).toBeCloseTo(view.points[0]!.byteHitRatio, 5);
    expect(exact).toBe(String(view.points[0]!.exact));
  });
});

describe('pinned objects in the trace', () => {
  it('are hits at every size and take no place in the others’ distances; the replay agrees', () => {
    const builder = createTraceBuilder();
    ['P', 'A', 'P', 'A', 'B', 'P', 'A'].forEach((key, i) => builder.add(i, key, key === 'P' ? 100 : 10));
    const trace = builder.build();
    const pinnedObjects = new Set(builder.idsOf('P'));
    const curve = missRatioCurve(trace, { pinnedBytes: 100, pinnedObjects, warmup: { accesses: 0 } });
    expect(curve.largestObjectBytes).toBe(10);
    expect(curve.at(110).hits).toBe(4); // P ×3, and A's second access (distance 10: A alone)
    expect(curve.at(120).hits).toBe(5); // and A's third (A, B: 20)
    for (const capacityBytes of [110, 120]) {
      const replay = replayPolicy(trace, { capacityBytes, idleTtlMs: null, highWatermark: 1, lowWatermark: 1, pinnedObjects });
      expect(replay.hits).toBe(curve.at(capacityBytes).hits);
    }
  });
});
