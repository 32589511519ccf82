import { seededRandom } from '../random';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const DAY_MS = 86_400_000;

export interface DemoAccess {
  time: number;
  objectKey: string;
  name: string;
  kind: 'template' | 'iso';
  sizeBytes: number;
}

export interface DemoTraceOptions {
  seed: number;
  days?: number;
  accessesPerDay?: number;
  /** Objects in the catalogue at the start (new versions and one-off objects come on top). */
  objects?: number;
  /** ms since the epoch of the first day (default 2026-01-01). */
  startTime?: number;
}

/** The Zipf exponent a seed's demo trace uses: in [0.6, 1.0]. */
export function demoTraceAlpha(seed: number): number {
  return 0.6 + 0.4 * seededRandom(seed)();
}

/**
 * A seeded, deterministic access history of a cloud's templates and ISOs, for the Planner's demo and tests:
 * Zipf-like popularity (Breslau et al. 1999; α from demoTraceAlpha), template sizes log-normal around 8 GiB clipped
 * to 1–50 GiB, ISOs log-normal around 1.5 GiB (100 MiB–10 GiB); 5–20 % of the accesses go to objects used once;
 * deployments come in bursts of the same object within minutes; each day a few new versions of popular templates
 * enter at the top of the popularity order (a new key and size). Accesses in time order, sizes whole bytes.
 */
export function generateDemoTrace(options: DemoTraceOptions): DemoAccess[] {
  const random = seededRandom(options.seed);
  const alpha = 0.6 + 0.4 * random(); // the same first draw as demoTraceAlpha
  const days = options.days ?? 30;
  const perDay = options.accessesPerDay ?? 2000;
  const startTime = options.startTime ?? Date.UTC(2026, 0, 1);
  // The share of accesses to one-off objects, 7–15 %, turned into a share of events (a burst averages ~2.86 accesses).
  const oneOffAccesses = 0.07 + 0.08 * random();
  const meanBurst = 1 / (1 - 0.65);
  const oneOffShare = (oneOffAccesses * meanBurst) / (1 - oneOffAccesses + oneOffAccesses * meanBurst);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const sizeOf = (kind: 'template' | 'iso') =>
    kind === 'template'
      ? Math.round(Math.min(50 * GiB, Math.max(GiB, 8 * GiB * Math.exp(0.7 * gaussian()))))
      : Math.round(Math.min(10 * GiB, Math.max(100 * MiB, 1.5 * GiB * Math.exp(0.5 * gaussian()))));

  interface Item {
    base: string;
    kind: 'template' | 'iso';
    version: number;
    sizeBytes: number;
  }
  const key = (item: Item) => `${item.base}@${item.version}`;
  const ranked: Item[] = [];
  for (let o = 0; o < (options.objects ?? 300); o++) {
    const kind = random() < 0.7 ? 'template' : 'iso';
    ranked.push({ base: `${kind}-${String(o).padStart(4, '0')}`, kind, version: 1, sizeBytes: sizeOf(kind) });
  }
  let cumulative = new Float64Array(0);
  const rebuild = () => {
    cumulative = new Float64Array(ranked.length);
    let sum = 0;
    for (let r = 0; r < ranked.length; r++) cumulative[r] = sum += Math.pow(r + 1, -alpha);
  };
  const pick = (): Item => {
    const target = random() * cumulative[cumulative.length - 1]!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return ranked[lo]!;
  };

  const accesses: DemoAccess[] = [];
  let oneOffs = 0;
  for (let day = 0; day < days; day++) {
    // New versions of a few popular templates enter at the top; the old version sinks one rank per newcomer.
    const newVersions = day === 0 ? 0 : Math.floor(random() * 3);
    for (let v = 0; v < newVersions; v++) {
      const from = Math.floor(random() * Math.min(20, ranked.length));
      const old = ranked[from]!;
      const latest = ranked
        .filter((item) => item.base === old.base)
        .reduce((a, b) => (a.version > b.version ? a : b));
      ranked.splice(Math.floor(random() * 5), 0, {
        ...old,
        version: latest.version + 1,
        sizeBytes: Math.max(GiB, Math.round(old.sizeBytes * (0.9 + 0.2 * random()))),
      });
    }
    rebuild();
    const dayStart = startTime + day * DAY_MS;
    const today: DemoAccess[] = [];
    while (today.length < perDay) {
      const at = dayStart + Math.floor(random() * DAY_MS);
      if (random() < oneOffShare) {
        const kind = random() < 0.5 ? 'template' : 'iso';
        const base = `one-off-${kind}-${oneOffs++}`;
        today.push({ time: at, objectKey: `${base}@1`, name: base, kind, sizeBytes: sizeOf(kind) });
        continue;
      }
      const item = pick();
      // A deployment: several VMs from the same object within minutes (geometric, mean ~3).
      let burst = 1;
      while (burst < 40 && random() < 0.65) burst++;
      let time = at;
      for (let b = 0; b < burst && today.length < perDay; b++) {
        today.push({
          time: Math.min(dayStart + DAY_MS - 1, time),
          objectKey: key(item),
          name: `${item.base} v${item.version}`,
          kind: item.kind,
          sizeBytes: item.sizeBytes,
        });
        time += Math.floor(random() * 120_000);
      }
    }
    today.sort(
      (a, b) => a.time - b.time || (a.objectKey < b.objectKey ? -1 : a.objectKey > b.objectKey ? 1 : 0),
    );
    for (const access of today) accesses.push(access);
  }
  return accesses;
}
