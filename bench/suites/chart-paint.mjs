import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatMs, formatNumber } from '../lib/format.mjs';
import { REPO_ROOT, startBenchHost, tempDir } from '../lib/host.mjs';
import { metric } from '../lib/results.mjs';
import { median } from '../lib/timing.mjs';

/**
 * Chart first paint in Chromium: a real host (PGlite, feed-demo, indicator-classic) serves the built
 * UI; each page load opens the chart of BTC-USD (trades 24/7, so one bar per minute) at 1m with six
 * indicators preset in localStorage, in a fresh browser context, and times navigation start → first
 * candles painted → all six indicators drawn, then reads the page's JS heap after a GC.
 *
 * Two ways to get the indicators, in the same run: as shipped, the chart computes them in a worker
 * from the plugin's browser module over the candles it received; "host" hides the modules from the
 * page (the indicator list is answered with `module: null`), so the chart asks the host for each
 * indicator's values, the path of plugins without a browser entry.
 *
 * The UI asks for a fixed window (HISTORY_BARS = 1500 in ui/src/lib/chart/window.ts; no URL or
 * setting changes it) and the host caps `limit` at 100,000 for bars and indicator values. The larger
 * sizes are loaded by rewriting `from`/`limit` of the chart's bar and indicator requests in the
 * browser (the code path of the page is the same; only the window is wider).
 */
const INSTRUMENT = 'BTC-USD';
const UI_BARS = 1500;
const API_MAX_BARS = 100_000;
const MINUTE = 60_000;
const INDICATORS = [
  { id: 'sma', params: {} },
  { id: 'ema', params: {} },
  { id: 'bollinger', params: {} },
  { id: 'rsi', params: {} },
  { id: 'macd', params: {} },
  { id: 'atr', params: {} },
];
const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT_MS = 60_000;

/** Installed before the app's scripts: the preset chart and a frame loop that stamps the milestones. */
function pageSetup({ instrument, indicators }) {
  localStorage.setItem('qmo.ui.instrument', JSON.stringify(instrument));
  localStorage.setItem('qmo.ui.timeframe', JSON.stringify('1m'));
  localStorage.setItem(
    'qmo.ui.indicators.v1',
    JSON.stringify({
      version: 1,
      items: indicators.map((i) => ({ uid: i.id, id: i.id, params: i.params, visible: true })),
    }),
  );
  const marks = { candlesSeen: null, candles: null, bars: 0, indicatorsSeen: null, indicators: null };
  globalThis.__chartPaint = marks;
  const uids = indicators.map((i) => i.id);
  const frame = (now) => {
    // A milestone seen in frame N is stamped at frame N+1: the chart's own frame callback of N has painted by then.
    if (marks.candlesSeen !== null && marks.candles === null) marks.candles = now;
    if (marks.indicatorsSeen !== null && marks.indicators === null) marks.indicators = now;
    if (marks.candlesSeen === null) {
      const bars = Number(document.querySelector('[data-testid="chart"]')?.dataset.bars ?? 0);
      if (bars > 0) {
        marks.candlesSeen = now;
        marks.bars = bars;
      }
    }
    if (marks.indicatorsSeen === null && marks.candlesSeen !== null) {
      const drawn = globalThis.qmoChart?.drawn() ?? {};
      const done = uids.every((uid) => Object.values(drawn[uid] ?? {}).some((n) => n > 0));
      if (done) marks.indicatorsSeen = now;
    }
    if (marks.indicators === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Widens the chart's bar and indicator requests to `bars` one-minute bars ending where the UI's window ends. */
async function widen(context, bars) {
  await context.route(/\/api\/v1\/marketdata\/[^/]+\/(bars|indicators\/[^/?]+)\?/, (route) => {
    const url = new URL(route.request().url());
    const limit = Number(url.searchParams.get('limit'));
    const from = Number(url.searchParams.get('from'));
    if (url.searchParams.get('tf') === '1m' && limit === UI_BARS) {
      url.searchParams.set('from', String(from - (bars - UI_BARS) * MINUTE));
      url.searchParams.set('limit', String(bars));
    }
    return route.continue({ url: url.toString() });
  });
}

/** The indicator list without browser modules: the chart falls back to the host's values. */
async function hideModules(context) {
  await context.route(/\/api\/v1\/indicators$/, async (route) => {
    const response = await route.fetch();
    const list = (await response.json()).map((i) => ({ ...i, module: null }));
    await route.fulfill({ response, json: list });
  });
}

async function loadOnce(browser, url, bars, where) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    await context.addInitScript(pageSetup, { instrument: INSTRUMENT, indicators: INDICATORS });
    if (bars !== UI_BARS) await widen(context, bars);
    if (where === 'host') await hideModules(context);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => globalThis.__chartPaint?.indicators != null, null, {
      timeout: TIMEOUT_MS,
      polling: 100,
    });
    const marks = await page.evaluate(() => {
      const m = globalThis.__chartPaint;
      const drawn = globalThis.qmoChart?.drawn() ?? {};
      const points = Object.fromEntries(
        Object.entries(drawn).map(([uid, outputs]) => [uid, Math.max(0, ...Object.values(outputs))]),
      );
      const resources = performance.getEntriesByType('resource');
      const response = resources.find((e) => /\/marketdata\/[^/]+\/bars\?/.test(e.name));
      const computed = globalThis.qmoChart?.computed() ?? {};
      return {
        sources: [...new Set(Object.values(computed).map((c) => c.source))],
        hostRequests: resources.filter((e) => /\/marketdata\/[^/]+\/indicators\//.test(e.name)).length,
        candles: m.candles,
        indicators: m.indicators,
        bars: m.bars,
        points,
        barsResponse: response?.responseEnd ?? null,
      };
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    if (marks.sources.length !== 1 || marks.sources[0] !== where) {
      throw new Error(`indicators computed in ${marks.sources.join(', ')}, expected ${where}`);
    }
    return { ...marks, heapMb: heap.usedSize / 2 ** 20 };
  } finally {
    await context.close();
  }
}

export default {
  name: 'chart-paint',
  title: 'Chart first paint in Chromium',
  async run({ progress, options }) {
    const uiDir = join(REPO_ROOT, 'ui', 'dist');
    if (!existsSync(join(uiDir, 'index.html'))) throw new Error('the web UI is not built: run npm run build');
    const runs = options.quick ? 1 : 3;
    const sizes = [UI_BARS, 10_000, 50_000, API_MAX_BARS];
    // Enough one-minute history for the widest window, plus a day.
    const days = Math.ceil((API_MAX_BARS * MINUTE) / 86_400_000) + 1;
    const { chromium } = await import('playwright-core');
    const data = tempDir('qmo-bench-chart-');
    let host;
    let browser;
    const rows = [];
    const results = [];
    try {
      progress(`starting the host (${days} days of 1-minute history)…`);
      const t0 = performance.now();
      // A copy of the built UI, so a rebuild during the run cannot change what is measured.
      const servedUi = join(data.dir, 'ui');
      cpSync(uiDir, servedUi, { recursive: true });
      host = await startBenchHost(
        { dataDir: join(data.dir, 'host'), feed: { historyDays: days }, backfillDays: days },
        { uiDir: servedUi },
      );
      await host.ready;
      progress(`host ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const url = `${host.url}/`;
      progress('warm-up load…');
      await loadOnce(browser, url, UI_BARS, 'browser');
      for (const bars of sizes) {
        for (const where of ['browser', 'host']) {
          const samples = [];
          for (let i = 0; i < runs; i++) {
            progress(`${formatNumber(bars)} bars, indicators in the ${where}: load ${i + 1}/${runs}…`);
            samples.push(await loadOnce(browser, url, bars, where));
          }
          const candles = median(samples.map((s) => s.candles));
          const indicators = median(samples.map((s) => s.indicators));
          const barsResponse = median(samples.map((s) => s.barsResponse));
          const heapMb = median(samples.map((s) => s.heapMb));
          const drawnBars = median(samples.map((s) => s.bars));
          const minPoints = Math.min(...samples.flatMap((s) => Object.values(s.points)));
          rows.push([
            bars === UI_BARS
              ? `${formatNumber(bars)} (UI as shipped)`
              : `${formatNumber(bars)} (window widened)`,
            where === 'browser' ? 'browser worker (as shipped)' : 'host (6 requests)',
            formatNumber(drawnBars),
            formatMs(barsResponse),
            formatMs(candles),
            formatMs(indicators),
            formatMs(indicators - candles),
            `${formatNumber(heapMb)} MB`,
          ]);
          const extra = { bars, where, drawnBars, minIndicatorPoints: minPoints, runs, samples };
          const key = where === 'browser' ? `${bars}` : `${bars}.host`;
          results.push(metric('chart-paint', `${key}.bars-response`, 'ms', barsResponse, extra));
          results.push(metric('chart-paint', `${key}.first-candles`, 'ms', candles, extra));
          results.push(metric('chart-paint', `${key}.indicators`, 'ms', indicators, extra));
          results.push(metric('chart-paint', `${key}.heap`, 'MB', heapMb, extra));
        }
      }
    } finally {
      await browser?.close();
      await host?.close();
      data.remove();
    }
    return {
      results,
      tables: [
        {
          title: `Chart first paint in Chromium: ${INSTRUMENT} 1m, six indicators (median of ${runs} loads)`,
          columns: [
            'Bars asked',
            'indicators computed in',
            'candles',
            'bars received',
            'first candles',
            'six indicators',
            'indicators after candles',
            'JS heap',
          ],
          rows,
          notes: [
            'Times from navigation start (performance.now() of the page) in headless Chromium (--disable-gpu), a fresh browser context per load, host on loopback with PGlite; one warm-up load first.',
            'bars received = responseEnd of the bars request (resource timing); first candles = the animation frame after the chart element reports its candles (data-bars > 0); six indicators = the frame after window.qmoChart.drawn() shows points for SMA, EMA, Bollinger, RSI, MACD and ATR (default parameters, preset in localStorage).',
            "browser worker: the chart computes the indicators in a Web Worker with the plugin's browser module (fetched once per page, revalidated by ETag) over the candles it received, so no indicator request reaches the host. host: the same page with the modules hidden; the six indicator requests run alongside the bars request and the host reads the bars again for each.",
            'JS heap = Runtime.getHeapUsage of the page after a forced GC, once everything is drawn.',
            `The UI always asks for ${formatNumber(UI_BARS)} bars (HISTORY_BARS; no URL parameter or setting changes it) and the host caps bars and indicator requests at limit ${formatNumber(API_MAX_BARS)}, the largest size here; the widened rows rewrite from/limit of the chart's requests in the browser.`,
          ],
        },
      ],
    };
  },
};
