import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/** Directories standing in for NFS mounts, removed after each test. */
class TempDirs {
  private readonly made: string[] = [];
  private readonly immutable: string[] = [];

  dir(label: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `stowage-e2e-${label}-`));
    this.made.push(dir);
    return dir;
  }

  file(label: string): string {
    const file = path.join(this.dir(label), 'not-a-directory.img');
    fs.writeFileSync(file, 'x');
    return file;
  }

  /** A directory nobody can write into, root included: immutable under root, mode 0555 otherwise. */
  unwritable(label: string): string {
    const dir = this.dir(label);
    if (process.getuid?.() === 0) {
      execFileSync('chattr', ['+i', dir]);
      this.immutable.push(dir);
    } else {
      fs.chmodSync(dir, 0o555);
    }
    return dir;
  }

  cleanup() {
    for (const dir of this.immutable) execFileSync('chattr', ['-i', dir]);
    for (const dir of this.made) {
      fs.chmodSync(dir, 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const test = base.extend<{ tempDirs: TempDirs }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  tempDirs: async ({}, use) => {
    const dirs = new TempDirs();
    await use(dirs);
    dirs.cleanup();
  },
});
export { expect };

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

/**
 * Opens a page and waits until React has hydrated it: a click on a form's submit button before that is a
 * native submission (a reload that drops what was typed), which made first-page-of-the-run tests flaky.
 */
export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await expect
    .poll(() => page.locator('main').evaluate((main) => Object.keys(main).some((key) => key.startsWith('__reactFiber'))), { intervals: [50, 100, 250] })
    .toBe(true);
}

export async function createZone(page: Page, name: string, mode: 'backup' | 'staging' = 'backup') {
  await gotoHydrated(page, '/zones');
  const form = page.getByRole('form', { name: 'Create zone' });
  await form.getByLabel('Zone name').fill(name);
  await form.getByLabel('Mode').selectOption(mode);
  await form.getByRole('button', { name: 'Create zone' }).click();
  await expect(page.getByTestId(`zone-row-${name}`)).toBeVisible();
}

export async function fillStoreForm(page: Page, options: { name: string; zone: string; path: string; capacityGib?: string }) {
  await gotoHydrated(page, '/stores');
  const form = page.getByRole('form', { name: 'Register store' });
  await form.getByLabel('Store name').fill(options.name);
  await form.getByLabel('Provider').selectOption('nfs');
  await form.getByLabel('Role').selectOption('record');
  await form.getByLabel('Zone', { exact: true }).selectOption({ label: options.zone });
  await form.getByLabel('Mount path').fill(options.path);
  if (options.capacityGib) await form.getByLabel('Capacity (GiB, optional)').fill(options.capacityGib);
  await form.getByRole('button', { name: 'Register store' }).click();
  return form;
}
