import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DashboardPage } from './pages';

export interface PageVisit extends DashboardPage {
  /** Median of the loads: from navigation to hydrated, no loading placeholder and no tRPC request in flight. */
  interactiveMs: number;
  /** The tRPC GET requests the page made while loading (paths with their query), batched as the browser sent them. */
  calls: string[];
}

const LOADS = 3;

/** Opens every page in Debian Chromium as the signed-in user, timing each load and recording its tRPC calls. */
export async function measurePages(base: string, cookie: string, pages: DashboardPage[]): Promise<PageVisit[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await context.addCookies(cookie.split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name: name!, value: value.join('='), url: base };
    }));
    // One load of every page first, so the server's first compile of each route is not what is timed.
    for (const page of pages) await load(context, base, page);
    const visits: PageVisit[] = [];
    for (const page of pages) {
      const loads = [];
      for (let index = 0; index < LOADS; index++) loads.push(await load(context, base, page));
      const sorted = loads.map((one) => one.ms).sort((a, b) => a - b);
      visits.push({ ...page, interactiveMs: sorted[Math.floor(sorted.length / 2)]!, calls: loads[0]!.calls });
    }
    return visits;
  } finally {
    await browser.close();
  }
}

async function load(context: BrowserContext, base: string, target: DashboardPage): Promise<{ ms: number; calls: string[] }> {
  const page = await context.newPage();
  const calls: string[] = [];
  const network = { inFlight: 0, finished: 0, lastSettledAt: 0 };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/trpc/')) return;
    network.inFlight += 1;
    if (request.method() === 'GET') calls.push(url.pathname + url.search);
  });
  const settle = (request: { url: () => string }) => {
    if (!new URL(request.url()).pathname.startsWith('/api/trpc/')) return;
    network.inFlight -= 1;
    network.finished += 1;
    network.lastSettledAt = performance.now();
  };
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  try {
    const started = performance.now();
    const response = await page.goto(base + target.path, { waitUntil: 'commit' });
    if (!response || response.status() >= 400) throw new Error(`${target.path} answered ${response?.status()}`);
    if (new URL(page.url()).pathname === '/sign-in') throw new Error(`${target.path} sent the bench to the sign-in page: the session cookie was not accepted`);
    const readyAt = await waitInteractive(page, network);
    return { ms: readyAt - started, calls };
  } finally {
    await page.close();
  }
}

/**
 * Interactive: React has hydrated `main`, no loading placeholder is left, and the page's tRPC requests have
 * answered (none in flight for 200 ms after the last one; a page that makes none is done 500 ms after hydrating).
 * Answers the moment it became so: the last answer, or the hydration.
 */
async function waitInteractive(page: Page, network: { inFlight: number; finished: number; lastSettledAt: number }): Promise<number> {
  const deadline = Date.now() + 30_000;
  let hydratedAt = 0;
  for (;;) {
    const ready = await page
      .evaluate(() => {
        const main = document.querySelector('main');
        if (!main || !Object.keys(main).some((key) => key.startsWith('__reactFiber'))) return false;
        // The lists' loading placeholder (LoadingRows: role=status, "Loading …"); a pulsing progress bar is content.
        return main.querySelector('[role="status"][aria-label^="Loading"]') === null;
      })
      .catch(() => false);
    const now = performance.now();
    if (ready && hydratedAt === 0) hydratedAt = now;
    if (ready && network.inFlight === 0) {
      if (network.finished > 0 && now - network.lastSettledAt >= 200) return Math.max(hydratedAt, network.lastSettledAt);
      if (network.finished === 0 && now - hydratedAt >= 500) return hydratedAt;
    }
    if (!ready) hydratedAt = 0;
    if (Date.now() > deadline) throw new Error(`${page.url()} was not interactive within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
