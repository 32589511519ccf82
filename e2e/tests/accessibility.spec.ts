/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';
import { expect, gotoHydrated, test, uniqueName } from './fixtures';
import { expectNoSidewaysScroll } from './support/layout';
import { createSampleData, removeSampleData, type SampleData } from './support/sample-data';
import { screenshotPath } from './support/screenshots';

/**
 * Every page of the console, in the light and the dark theme: no serious or critical axe violation (WCAG 2.x A/AA
 * and axe's best practices), each shown readably when there is one. Also the theme switch (remembered, applied
 * before the first paint under the strict CSP), the keyboard path (skip link, a visible focus on every control)
 * and the favicon.
 */

type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];

let sample: SampleData | undefined;
const names = { zone: uniqueName('a11y-zone'), store: uniqueName('a11y-nfs'), object: uniqueName('a11y-obj') };

/** The pages, as a person reaches them from the navigation (the object's page from the Objects list). */
const PAGES: { name: string; path: () => string; heading: string | RegExp }[] = [
  { name: 'overview', path: () => '/', heading: 'Overview' },
  { name: 'zones', path: () => '/zones', heading: 'Zones' },
  { name: 'stores', path: () => '/stores', heading: 'Stores' },
  { name: 'objects', path: () => '/objects', heading: 'Objects' },
  { name: 'object', path: () => `/objects/${sample?.object.id ?? 'missing'}`, heading: names.object },
  { name: 'region-matrix', path: () => '/objects/matrix', heading: 'Region matrix' },
  { name: 'jobs', path: () => '/jobs', heading: 'Jobs' },
  { name: 'workers', path: () => '/workers', heading: 'Workers' },
  { name: 'cache', path: () => '/cache', heading: /Cache/ },
  { name: 'planner', path: () => '/cache?tab=planner', heading: /Cache/ },
  { name: 'events', path: () => '/events', heading: 'Events' },
  { name: 'users', path: () => '/users', heading: 'Users' },
  { name: 'tokens', path: () => '/tokens', heading: /tokens/i },
  { name: 'settings', path: () => '/settings', heading: 'Settings' },
  { name: 'account', path: () => '/account', heading: /Account/ },
];

/** The theme through the stored choice (what the switch writes), applied by the page's own inline script. */
async function useTheme(page: Page, theme: Theme) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.addInitScript((choice) => window.localStorage.setItem('stowage-theme', choice), theme);
}

/** Until the page's lists and panels have loaded: no skeleton rows left. */
async function settle(page: Page, heading: string | RegExp) {
  await expect(page.getByRole('heading', { level: 1, name: heading }).first()).toBeVisible();
  await expect(page.locator('.animate-pulse')).toHaveCount(0, { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

function describeViolations(violations: Violation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 6)
        .map((node) => `    - ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = violation.nodes.length > 6 ? `\n    … and ${violation.nodes.length - 6} more` : '';
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
    })
    .join('\n\n');
}

async function expectNoSeriousViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious, `${what}: serious or critical accessibility violations\n\n${describeViolations(serious)}\n`).toEqual([]);
}

test.describe('accessibility of every page, light and dark', { tag: '@navigation' }, () => {
  // Something on every page: a zone, a store and an object, removed at the end.
  let admin: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: ADMIN_STATE });
    sample = await createSampleData(admin, { ...names, mountLabel: 'a11y' });
  });
  test.afterAll(async () => {
    test.setTimeout(90_000);
    await removeSampleData(admin, sample);
    await admin.dispose();
  });

  for (const theme of THEMES) {
    for (const entry of PAGES) {
      test(`${entry.name} (${theme}): no serious or critical axe violation`, async ({ page }) => {
        await useTheme(page, theme);
        await gotoHydrated(page, entry.path());
        await settle(page, entry.heading);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expectNoSeriousViolations(page, `${entry.name} in the ${theme} theme`);
        await expectNoSidewaysScroll(page);
        if (theme === 'dark') await page.screenshot({ path: screenshotPath(`dark-${entry.name}`), fullPage: true });
      });
    }
  }

  test.describe('signed out', () => {
    test.use({ storageState: { cookies: [], origins: [] } });
    for (const theme of THEMES) {
      test(`sign-in (${theme}): no serious or critical axe violation`, async ({ page }) => {
        await useTheme(page, theme);
        await page.goto('/sign-in');
        await expect(page.getByRole('button', { name: /Sign in/ })).toBeVisible();
        await expectNoSeriousViolations(page, `sign-in in the ${theme} theme`);
        if (theme === 'dark') await page.screenshot({ path: screenshotPath('dark-sign-in'), fullPage: true });
      });
    }
  });

  test('the theme switch: system by default, a choice applied at once and remembered', async ({ page }) => {
    const html = page.locator('html');
    const background = () => page.locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    await gotoHydrated(page, '/zones');
    const theme = page.getByRole('group', { name: 'Theme' });
    await expect(theme.getByRole('radio', { name: 'System' })).toBeChecked();
    await expect(html).not.toHaveAttribute('data-theme', /./);
    const systemDark = await background();

    await page.emulateMedia({ colorScheme: 'light' });
    const systemLight = await background();
    expect(systemLight).not.toBe(systemDark);

    await theme.getByRole('radio', { name: 'Dark' }).check();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await background()).toBe(systemDark);
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Dark' })).toBeChecked();

    await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'Light' }).check();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe(systemLight);

    await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: 'System' }).check();
    await expect(html).not.toHaveAttribute('data-theme', /./);
    expect(await page.evaluate(() => window.localStorage.getItem('stowage-theme'))).toBeNull();
    expect(await background()).toBe(systemDark);
  });

  test('no flash of the other theme: the stored choice applies before any of the app’s JavaScript, under the CSP', async ({ page }) => {
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to execute/i.test(message.text())) refused.push(message.text());
    });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.addInitScript(() => window.localStorage.setItem('stowage-theme', 'dark'));
    // Without the app's scripts only the inline theme script can set the theme.
    await page.route('**/_next/static/**/*.js', (route) => route.abort());
    const response = await page.goto('/zones');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    const luminance = await page.locator('body').evaluate((body) => {
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = getComputedStyle(body).backgroundColor;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
    });
    expect(luminance).toBeLessThan(0.15);

    // The inline script carries this response's nonce.
    const policy = response!.headers()['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce, policy).toBeTruthy();
    expect(await response!.text()).toContain(`<script nonce="${nonce}">(function(){try{var t=localStorage.getItem("stowage-theme")`);
    expect(refused).toEqual([]);
  });

  test('the keyboard: a skip link first, then every control shows its focus', async ({ page }) => {
    await gotoHydrated(page, '/zones');
    await settle(page, 'Zones');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();

    // Tab through the sidebar and the page: each control that takes the focus shows an outline or a ring.
    const seen: string[] = [];
    for (let step = 0; step < 80; step += 1) {
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body || element.dataset.focusSeen) return null;
        element.dataset.focusSeen = 'yes';
        const label = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`;
        // A radio drawn by its label shows the focus on the label's visible part.
        const drawn = getComputedStyle(element.matches('input[type=radio].peer') ? element.nextElementSibling! : element);
        const visible = (drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) > 0) || (drawn.boxShadow !== 'none' && drawn.boxShadow !== '');
        return { label, visible };
      });
      if (!focused) break;
      seen.push(focused.label);
      expect(focused.visible, `no visible focus on ${focused.label}`).toBe(true);
      await page.keyboard.press('Tab');
    }
    // The navigation, the account links, the theme switch and the page's form at least.
    expect(seen.length, seen.join('\n')).toBeGreaterThan(15);

    await page.reload();
    await settle(page, 'Zones');
    await page.keyboard.press('Tab');
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  test('the favicon and the icon are served and linked', async ({ page }) => {
    const ico = await page.request.get('/favicon.ico');
    expect(ico.status()).toBe(200);
    expect(ico.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
    const svg = await page.request.get('/icon.svg');
    expect(svg.status()).toBe(200);
    expect(svg.headers()['content-type']).toContain('image/svg+xml');
    await page.goto('/zones');
    await expect(page.locator('head link[rel="icon"][href*="icon.svg"]')).toHaveCount(1);
    await expect(page.locator('head link[rel="icon"][href*="favicon.ico"]')).toHaveCount(1);
  });
});
