import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../integration/test-host.js';

/** The built web UI the end-to-end tests serve. */
export const UI_DIR = join(REPO_ROOT, 'ui', 'dist');

export function assertUiBuilt(): void {
  if (!existsSync(join(UI_DIR, 'index.html')))
    throw new Error(`the web UI is not built (${UI_DIR}): run npm run build`);
}

/** Debian's Chromium, headless, and a page that records script errors. */
export async function openBrowser(viewport: {
  width: number;
  height: number;
}): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, pageErrors };
}
