import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn, useUiHost } from './fixture.js';

const TIMEOUT = 180_000;
const POLL = { timeout: 30_000 };
const ADMIN = { email: 'charts@qmo.test', password: 'charts-password-123' };

type Drawn = Record<string, Record<string, number>>;
interface Point {
  time: number;
  values: Record<string, number | null>;
}
type Computed = Record<string, { source: 'browser' | 'host'; points: Point[] }>;

/** Where each instance was computed and its series values (the chart's test hook). */
const computed = (page: Page): Promise<Computed> =>
  page.evaluate(
    () => (globalThis as unknown as { qmoChart?: { computed(): Computed } }).qmoChart?.computed() ?? {},
  );

/** Items the chart drew, per instance and output (the chart's test hook). */
const drawn = (page: Page): Promise<Drawn> =>
  page.evaluate(() => (globalThis as unknown as { qmoChart?: { drawn(): Drawn } }).qmoChart?.drawn() ?? {});

/** The drawings reach into the future: show everything, then count. */
async function fittedCount(page: Page, uid: string, key: string): Promise<number> {
  await page.getByTestId('chart-fit').click();
  return (await drawn(page))[uid]?.[key] ?? 0;
}

describe('chart indicators in Chromium: grouped menu, drawings, settings, preferences', {
  timeout: TIMEOUT,
}, () => {
  const ui = useUiHost({
    timeout: TIMEOUT,
    viewport: { width: 1500, height: 950 },
    admin: ADMIN,
    config: {
      plugins: {
        search: [],
        load: [
          './plugins/feed-demo',
          './plugins/indicator-classic',
          './plugins/indicator-gann',
          './plugins/indicator-astro',
        ],
        config: { 'feed-demo': { seed: 11, historyDays: 2, tickIntervalMs: 200 } },
      },
    },
  });

  it('signs in and shows the chart', async () => {
    await ui.page.goto(`${ui.host.url}/#/signin?next=chart`);
    await signIn(ui.page, ADMIN);
    await expect
      .poll(() => ui.page.getByTestId('user-menu').getAttribute('data-email'), POLL)
      .toBe(ADMIN.email);
    await ui.page.goto(`${ui.host.url}/#/chart`);
    await expect
      .poll(async () => Number(await ui.page.getByTestId('chart').getAttribute('data-bars')), POLL)
      .toBeGreaterThan(10);
  });

  it('groups the menu Classic, Gann, Astro', async () => {
    const groups = await ui.page
      .getByTestId('indicator-menu')
      .locator('[data-testid^="indicator-group-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(groups.slice(0, 3)).toEqual([
      'indicator-group-Classic',
      'indicator-group-Gann',
      'indicator-group-Astro',
    ]);
    await expect(
      ui.page.getByTestId('indicator-group-Gann').getByTestId('indicator-item-gann-sq9').count(),
    ).resolves.toBe(1);
    await expect(
      ui.page.getByTestId('indicator-group-Astro').getByTestId('indicator-item-astro-moon').count(),
    ).resolves.toBe(1);
  });

  it('adds a Gann indicator, draws its levels, and redraws them when a parameter changes', async () => {
    await ui.page.getByTestId('indicator-add-gann-sq9').click();
    await expect
      .poll(() => ui.page.getByTestId('indicator-active-gann-sq9').getAttribute('data-state'), POLL)
      .toBe('ready');
    await expect.poll(async () => (await drawn(ui.page))['gann-sq9']?.levels ?? 0, POLL).toBe(17);
    const count = ui.page.getByTestId('indicator-param-gann-sq9-count');
    await count.fill('3');
    await count.press('Tab');
    await expect.poll(async () => (await drawn(ui.page))['gann-sq9']?.levels ?? 0, POLL).toBe(7);
  });

  it('adds a second instance, hides and removes it', async () => {
    await ui.page.getByTestId('indicator-add-gann-sq9').click();
    await expect.poll(async () => (await drawn(ui.page))['gann-sq9-2']?.levels ?? 0, POLL).toBe(17);
    await ui.page.getByTestId('indicator-visible-gann-sq9-2').uncheck();
    await expect
      .poll(() => ui.page.getByTestId('indicator-active-gann-sq9-2').getAttribute('data-state'), POLL)
      .toBe('hidden');
    expect((await drawn(ui.page))['gann-sq9-2']).toBeUndefined();
    expect((await drawn(ui.page))['gann-sq9']?.levels).toBe(7);
    await ui.page.getByTestId('indicator-remove-gann-sq9-2').click();
    await expect(ui.page.getByTestId('indicator-active-gann-sq9-2').count()).resolves.toBe(0);
  });

  it('computes indicators in the browser from the plugin modules, as the host would, and follows live ticks', async () => {
    const valueRequests: string[] = [];
    const watch = (req: { url(): string }) => {
      if (/\/marketdata\/[^/]+\/indicators\//.test(req.url())) valueRequests.push(req.url());
    };
    ui.page.on('request', watch);
    await ui.page.getByTestId('indicator-add-ema').click();
    await expect
      .poll(() => ui.page.getByTestId('indicator-active-ema').getAttribute('data-state'), POLL)
      .toBe('ready');
    await expect
      .poll(async () => (await computed(ui.page)).ema?.points.length ?? 0, POLL)
      .toBeGreaterThan(30);
    const ema = (await computed(ui.page)).ema!;
    expect(ema.source).toBe('browser');
    expect((await computed(ui.page))['gann-sq9']?.source).toBe('browser');
    expect(valueRequests).toEqual([]);

    // The host over the same bars (same first bar, up to a closed one) gives the same values.
    ui.page.off('request', watch);
    const instrument = await ui.page.getByTestId('chart').getAttribute('data-instrument');
    const closed = ema.points.at(-3)!;
    const first = ema.points[0]!;
    const hostSeries = await ui.page.evaluate(
      async ({ instrument, from, to }) => {
        const res = await fetch(
          `api/v1/marketdata/${instrument}/indicators/ema?tf=1m&from=${from}&to=${to}&params=%7B%7D`,
        );
        return (await res.json()) as { points: Point[] };
      },
      { instrument, from: first.time, to: closed.time + 60_000 },
    );
    const hostPoint = hostSeries.points.find((p) => p.time === closed.time);
    expect(hostPoint?.values.ema).toBeTypeOf('number');
    expect(closed.values.ema).toBeCloseTo(hostPoint!.values.ema!, 9);
    ui.page.on('request', watch);

    // Live ticks move the forming candle, and the browser layer follows without asking the host.
    const lastValue = async () => {
      const points = (await computed(ui.page)).ema?.points ?? [];
      return `${points.at(-1)?.time}:${points.at(-1)?.values.ema}`;
    };
    const before = await lastValue();
    await expect.poll(lastValue, POLL).not.toBe(before);
    expect(valueRequests).toEqual([]);
    ui.page.off('request', watch);
    await ui.page.getByTestId('indicator-remove-ema').click();
  });

  it('adds an Astro indicator whose time lines reach the future, and draws more of them with a longer horizon', async () => {
    await ui.page.getByTestId('tf-1h').click();
    await ui.page.getByTestId('indicator-add-astro-moon').click();
    await expect
      .poll(() => ui.page.getByTestId('indicator-active-astro-moon').getAttribute('data-state'), POLL)
      .toBe('ready');
    await expect.poll(() => fittedCount(ui.page, 'astro-moon', 'phases'), POLL).toBeGreaterThan(2);
    const before = await fittedCount(ui.page, 'astro-moon', 'phases');
    const horizon = ui.page.getByTestId('indicator-param-astro-moon-horizonDays');
    await horizon.fill('120');
    await horizon.press('Tab');
    await expect.poll(() => fittedCount(ui.page, 'astro-moon', 'phases'), POLL).toBeGreaterThan(before + 3);
  });

  it('restores the indicators from the server after a reload', async () => {
    const stored = () =>
      ui.page.evaluate(async () => {
        const res = await fetch('api/v1/me/preferences/chart.indicators');
        const body = (await res.json()) as {
          value: { items: { uid: string; params: Record<string, unknown> }[] } | null;
        };
        return (body.value?.items ?? []).map((i) => `${i.uid}:${JSON.stringify(i.params)}`).join(' ');
      });
    await expect.poll(stored, POLL).toMatch(/astro-moon:.*"horizonDays":120/);
    expect(await stored()).toMatch(/gann-sq9:.*"count":3/);
    // Nothing from this browser's storage: what comes back comes from the server.
    await ui.page.evaluate(() =>
      (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear(),
    );
    await ui.page.reload();
    await ui.page.getByTestId('tf-1h').click();
    await expect
      .poll(() => ui.page.getByTestId('indicator-param-gann-sq9-count').inputValue(), POLL)
      .toBe('3');
    await expect
      .poll(() => ui.page.getByTestId('indicator-param-astro-moon-horizonDays').inputValue(), POLL)
      .toBe('120');
    await expect.poll(async () => (await drawn(ui.page))['gann-sq9']?.levels ?? 0, POLL).toBe(7);
    await expect.poll(() => fittedCount(ui.page, 'astro-moon', 'phases'), POLL).toBeGreaterThan(2);
  });

  it('has the host compute an indicator whose browser module cannot load', async () => {
    await expect.poll(async () => (await computed(ui.page))['gann-sq9']?.source, POLL).toBe('browser');
    await ui.page.route(/\/api\/v1\/indicator-modules\/indicator-gann@/, (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503}' }),
    );
    try {
      await ui.page.reload();
      await expect.poll(async () => (await drawn(ui.page))['gann-sq9']?.levels ?? 0, POLL).toBe(7);
      expect((await computed(ui.page))['gann-sq9']?.source).toBe('host');
      await expect.poll(async () => (await computed(ui.page))['astro-moon']?.source, POLL).toBe('browser');
    } finally {
      await ui.page.unroute(/\/api\/v1\/indicator-modules\/indicator-gann@/);
    }
  });

  it('raised no script errors', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
