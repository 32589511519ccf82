import { seededRandom } from '../../src/random';
import { createTraceBuilder, type Trace } from '../../src/planner';

/** A seeded trace: Zipf-like popularity (rank^-alpha) over `objects` objects with sizes from `minSize` to `maxSize`. */
export function seededTrace(options: {
  seed: number;
  accesses: number;
  objects: number;
  alpha?: number;
  minSize?: number;
  maxSize?: number;
}): Trace {
  const random = seededRandom(options.seed);
  const alpha = options.alpha ?? 0.8;
  const minSize = options.minSize ?? 1;
  const maxSize = options.maxSize ?? 1000;
  const weights = Array.from({ length: options.objects }, (_, rank) => Math.pow(rank + 1, -alpha));
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight));
  const sizes = Array.from(
    { length: options.objects },
    () => minSize + Math.floor(random() * (maxSize - minSize + 1)),
  );
  const builder = createTraceBuilder(options.accesses);
  for (let i = 0; i < options.accesses; i++) {
    const target = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    builder.add(i * 1000, `object-${lo}`, sizes[lo]!);
  }
  return builder.build();
}
