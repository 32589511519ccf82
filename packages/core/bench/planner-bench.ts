/*
 * pnpm bench:planner — the exact miss-ratio curve against direct simulation, on seeded synthetic traces:
 * 10 M accesses over 1 M objects and over 20 k objects (Zipf-like popularity, log-normal sizes clipped to
 * 1–50 GiB). Each case runs in its own process, so its peak RSS is its own. Prints the curve's time, peak RSS and
 * capacities per pass; the direct simulation's (simulateLru) time per size, timed at 3 sizes and extrapolated to
 * 100; the speed-up; and the error against the simulator at ≥ 20 capacities ≥ the largest object (on the first
 * 1 M accesses). --smoke (or BENCH_SMOKE=1): tiny traces, figures not comparable.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { missRatioCurve, simulateLru, type Trace } from '../src/planner';
import { seededRandom } from '../src/random';

const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const GiB = 1024 ** 3;
const ACCESSES = smoke ? 200_000 : 10_000_000;
/** Direct simulation at this many sizes (default 100, the question the curve answers; `--simulate N` for a quicker run). */
const simulateArgument = process.argv.indexOf('--simulate');
const SIMULATED_SIZES = simulateArgument > 0 ? Math.max(1, Number(process.argv[simulateArgument + 1])) : smoke ? 3 : 100;

/** Zipf-like ranks by the inverse of the continuous CDF (alpha ≠ 1), log-normal sizes per object; typed arrays only. */
function syntheticTrace(
  accesses: number,
  objects: number,
  seed: number,
  alpha: number,
  medianBytes: number,
): Trace {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const objectSizes = new Float64Array(objects);
  for (let o = 0; o < objects; o++)
    objectSizes[o] = Math.round(Math.min(50 * GiB, Math.max(GiB, medianBytes * Math.exp(0.6 * gaussian()))));
  // Ranks are shuffled onto ids so popularity is not ordered by id.
  const idOfRank = new Int32Array(objects);
  for (let r = 0; r < objects; r++) idOfRank[r] = r;
  for (let r = objects - 1; r > 0; r--) {
    const s = Math.floor(random() * (r + 1));
    const t = idOfRank[r]!;
    idOfRank[r] = idOfRank[s]!;
    idOfRank[s] = t;
  }
  const times = new Float64Array(accesses);
  const ids = new Int32Array(accesses);
  const sizes = new Float64Array(accesses);
  const top = Math.pow(objects, 1 - alpha);
  for (let i = 0; i < accesses; i++) {
    const rank = Math.min(objects - 1, Math.floor(Math.pow((top - 1) * random() + 1, 1 / (1 - alpha))) - 1);
    const id = idOfRank[rank]!;
    times[i] = i * 250;
    ids[i] = id;
    sizes[i] = objectSizes[id]!;
  }
  return { length: accesses, times, objects: ids, sizes, objectCount: objects };
}

interface Row {
  name: string;
  generateS: number;
  curveS: number;
  rssSampledMiB: number;
  maxRssMiB: number;
  capacities: number;
  simPerSizeS: number;
  sim100S: number;
  errorAt: number;
  errors: number;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

function measure(name: string, objects: number, seed: number, medianBytes: number): Row {
  const generated = performance.now();
  const trace = syntheticTrace(ACCESSES, objects, seed, 0.8, medianBytes);
  const generateS = (performance.now() - generated) / 1000;
  let rssSampled = process.memoryUsage().rss;
  const started = performance.now();
  const curve = missRatioCurve(trace, { points: 240 });
  const curveS = (performance.now() - started) / 1000;
  rssSampled = Math.max(rssSampled, process.memoryUsage().rss);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024; // peak of this process so far: generation + curve

  // Direct simulation at SIMULATED_SIZES sizes across the exact range (extrapolated to 100 when fewer).
  const exact = curve.points.filter((point) => point.exact);
  const sampled = Array.from(
    { length: SIMULATED_SIZES },
    (_, k) => exact[Math.floor(((k + 0.5) / SIMULATED_SIZES) * (exact.length - 1))]!,
  );
  const simStarted = performance.now();
  for (const point of sampled)
    simulateLru(trace, point.capacityBytes, { warmupAccesses: curve.warmupAccesses });
  const simPerSizeS = (performance.now() - simStarted) / 1000 / sampled.length;

  // Error against the simulator on the first 1 M accesses, at every 4th exact point (≥ 20 capacities).
  const subsetLength = Math.min(trace.length, 1_000_000);
  const subset: Trace = {
    length: subsetLength,
    times: trace.times.subarray(0, subsetLength),
    objects: trace.objects.subarray(0, subsetLength),
    sizes: trace.sizes.subarray(0, subsetLength),
    objectCount: trace.objectCount,
  };
  const subsetCurve = missRatioCurve(subset, { warmup: { accesses: 0 }, points: 100 });
  const checked = subsetCurve.points.filter((point) => point.exact).filter((_, index) => index % 4 === 0);
  let errors = 0;
  for (const point of checked) {
    const simulated = simulateLru(subset, point.capacityBytes);
    if (simulated.hits !== point.hits || simulated.hitBytes !== point.hitBytes) errors++;
  }
  return {
    name,
    generateS,
    curveS,
    rssSampledMiB: mib(rssSampled),
    maxRssMiB,
    capacities: curve.points.length,
    simPerSizeS,
    sim100S: simPerSizeS * 100,
    errorAt: checked.length,
    errors,
  };
}

const cases: Record<string, () => Row> = {
  wide: () => measure(smoke ? '20 k objects' : '1 M objects', smoke ? 20_000 : 1_000_000, 42, 4 * GiB),
  narrow: () => measure(smoke ? '2 k objects' : '20 k objects', smoke ? 2_000 : 20_000, 43, 8 * GiB),
};

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  // A child: one case, its row as JSON on the last line.
  console.log(JSON.stringify(cases[process.argv[caseArg + 1]!]!()));
} else {
  console.log(
    `bench:planner — exact LRU miss-ratio curve vs direct simulation, ${ACCESSES.toLocaleString('en-US')} accesses${smoke ? ' (smoke: not comparable)' : ''}`,
  );
  const rows: Row[] = [];
  for (const name of Object.keys(cases)) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--case', name, ...(smoke ? ['--smoke'] : []), '--simulate', String(SIMULATED_SIZES)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      throw new Error(`case ${name} failed (${child.status ?? child.signal})`);
    }
    rows.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Row);
  }
  const fmt = (value: number, digits = 1) =>
    value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const table = [
    [
      '',
      'generate s',
      'curve s',
      'peak RSS MiB (sampled / maxRSS)',
      'capacities/pass',
      'simulateLru s/size',
      SIMULATED_SIZES === 100 ? '100 sizes s (measured)' : `100 sizes s (from ${SIMULATED_SIZES})`,
      'speed-up',
      'error vs simulateLru',
    ],
    ...rows.map((row) => [
      row.name,
      fmt(row.generateS, 2),
      fmt(row.curveS, 2),
      `${fmt(row.rssSampledMiB, 0)} / ${fmt(row.maxRssMiB, 0)}`,
      String(row.capacities),
      fmt(row.simPerSizeS, 2),
      fmt(row.sim100S, 0),
      `${fmt(row.sim100S / row.curveS, 0)}×`,
      `${row.errors === 0 ? 'error 0' : `${row.errors} differ`} at ${row.errorAt} capacities`,
    ]),
    ['target', '', '< 10', '< 512', '≥ 200', '', '', '≥ 10×', 'error 0, ≥ 20 capacities'],
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  for (const line of table)
    console.log(
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('   '),
    );
  console.log(
    `(peak RSS per case, in its own process, trace generation included; direct simulation run at ${SIMULATED_SIZES} sizes${SIMULATED_SIZES === 100 ? '' : ' and EXTRAPOLATED to 100'};`,
  );
  console.log(' the error check compares integer hits and hit bytes on the first 1 M accesses, warm-up 0)');
  const met = rows.every(
    (row) =>
      row.curveS < 10 &&
      row.maxRssMiB < 512 &&
      row.capacities >= 200 &&
      row.sim100S / row.curveS >= 10 &&
      row.errors === 0 &&
      row.errorAt >= 20,
  );
  console.log(smoke ? '(smoke: not comparable)' : `targets: ${met ? 'met' : 'NOT MET'}`);
  if (rows.some((row) => row.errors > 0)) process.exitCode = 1;
}
