import { describe, expect, it } from 'vitest';
import { ADMIN, deskConfig, signIn, useUiHost } from './fixture.js';

const TIMEOUT = 180_000;

describe('trading in the web UI (Chromium)', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({
    timeout: TIMEOUT,
    viewport: { width: 1500, height: 950 },
    admin: ADMIN,
    config: deskConfig(
      ['./plugins/feed-demo', './plugins/indicator-classic', './plugins/venue-sim', './plugins/risk-limits'],
      { '*': { 'max-order-qty': { maxQuantity: '1000' } } },
    ),
    path: '/#/signin',
  });

  it('signs in', async () => {
    await signIn(ui.page, ADMIN);
    await expect
      .poll(() => ui.page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('admin');
  });

  it('submits a limit order through the ticket and its confirmation, sees it working in the blotter and cancels it', async () => {
    await ui.page.goto(`${ui.host.url}/#/chart`);
    await ui.page.getByTestId('instrument-picker').selectOption('AAPL');
    const ticket = ui.page.getByTestId('ticket');
    await expect.poll(() => ticket.getAttribute('data-instrument'), { timeout: 15_000 }).toBe('AAPL');
    await ui.page.getByTestId('ticket-account').selectOption('A1');
    await ui.page.getByTestId('ticket-side-buy').click();
    await ui.page.getByTestId('ticket-type').selectOption('limit');
    await ui.page.getByTestId('ticket-quantity').fill('10');
    await ui.page.getByTestId('ticket-limit-price').fill('1.00');
    await ui.page.getByTestId('ticket-tif').selectOption('GTC');
    await ui.page.getByTestId('ticket-submit').click();
    await expect(ui.page.getByTestId('confirm-dialog').isVisible()).resolves.toBe(true);
    await ui.page.getByTestId('confirm-submit').click();

    const row = ui.page.locator('[data-testid^="blotter-row-"]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('New');
    expect(await row.getAttribute('data-leaves-qty')).toBe('10');
    const rowId = (await row.getAttribute('data-testid'))!.replace('blotter-row-', '');
    await ui.page.getByTestId(`blotter-cancel-${rowId}`).click();
    await expect
      .poll(() => ui.page.getByTestId(`blotter-row-${rowId}`).getAttribute('data-status'), {
        timeout: 20_000,
      })
      .toBe('Canceled');
  });

  it('shows why an order was rejected', async () => {
    await ui.page.getByTestId('ticket-type').selectOption('market');
    await ui.page.getByTestId('ticket-tif').selectOption('IOC');
    await ui.page.getByTestId('ticket-quantity').fill('5000');
    await ui.page.getByTestId('ticket-submit').click();
    await ui.page.getByTestId('confirm-submit').click();
    await expect
      .poll(() => ui.page.getByTestId('ticket-reject-code').textContent(), { timeout: 20_000 })
      .toBe('MAX_ORDER_QTY');
    expect(await ui.page.getByTestId('ticket-reject-rule').textContent()).toBe(
      'risk-limits/max-order-qty@1.0.0',
    );
  });

  it('a marketable limit order is filled by venue-sim, and the position and P&L show it', async () => {
    await ui.page.getByTestId('ticket-type').selectOption('limit');
    await ui.page.getByTestId('ticket-tif').selectOption('DAY');
    await ui.page.getByTestId('ticket-quantity').fill('10');
    await ui.page.getByTestId('ticket-price-ask').click(); // a buy at the ask crosses the book
    await ui.page.getByTestId('ticket-submit').click();
    await ui.page.getByTestId('confirm-submit').click();
    const row = ui.page.locator('[data-testid^="blotter-row-"]').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('Filled');
    expect(await row.getAttribute('data-cum-qty')).toBe('10');
    await ui.page.getByTestId('tab-positions').click();
    await expect
      .poll(() => ui.page.getByTestId('position-row-A1-AAPL').getAttribute('data-qty'), { timeout: 20_000 })
      .toBe('10');
    const total = (await ui.page.getByTestId('position-total-A1').textContent()) ?? '';
    expect(total).toMatch(/\d/);
    await ui.page.getByTestId('tab-all').click();
  });

  it('halts the account with the kill switch from the risk page', async () => {
    await ui.page.getByTestId('nav-risk').click();
    await ui.page.getByTestId('kill-switch-account-A1').click();
    await ui.page.getByTestId('kill-confirm-input').fill('A1');
    const reason = ui.page.getByTestId('kill-confirm-reason');
    if (await reason.count()) await reason.fill('end-to-end test');
    await ui.page.getByTestId('kill-confirm-submit').click();
    await expect
      .poll(() => ui.page.getByTestId('risk-account-A1').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('HALTED');
  });

  it('raised no script errors', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
