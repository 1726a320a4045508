import { type Bar, dec, decimal } from '@qmo/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../integration/test-host.js';
import { ADMIN, deskConfig, signIn, useUiHost } from './fixture.js';

const TIMEOUT = 180_000;
const INSTRUMENT = 'EURUSD';
const START = 200;

describe('bar replay on the chart (Chromium)', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({ timeout: TIMEOUT, viewport: { width: 1400, height: 900 }, path: '/#/chart' });
  /** Closed 1-minute bars, oldest first: the replay steps through these. */
  let bars: Bar[];

  const chart = () => ui.page.getByTestId('chart');
  const replay = () => ui.page.getByTestId('replay');
  const lastTime = async () => Number(await chart().getAttribute('data-last-time'));
  const barTime = (i: number) => bars[i]!.ts / 1000;
  /** Index of the bar the chart ends at. */
  const cursorIndex = async () => {
    const t = (await lastTime()) * 1000;
    return bars.findIndex((b) => b.ts === t);
  };
  const expectCursorAt = async (i: number) => {
    await expect.poll(lastTime, { timeout: 15_000 }).toBe(barTime(i));
    expect(await replay().getAttribute('data-cursor')).toBe(String(barTime(i)));
  };

  beforeAll(async () => {
    const res = await getJson<{ bars: Bar[] }>(
      ui.host,
      `/api/v1/marketdata/${INSTRUMENT}/bars?tf=1m&limit=400`,
    );
    bars = res.body.bars.filter((b) => b.closed);
  }, TIMEOUT);

  it('loads the live chart', async () => {
    await ui.page.getByTestId('instrument-picker').selectOption(INSTRUMENT);
    await expect
      .poll(async () => Number(await chart().getAttribute('data-bars')), { timeout: 30_000 })
      .toBeGreaterThan(100);
    await expect
      .poll(() => ui.page.getByTestId('connection-status').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('connected');
    expect(await replay().getAttribute('data-state')).toBe('live');
  });

  it('enters replay at a start picked by date and time: the chart ends at that bar', async () => {
    await ui.page.getByTestId('replay-open').click();
    await expect.poll(() => replay().getAttribute('data-state')).toBe('arming');
    const start = new Date(bars[START]!.ts).toISOString().slice(0, 16);
    await ui.page.getByTestId('replay-start-time').fill(start);
    await ui.page.getByTestId('replay-start').click();
    await expect.poll(() => replay().getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    await expectCursorAt(START);
  });

  it('shows an indicator over the replayed bars only', async () => {
    await ui.page.getByTestId('indicator-menu').click();
    await ui.page.getByTestId('indicator-toggle-sma').click();
    const sma = ui.page.getByTestId('indicator-active-sma');
    // One point per candle on the chart: none from after the cursor.
    await expect
      .poll(async () => Number(await sma.getAttribute('data-points')), { timeout: 30_000 })
      .toBe(Number(await chart().getAttribute('data-bars')));
    await ui.page.getByTestId('indicator-menu').click();
  });

  it('steps exactly one bar forward and back with the keyboard and the buttons', async () => {
    await ui.page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let k = 1; k <= 3; k++) {
      await ui.page.keyboard.press('ArrowRight');
      await expectCursorAt(START + k);
    }
    await ui.page.keyboard.press('ArrowLeft');
    await expectCursorAt(START + 2);
    await ui.page.getByTestId('replay-step-forward').click();
    await expectCursorAt(START + 3);
    await ui.page.getByTestId('replay-step-back').click();
    await ui.page.getByTestId('replay-step-back').click();
    await expectCursorAt(START + 1);
    const sma = ui.page.getByTestId('indicator-active-sma');
    await expect
      .poll(async () => Number(await sma.getAttribute('data-points')), { timeout: 30_000 })
      .toBe(Number(await chart().getAttribute('data-bars')));
  });

  it('picks a speed with the digits', async () => {
    await ui.page.keyboard.press('4');
    await expect.poll(() => replay().getAttribute('data-speed')).toBe('10');
    await ui.page.keyboard.press('1');
    await expect.poll(() => replay().getAttribute('data-speed')).toBe('1');
  });

  it('plays, pauses, and keeps the live stream off the chart', async () => {
    const before = await cursorIndex();
    await ui.page.keyboard.press('Space');
    await expect.poll(() => replay().getAttribute('data-state')).toBe('playing');
    await expect.poll(cursorIndex, { timeout: 15_000 }).toBeGreaterThan(before);
    await ui.page.getByTestId('replay-play').click();
    await expect.poll(() => replay().getAttribute('data-state')).toBe('paused');
    const paused = await cursorIndex();
    expect(paused).toBeGreaterThan(before);
    const close = await chart().getAttribute('data-last-close');

    // Live quotes keep arriving; the replayed chart does not move.
    const bid = await ui.page.getByTestId('quote-bid').textContent();
    await expect
      .poll(() => ui.page.getByTestId('quote-bid').textContent(), { timeout: 30_000 })
      .not.toBe(bid);
    expect(await cursorIndex()).toBe(paused);
    expect(await chart().getAttribute('data-last-close')).toBe(close);

    await ui.page.getByTestId('replay-step-forward').click();
    await expectCursorAt(paused + 1);
  });

  it('jumps back to live with L', async () => {
    await ui.page.locator('body').click({ position: { x: 2, y: 2 } });
    await ui.page.keyboard.press('l');
    await expect.poll(() => replay().getAttribute('data-state')).toBe('live');
    expect(await replay().getAttribute('data-cursor')).toBe('');
    await expect.poll(lastTime, { timeout: 30_000 }).toBeGreaterThan(barTime(bars.length - 1));
  });

  it('starts replay at a bar clicked on the chart, and leaves with Esc', async () => {
    await ui.page.getByTestId('replay-open').click();
    await expect.poll(() => replay().getAttribute('data-state')).toBe('arming');
    const box = (await chart().boundingBox())!;
    await ui.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => replay().getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    const cursor = Number(await replay().getAttribute('data-cursor'));
    expect(await lastTime()).toBe(cursor);
    expect(cursor).toBeLessThan(barTime(bars.length - 1));
    await ui.page.keyboard.press('Escape');
    await expect.poll(() => replay().getAttribute('data-state')).toBe('live');
    await expect.poll(lastTime, { timeout: 30_000 }).toBeGreaterThan(cursor);
  });

  it('raised no script errors', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});

describe('paper trading during bar replay (Chromium)', { timeout: TIMEOUT }, () => {
  const ui = useUiHost({
    timeout: TIMEOUT,
    viewport: { width: 1400, height: 900 },
    admin: ADMIN,
    config: deskConfig([
      './plugins/feed-demo',
      './plugins/venue-sim',
      './plugins/indicator-classic',
      './plugins/advisor-mentor',
    ]),
    path: '/#/signin',
  });
  let bars: Bar[];
  /** Replay starts at bar `start`; a buy limit at bar `fill`'s low is reached first there. */
  let start = -1;
  let fill = -1;
  let limit = '';

  const chart = () => ui.page.getByTestId('chart');
  const replay = () => ui.page.getByTestId('replay');
  const status = () => ui.page.getByTestId('paper-status');
  const mentor = () => ui.page.getByTestId('mentor-panel');
  const expectCursorAt = async (i: number) => {
    await expect
      .poll(() => replay().getAttribute('data-cursor'), { timeout: 15_000 })
      .toBe(String(bars[i]!.ts / 1000));
  };
  /** The caller's paper sessions on the host, read with the page's cookie. */
  const hostSessions = () =>
    ui.page.evaluate(async () => {
      const res = await fetch('api/v1/replay/sessions', { credentials: 'same-origin' });
      return ((await res.json()) as { id: string }[]).length;
    });

  beforeAll(async () => {
    const res = await getJson<{ bars: Bar[] }>(
      ui.host,
      `/api/v1/marketdata/${INSTRUMENT}/bars?tf=1m&limit=400`,
    );
    bars = res.body.bars.filter((b) => b.closed);
    // A start whose close is above the lows of the next few bars until one goes lower: that one fills.
    for (let s = 150; s < bars.length - 12 && fill < 0; s++) {
      let lowest = bars[s]!.close;
      for (let i = s + 1; i <= s + 8; i++) {
        if (i >= s + 2 && decimal.cmp(bars[i]!.low, lowest) < 0) {
          start = s;
          fill = i;
          limit = bars[i]!.low;
          break;
        }
        if (decimal.cmp(bars[i]!.low, lowest) < 0) lowest = bars[i]!.low;
      }
    }
    expect(fill).toBeGreaterThan(start);
  }, TIMEOUT);

  it('signs in and opens the chart', async () => {
    await signIn(ui.page, ADMIN);
    await expect
      .poll(() => ui.page.getByTestId('user-menu').getAttribute('data-role'), { timeout: 20_000 })
      .toBe('admin');
    await ui.page.goto(`${ui.host.url}/#/chart`);
    await ui.page.getByTestId('instrument-picker').selectOption(INSTRUMENT);
    await expect
      .poll(async () => Number(await chart().getAttribute('data-bars')), { timeout: 30_000 })
      .toBeGreaterThan(100);
  });

  it('opens a paper session when replay starts', async () => {
    expect(await ui.page.getByTestId('paper').count()).toBe(0);
    await ui.page.getByTestId('replay-open').click();
    await ui.page.getByTestId('replay-start-time').fill(new Date(bars[start]!.ts).toISOString().slice(0, 16));
    await ui.page.getByTestId('replay-start').click();
    await expectCursorAt(start);
    await expect
      .poll(() => ui.page.getByTestId('paper').getAttribute('data-session'), { timeout: 15_000 })
      .not.toBe('');
    expect(await status().getAttribute('data-position')).toBe('0');
  });

  it("shows Mentor's decision as of the replay cursor, and moves it with the cursor", async () => {
    const closeOf = (i: number) => String(bars[i]!.ts + 60_000);
    await expect.poll(() => mentor().getAttribute('data-state'), { timeout: 15_000 }).toBe('replay');
    await expect.poll(() => mentor().getAttribute('data-ts'), { timeout: 15_000 }).toBe(closeOf(start));
    expect(await ui.page.getByTestId('mentor-as-of').count()).toBe(1);
    // The same decision the host gives for that instant.
    const account = await ui.page.getByTestId('mentor-account').first().textContent();
    const hostAssessment = await ui.page.evaluate(
      async ({ instrument, account, asOf }) => {
        const q = new URLSearchParams({ instrument, tf: '1m', account, asOf });
        return (await (await fetch(`api/v1/advisors/mentor/assessment?${q}`)).json()) as { bias: string };
      },
      { instrument: INSTRUMENT, account: (account ?? '').trim(), asOf: closeOf(start) },
    );
    expect(await mentor().getAttribute('data-bias')).toBe(hostAssessment.bias);
  });

  it('places a paper buy limit below the market; it works until a stepped-to bar reaches it, then fills there', async () => {
    await ui.page.getByTestId('paper-side-buy').click();
    await ui.page.getByTestId('paper-type').selectOption('limit');
    await ui.page.getByTestId('paper-quantity').fill('1000');
    await ui.page.getByTestId('paper-price').fill(limit);
    await ui.page.getByTestId('paper-submit').click();
    await expect.poll(() => status().getAttribute('data-working'), { timeout: 15_000 }).toBe('1');

    for (let i = start + 1; i < fill; i++) {
      await ui.page.getByTestId('replay-step-forward').click();
      await expectCursorAt(i);
      await expect.poll(() => status().getAttribute('data-now'), { timeout: 15_000 }).not.toBe('');
      await expect
        .poll(async () => Number(await status().getAttribute('data-now')), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(bars[i]!.ts);
      expect(await status().getAttribute('data-fills')).toBe('0');
    }
    await ui.page.getByTestId('replay-step-forward').click();
    await expectCursorAt(fill);
    await expect.poll(() => status().getAttribute('data-fills'), { timeout: 15_000 }).toBe('1');
    expect(await status().getAttribute('data-position')).toBe('1000');
    expect(await status().getAttribute('data-avg-price')).toBe(dec(limit));
    expect(await status().getAttribute('data-working')).toBe('0');
  });

  it('marks the fill on the chart at the bar it happened in', async () => {
    const markers = ui.page.getByTestId('paper-markers');
    await expect.poll(() => markers.getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    expect(await markers.getAttribute('data-times')).toBe(String(bars[fill]!.ts / 1000));
  });

  it('sells at market at the replay price: flat, with the exact realised P&L', async () => {
    await ui.page.getByTestId('paper-side-sell').click();
    await ui.page.getByTestId('paper-type').selectOption('market');
    await ui.page.getByTestId('paper-submit').click();
    await expect.poll(() => status().getAttribute('data-position'), { timeout: 15_000 }).toBe('0');
    const realized = decimal.mul(decimal.sub(dec(bars[fill]!.close), dec(limit)), dec('1000'));
    expect(await status().getAttribute('data-realized')).toBe(realized);
    await expect.poll(() => ui.page.getByTestId('paper-markers').getAttribute('data-count')).toBe('2');
  });

  it('ends the paper session when replay goes back to live', async () => {
    expect(await hostSessions()).toBe(1);
    await ui.page.getByTestId('replay-live').click();
    await expect.poll(() => replay().getAttribute('data-state')).toBe('live');
    expect(await ui.page.getByTestId('paper').count()).toBe(0);
    await expect.poll(hostSessions, { timeout: 15_000 }).toBe(0);
    await expect.poll(() => mentor().getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
  });

  it('raised no script errors', () => {
    expect(ui.pageErrors).toEqual([]);
  });
});
