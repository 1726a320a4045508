import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir } from '../integration/test-host.js';
import { assertUiBuilt, openBrowser, UI_DIR } from './browser.js';

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@qmo.test', password: 'admin-password-123' };

describe('the Mentor panel in the web UI (Chromium)', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    assertUiBuilt();
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: UI_DIR,
      env: { QMO_ADMIN_EMAIL: ADMIN.email, QMO_ADMIN_PASSWORD: ADMIN.password },
      config: {
        plugins: {
          search: [],
          load: [
            './plugins/feed-demo',
            './plugins/indicator-classic',
            './plugins/indicator-gann',
            './plugins/advisor-mentor',
            './plugins/venue-sim',
          ],
          config: { 'feed-demo': { seed: 5, historyDays: 1, tickIntervalMs: 100 } },
        },
        marketData: { sources: { '*': ['demo'] }, backfillDays: 1 },
        trading: {
          defaultVenue: 'sim',
          desks: [{ id: 'alpha', name: 'Alpha desk' }],
          accounts: [
            { id: 'A1', name: 'Alpha one', desk: 'alpha', currency: 'USD', startingEquity: '1000000' },
          ],
        },
      } as never,
    });
    await host.ready;
    ({ browser, page, pageErrors } = await openBrowser({ width: 1500, height: 950 }));
    await page.goto(`${host.url}/#/signin`);
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    data.remove();
  }, TIMEOUT);

  it('signs in', async () => {
    await page.getByTestId('signin-email').fill(ADMIN.email);
    await page.getByTestId('signin-password').fill(ADMIN.password);
    await page.getByTestId('signin-submit').click();
    await expect
      .poll(() => page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('admin');
  });

  it("shows Mentor's decision for the chart's instrument and the account, and explains it", async () => {
    await page.goto(`${host.url}/#/chart`);
    await page.getByTestId('instrument-picker').selectOption('ESZ6');
    const panel = page.getByTestId('mentor-panel');
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await expect
      .poll(() => page.getByTestId('mentor-ts').textContent(), { timeout: 20_000 })
      .toMatch(/^ESZ6 /);
    const bias = await panel.getAttribute('data-bias');
    expect(['long', 'short', 'flat']).toContain(bias);
    expect(await page.getByTestId('mentor-bias').textContent()).toBe(bias?.toUpperCase());
    expect(await page.getByTestId('mentor-account').textContent()).toBe('A1');
    expect(await page.getByTestId('mentor-confidence').textContent()).toMatch(/confidence \d+%/);
    for (const id of ['mentor-entry', 'mentor-stop', 'mentor-target', 'mentor-rr', 'mentor-quantity'])
      expect((await page.getByTestId(id).textContent())?.trim()).not.toBe('');
    if (bias !== 'flat') {
      expect(await page.getByTestId('mentor-entry').textContent()).toMatch(/^\d+\.\d{2}$/);
      expect(await page.getByTestId('mentor-rr').textContent()).toMatch(/^1 : \d+\.\d{2}$/);
    }
    const lines = await page.getByTestId('mentor-rationale-line').allTextContents();
    expect(lines.some((l) => l.startsWith('Trend:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Decision:'))).toBe(true);
    expect(await page.getByTestId('mentor-input-atr').textContent()).toMatch(/ATR\s*\d/);
    expect(pageErrors).toEqual([]);
  });
});
