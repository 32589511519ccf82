import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

/** Before a screenshot: nothing on the page runs wider than the window. */
export async function expectNoSidewaysScroll(page: Page) {
  expect(await page.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}
