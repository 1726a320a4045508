import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { startTestHost, tempDataDir } from '../integration/test-host.js';
import { assertUiBuilt, openBrowser, UI_DIR } from './browser.js';

const TIMEOUT = 180_000;
const ADMIN = { email: 'admin@qmo.test', password: 'admin-password-123' };

describe('trading in the web UI (Chromium)', { timeout: TIMEOUT }, () => {
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
            './plugins/venue-sim',
            './plugins/risk-limits',
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
          limits: { '*': { 'max-order-qty': { maxQuantity: '1000' } } },
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

  it('submits a limit order through the ticket and its confirmation, sees it working in the blotter and cancels it', async () => {
    await page.goto(`${host.url}/#/chart`);
    await page.getByTestId('instrument-picker').selectOption('AAPL');
    const ticket = page.getByTestId('ticket');
    await expect.poll(() => ticket.getAttribute('data-instrument'), { timeout: 15_000 }).toBe('AAPL');
    await page.getByTestId('ticket-account').selectOption('A1');
    await page.getByTestId('ticket-side-buy').click();
    await page.getByTestId('ticket-type').selectOption('limit');
    await page.getByTestId('ticket-quantity').fill('10');
    await page.getByTestId('ticket-limit-price').fill('1.00');
    await page.getByTestId('ticket-tif').selectOption('GTC');
    await page.getByTestId('ticket-submit').click();
    await expect(page.getByTestId('confirm-dialog').isVisible()).resolves.toBe(true);
    await page.getByTestId('confirm-submit').click();

    const row = page.locator('[data-testid^="blotter-row-"]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('New');
    expect(await row.getAttribute('data-leaves-qty')).toBe('10');
    const rowId = (await row.getAttribute('data-testid'))!.replace('blotter-row-', '');
    await page.getByTestId(`blotter-cancel-${rowId}`).click();
    await expect
      .poll(() => page.getByTestId(`blotter-row-${rowId}`).getAttribute('data-status'), { timeout: 20_000 })
      .toBe('Canceled');
  });

  it('shows why an order was rejected', async () => {
    await page.getByTestId('ticket-type').selectOption('market');
    await page.getByTestId('ticket-tif').selectOption('IOC');
    await page.getByTestId('ticket-quantity').fill('5000');
    await page.getByTestId('ticket-submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect
      .poll(() => page.getByTestId('ticket-reject-code').textContent(), { timeout: 20_000 })
      .toBe('MAX_ORDER_QTY');
    expect(await page.getByTestId('ticket-reject-rule').textContent()).toBe(
      'risk-limits/max-order-qty@1.0.0',
    );
  });

  it('a marketable limit order is filled by venue-sim, and the position and P&L show it', async () => {
    await page.getByTestId('ticket-type').selectOption('limit');
    await page.getByTestId('ticket-tif').selectOption('DAY');
    await page.getByTestId('ticket-quantity').fill('10');
    await page.getByTestId('ticket-price-ask').click(); // a buy at the ask crosses the book
    await page.getByTestId('ticket-submit').click();
    await page.getByTestId('confirm-submit').click();
    const row = page.locator('[data-testid^="blotter-row-"]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('Filled');
    expect(await row.getAttribute('data-cum-qty')).toBe('10');
    await page.getByTestId('tab-positions').click();
    await expect
      .poll(() => page.getByTestId('position-row-A1-AAPL').getAttribute('data-qty'), { timeout: 20_000 })
      .toBe('10');
    const total = (await page.getByTestId('position-total-A1').textContent()) ?? '';
    expect(total).toMatch(/\d/);
    await page.getByTestId('tab-all').click();
  });

  it('halts the account with the kill switch from the risk page', async () => {
    await page.getByTestId('nav-risk').click();
    await page.getByTestId('kill-switch-account-A1').click();
    await page.getByTestId('kill-confirm-input').fill('A1');
    const reason = page.getByTestId('kill-confirm-reason');
    if (await reason.count()) await reason.fill('end-to-end test');
    await page.getByTestId('kill-confirm-submit').click();
    await expect
      .poll(() => page.getByTestId('risk-account-A1').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('HALTED');
  });

  it('raised no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
