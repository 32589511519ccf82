/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN_STATE } from '../playwright.config';
import { expect, gotoHydrated, test } from './fixtures';
import { createSampleData, removeSampleData, type SampleData } from './support/sample-data';
import { screenshotPath } from './support/screenshots';

/**
 * The longest names the product accepts (zones, stores and objects are resource names: 255 characters,
 * packages/core/src/names.ts) in one unbreakable word of wide letters: no page scrolls sideways, nothing runs out
 * of its card or table, and a name is either shown whole (wrapped) or cut with the whole name on hover (title).
 */

const MAX_NAME = 255;

function longestName(prefix: string): string {
  const unique = `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}-`;
  return (unique + 'W'.repeat(MAX_NAME)).slice(0, MAX_NAME);
}

const names = { zone: longestName('zone'), store: longestName('store'), object: longestName('object') };
let sample: SampleData | undefined;

/** What is wrong with how `names` show on the page, in words; [] when nothing is. */
async function layoutProblems(page: Page, shown: string[]): Promise<string[]> {
  return page.evaluate((names) => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.getAttribute('data-testid') ? `[data-testid=${element.getAttribute('data-testid')}]` : ''}.${[...element.classList].slice(0, 4).join('.')}`;
    /** Inside something that scrolls or clips on purpose (a wide table's own scroller). */
    const scrolled = (element: Element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') return true;
      }
      return false;
    };
    for (const name of names) {
      const head = name.slice(0, 20);
      let whole = false;
      for (const element of document.querySelectorAll<HTMLElement>('body *')) {
        if (element.closest('[aria-hidden="true"], script, style, option')) continue;
        if (element.title.includes(name)) whole = true;
        const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent ?? '').join('');
        if (!own.includes(head)) continue;
        const rect = element.getBoundingClientRect();
        // Not shown (or for screen readers only: 1 px, clipped).
        if (rect.width <= 1) continue;
        const style = getComputedStyle(element);
        const cut = element.scrollWidth > element.clientWidth + 1 && style.overflowX !== 'visible';
        if (!cut && own.includes(name)) whole = true;
        if (cut && !element.closest(`[title]`)?.getAttribute('title')?.includes(name)) problems.push(`${head}… is cut in ${describe(element)} without the whole name on hover`);
        if (scrolled(element)) continue;
        // Not wider than the box it is in (a card, a table cell, a list item).
        const box = element.parentElement?.closest('section, td, th, li, dd, form, header, [role=dialog]');
        if (box) {
          const outer = box.getBoundingClientRect();
          if (rect.right > outer.right + 1) problems.push(`${head}… runs ${Math.round(rect.right - outer.right)} px out of ${describe(box)} (in ${describe(element)})`);
        }
      }
      if (!whole) problems.push(`${head}… is not shown whole anywhere (neither wrapped nor in a title)`);
    }
    return problems;
  }, shown);
}

/** The pages where the names show, and which of them each one shows. */
const PAGES: { name: string; path: () => string; shows: () => string[] }[] = [
  { name: 'zones', path: () => '/zones', shows: () => [names.zone] },
  { name: 'stores', path: () => '/stores', shows: () => [names.store] },
  { name: 'objects', path: () => '/objects', shows: () => [names.object] },
  { name: 'object', path: () => `/objects/${sample?.object.id ?? 'missing'}`, shows: () => [names.object, names.zone] },
  { name: 'overview', path: () => '/', shows: () => [names.zone] },
  { name: 'jobs', path: () => '/jobs', shows: () => [names.object] },
  { name: 'events', path: () => '/events', shows: () => [names.object] },
];

test.describe('the longest names break no page', { tag: '@navigation' }, () => {
  // A zone, a store and an object with the longest names, removed at the end.
  let admin: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    for (const name of Object.values(names)) expect(name).toHaveLength(MAX_NAME);
    admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: ADMIN_STATE });
    sample = await createSampleData(admin, { ...names, mountLabel: 'long-names' });
  });
  test.afterAll(async () => {
    test.setTimeout(90_000);
    await removeSampleData(admin, sample);
    await admin.dispose();
  });

  for (const entry of PAGES) {
    test(`${entry.name}: no sideways scroll, the names wrapped or cut with the whole name on hover`, async ({ page }) => {
      await gotoHydrated(page, entry.path());
      const first = entry.shows()[0]!;
      await expect(page.getByText(first.slice(0, 20)).first()).toBeVisible({ timeout: 15_000 });
      await expect(page.locator('.animate-pulse')).toHaveCount(0, { timeout: 15_000 });
      await page.screenshot({ path: screenshotPath(`long-names-${entry.name}`), fullPage: true });
      expect(await layoutProblems(page, entry.shows())).toEqual([]);
    });
  }
});
