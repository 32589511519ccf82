/*
 * Samples cache invariants 2–4 over SQL every `everyMs` while the chaos runs, recording every violation with
 * the time of the sample that saw it. A sample that cannot reach the database (the restart) is counted as
 * missed, not as held.
 */
import type pg from 'pg';
import { invariant2Violations, invariant3Violations, invariant4Violations } from './cache-invariants';

export interface Violation {
  invariant: 2 | 3 | 4;
  at: number;
  message: string;
}

export interface Sampler {
  readonly samples: number;
  readonly missed: number;
  readonly violations: Violation[];
  /** Takes one more sample, then stops. */
  stop(): Promise<void>;
}

export function startSampler(pool: pg.Pool, options: { everyMs: number; maxTtlMs: number; markWithinMs: number }): Sampler {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  let samples = 0;
  let missed = 0;
  let lastAt = Date.now();
  let stopped = false;

  const sample = async () => {
    const now = Date.now();
    try {
      const found: [2 | 3 | 4, string[]][] = [
        // Evictions since a little before the previous sample: the windows overlap, the messages are deduplicated.
        [2, await invariant2Violations(pool, now, lastAt - 5_000)],
        [3, await invariant3Violations(pool)],
        [4, await invariant4Violations(pool, now, options)],
      ];
      samples += 1;
      lastAt = now;
      for (const [invariant, messages] of found) {
        for (const message of messages) {
          const key = `${invariant}|${message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          violations.push({ invariant, at: now, message });
        }
      }
    } catch {
      missed += 1;
    }
  };

  const loop = (async () => {
    while (!stopped) {
      const began = Date.now();
      await sample();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, options.everyMs - (Date.now() - began))));
    }
  })();

  return {
    get samples() {
      return samples;
    },
    get missed() {
      return missed;
    },
    violations,
    async stop() {
      stopped = true;
      await loop;
      await sample();
    },
  };
}
