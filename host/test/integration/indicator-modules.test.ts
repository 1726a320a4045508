import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type Bar, computeIndicatorSeries, type Indicator, toIndicatorBar } from '@qmo/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../src/create-host.js';
import { FIRST_PARTY_PLUGINS, getJson, startTestHost, tempDataDir } from './test-host.js';

const TIMEOUT = 120_000;
const MINUTE = 60_000;

interface Description {
  id: string;
  plugin: string;
  pluginVersion: string;
  defaults: Record<string, unknown>;
  module: string | null;
}

/**
 * The web app runs indicators from the plugins' browser modules. Each module is imported here the
 * way the browser imports it, and must compute exactly what the host computes over the same bars.
 */
describe('indicator browser modules', { timeout: TIMEOUT }, () => {
  const data = tempDataDir();
  const scratch = mkdtempSync(join(tmpdir(), 'qmo-modules-'));
  writeFileSync(join(scratch, 'package.json'), '{"type":"module"}');
  let host: RunningHost;
  let list: Description[];
  let bars: Bar[];

  const fetchModule = async (path: string, headers: Record<string, string> = {}) =>
    fetch(`${host.url}${path}`, { headers });

  /** Copies a module and the modules it imports by relative URL into the scratch folder, as URLs resolve. */
  const copyModule = async (path: string, copied: Set<string>): Promise<string> => {
    const res = await fetchModule(path);
    expect(res.status, path).toBe(200);
    const code = await res.text();
    const file = join(scratch, path.replace('/api/v1/indicator-modules/', ''));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    copied.add(path);
    for (const [, relativeUrl] of code.matchAll(/from\s*["'](\.\/[^"']+)["']/g)) {
      const next = new URL(relativeUrl!, `http://host${path}`).pathname;
      if (!copied.has(next)) await copyModule(next, copied);
    }
    return file;
  };

  /** Imports the module as an ES module, with what it imports (what a browser does with the URL). */
  const importModule = async (path: string): Promise<{ indicators: Indicator<unknown>[] }> =>
    import(pathToFileURL(await copyModule(path, new Set())).href);

  beforeAll(async () => {
    host = await startTestHost({
      dataDir: data.dir,
      uiDir: null,
      config: {
        plugins: {
          search: [],
          load: [...FIRST_PARTY_PLUGINS, './plugins/indicator-astro'],
          config: { 'feed-demo': { seed: 7, historyDays: 2, tickIntervalMs: 100 } },
        },
      },
    });
    await host.ready;
    list = (await getJson<Description[]>(host, '/api/v1/indicators')).body;
    const res = await getJson<{ bars: Bar[] }>(host, '/api/v1/marketdata/EURUSD/bars?tf=1m&limit=400');
    bars = res.body.bars.filter((b) => b.closed).slice(0, 300);
  }, TIMEOUT);

  afterAll(async () => {
    await host?.close();
    data.remove();
    rmSync(scratch, { recursive: true, force: true });
  }, TIMEOUT);

  it('names a module for every indicator of the first-party plugins', () => {
    const plugins = new Set(list.map((d) => d.plugin));
    expect([...plugins].sort()).toEqual(['indicator-astro', 'indicator-classic', 'indicator-gann']);
    for (const d of list) {
      expect(d.module).toBe(`/api/v1/indicator-modules/${d.plugin}@${d.pluginVersion}.js`);
    }
  });

  it('serves each module as JavaScript with a validator, and 304 when it is unchanged', async () => {
    const path = list.find((d) => d.plugin === 'indicator-classic')!.module!;
    const first = await fetchModule(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/javascript/);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(await first.text()).toContain('export');
    const again = await fetchModule(path, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    // Compressed for clients that accept it, identical once decoded.
    const raw = await import('node:http').then(
      (http) =>
        new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
          http
            .get(`${host.url}${path}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
              );
            })
            .on('error', reject);
        }),
    );
    expect(raw.encoding).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toBe(await (await fetchModule(path)).text());
  });

  it('has the modules share one runtime copy of zod and the SDK', async () => {
    const imports = new Set<string>();
    for (const path of new Set(list.map((d) => d.module!))) {
      const code = await (await fetchModule(path)).text();
      for (const [, url] of code.matchAll(/from\s*["'](\.\/[^"']+)["']/g)) imports.add(url!);
      expect(code.length, path).toBeLessThan(200_000);
    }
    expect([...imports].sort()).toEqual([
      expect.stringMatching(/^\.\/runtime\/sdk@/),
      expect.stringMatching(/^\.\/runtime\/zod@/),
    ]);
    const zod = [...imports].find((u) => u.includes('zod'))!.replace('./runtime/', '');
    const res = await fetchModule(`/api/v1/indicator-modules/runtime/${zod}`);
    expect(res.status).toBe(200);
    expect((await fetchModule('/api/v1/indicator-modules/runtime/left-pad@1.0.0.js')).status).toBe(404);
  });

  it('refuses an unknown plugin, another version and a malformed name with problem+json', async () => {
    const unknown = await fetchModule('/api/v1/indicator-modules/no-such-plugin@1.0.0.js');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const version = await fetchModule('/api/v1/indicator-modules/indicator-classic@9.9.9.js');
    expect(version.status).toBe(404);
    // A plugin without a browser entry has none either (feed-demo is not an indicator plugin).
    const feed = list.length ? await fetchModule('/api/v1/indicator-modules/feed-demo@1.0.0.js') : null;
    expect(feed?.status).toBe(404);
    const malformed = await fetchModule('/api/v1/indicator-modules/..%2Fetc%2Fpasswd');
    expect(malformed.status).toBe(400);
  });

  it('computes in the module exactly what the host computes, for every indicator', async () => {
    const from = bars[0]!.ts;
    const to = bars[bars.length - 1]!.ts + MINUTE;
    const modules = new Map<string, { indicators: Indicator<unknown>[] }>();
    for (const d of list) {
      if (!modules.has(d.module!)) modules.set(d.module!, await importModule(d.module!));
      const indicator = modules.get(d.module!)!.indicators.find((i) => i.id === d.id);
      expect(indicator, `${d.id} in ${d.module}`).toBeDefined();

      const hostSeries = await getJson<Record<string, unknown>>(
        host,
        `/api/v1/marketdata/EURUSD/indicators/${d.id}?tf=1m&from=${from}&to=${to}`,
      );
      expect(hostSeries.status).toBe(200);
      const params = indicator!.params.parse({});
      expect(params).toEqual(d.defaults);
      const local = computeIndicatorSeries(
        indicator!,
        params,
        bars.map((bar) => ({ ...toIndicatorBar(bar), closed: bar.closed })),
      );
      const { points, drawings, drawingsTime } = hostSeries.body;
      expect({ points, drawings, drawingsTime }, d.id).toEqual(JSON.parse(JSON.stringify(local)));
      expect(local.points.length).toBe(bars.length);
    }
  });

  it("reads the bars once for a chart's bars and indicator requests that overlap", async () => {
    const original = host.marketData.bars.bind(host.marketData);
    let reads = 0;
    // A slow store (as with 100,000 bars): the four requests arrive while the first read runs.
    host.marketData.bars = async (...args) => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return original(...args);
    };
    try {
      const to = Date.now();
      const from = Math.floor(to / MINUTE) * MINUTE - 299 * MINUTE;
      const window = `tf=1m&from=${from}&to=${to}&limit=300`;
      const answers = await Promise.all([
        getJson<{ bars: Bar[] }>(host, `/api/v1/marketdata/EURUSD/bars?${window}`),
        ...['sma', 'ema', 'rsi'].map((id) =>
          getJson(host, `/api/v1/marketdata/EURUSD/indicators/${id}?${window}`),
        ),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(answers[0]!.body.bars.length).toBeGreaterThan(200);
      expect(reads).toBe(1);
    } finally {
      host.marketData.bars = original;
    }
  });
});
