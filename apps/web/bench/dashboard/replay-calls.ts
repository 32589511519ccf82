import { seededRandom } from '@stowage/core/random';
import { percentile } from '../support/product-server';
import type { PageVisit } from './measure-pages';

export interface ProcedureFigure {
  /** "procedure (page)". */
  key: string;
  procedure: string;
  p50: number;
  p95: number;
  calls: number;
}

interface Call {
  key: string;
  procedure: string;
  url: string;
}

/**
 * A batched tRPC GET (`/api/trpc/a,b?batch=1&input={"0":…,"1":…}`) as one call per procedure, so each procedure's
 * time is its own and not the slowest of its batch.
 */
export function splitBatch(call: string): { procedure: string; url: string }[] {
  const url = new URL(call, 'http://bench.invalid');
  const procedures = decodeURIComponent(url.pathname.slice('/api/trpc/'.length)).split(',');
  const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, unknown>;
  return procedures.map((procedure, index) => {
    const one = new URLSearchParams({ batch: '1', input: JSON.stringify(index in input ? { 0: input[index] } : {}) });
    return { procedure, url: `/api/trpc/${procedure}?${one}` };
  });
}

/**
 * A GET as a browser makes it: one retry when a kept-alive connection was closed under it (ECONNRESET), as
 * browsers retry idempotent requests; that time counts in the call's latency.
 */
const pause = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

async function fetchOnce(url: string, cookie: string): Promise<Response> {
  const get = async () => {
    const response = await fetch(url, { headers: { cookie, 'x-trpc-source': 'web' }, redirect: 'manual' });
    await response.arrayBuffer();
    return response;
  };
  try {
    return await get();
  } catch {
    return get();
  }
}

export interface ReplayOptions {
  users: number;
  seconds: number;
  /**
   * Mean pause of a user between two pages (each pause drawn evenly from half to one and a half times it), as a
   * person reads a page before opening the next; 0 makes every user open the next page at once (saturation).
   */
  thinkMs: number;
}

export interface Replay {
  procedures: ProcedureFigure[];
  /** Calls answered per second over the whole run. */
  callsPerSecond: number;
}

/**
 * `users` concurrent users for `seconds`: each loops over the pages, asks for a page's HTML, then makes its calls at
 * once, as the browser does once the page has loaded, then pauses before the next page. Every call must answer
 * 200; the latency of each is recorded against its procedure and page.
 */
export async function replayCalls(base: string, cookie: string, pages: PageVisit[], options: ReplayOptions): Promise<Replay> {
  // The page's HTML is a call too, made first: the browser asks for its tRPC calls once the page has loaded.
  const perPage: { html: Call; calls: Call[] }[] = pages.map((page) => ({
    html: { key: `page HTML (${page.label})`, procedure: 'page HTML', url: page.path },
    calls: page.calls.flatMap((call) => splitBatch(call).map((one) => ({ ...one, key: `${one.procedure} (${page.label})` }))),
  }));
  const latencies = new Map<string, { procedure: string; ms: number[] }>();
  for (const { html, calls } of perPage) for (const call of [html, ...calls]) if (!latencies.has(call.key)) latencies.set(call.key, { procedure: call.procedure, ms: [] });
  const failures: string[] = [];
  const started = Date.now();
  const until = started + options.seconds * 1000;
  let answered = 0;
  const user = async (offset: number) => {
    const random = seededRandom(offset + 1);
    // Users start spread over one pause, not all at the same instant.
    await pause(random() * options.thinkMs);
    for (let round = 0; Date.now() < until; round++) {
      const { html, calls } = perPage[(offset + round) % perPage.length]!;
      const time = async (call: Call) => {
        const callStarted = performance.now();
        const response = await fetchOnce(base + call.url, cookie);
        const ms = performance.now() - callStarted;
        if (response.status !== 200) failures.push(`${call.procedure} answered ${response.status}`);
        else latencies.get(call.key)!.ms.push(ms);
        answered++;
      };
      await time(html);
      await Promise.all(calls.map(time));
      await pause(options.thinkMs * (0.5 + random()));
    }
  };
  await Promise.all(Array.from({ length: options.users }, (_, index) => user(Math.floor((index * perPage.length) / options.users))));
  if (failures.length > 0) throw new Error(`calls failed under load: ${[...new Set(failures)].slice(0, 5).join('; ')}`);
  const procedures = [...latencies.entries()].map(([key, { procedure, ms }]) => {
    const sorted = ms.sort((a, b) => a - b);
    return { key, procedure, p50: percentile(sorted, 50), p95: percentile(sorted, 95), calls: sorted.length };
  });
  return { procedures, callsPerSecond: answered / ((Date.now() - started) / 1000) };
}
