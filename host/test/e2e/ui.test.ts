import { describe, expect, it } from 'vitest';
import { useUiHost } from './fixture.js';

const TIMEOUT = 120_000;

describe('web UI in Chromium', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({ timeout: TIMEOUT, viewport: { width: 1400, height: 900 }, path: '' });

  it('draws candles from the API and keeps updating them from the stream', async () => {
    const chart = ui.page.getByTestId('chart');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-bars')), { timeout: 30_000 })
      .toBeGreaterThan(100);
    await expect
      .poll(() => ui.page.getByTestId('connection-status').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('connected');
    const firstClose = await chart.getAttribute('data-last-close');
    // Live trades move the forming candle's close (and, at the minute, open a new one).
    await expect
      .poll(
        async () =>
          `${await chart.getAttribute('data-last-close')}@${await chart.getAttribute('data-last-time')}`,
        { timeout: 30_000 },
      )
      .not.toBe(`${firstClose}@${await chart.getAttribute('data-last-time')}`);
    const canvasCount = await chart.locator('canvas').count();
    expect(canvasCount).toBeGreaterThan(0);
  });

  it('shows the book with its active source', async () => {
    await expect
      .poll(() => ui.page.getByTestId('book-panel').getAttribute('data-source'), { timeout: 30_000 })
      .toBe('demo');
  });

  it('toggles an indicator and draws it', async () => {
    await ui.page.getByTestId('indicator-menu').click();
    await ui.page.getByTestId('indicator-toggle-sma').click();
    const active = ui.page.getByTestId('indicator-active-sma');
    await expect
      .poll(async () => Number(await active.getAttribute('data-points')), { timeout: 30_000 })
      .toBeGreaterThan(100);
  });

  it('opens the plugins page with each plugin and its state', async () => {
    await ui.page.getByTestId('nav-plugins').click();
    await expect
      .poll(() => ui.page.getByTestId('plugin-row-feed-demo').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('running');
    expect(await ui.page.getByTestId('plugin-row-indicator-classic').getAttribute('data-state')).toBe(
      'running',
    );
    const table = (await ui.page.getByTestId('plugins-table').textContent()) ?? '';
    expect(table).toContain('1.0.0');
    expect(table).toContain('feed');
  });

  it('raised no script errors', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
