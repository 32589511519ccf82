import type { SeedClock } from './clock';
import type { IdMaker } from './ids';
import type { SeedTopology } from './topology';
import type { SeedWriter } from './writer';

/** A worker of the generated installation: running jobs are owned by one, events name it as `worker:<id>`. */
export interface SeedWorker {
  id: string;
  hostname: string;
}

/** What every generator of the scale seed draws from and writes to. */
export interface GenerateContext {
  random: () => number;
  clock: SeedClock;
  id: IdMaker;
  writer: SeedWriter;
  topology: SeedTopology;
  workers: SeedWorker[];
  /** People who act in the events (not User rows: events keep the actor's name as a string). */
  people: readonly string[];
  /** Appended to object names when a forced run adds a second dataset beside another (names are unique). */
  nameSuffix: string;
}

export const SEED_PEOPLE = ['admin', 'anna.ops', 'lee.ops', 'ravi.storage', 'mia.viewer'] as const;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** 64 hex characters from the seeded PRNG: a sha256 as the worker would have recorded it. */
export function randomSha256(random: () => number): string {
  let hex = '';
  for (let word = 0; word < 8; word++) hex += Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
  return hex;
}
